package io.sweep4j.dl4j;

import java.util.Arrays;

/**
 * Float sums per position of a chunk, two at a time; every chunk starts at channel 0, so position i always
 * belongs to the same channel. They go into per-channel double totals every {@link #BLOCK} chunks:
 * {@link LeanBatchNorm}'s batch statistics.
 */
final class ChannelSums {
    // float partial sums over at most this many chunks before they go into the double totals
    private static final int BLOCK = 64;

    final float[] first;
    final float[] second;
    private final ChannelLayout layout;
    private final double[] firstTotals;
    private final double[] secondTotals;
    private int chunks;

    ChannelSums(ChannelLayout layout) {
        this.layout = layout;
        first = new float[layout.chunkLength()];
        second = new float[layout.chunkLength()];
        firstTotals = new double[layout.channels()];
        secondTotals = new double[layout.channels()];
    }

    void chunkDone() {
        if (++chunks % BLOCK == 0) {
            fold();
        }
    }

    double[] firstTotals() {
        fold();
        return firstTotals;
    }

    double[] secondTotals() {
        fold();
        return secondTotals;
    }

    private void fold() {
        int channels = layout.channels();
        int inner = layout.inner();
        int i = 0;
        for (int u = 0; u < first.length / layout.unit(); u++) {
            for (int c = 0; c < channels; c++) {
                double a = 0;
                double b = 0;
                for (int j = 0; j < inner; j++, i++) {
                    a += first[i];
                    b += second[i];
                }
                firstTotals[c] += a;
                secondTotals[c] += b;
            }
        }
        Arrays.fill(first, 0);
        Arrays.fill(second, 0);
    }
}
