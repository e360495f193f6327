package io.sweep4j.dl4j;

import io.sweep4j.space.Params;
import io.sweep4j.space.SearchSpace;
import io.sweep4j.space.UsageException;
import java.util.ArrayList;
import java.util.List;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;

/**
 * A fully connected network whose depth and widths are study parameters. With depth {@code "layers"} in 1..4 and
 * width {@code "width"}, the space gets {@code layers} and {@code width_1} .. {@code width_4}, where {@code width_k}
 * exists only in trials with at least k layers (a conditional parameter, so grid, TPE, genetic and Sobol search all
 * handle it). Each trial's network is then {@link Architecture.Mlp} with those widths: dense, [batch norm],
 * activation per layer, dropout after each hidden layer, softmax.
 */
public final class MlpSearch implements Architecture {
    static final Knob DEFAULT_WIDTH = Knob.fixed(256L);

    private final Knob depth;
    private final Knob width;

    MlpSearch(Knob depth, Knob width) {
        this.depth = depth;
        this.width = width;
    }

    /** Each layer's width from {@code low} to {@code high} on a log scale (64..1024: each doubling as likely). */
    public MlpSearch width(String name, int low, int high) {
        return new MlpSearch(depth, Knob.ints(name, low, high, true, 1));
    }

    /** Each layer's width one of {@code widths} (a choice: what a grid search needs, e.g. 128, 256, 512). */
    public MlpSearch width(String name, List<Integer> widths) {
        for (int w : widths) {
            if (w < 1) {
                throw new UsageException(name, w, "give widths >= 1");
            }
        }
        return new MlpSearch(depth, Knob.choice(name, widths, null));
    }

    /** Every layer {@code width} units wide (only the depth searched). */
    public MlpSearch width(int width) {
        return new MlpSearch(depth, Knob.ints("width", width, width, false, 1));
    }

    /** The hidden widths of one trial, first layer first. */
    public List<Integer> widths(Params params) {
        int n = depth.intValue(params, "");
        List<Integer> widths = new ArrayList<>();
        for (int k = 1; k <= n; k++) {
            widths.add(width.intValue(params, "_" + k));
        }
        return widths;
    }

    @Override
    public void defineParameters(SearchSpace.Builder space) {
        depth.define(space, "");
        int min = ((Number) depth.values().get(0)).intValue();
        List<Object> depths = depth.values();
        int max = ((Number) depths.get(depths.size() - 1)).intValue();
        for (int k = 1; k <= max; k++) {
            String suffix = "_" + k;
            if (k <= min) {
                width.define(space, suffix);
            } else {
                space.whenAtLeast(depth.name(), k, s -> width.define(s, suffix));
            }
        }
    }

    @Override
    public MultiLayerConfiguration configure(Params params, HyperParams hp, int rows, int cols, int classes,
                                             long seed) {
        return new Mlp(widths(params)).configure(params, hp, rows, cols, classes, seed);
    }

    @Override
    public boolean imageInput() {
        return false;
    }
}
