package io.sweep4j.sampler;

import io.sweep4j.space.SearchSpace;
import io.sweep4j.trial.Direction;
import io.sweep4j.trial.History;
import java.util.SplittableRandom;
import java.util.function.Supplier;

/**
 * What a sampler may look at when proposing trial {@code trialNumber}: the space, the direction of the metric trials
 * report per step (the only objective; in a study of several, the pruned one, which ranks pruned trials) and the
 * stored history (loaded only if the sampler asks for it; it includes RUNNING trials, for constant-liar strategies;
 * the objectives' directions are in it).
 */
public record SamplingContext(SearchSpace space, Direction direction, int trialNumber, Supplier<History> history) {

    /**
     * A random stream that depends only on {@code seed}, this trial's number and {@code salt}: so trial n gets the
     * same draws whatever the parallelism, the completion order or a restart.
     */
    public SplittableRandom random(long seed, long salt) {
        long mixed = seed * 0x9E3779B97F4A7C15L + trialNumber * 0xC2B2AE3D27D4EB4FL + salt * 0x165667B19E3779F9L;
        return new SplittableRandom(mixed).split();
    }
}
