package io.sweep4j.dl4j;

import io.sweep4j.space.Params;
import io.sweep4j.space.SearchSpace;
import io.sweep4j.space.UsageException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.deeplearning4j.nn.conf.CNN2DFormat;
import org.deeplearning4j.nn.conf.ConvolutionMode;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.ActivationLayer;
import org.deeplearning4j.nn.conf.layers.BatchNormalization;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.GlobalPoolingLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.conf.layers.PoolingType;
import org.deeplearning4j.nn.conf.layers.SubsamplingLayer;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.lossfunctions.LossFunctions;

/**
 * A CNN whose blocks are study parameters. Block k: {@code convs} convolutions of {@code kernel x kernel} with the
 * block's filters (stride 1; padding "same" keeps the size, "valid" shrinks it by kernel - 1), each followed by
 * batch norm if the trial's {@code batchNorm} is on and the activation; then a 2x2 pooling of stride 2 (max or
 * average). After the blocks, "flatten" or "global" average pooling, a dense layer with dropout on its input, and
 * a softmax output with dropout on its input. Every attribute is a constant or a parameter; searched per-block
 * filters {@code filters_k} exist only in trials with at least k blocks.
 *
 * <p>Defaults: 32, 64, 128, ... filters (doubling), kernel 3, one convolution per block, max pooling, "same"
 * padding, flatten, dense 128. Channels last on the oneDNN build, channels first on the plain build.
 */
public final class CnnSearch implements Architecture {
    /** Pooling kinds. */
    public static final List<String> POOLINGS = List.of("max", "avg");
    /** Convolution paddings. */
    public static final List<String> PADDINGS = List.of("same", "valid");
    /** What follows the last block. */
    public static final List<String> HEADS = List.of("flatten", "global");

    private final Knob blocks;
    private final Knob filters;
    private final boolean doubling;
    private final List<Integer> fixedFilters;
    private final Knob kernel;
    private final Knob convs;
    private final Knob pooling;
    private final Knob padding;
    private final Knob dense;
    private final Knob head;

    private CnnSearch(Knob blocks, Knob filters, boolean doubling, List<Integer> fixedFilters, Knob kernel,
                      Knob convs, Knob pooling, Knob padding, Knob dense, Knob head) {
        this.blocks = blocks;
        this.filters = filters;
        this.doubling = doubling;
        this.fixedFilters = fixedFilters;
        this.kernel = kernel;
        this.convs = convs;
        this.pooling = pooling;
        this.padding = padding;
        this.dense = dense;
        this.head = head;
    }

    static CnnSearch withBlocks(Knob blocks) {
        return new CnnSearch(blocks, Knob.fixed(32L), true, null, Knob.fixed(3L), Knob.fixed(1L), Knob.fixed("max"),
                Knob.fixed("same"), Knob.fixed(128L), Knob.fixed("flatten"));
    }

    /** Each block's filters from {@code low} to {@code high}, log scale, one parameter per block. */
    public CnnSearch filters(String name, int low, int high) {
        return new CnnSearch(blocks, Knob.ints(name, low, high, true, 1), false, null, kernel, convs, pooling,
                padding, dense, head);
    }

    /** The first block's filters from {@code low} to {@code high} (log scale), doubling in every later block. */
    public CnnSearch filtersDoubling(String name, int low, int high) {
        return new CnnSearch(blocks, Knob.ints(name, low, high, true, 1), true, null, kernel, convs, pooling,
                padding, dense, head);
    }

    /** Fixed filters per block, first block first: {@code filters(32, 64, 128)}; one per block at most. */
    public CnnSearch filters(int... perBlock) {
        int max = maxOf(blocks);
        if (perBlock.length < max) {
            throw new UsageException("filters", Arrays.toString(perBlock), "give one count per block: up to " + max
                    + " blocks need " + max + " counts");
        }
        for (int f : perBlock) {
            if (f < 1) {
                throw new UsageException("filters", f, "give filter counts >= 1");
            }
        }
        return new CnnSearch(blocks, null, false, Arrays.stream(perBlock).boxed().toList(), kernel, convs, pooling,
                padding, dense, head);
    }

