package io.sweep4j.prune;

import io.sweep4j.space.Readable;
import io.sweep4j.space.UsageException;
import io.sweep4j.trial.Direction;
import java.util.Objects;

/**
 * Stops a trial once {@code patience} steps (epochs) have passed since its best value, a step counting as better only
 * if it beats the best by more than {@code minDelta} (as Keras' EarlyStopping counts improvement); patience 0 never
 * stops. The first step is always the best so far.
 *
 * <p>This record is the configuration; each trial observes its values with its own {@link Tracker}, started with the
 * direction of the value it watches (known when the trial starts, e.g. from the study's metric):
 * <pre>{@code
 * EarlyStopping.Tracker stopping = EarlyStopping.after(4).withMinDelta(1e-3).start(Direction.MINIMIZE);
 * for (int epoch = 0; epoch < maxEpochs; epoch++) {
 *     double loss = trainOneEpoch();
 *     trial.report(epoch, loss);
 *     if (stopping.observe(epoch, loss) instanceof EarlyStopping.Stop) break;
 * }
 * return stopping.bestValue();
 * }</pre>
 */
public record EarlyStopping(int patience, double minDelta) {
    /** Never stops. */
    public static final EarlyStopping OFF = new EarlyStopping(0, 0);

    public EarlyStopping {
        if (patience < 0) {
            throw new UsageException("patience", patience, "give 0 (off) or a number of epochs (steps), e.g. 5");
        }
        if (!(minDelta >= 0) || !Double.isFinite(minDelta)) {
            throw new UsageException("minDelta", minDelta, "give a finite value >= 0, e.g. 1e-4");
        }
    }

    /** Stops after {@code steps} steps without improvement (0: never), any improvement counting. */
    public static EarlyStopping after(int steps) {
        return new EarlyStopping(steps, 0);
    }

    /** The same rule, with this patience. */
    public EarlyStopping withPatience(int steps) {
        return new EarlyStopping(steps, minDelta);
    }

    /** The same rule, a step improving only if it beats the best by more than {@code delta}. */
    public EarlyStopping withMinDelta(double delta) {
        return new EarlyStopping(patience, delta);
    }

    /** A tracker for one trial that has observed nothing yet. */
    public Tracker start(Direction direction) {
        return new Tracker(this, direction, -1, Double.NaN);
    }

    /**
     * A tracker for one trial continued from a checkpoint: its best step and value so far; the steps it observes next
     * come after {@code bestStep}.
     */
    public Tracker resume(Direction direction, int bestStep, double bestValue) {
        if (bestStep < 0) {
            throw new IllegalArgumentException("bestStep must be >= 0, got " + bestStep + "; use start() for a trial"
                    + " that has observed nothing");
        }
        return new Tracker(this, direction, bestStep, bestValue);
    }

    /** What one observation says: go on (whether it was the new best), or stop, with the best step and value. */
    public sealed interface Verdict {
        int bestStep();

        double bestValue();
    }

    /** Keep going; {@code improved} when the step observed is the new best. */
    public record Continue(boolean improved, int bestStep, double bestValue) implements Verdict {
    }

    /** Stop after {@code step}: patience ran out; the reason says since which best. */
    public record Stop(int step, int bestStep, double bestValue, String reason) implements Verdict {
    }

    /** One trial's best step and value so far. */
    public static final class Tracker {
        private final EarlyStopping rule;
        private final Direction direction;
        private int bestStep;
        private double bestValue;
        private int lastStep;

        private Tracker(EarlyStopping rule, Direction direction, int bestStep, double bestValue) {
            this.rule = rule;
            this.direction = Objects.requireNonNull(direction, "direction");
            this.bestStep = bestStep;
            this.bestValue = bestValue;
            this.lastStep = bestStep;
        }

        /** Observes the watched value at {@code step} (steps in increasing order). */
        public Verdict observe(int step, double value) {
            if (step <= lastStep) {
                throw new IllegalArgumentException("steps are observed in increasing order: step " + step
                        + " after step " + lastStep);
            }
            lastStep = step;
            if (bestStep < 0 || improves(value)) {
                bestStep = step;
                bestValue = value;
                return new Continue(true, bestStep, bestValue);
            }
            if (rule.patience > 0 && step - bestStep >= rule.patience) {
                return new Stop(step, bestStep, bestValue, "stopped early at step " + step + ": no improvement"
                        + (rule.minDelta > 0 ? " by more than " + Readable.number(rule.minDelta) : "") + " in "
                        + rule.patience + " steps since the best, " + Readable.number(bestValue) + " at step "
                        + bestStep);
            }
            return new Continue(false, bestStep, bestValue);
        }

        /** The best step so far, -1 before the first observation. */
        public int bestStep() {
            return bestStep;
        }

        /** The best value so far, NaN before the first observation. */
        public double bestValue() {
            return bestValue;
        }

        // NaN never improves, and nothing improves on a NaN best: a trial whose first value is NaN keeps that step
        private boolean improves(double value) {
            return direction == Direction.MINIMIZE ? value < bestValue - rule.minDelta
                    : value > bestValue + rule.minDelta;
        }
    }
}
