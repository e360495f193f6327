package io.sweep4j.prune;

/** Entry point of the DSL for across-trial pruners (results/benchmarks/pruning.md compares them). */
public final class Pruners {
    private Pruners() {
    }

    public static Pruner none() {
        return new NopPruner();
    }

    /** Optuna's default median rule: 5 start-up trials, no warm-up, every step, 1 trial at the step. */
    public static PercentilePruner median() {
        return median(5, 0);
    }

    public static PercentilePruner median(int startupTrials, int warmupSteps) {
        return percentile(50, startupTrials, warmupSteps);
    }

    /** Keeps trials within the given top percentile of the completed ones at each step. */
    public static PercentilePruner percentile(double percentile, int startupTrials, int warmupSteps) {
        return new PercentilePruner(percentile, startupTrials, warmupSteps, 1, 1, false);
    }

    /** Asynchronous successive halving: minimum resource from the objective's steps (1 below 200), eta 4. */
    public static SuccessiveHalvingPruner asha() {
        return new SuccessiveHalvingPruner(0, 4, 0, 0, false);
    }

    /** Asynchronous successive halving: first rung at step {@code minResource}, top 1/{@code eta} promoted. */
    public static SuccessiveHalvingPruner asha(int minResource, int reductionFactor) {
        return new SuccessiveHalvingPruner(minResource, reductionFactor, 0, 0, false);
    }

    /** Hyperband as Optuna's default: minimum resource 1, maximum the objective's steps, eta 3. */
    public static HyperbandPruner hyperband() {
        return hyperband(1, 0, 3);
    }

    /** Hyperband from {@code minResource} to {@code maxResource} steps (0: the objective's) with reduction eta. */
    public static HyperbandPruner hyperband(int minResource, int maxResource, int reductionFactor) {
        return new HyperbandPruner(minResource, maxResource, reductionFactor, 0, false);
    }
}
