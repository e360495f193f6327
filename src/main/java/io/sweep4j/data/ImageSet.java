package io.sweep4j.data;

import java.util.Arrays;

/**
 * A labelled set of equally sized grayscale images, stored as one flat row-major array of raw unsigned bytes.
 *
 * <p>Bytes, not floats: the 60 000 Fashion-MNIST training images take 47 MB this way instead of 188 MB,
 * and floats are produced per batch with {@link #copyNormalized}. Image {@code i} occupies
 * {@code pixels[i * pixelsPerImage() .. (i + 1) * pixelsPerImage())}.
 *
 * <p>Immutable in spirit: {@link #pixels()} returns the shared array without copying (it is large);
 * callers must not modify it. {@link #labels()} returns a copy because that is cheap.
 */
public record ImageSet(byte[] pixels, int[] labels, int rows, int cols, int classes) {

    public ImageSet {
        if (pixels == null || labels == null) {
            throw new IllegalArgumentException("ImageSet.pixels and ImageSet.labels must not be null");
        }
        if (rows <= 0 || cols <= 0) {
            throw new IllegalArgumentException("ImageSet.rows and cols must be > 0, were " + rows + "x" + cols);
        }
        if (classes <= 0) {
            throw new IllegalArgumentException("ImageSet.classes must be > 0, was " + classes);
        }
        long expectedPixels = (long) labels.length * rows * cols;
        if (pixels.length != expectedPixels) {
            throw new IllegalArgumentException("ImageSet.pixels has " + pixels.length + " bytes but " + labels.length
                    + " labels of " + rows + "x" + cols + " images need " + expectedPixels
                    + "; pass one label per image");
        }
        labels = labels.clone();
        for (int i = 0; i < labels.length; i++) {
            if (labels[i] < 0 || labels[i] >= classes) {
                throw new IllegalArgumentException("ImageSet.labels[" + i + "] = " + labels[i]
                        + " is outside 0.." + (classes - 1) + "; raise classes or fix the label");
            }
        }
    }

    /** Number of images. */
    public int size() {
        return labels.length;
    }

    public int pixelsPerImage() {
        return rows * cols;
    }

    /** A copy of the labels, one per image, each in {@code 0..classes-1}. */
    @Override
    public int[] labels() {
        return labels.clone();
    }

    public int label(int image) {
        return labels[image];
    }

    /** Raw unsigned value 0..255 of pixel {@code index} (row-major) of image {@code image}. */
    public int pixel(int image, int index) {
        return pixels[image * pixelsPerImage() + index] & 0xFF;
    }

    /** How many images each class has, indexed by class. */
    public int[] classCounts() {
        int[] counts = new int[classes];
        for (int label : labels) {
            counts[label]++;
        }
        return counts;
    }

    /** A new set holding copies of the images at {@code indices}, in that order. */
    public ImageSet subset(int[] indices) {
        int ppi = pixelsPerImage();
        byte[] subPixels = new byte[indices.length * ppi];
        int[] subLabels = new int[indices.length];
        for (int k = 0; k < indices.length; k++) {
            int i = indices[k];
            if (i < 0 || i >= labels.length) {
                throw new IndexOutOfBoundsException("subset index " + i + " is outside 0.." + (labels.length - 1));
            }
            System.arraycopy(pixels, i * ppi, subPixels, k * ppi, ppi);
            subLabels[k] = labels[i];
        }
        return new ImageSet(subPixels, subLabels, rows, cols, classes);
    }

    /** Writes image {@code image}, standardized by {@code normalization}, into {@code dest} from {@code offset}. */
    public void copyNormalized(int image, Normalization normalization, float[] dest, int offset) {
        int ppi = pixelsPerImage();
        int base = image * ppi;
        for (int p = 0; p < ppi; p++) {
            dest[offset + p] = normalization.apply(pixels[base + p] & 0xFF);
        }
    }

    /**
     * Images {@code from} (inclusive) to {@code to} (exclusive) as one flat standardized float array of
     * {@code (to - from) * pixelsPerImage()} values, ready to become a [batch, rows*cols] matrix.
     */
    public float[] normalizedPixels(int from, int to, Normalization normalization) {
        if (from < 0 || to > size() || from > to) {
            throw new IndexOutOfBoundsException("range " + from + ".." + to + " is outside 0.." + size());
        }
        int ppi = pixelsPerImage();
        float[] out = new float[(to - from) * ppi];
        for (int i = from; i < to; i++) {
            copyNormalized(i, normalization, out, (i - from) * ppi);
        }
        return out;
    }

    /** Labels of images {@code from}..{@code to} as one-hot rows, flat, {@code (to - from) * classes} values. */
    public float[] oneHotLabels(int from, int to) {
        if (from < 0 || to > size() || from > to) {
            throw new IndexOutOfBoundsException("range " + from + ".." + to + " is outside 0.." + size());
        }
        float[] out = new float[(to - from) * classes];
        for (int i = from; i < to; i++) {
            out[(i - from) * classes + labels[i]] = 1f;
        }
        return out;
    }

    // Records compare arrays by identity; two sets with the same images must be equal for tests and caches.
    @Override
    public boolean equals(Object other) {
        return other instanceof ImageSet that
                && rows == that.rows && cols == that.cols && classes == that.classes
                && Arrays.equals(labels, that.labels) && Arrays.equals(pixels, that.pixels);
    }

    @Override
    public int hashCode() {
        return 31 * (31 * Arrays.hashCode(labels) + Arrays.hashCode(pixels)) + rows * 7 + cols * 13 + classes;
    }

    @Override
    public String toString() {
        return "ImageSet[" + size() + " images of " + rows + "x" + cols + ", " + classes + " classes]";
    }
}
