package io.sweep4j.dl4j;

import io.sweep4j.data.Splits;
import java.util.Arrays;
import java.util.function.Supplier;

/** Where a DL4J objective's data come from: a built-in data set's splits, or data the user already has. */
sealed interface DataSource {
    /** How error messages name the data. */
    String name();

    /** Training examples, known when the study is defined (for the batch-size check). */
    int trainSize();

    /** Whether an example is a one-channel image (the CNN, mirrors and shifts need one). */
    boolean images();

    /** An image's height and width, {rows, cols}; only when {@link #images()}. */
    int[] imageSize();

    /** One example's feature shape, for messages. */
    String exampleShape();

    /** The matrices trials batch from, made once and shared read-only by every trial. */
    TensorData tensors();

    /** An IDX data set's splits (images standardized with the training split's statistics). */
    record FromSplits(Supplier<Splits> splits) implements DataSource {
        @Override
        public String name() {
            return splits.get().datasetName();
        }

        @Override
        public int trainSize() {
            return splits.get().train().size();
        }

        @Override
        public boolean images() {
            return true;
        }

        @Override
        public int[] imageSize() {
            return new int[] {splits.get().rows(), splits.get().cols()};
        }

        @Override
        public String exampleShape() {
            return "[1, " + splits.get().rows() + ", " + splits.get().cols() + "]";
        }

        @Override
        public TensorData tensors() {
            return TensorData.of(splits.get());
        }
    }

    /** The user's {@code DataSet}s, converted on first use, once for every objective made from this source. */
    final class FromUser implements DataSource {
        private final UserData data;
        private final boolean classification;
        private volatile TensorData tensors;

        FromUser(UserData data, boolean classification) {
            this.data = data;
            this.classification = classification;
        }

        @Override
        public String name() {
            return "the user's data";
        }

        @Override
        public int trainSize() {
            return data.trainSize();
        }

        @Override
        public boolean images() {
            long[] shape = data.exampleShape();
            return shape.length == 3 && shape[0] == 1;
        }

        @Override
        public int[] imageSize() {
            long[] shape = data.exampleShape();
            return new int[] {(int) shape[1], (int) shape[2]};
        }

        @Override
        public String exampleShape() {
            return Arrays.toString(data.exampleShape());
        }

        @Override
        public TensorData tensors() {
            if (tensors == null) {
                synchronized (this) {
                    if (tensors == null) {
                        tensors = data.tensors(classification);
                    }
                }
            }
            return tensors;
        }
    }
}
