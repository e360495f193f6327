package io.sweep4j.prune;

import io.sweep4j.study.Objective;
import io.sweep4j.study.Trial;
import io.sweep4j.study.TrialPrunedException;
import java.util.OptionalInt;
import java.util.concurrent.ThreadLocalRandom;

/**
 * A training stand-in for pruning studies: a learning curve rising towards a quality set by the parameters
 * ({@code x}, {@code y} in [0, 1]), one report per step after a random pause of up to {@code jitterMs} (so trials run
 * in parallel finish their steps in a different order on every run), pruned when the study's pruner says so.
 */
record CurveObjective(int steps, int jitterMs) implements Objective {

    static double value(double x, double y, int step) {
        double quality = 1 - (x - 0.3) * (x - 0.3) - (y - 0.6) * (y - 0.6);
        return quality * (1 - Math.pow(0.5, step + 1)) + 0.02 * Math.sin(7 * x * step + y);
    }

    @Override
    public double evaluate(Trial trial) throws Exception {
        double x = trial.getDouble("x");
        double y = trial.getDouble("y");
        double v = 0;
        for (int step = 0; step < steps; step++) {
            if (jitterMs > 0) {
                Thread.sleep(ThreadLocalRandom.current().nextInt(jitterMs + 1));
            }
            v = value(x, y, step);
            trial.report(step, v);
            if (trial.shouldPrune()) {
                throw new TrialPrunedException("pruned at step " + step);
            }
        }
        return v;
    }

    @Override
    public OptionalInt maxSteps() {
        return OptionalInt.of(steps);
    }
}
