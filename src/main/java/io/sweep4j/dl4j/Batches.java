package io.sweep4j.dl4j;

import java.util.Arrays;
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
 * augmentation that suits clothes (Fashion-MNIST), not digits or letters. With shifts on, each image of an epoch is
 * moved by a random whole number of pixels (up to the given limit, each way, both axes), black filling in where it
 * moved away from.
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
    private final int maxShift;
    private final byte[] shifts; // per position in the epoch's order: row shift, column shift; null: shifts off
    private final float blank;
    private final float[] pixels;
    private final float[] moved;

    public Batches(TensorData data, int batchSize, boolean imageInput) {
        this(data, batchSize, imageInput, false);
    }

    /** As the three-argument constructor; {@code mirror}: see a random half of each epoch's images mirrored. */
    public Batches(TensorData data, int batchSize, boolean imageInput, boolean mirror) {
        this(data, batchSize, imageInput, mirror, 0);
    }

    /** As the four-argument constructor; {@code maxShift} > 0: move each image by up to that many pixels. */
    public Batches(TensorData data, int batchSize, boolean imageInput, boolean mirror, int maxShift) {
        this(data, batchSize, imageInput ? imageShape(data.rows, data.cols) : null, mirror, maxShift);
    }

    /** One one-channel image as the built-in CNN takes it: channels last with oneDNN, first on the plain build. */
    static long[] imageShape(long rows, long cols) {
        return NativeSetup.channelsLast() ? new long[] {rows, cols, 1} : new long[] {1, rows, cols};
    }

    /** As the five-argument constructor, batches of examples of {@code sampleShape} (null: flat rows). */
    Batches(TensorData data, int batchSize, long[] sampleShape, boolean mirror, int maxShift) {
        this.source = data.train;
        int n = source.size();
        this.batchSize = Math.min(batchSize, n);
        this.order = new int[n];
        int features = (int) source.features().size(1);
        this.rows = data.rows;
        this.cols = data.cols;
        if (maxShift < 0 || 2 * maxShift >= Math.min(rows, cols)) {
            throw new IllegalArgumentException("maxShift " + maxShift + " must be 0 (off) or more, and less than half "
                    + "an image's side (" + Math.min(rows, cols) + ")");
        }
        this.mirrored = mirror ? new boolean[n] : null;
        this.maxShift = maxShift;
        this.shifts = maxShift > 0 ? new byte[2 * n] : null;
        this.blank = data.blank;
        boolean augment = mirror || maxShift > 0;
        this.pixels = augment ? new float[this.batchSize * features] : null;
        this.moved = maxShift > 0 ? new float[features] : null;
        int rest = n % this.batchSize;
        long labels = source.labels().size(1);
        this.imageShape = sampleShape;
        try (MemoryWorkspace ignored = Nd4j.getMemoryManager().scopeOutOfWorkspaces()) {
            fullFeatures = Nd4j.create(org.nd4j.linalg.api.buffer.DataType.FLOAT, this.batchSize, features);
            fullLabels = Nd4j.create(org.nd4j.linalg.api.buffer.DataType.FLOAT, this.batchSize, labels);
            lastFeatures = rest == 0 ? null : Nd4j.create(org.nd4j.linalg.api.buffer.DataType.FLOAT, rest, features);
            lastLabels = rest == 0 ? null : Nd4j.create(org.nd4j.linalg.api.buffer.DataType.FLOAT, rest, labels);
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
        // drawn after the permutation, shifts after mirrors: the order (and the mirrors) are the same whatever else
        // is on
        if (mirrored != null) {
            for (int i = 0; i < mirrored.length; i++) {
                mirrored[i] = random.nextBoolean();
            }
        }
        if (shifts != null) {
            for (int i = 0; i < shifts.length; i++) {
                shifts[i] = (byte) (random.nextInt(2 * maxShift + 1) - maxShift);
            }
        }
    }

    /** Gathers batch {@code b} of the current epoch; the arrays are overwritten by the next call. */
    public Batch get(int b) {
        int from = b * batchSize;
        int to = Math.min(order.length, from + batchSize);
        int[] picked = Arrays.copyOfRange(order, from, to);
        boolean full = to - from == batchSize;
        INDArray x = full ? fullFeatures : lastFeatures;
        INDArray y = full ? fullLabels : lastLabels;
        Nd4j.pullRows(source.features(), x, 1, picked);
        Nd4j.pullRows(source.labels(), y, 1, picked);
        if (pixels != null) {
            augment(x, from, to - from);
        }
        return new Batch(shape(x), y);
    }

    // in Java: some microseconds per batch, against native ops per image
    private void augment(INDArray x, int from, int count) {
        int features = rows * cols;
        FloatPointer data = new FloatPointer(x.data().addressPointer());
        data.get(pixels, 0, count * features);
        for (int r = 0; r < count; r++) {
            if (mirrored != null && mirrored[from + r]) {
                mirror(pixels, r * features, features, cols);
            }
            if (shifts != null) {
                shift(r * features, shifts[2 * (from + r)], shifts[2 * (from + r) + 1]);
            }
        }
        data.put(pixels, 0, count * features);
    }

    /** Reverses each line of {@code cols} values in {@code pixels[from, from + length)}: images mirrored in place. */
    static void mirror(float[] pixels, int from, int length, int cols) {
        for (int line = from; line < from + length; line += cols) {
            for (int a = line, b = line + cols - 1; a < b; a++, b--) {
                float t = pixels[a];
                pixels[a] = pixels[b];
                pixels[b] = t;
            }
        }
    }

    /** Moves the image starting at {@code image} down by {@code down} and right by {@code right} pixels. */
    private void shift(int image, int down, int right) {
        if (down == 0 && right == 0) {
            return;
        }
        Arrays.fill(moved, blank);
        for (int row = Math.max(0, down); row < Math.min(rows, rows + down); row++) {
            int fromCol = Math.max(0, right);
            int toCol = Math.min(cols, cols + right);
            System.arraycopy(pixels, image + (row - down) * cols + fromCol - right, moved, row * cols + fromCol,
                    toCol - fromCol);
        }
        System.arraycopy(moved, 0, pixels, image, rows * cols);
    }

    /** Flat rows as the network expects them: [n, features], or one-channel images, NHWC or NCHW (a view, no copy). */
    INDArray shape(INDArray flat) {
        return TrainingRun.shaped(flat, imageShape);
    }

    /** One minibatch: features and one-hot labels, valid until the next {@link #get}. */
    public record Batch(INDArray features, INDArray labels) {
    }
}
