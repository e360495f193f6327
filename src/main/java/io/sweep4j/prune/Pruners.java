package io.sweep4j.prune;

/** Entry point of the DSL for across-trial pruners. */
public final class Pruners {
    private Pruners() {
    }

    public static Pruner none() {
        return new NopPruner();
    }

    /** Optuna's default median rule: 5 startup trials, no warm-up. */
    public static Pruner median() {
        return new MedianPruner(5, 0);
    }

    public static Pruner median(int startupTrials, int warmupSteps) {
        return new MedianPruner(startupTrials, warmupSteps);
    }
}
