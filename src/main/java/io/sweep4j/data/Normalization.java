package io.sweep4j.data;

/**
 * Pixel standardization {@code x = (raw / 255 - mean) / std}, with mean and std fitted on a training split only.
 *
 * <p>One scalar mean and std over all pixels (not per pixel): per-pixel statistics of the always-black
 * border pixels have std 0 and would blow up, and a scalar is what the Fashion-MNIST literature reports.
 */
public record Normalization(float mean, float std) {

    /** Only rescales raw bytes to [0, 1]; no centering. */
    public static final Normalization UNIT_RANGE = new Normalization(0f, 1f);

    public Normalization {
        if (!Float.isFinite(mean)) {
            throw new IllegalArgumentException("Normalization.mean must be finite, was " + mean
                    + "; fit it with Normalization.fit(trainingSet)");
        }
        if (!(std > 0f) || !Float.isFinite(std)) {
            throw new IllegalArgumentException("Normalization.std must be finite and > 0, was " + std
                    + "; a training set whose pixels are all equal cannot be standardized, use Normalization.UNIT_RANGE");
        }
    }

    /** Mean and std of all pixels of {@code training}, scaled to [0, 1]; computed exactly with integer sums. */
    public static Normalization fit(ImageSet training) {
        byte[] pixels = training.pixels();
        if (pixels.length == 0) {
            throw new IllegalArgumentException("cannot fit a Normalization on an empty training set ("
                    + training + "); use Normalization.UNIT_RANGE or a non-empty split");
        }
        // longs are exact here: 2^31 pixels * 255^2 is far below Long.MAX_VALUE, so no float drift on 47M pixels
        long sum = 0;
        long sumOfSquares = 0;
        for (byte b : pixels) {
            int v = b & 0xFF;
            sum += v;
            sumOfSquares += (long) v * v;
        }
        double n = pixels.length;
        double mean = sum / n;
        double variance = Math.max(0.0, sumOfSquares / n - mean * mean);
        double std = Math.sqrt(variance);
        if (std == 0.0) {
            return new Normalization((float) (mean / 255.0), 1f);
        }
        return new Normalization((float) (mean / 255.0), (float) (std / 255.0));
    }

    /** The standardized value of one raw unsigned pixel (0..255). */
    public float apply(int rawPixel) {
        return (rawPixel / 255f - mean) / std;
    }
}