    /** The kernel size, one of {@code sizes} (e.g. 3, 5); one size for every convolution of the network. */
    public CnnSearch kernel(String name, Integer... sizes) {
        for (int k : sizes) {
            if (k < 1) {
                throw new UsageException(name, k, "give kernel sizes >= 1, e.g. 3 or 5");
            }
        }
        return new CnnSearch(blocks, filters, doubling, fixedFilters, Knob.choice(name, List.of(sizes), null), convs,
                pooling, padding, dense, head);
    }

    /** Convolutions per block, from {@code min} to {@code max}. */
    public CnnSearch convs(String name, int min, int max) {
        return new CnnSearch(blocks, filters, doubling, fixedFilters, kernel, Knob.ints(name, min, max, false, 1),
                pooling, padding, dense, head);
    }

    /** The pooling after each block, one of {@code kinds} ({@link #POOLINGS}: "max", "avg"). */
    public CnnSearch pooling(String name, String... kinds) {
        return new CnnSearch(blocks, filters, doubling, fixedFilters, kernel, convs,
                Knob.choice(name, List.of(kinds), POOLINGS), padding, dense, head);
    }

    /** The convolutions' padding, one of {@code kinds} ({@link #PADDINGS}: "same", "valid"). */
    public CnnSearch padding(String name, String... kinds) {
        return new CnnSearch(blocks, filters, doubling, fixedFilters, kernel, convs, pooling,
                Knob.choice(name, List.of(kinds), PADDINGS), dense, head);
    }

    /** The dense layer's width from {@code low} to {@code high}, log scale. */
    public CnnSearch dense(String name, int low, int high) {
        return new CnnSearch(blocks, filters, doubling, fixedFilters, kernel, convs, pooling, padding,
                Knob.ints(name, low, high, true, 1), head);
    }

    /** What follows the last block, one of {@code kinds} ({@link #HEADS}: "flatten", "global" average pooling). */
    public CnnSearch head(String name, String... kinds) {
        return new CnnSearch(blocks, filters, doubling, fixedFilters, kernel, convs, pooling, padding, dense,
                Knob.choice(name, List.of(kinds), HEADS));
    }

    /** The filters of each block of one trial, first block first. */
    public List<Integer> filters(Params params) {
        int n = blocks.intValue(params, "");
        List<Integer> out = new ArrayList<>();
        for (int k = 1; k <= n; k++) {
            if (fixedFilters != null) {
                out.add(fixedFilters.get(k - 1));
            } else if (doubling) {
                out.add(filters.intValue(params, "") << (k - 1));
            } else {
                out.add(filters.intValue(params, "_" + k));
            }
        }
        return out;
    }

    @Override
    public void defineParameters(SearchSpace.Builder space) {
        blocks.define(space, "");
        if (filters != null && doubling) {
            filters.define(space, "");
        } else if (filters != null) {
            int min = minOf(blocks);
            for (int k = 1; k <= maxOf(blocks); k++) {
                String suffix = "_" + k;
                if (k <= min) {
                    filters.define(space, suffix);
                } else {
                    space.whenAtLeast(blocks.name(), k, s -> filters.define(s, suffix));
                }
            }
        }
        for (Knob k : List.of(kernel, convs, pooling, padding, dense, head)) {
            k.define(space, "");
        }
    }

    /**
     * Tries every combination of blocks, kernel, convolutions and padding the space allows: the first that shrinks
     * the images below 1x1 (fewest blocks first) is refused, naming its values and the sizes on the way.
     */
    @Override
    public void check(int rows, int cols) {
        for (Object b : blocks.values()) {
            for (Object k : kernel.values()) {
                for (Object c : convs.values()) {
                    for (Object p : padding.values()) {
                        List<String> trace = new ArrayList<>();
                        if (!fits(rows, cols, ((Number) b).intValue(), ((Number) k).intValue(),
                                ((Number) c).intValue(), "same".equals(p), trace)) {
                            throw new UsageException(name(blocks, "blocks"), b + " with " + name(kernel, "kernel")
                                    + "=" + k + ", " + name(convs, "convs") + "=" + c + ", " + name(padding, "padding")
                                    + "=" + p, "the images shrink below 1x1 (" + String.join(" -> ", trace)
                                    + "); allow fewer blocks, smaller kernels, fewer convolutions per block or"
                                    + " padding \"same\"");
                        }
                    }
                }
            }
        }
    }

