package io.sweep4j.dl4j;

import java.lang.reflect.Field;
import java.util.Arrays;
import java.util.Map;
import org.bytedeco.javacpp.FloatPointer;
import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.conf.CNN2DFormat;
import org.deeplearning4j.nn.gradient.DefaultGradient;
import org.deeplearning4j.nn.gradient.Gradient;
import org.deeplearning4j.nn.layers.normalization.BatchNormalization;
import org.deeplearning4j.nn.layers.normalization.BatchNormalizationHelper;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.params.BatchNormalizationParamInitializer;
import org.deeplearning4j.nn.workspace.ArrayType;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.nd4j.common.primitives.Pair;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.memory.MemoryWorkspace;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.shape.Shape;
import org.nd4j.linalg.factory.Nd4j;

/**
 * DL4J's batch-normalization arithmetic for float activations, in loops the JIT vectorizes, as the layer's helper.
 *
 * <p>DL4J M2.1's batch-norm layer, with or without its oneDNN helper, computes a training batch's per-channel mean
 * and variance with ND4J's generic reductions, which walk a [batch, 24, 24, 32] activation one element at a time
 * through an index calculation: half of the notebooks' CNN's training time. This helper copies the activation in
 * cache-sized chunks into Java arrays and runs flat loops over them that the JIT vectorizes: shifted sums for the
 * batch statistics in one pass, one multiply-add per element for the output, and the standard batch-norm gradient
 * (dependence on the batch mean and variance included) in two passes. It plugs in where DL4J puts its cuDNN or
 * oneDNN helper, so everything else is the layer's own: parameters, the running mean and variance update (from this
 * helper's batch statistics, as with oneDNN), locked gamma and beta, serialization. Data it was not written for (not
 * float) goes back to DL4J.
 */
public final class LeanBatchNorm implements BatchNormalizationHelper {
    private static final Field HELPER = helperField();

    private float[] xs = new float[0];
    private float[] ys = new float[0];
    // the last training batch's statistics: the layer reads them to update its running mean and variance, and
    // backprop normalizes with them
    private float[] batchMean = new float[0];
    private float[] batchInvStd = new float[0];
    private INDArray meanCache;
    private INDArray varCache;

    LeanBatchNorm() {
    }

    /**
     * Makes this the helper of each batch-norm layer of {@code net}; call it after {@code init()} or a restore.
     * Returns how many layers it took over.
     */
    public static int install(MultiLayerNetwork net) {
        int installed = 0;
        for (Layer layer : net.getLayers()) {
            if (layer instanceof BatchNormalization bn && !(bn.getHelper() instanceof LeanBatchNorm)) {
                try {
                    HELPER.set(bn, new LeanBatchNorm());
                } catch (IllegalAccessException e) {
                    throw new IllegalStateException("cannot set DL4J's batch-norm helper", e);
                }
                installed++;
            }
        }
        return installed;
    }

    private static Field helperField() {
        try {
            Field field = BatchNormalization.class.getDeclaredField("helper");
            field.setAccessible(true);
            return field;
        } catch (NoSuchFieldException e) {
            throw new IllegalStateException("DL4J's batch-norm layer has no helper field: not DL4J 1.0.0-M2.1?", e);
        }
    }

    @Override
    public boolean checkSupported() {
        return true;
    }

    @Override
    public boolean checkSupported(double eps, boolean fixedGammaBeta) {
        return true;
    }

    @Override
    public Map<String, Long> helperMemoryUse() {
        return Map.of("lean batch norm buffers", 4L * (xs.length + ys.length));
    }

    @Override
    public INDArray getMeanCache(DataType dataType) {
        return meanCache;
    }

    @Override
    public INDArray getVarCache(DataType dataType) {
        return varCache;
    }

