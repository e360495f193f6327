package io.sweep4j.dl4j;

import java.util.Arrays;
import org.deeplearning4j.nn.conf.CNN2DFormat;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * A contiguous activation seen as [outer][channels][inner]: channels last is [N*H*W][C][1], channels first
 * [N][C][H*W], and DL4J hands dense batch norm over as [N, C, 1, 1].
 */
record ChannelLayout(long outer, int channels, int inner) {
    // 32k floats (128 kB) per chunk: a pass's chunks of data, coefficients and sums stay in a 1 MB L2 cache
    private static final int CHUNK = 1 << 15;

    int unit() {
        return channels * inner;
    }

    double count() {
        return (double) outer * inner;
    }

    /** Whole units per chunk: about {@link #CHUNK} values, at least one unit. */
    int unitsPerChunk() {
        return Math.max(1, CHUNK / unit());
    }

    int chunkLength() {
        return (int) Math.min(outer, unitsPerChunk()) * unit();
    }

    /**
     * A per-channel array spread over a chunk, each value where its channel's elements are: with one index for
     * data and coefficients, each loop over a chunk vectorizes (a loop over 32 channels, or one mixing a row
     * offset with a channel index, does not: 3x slower measured).
     */
    float[] widen(float[] perChannel) {
        float[] wide = new float[chunkLength()];
        for (int c = 0; c < channels; c++) {
            Arrays.fill(wide, c * inner, (c + 1) * inner, perChannel[c]);
        }
        for (int filled = unit(); filled < wide.length; filled *= 2) {
            System.arraycopy(wide, 0, wide, filled, Math.min(filled, wide.length - filled));
        }
        return wide;
    }

    /** Calls {@code action} with the start and length of consecutive chunks of whole units. */
    void forEachChunk(ChunkAction action) {
        long perChunk = unitsPerChunk();
        for (long u = 0; u < outer; u += perChunk) {
            action.apply(u * unit(), (int) (Math.min(perChunk, outer - u) * unit()));
        }
    }

    static ChannelLayout of(INDArray x, CNN2DFormat format) {
        if (x.dataType() != DataType.FLOAT || x.rank() != 4 || x.length() >= Integer.MAX_VALUE) {
            return null;
        }
        long[] s = x.shape();
        if (format == CNN2DFormat.NHWC) {
            return new ChannelLayout(s[0] * s[1] * s[2], (int) s[3], 1);
        }
        return new ChannelLayout(s[0], (int) s[1], (int) (s[2] * s[3]));
    }

    /** What is done with one chunk: its first index and length. */
    interface ChunkAction {
        void apply(long start, int length);
    }
}
