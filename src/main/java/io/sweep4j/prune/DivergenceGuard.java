package io.sweep4j.prune;

import io.sweep4j.space.Readable;
import io.sweep4j.space.UsageException;
import java.util.Optional;

/**
 * Fails a trial whose training blows up: a NaN or infinite loss at any iteration, or a mean loss over the last
 * {@code window} iterations above {@code factor} times the larger of the first iteration's loss and a baseline, the
 * loss of a model that learned nothing (ln(classes) for a uniform guess; the targets' variance for a regression).
 * Measuring against the first loss keeps a large L2 penalty, which starts high and falls, from counting as divergence.
 *
 * <p>This record is the configuration; each trial checks its losses with its own {@link Tracker}, and fails with the
 * reason the tracker gives (as {@code TrialFailedException}, so the study groups it as "diverged"):
 * <pre>{@code
 * DivergenceGuard.Tracker guard = DivergenceGuard.DEFAULT.start(Math.log(classes));
 * Optional<String> diverged = guard.check(epoch, iteration, loss);
 * if (diverged.isPresent()) throw new TrialFailedException(diverged.get());
 * }</pre>
 */
public record DivergenceGuard(double factor, int window) {
    /** 4 x the starting loss over 20 iterations. */
    public static final DivergenceGuard DEFAULT = new DivergenceGuard(4, 20);

    public DivergenceGuard {
        if (!(factor > 1) || !Double.isFinite(factor)) {
            throw new UsageException("divergence factor", factor, "give a factor > 1, e.g. 4");
        }
        if (window < 1) {
            throw new UsageException("divergence window", window, "give a number >= 1");
        }
    }

    /**
     * A tracker for one trial whose losses are judged against the larger of the first loss and {@code baselineLoss}
     * (for losses >= 0, as cross-entropy and squared errors are).
     */
    public Tracker start(double baselineLoss) {
        if (Double.isNaN(baselineLoss)) {
            throw new UsageException("baselineLoss", baselineLoss, "give the loss of a model that learned nothing,"
                    + " or call start() to judge against the first loss alone");
        }
        return new Tracker(this, baselineLoss);
    }

    /** A tracker for one trial whose losses are judged against its first loss alone. */
    public Tracker start() {
        return new Tracker(this, Double.NEGATIVE_INFINITY);
    }

    /** One trial's rolling window over its iterations' losses: constant time and memory per check. */
    public static final class Tracker {
        private final double factor;
        private final double[] recent;
        private final double baselineLoss;
        private double limit = Double.NaN;
        private double sum;
        private int seen;

        private Tracker(DivergenceGuard guard, double baselineLoss) {
            this.factor = guard.factor;
            this.recent = new double[guard.window];
            this.baselineLoss = baselineLoss;
        }

        /**
         * Checks one iteration's loss (for a network, the score the fit computed anyway: this costs nothing); returns
         * the reason to fail the trial with once it diverged, else empty.
         */
        public Optional<String> check(int epoch, int iteration, double loss) {
            if (!Double.isFinite(loss)) {
                return diverged(epoch, iteration, loss, "the loss is not finite");
            }
            if (Double.isNaN(limit)) {
                limit = factor * Math.max(loss, baselineLoss);
            }
            int slot = seen % recent.length;
            sum += loss - recent[slot];
            recent[slot] = loss;
            seen++;
            if (seen >= recent.length && sum / recent.length > limit) {
                return diverged(epoch, iteration, sum / recent.length, "the mean loss of the last " + recent.length
                        + " iterations exceeds " + Readable.number(limit) + " (" + factor + " x the starting loss)");
            }
            return Optional.empty();
        }

        private static Optional<String> diverged(int epoch, int iteration, double loss, String why) {
            return Optional.of("diverged at epoch " + epoch + ", iteration " + iteration + ": loss=" + loss + " ("
                    + why + "); lower the learning rate");
        }
    }
}