    @Override
    public INDArray preOutput(INDArray x, boolean training, long[] shape, INDArray gamma, INDArray beta,
                              INDArray mean, INDArray var, double decay, double eps, CNN2DFormat format,
                              LayerWorkspaceMgr workspaceMgr) {
        ChannelLayout layout = ChannelLayout.of(x, format);
        if (layout == null) {
            return null;
        }
        x = contiguous(x);
        int channels = layout.channels();
        float[] mu;
        float[] invStd = new float[channels];
        if (training) {
            double[] variance = statistics(x, layout);
            mu = batchMean;
            for (int c = 0; c < channels; c++) {
                invStd[c] = (float) (1.0 / Math.sqrt(variance[c] + eps));
            }
            batchInvStd = invStd;
            storeCaches(x.dataType(), variance);
        } else {
            mu = values(mean, channels, 0);
            float[] v = values(var, channels, 0);
            for (int c = 0; c < channels; c++) {
                invStd[c] = (float) (1.0 / Math.sqrt(v[c] + eps));
            }
        }
        float[] g = values(gamma, channels, 1);
        float[] b = values(beta, channels, 0);
        float[] scale = new float[channels];
        float[] shift = new float[channels];
        for (int c = 0; c < channels; c++) {
            scale[c] = g[c] * invStd[c];
            shift[c] = b[c] - mu[c] * scale[c];
        }
        INDArray out = workspaceMgr.createUninitialized(ArrayType.ACTIVATIONS, x.dataType(), x.shape(), 'c');
        FloatPointer in = pointer(x);
        FloatPointer to = pointer(out);
        float[] k = layout.widen(scale);
        float[] d = layout.widen(shift);
        layout.forEachChunk((start, n) -> {
            float[] chunk = buffer(n, true);
            in.position(start).get(chunk, 0, n);
            for (int i = 0; i < n; i++) {
                chunk[i] = k[i] * chunk[i] + d[i];
            }
            to.position(start).put(chunk, 0, n);
        });
        return out;
    }

    @Override
    public Pair<Gradient, INDArray> backpropGradient(INDArray input, INDArray epsilon, long[] shape, INDArray gamma,
                                                     INDArray beta, INDArray dGammaView, INDArray dBetaView,
                                                     double eps, CNN2DFormat format,
                                                     LayerWorkspaceMgr workspaceMgr) {
        ChannelLayout layout = ChannelLayout.of(input, format);
        if (layout == null || epsilon.dataType() != DataType.FLOAT || batchMean.length != layout.channels()) {
            return null;
        }
        INDArray x = contiguous(input);
        INDArray dy = contiguous(epsilon);
        int channels = layout.channels();
        float[] mu = batchMean;
        float[] invStd = batchInvStd;
        FloatPointer xIn = pointer(x);
        FloatPointer dyIn = pointer(dy);
        float[] m = layout.widen(mu);
        ChannelSums sums = new ChannelSums(layout);
        layout.forEachChunk((start, n) -> {
            float[] xc = buffer(n, true);
            float[] dc = buffer(n, false);
            xIn.position(start).get(xc, 0, n);
            dyIn.position(start).get(dc, 0, n);
            float[] s = sums.first;
            float[] p = sums.second;
            for (int i = 0; i < n; i++) {
                float e = dc[i];
                s[i] += e;
                p[i] += e * (xc[i] - m[i]);
            }
            sums.chunkDone();
        });
        double[] sumDy = sums.firstTotals();
        double[] sumDyXmu = sums.secondTotals();
        double count = layout.count();
        float[] g = values(gamma, channels, 1);
        float[] dGamma = new float[channels];
        float[] dBeta = new float[channels];
        float[] a = new float[channels];
        float[] k = new float[channels];
        float[] d = new float[channels];
        for (int c = 0; c < channels; c++) {
            double is = invStd[c];
            double dg = sumDyXmu[c] * is;
            dGamma[c] = (float) dg;
            dBeta[c] = (float) sumDy[c];
            // dx = gamma * invStd * (dy - mean(dy) - xHat * mean(dy * xHat)), as a per-channel affine map of dy and x
            double gi = g[c] * is;
            double xHatWeight = gi * is * dg / count;
            a[c] = (float) gi;
            k[c] = (float) -xHatWeight;
            d[c] = (float) (xHatWeight * mu[c] - gi * sumDy[c] / count);
        }
        INDArray dx = workspaceMgr.createUninitialized(ArrayType.ACTIVATION_GRAD, x.dataType(), x.shape(), 'c');
        FloatPointer to = pointer(dx);
        float[] aw = layout.widen(a);
        float[] kw = layout.widen(k);
        float[] dw = layout.widen(d);
        layout.forEachChunk((start, n) -> {
            float[] xc = buffer(n, true);
            float[] dc = buffer(n, false);
            xIn.position(start).get(xc, 0, n);
            dyIn.position(start).get(dc, 0, n);
            for (int i = 0; i < n; i++) {
                dc[i] = aw[i] * dc[i] + kw[i] * xc[i] + dw[i];
            }
            to.position(start).put(dc, 0, n);
        });
        put(dGammaView, dGamma);
        put(dBetaView, dBeta);
        Gradient gradient = new DefaultGradient();
        gradient.setGradientFor(BatchNormalizationParamInitializer.GAMMA, dGammaView);
        gradient.setGradientFor(BatchNormalizationParamInitializer.BETA, dBetaView);
        return new Pair<>(gradient, dx);
    }

