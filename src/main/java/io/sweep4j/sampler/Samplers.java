package io.sweep4j.sampler;

/** Entry point of the DSL for samplers: {@code Samplers.random(42)}, {@code Samplers.grid()}, ... */
public final class Samplers {
    private Samplers() {
    }

    /** Independent uniform draws; trial n's parameters depend only on {@code seed} and n. */
    public static RandomSampler random(long seed) {
        return new RandomSampler(seed);
    }

    /** Independent uniform draws with a fixed default seed. */
    public static RandomSampler random() {
        return new RandomSampler(0);
    }

    /** Every combination once, floats without a step cut into 5 points; see {@link GridSampler#points(int)}. */
    public static GridSampler grid() {
        return new GridSampler(null, 5);
    }
}
