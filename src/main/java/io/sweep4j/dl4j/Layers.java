package io.sweep4j.dl4j;

/**
 * Entry of the searched-MLP DSL: {@code .mlp(Layers.depth("layers", 1, 4).width("width", 64, 1024))} searches the
 * number of hidden layers and each layer's width; see {@link MlpSearch}.
 */
public final class Layers {
    private Layers() {
    }

    /** Between {@code min} and {@code max} hidden layers, the study parameter {@code name}. */
    public static MlpSearch depth(String name, int min, int max) {
        return new MlpSearch(Knob.ints(name, min, max, false, 1), MlpSearch.DEFAULT_WIDTH);
    }

    /** Exactly {@code layers} hidden layers (their widths searched with {@link MlpSearch#width}). */
    public static MlpSearch depth(int layers) {
        return depth("layers", layers, layers);
    }
}
