package io.sweep4j.bench;

import io.sweep4j.study.Objective;
import io.sweep4j.study.Trial;
import io.sweep4j.study.TrialPrunedException;
import java.util.OptionalInt;
import java.util.concurrent.ThreadLocalRandom;

/**
 * A training stand-in for pruning studies: a learning curve rising towards a quality set by the parameters
 * {@code x}, {@code y} in [0, 1], one report per step after a pause of {@code baseMs + spreadMs·y} (fast and slow
 * trials side by side, as batch sizes make them) plus a random {@code 0..jitterMs} (so parallel trials finish their
 * steps in a different order on every run); pruned when the study's pruner says so.
 */
public record SimulatedCurve(int steps, int baseMs, int spreadMs, int jitterMs) implements Objective {

    public static double value(double x, double y, int step) {
        double quality = 1 - (x - 0.3) * (x - 0.3) - (y - 0.6) * (y - 0.6);
        return quality * (1 - Math.pow(0.5, step + 1)) + 0.02 * Math.sin(7 * x * step + y);
    }

    @Override
    public double evaluate(Trial trial) throws Exception {
        double x = trial.getDouble("x");
        double y = trial.getDouble("y");
        double v = 0;
        for (int step = 0; step < steps; step++) {
            long pause = baseMs + Math.round(spreadMs * y) + (jitterMs > 0
                    ? ThreadLocalRandom.current().nextInt(jitterMs + 1) : 0);
            if (pause > 0) {
                Thread.sleep(pause);
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
