package io.sweep4j.dl4j;

import java.util.Random;
import org.bytedeco.javacpp.FloatPointer;
import org.nd4j.linalg.api.memory.MemoryWorkspace;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * One trial's minibatches of the shared training set: a fresh permutation each epoch, gathered with one native
 * {@code pullRows} per batch into buffers allocated once per trial, so an iteration allocates no batch memory.
 *
 * <p>Not {@code ListDataSetIterator}: its batch size counts list elements, not samples, a silent trap with
 * ready-made batches. The buffers are reused: the network must be done with a batch before the next is gathered,
 * which {@code MultiLayerNetwork.fit(features, labels)} is.
 *
 * <p>With mirroring on, each epoch also draws which half of the images (about) is seen mirrored left to right: data
 * augmentation that suits clothes (Fashion-MNIST), not digits or letters.
 */
public final class Batches {
    private final TensorData.Part source;
    private final int batchSize;
    private final int[] order;
    private final INDArray fullFeatures;
    private final INDArray fullLabels;
    private final INDArray lastFeatures;
    private final INDArray lastLabels;
    private final long[] imageShape;
    private final int rows;
    private final int cols;
    private final boolean[] mirrored; // per position in the epoch's order; null: mirroring off
    private final float[] pixels;

    public Batches(TensorData data, int batchSize, boolean imageInput) {
        this(data, batchSize, imageInput, false);
    }

    /** As the three-argument constructor; {@code mirror}: see a random half of each epoch's images mirrored. */
    public Batches(TensorData data, int batchSize, boolean imageInput, boolean mirror) {
        this.source = data.train;
        int n = source.size();
        this.batchSize = Math.min(batchSize, n);
        this.order = new int[n];
        int features = data.rows * data.cols;
        this.rows = data.rows;
        this.cols = data.cols;
        this.mirrored = mirror ? new boolean[n] : null;
        this.pixels = mirror ? new float[this.batchSize * features] : null;
        int rest = n % this.batchSize;
        this.imageShape = !imageInput ? null : NativeSetup.channelsLast() ? new long[] {data.rows, data.cols, 1}
                : new long[] {1, data.rows, data.cols};
        try (MemoryWorkspace ignored = Nd4j.getMemoryManager().scopeOutOfWorkspaces()) {
            fullFeatures = Nd4j.create(org.nd4j.linalg.api.buffer.DataType.FLOAT, this.batchSize, features);
            fullLabels = Nd4j.create(org.nd4j.linalg.api.buffer.DataType.FLOAT, this.batchSize, data.classes);
            lastFeatures = rest == 0 ? null : Nd4j.create(org.nd4j.linalg.api.buffer.DataType.FLOAT, rest, features);
            lastLabels = rest == 0 ? null : Nd4j.create(org.nd4j.linalg.api.buffer.DataType.FLOAT, rest, data.classes);
        }
    }

    /** Batches per epoch (the last one may be smaller). */
    public int count() {
        return (order.length + batchSize - 1) / batchSize;
    }

    /** Shuffles for a new epoch; the same seed gives the same order on every JVM. */
    public void shuffle(long seed) {
        for (int i = 0; i < order.length; i++) {
            order[i] = i;
        }
        Random random = new Random(seed);
        for (int i = order.length - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            int t = order[i];
            order[i] = order[j];
            order[j] = t;
        }
        if (mirrored != null) { // drawn after the permutation: the order is the same with mirroring on or off
            for (int i = 0; i < mirrored.length; i++) {
                mirrored[i] = random.nextBoolean();
            }
        }
    }

    /** Gathers batch {@code b} of the current epoch; the arrays are overwritten by the next call. */
    public Batch get(int b) {
        int from = b * batchSize;
        int to = Math.min(order.length, from + batchSize);
        int[] picked = java.util.Arrays.copyOfRange(order, from, to);
        boolean full = to - from == batchSize;
        INDArray x = full ? fullFeatures : lastFeatures;
        INDArray y = full ? fullLabels : lastLabels;
        Nd4j.pullRows(source.features(), x, 1, picked);
        Nd4j.pullRows(source.labels(), y, 1, picked);
        if (mirrored != null) {
            mirror(x, from, to - from);
        }
        return new Batch(shape(x), y);
    }

    // in Java: a few microseconds per batch, against a native op per mirrored image
    private void mirror(INDArray x, int from, int count) {
        int features = rows * cols;
        FloatPointer data = new FloatPointer(x.data().addressPointer());
        data.get(pixels, 0, count * features);
        for (int r = 0; r < count; r++) {
            if (!mirrored[from + r]) {
                continue;
            }
            for (int line = r * features; line < (r + 1) * features; line += cols) {
                for (int a = line, b = line + cols - 1; a < b; a++, b--) {
                    float t = pixels[a];
                    pixels[a] = pixels[b];
                    pixels[b] = t;
                }
            }
        }
        data.put(pixels, 0, count * features);
    }

    /** Flat rows as the network expects them: [n, features], or one-channel images, NHWC or NCHW (a view, no copy). */
    INDArray shape(INDArray flat) {
        if (imageShape == null) {
            return flat;
        }
        return flat.reshape('c', flat.size(0), imageShape[0], imageShape[1], imageShape[2]);
    }

    /** One minibatch: features and one-hot labels, valid until the next {@link #get}. */
    public record Batch(INDArray features, INDArray labels) {
    }
}
