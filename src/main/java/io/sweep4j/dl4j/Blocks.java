package io.sweep4j.dl4j;

/**
 * Entry of the searched-CNN DSL: {@code .cnn(Blocks.count("blocks", 1, 4).filters("filters", 16, 128)
 * .kernel("kernel", 3, 5).convs("convs", 1, 2))} searches the number of convolution blocks and what is in them;
 * see {@link CnnSearch}.
 */
public final class Blocks {
    private Blocks() {
    }

    /** Between {@code min} and {@code max} convolution blocks, the study parameter {@code name}. */
    public static CnnSearch count(String name, int min, int max) {
        return CnnSearch.withBlocks(Knob.ints(name, min, max, false, 1));
    }

    /** Exactly {@code blocks} convolution blocks. */
    public static CnnSearch count(int blocks) {
        return count("blocks", blocks, blocks);
    }
}
