package io.sweep4j.dl4j;

import io.sweep4j.space.Readable;
import io.sweep4j.study.TrialFailedException;

/**
 * Ends a trial whose training blows up, within its first epoch: a NaN or infinite loss at any iteration, or a mean
 * loss over the last {@code window} iterations above {@code factor} times the larger of the first iteration's loss
 * and the loss of a network that learned nothing (ln(classes) for a uniform guess; the targets' variance for a
 * regression). Measuring against the first loss keeps a large L2 penalty, which
 * starts high and falls, from counting as divergence.
 */
final class DivergenceGuard {
    private final double factor;
    private final double[] recent;
    private final double uniformLoss;
    private double limit = Double.NaN;
    private double sum;
    private int seen;

    DivergenceGuard(double factor, int window, double uniformLoss) {
        this.factor = factor;
        this.recent = new double[window];
        this.uniformLoss = uniformLoss;
    }

    /** Checks one iteration's loss (the network's score, already computed by the fit: this costs nothing). */
    void check(int epoch, int iteration, double loss) {
        if (!Double.isFinite(loss)) {
            throw diverged(epoch, iteration, loss, "the loss is not finite");
        }
        if (Double.isNaN(limit)) {
            limit = factor * Math.max(loss, uniformLoss);
        }
        int slot = seen % recent.length;
        sum += loss - recent[slot];
        recent[slot] = loss;
        seen++;
        if (seen >= recent.length && sum / recent.length > limit) {
            throw diverged(epoch, iteration, sum / recent.length, "the mean loss of the last " + recent.length
                    + " iterations exceeds " + Readable.number(limit) + " (" + factor + " x the starting loss)");
        }
    }

    private static TrialFailedException diverged(int epoch, int iteration, double loss, String why) {
        return new TrialFailedException("diverged at epoch " + epoch + ", iteration " + iteration + ": loss=" + loss
                + " (" + why + "); lower the learning rate");
    }
}
