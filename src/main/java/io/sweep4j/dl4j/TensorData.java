package io.sweep4j.dl4j;

import io.sweep4j.data.Dataset;
import io.sweep4j.data.ImageSet;
import io.sweep4j.data.Splits;
import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.nd4j.linalg.api.memory.MemoryWorkspace;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;

/**
 * A split's images as standardized ND4J matrices, made once per JVM and shared read-only by every trial: one copy of
 * the data however many trials run in parallel. Trials gather shuffled minibatches from it with {@link Batches}.
 */
public final class TensorData {
    // keyed by identity: two equal-looking Splits objects are rare, hashing 47 MB of pixels to find out is not cheap
    private static final Map<IdentityKey, TensorData> CACHE = new ConcurrentHashMap<>();
    private static final Map<IdentityKey, Splits> SPLITS = new ConcurrentHashMap<>();

    final Part train;
    final Part validation;
    final Part test;
    final int rows;
    final int cols;
    final int classes;
    // a black pixel after standardization: what a shifted image shows where it moved away from
    final float blank;
    // whether rows x cols is a one-channel image (mirroring, shifts and the notebook CNN need one)
    final boolean images;
    // user data: one example's feature shape, which a user's network gets; null: flat [n, features]
    final long[] sampleShape;

    /**
     * One set: features [n, rows*cols], labels [n, k] (one-hot classes, or regression targets), and for a classifier
     * the labels as ints for accuracy (null for a regression).
     */
    record Part(INDArray features, INDArray labels, int[] classes) {
        int size() {
            return (int) labels.size(0);
        }
    }

    private record IdentityKey(Object ref) {
        @Override
        public boolean equals(Object o) {
            return o instanceof IdentityKey k && k.ref == ref;
        }

        @Override
        public int hashCode() {
            return System.identityHashCode(ref);
        }
    }

    private TensorData(Splits s) {
        // outside any workspace: these arrays outlive every trial
        try (MemoryWorkspace ignored = Nd4j.getMemoryManager().scopeOutOfWorkspaces()) {
            this.train = part(s.train(), s);
            this.validation = part(s.validation(), s);
            this.test = part(s.test(), s);
        }
        this.rows = s.rows();
        this.cols = s.cols();
        this.classes = s.classes();
        this.blank = -s.normalization().mean() / s.normalization().std();
        this.images = true;
        this.sampleShape = null;
    }

    private TensorData(DataSet train, DataSet validation, DataSet test, boolean classification) {
        try (MemoryWorkspace ignored = Nd4j.getMemoryManager().scopeOutOfWorkspaces()) {
            this.train = part(train, classification);
            this.validation = part(validation, classification);
            this.test = test == null ? null : part(test, classification);
        }
        long[] shape = train.getFeatures().shape();
        this.sampleShape = Arrays.copyOfRange(shape, 1, shape.length);
        // one-channel images, channels first, as DL4J's image loaders give them
        this.images = shape.length == 4 && shape[1] == 1;
        this.rows = images ? (int) shape[2] : 1;
        this.cols = Math.toIntExact(this.train.features().size(1) / rows);
        this.classes = classification ? (int) train.getLabels().size(1) : 0;
        this.blank = this.train.features().minNumber().floatValue();
    }

    /** A user's sets as flat float matrices: see {@link UserData}. */
    static TensorData of(DataSet train, DataSet validation, DataSet test, boolean classification) {
        return new TensorData(train, validation, test, classification);
    }

    /** The matrices of {@code splits}, converted on first use; parallel callers wait for one conversion. */
    public static TensorData of(Splits splits) {
        return CACHE.computeIfAbsent(new IdentityKey(splits), k -> new TensorData(splits));
    }

    /** The matrices of {@code splits} for one use, not kept (a refit's training + validation set). */
    static TensorData uncached(Splits splits) {
        return new TensorData(splits);
    }

    /** {@code dataset.split()}, once per dataset object and JVM, so that its matrices are converted once too. */
    static Splits splitsOf(Dataset dataset) {
        return SPLITS.computeIfAbsent(new IdentityKey(dataset), k -> dataset.split());
    }

    private static Part part(ImageSet set, Splits s) {
        int n = set.size();
        INDArray x = Nd4j.create(set.normalizedPixels(0, n, s.normalization()), new long[] {n, set.pixelsPerImage()},
                'c');
        INDArray y = Nd4j.create(set.oneHotLabels(0, n), new long[] {n, set.classes()}, 'c');
        return new Part(x, y, set.labels());
    }

    private static Part part(DataSet set, boolean classification) {
        INDArray y = UserData.flat(set.getLabels());
        return new Part(UserData.flat(set.getFeatures()), y, classification
                ? Arrays.stream(y.argMax(1).toLongVector()).mapToInt(Math::toIntExact).toArray() : null);
    }
}