    /** Whether {@code blocks} blocks keep at least 1x1 of a rows x cols image; {@code trace} gets the sizes. */
    static boolean fits(int rows, int cols, int blocks, int kernel, int convs, boolean same, List<String> trace) {
        int h = rows;
        int w = cols;
        trace.add(h + "x" + w);
        for (int b = 0; b < blocks; b++) {
            for (int c = 0; c < convs && !same; c++) {
                h -= kernel - 1;
                w -= kernel - 1;
            }
            // a 2x2 pooling of stride 2 needs 2x2 to pool (truncating: 7 -> 3)
            if (h < 2 || w < 2) {
                trace.add("block " + (b + 1) + ": " + Math.max(h, 0) + "x" + Math.max(w, 0));
                return false;
            }
            h /= 2;
            w /= 2;
            trace.add(h + "x" + w);
        }
        return true;
    }

    @Override
    public MultiLayerConfiguration configure(Params params, HyperParams hp, int rows, int cols, int classes,
                                             long seed) {
        NeuralNetConfiguration.ListBuilder list = NetworkParts.base(hp, seed).list();
        CNN2DFormat format = NativeSetup.channelsLast() ? CNN2DFormat.NHWC : CNN2DFormat.NCHW;
        int k = kernel.intValue(params, "");
        int perBlock = convs.intValue(params, "");
        ConvolutionMode mode = "same".equals(padding.stringValue(params, "")) ? ConvolutionMode.Same
                : ConvolutionMode.Truncate;
        PoolingType pool = "avg".equals(pooling.stringValue(params, "")) ? PoolingType.AVG : PoolingType.MAX;
        Activation act = hp.activation().activation();
        for (int f : filters(params)) {
            for (int c = 0; c < perBlock; c++) {
                list.layer(new ConvolutionLayer.Builder(k, k).stride(1, 1).nOut(f).convolutionMode(mode)
                        .dataFormat(format).activation(hp.batchNorm() ? Activation.IDENTITY : act).build());
                if (hp.batchNorm()) {
                    list.layer(new BatchNormalization.Builder().dataFormat(format).build());
                    list.layer(new ActivationLayer.Builder().activation(act).build());
                }
            }
            list.layer(new SubsamplingLayer.Builder(pool).kernelSize(2, 2).stride(2, 2)
                    .convolutionMode(ConvolutionMode.Truncate).dataFormat(format).build());
        }
        if ("global".equals(head.stringValue(params, ""))) {
            list.layer(new GlobalPoolingLayer.Builder(PoolingType.AVG).build());
        }
        DenseLayer.Builder hidden = new DenseLayer.Builder().nOut(dense.intValue(params, "")).activation(act);
        list.layer(NetworkParts.dropout(hidden, hp).build());
        OutputLayer.Builder out = new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT)
                .nOut(classes).activation(Activation.SOFTMAX);
        list.layer(NetworkParts.dropout(out, hp).build());
        // for one input channel either layout is the same memory as [batch, rows*cols]: images need no copy
        return list.setInputType(InputType.convolutional(rows, cols, 1, format)).build();
    }

    @Override
    public boolean imageInput() {
        return true;
    }

    private static int minOf(Knob k) {
        return ((Number) k.values().get(0)).intValue();
    }

    private static int maxOf(Knob k) {
        List<Object> v = k.values();
        return ((Number) v.get(v.size() - 1)).intValue();
    }

    private static String name(Knob k, String fallback) {
        return k.name() != null ? k.name() : fallback;
    }
}