    /** Batch mean (into {@link #batchMean}) and biased variance per channel, from sums shifted by a first value. */
    private double[] statistics(INDArray x, ChannelLayout layout) {
        int channels = layout.channels();
        float[] shiftBy = new float[channels];
        FloatPointer in = pointer(x);
        for (int c = 0; c < channels; c++) {
            shiftBy[c] = in.get((long) c * layout.inner()); // a value of the channel keeps the shifted sums small
        }
        float[] k = layout.widen(shiftBy);
        ChannelSums sums = new ChannelSums(layout);
        layout.forEachChunk((start, n) -> {
            float[] chunk = buffer(n, true);
            in.position(start).get(chunk, 0, n);
            float[] s = sums.first;
            float[] q = sums.second;
            for (int i = 0; i < n; i++) {
                float v = chunk[i] - k[i];
                s[i] += v;
                q[i] += v * v;
            }
            sums.chunkDone();
        });
        double[] sum = sums.firstTotals();
        double[] sumSquares = sums.secondTotals();
        double count = layout.count();
        batchMean = new float[channels];
        double[] variance = new double[channels];
        for (int c = 0; c < channels; c++) {
            double m = sum[c] / count;
            batchMean[c] = (float) (shiftBy[c] + m);
            variance[c] = Math.max(0, sumSquares[c] / count - m * m);
        }
        return variance;
    }

    private float[] buffer(int n, boolean first) {
        if (first) {
            if (xs.length < n) {
                xs = new float[n];
            }
            return xs;
        }
        if (ys.length < n) {
            ys = new float[n];
        }
        return ys;
    }

    private void storeCaches(DataType dataType, double[] variance) {
        int channels = variance.length;
        if (meanCache == null || meanCache.length() != channels || meanCache.dataType() != dataType) {
            // outside the workspaces: the layer reads them after this iteration's workspace scope is gone
            try (MemoryWorkspace ignored = Nd4j.getMemoryManager().scopeOutOfWorkspaces()) {
                meanCache = Nd4j.createUninitialized(dataType, channels);
                varCache = Nd4j.createUninitialized(dataType, channels);
            }
        }
        float[] v = new float[channels];
        for (int c = 0; c < channels; c++) {
            v[c] = (float) variance[c];
        }
        put(meanCache, batchMean);
        put(varCache, v);
    }

    private static INDArray contiguous(INDArray a) {
        return Shape.hasDefaultStridesForShape(a) && a.ordering() == 'c' ? a : a.dup('c');
    }

    private static FloatPointer pointer(INDArray a) {
        return new FloatPointer(a.data().addressPointer());
    }

    private static float[] values(INDArray a, int channels, float fallback) {
        if (a == null) {
            float[] v = new float[channels];
            Arrays.fill(v, fallback);
            return v;
        }
        return a.reshape(a.length()).toFloatVector();
    }

    private static void put(INDArray view, float[] values) {
        view.assign(Nd4j.createFromArray(values).reshape(view.shape()));
    }
}
