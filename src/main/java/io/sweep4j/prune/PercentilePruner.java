package io.sweep4j.prune;

import io.sweep4j.space.Readable;
import io.sweep4j.space.UsageException;
import io.sweep4j.trial.Direction;
import io.sweep4j.trial.FrozenTrial;
import io.sweep4j.trial.History;
import io.sweep4j.trial.TrialState;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;

/**
 * Optuna's percentile rule (the median rule at 50): at step s, prune a trial whose best value so far is worse than
 * the given percentile of the completed trials' values at s. Silent until {@code startupTrials} trials completed,
 * before step {@code warmupSteps}, between checks every {@code intervalSteps} (from the warm-up on), and while fewer
 * than {@code minTrials} trials reported at s (Optuna #2441: trials of different lengths).
 *
 * <p>With {@code onlyEarlier} ({@link #reproducible()}), the peers of trial n are the trials numbered below n that
 * reached step s, whether they completed, were pruned or still run (whether they will complete is not known yet);
 * the decision waits until each of them has reported s or ended, and the first {@code startupTrials} trials by
 * number are never pruned. So the decisions do not depend on timing.
 */
public record PercentilePruner(double percentile, int startupTrials, int warmupSteps, int intervalSteps,
        int minTrials, boolean onlyEarlier) implements Pruner {

    public PercentilePruner {
        if (!(percentile >= 0 && percentile <= 100)) {
            throw new UsageException("percentile", percentile, "give a percentile from 0 to 100 (median: 50)");
        }
        if (startupTrials < 0) {
            throw new UsageException("startupTrials", startupTrials, "give 0 or more start-up trials");
        }
        if (warmupSteps < 0) {
            throw new UsageException("warmupSteps", warmupSteps, "give 0 or more warm-up steps");
        }
        if (intervalSteps < 1) {
            throw new UsageException("intervalSteps", intervalSteps, "give 1 (judge every step) or more");
        }
        if (minTrials < 1) {
            throw new UsageException("minTrials", minTrials, "give 1 or more trials that must have reported the step");
        }
    }

    /** The same rule judging trial n only by trials numbered below n: the same decisions at any parallelism. */
    public PercentilePruner reproducible() {
        return new PercentilePruner(percentile, startupTrials, warmupSteps, intervalSteps, minTrials, true);
    }

    /** Judge only every {@code k} steps from the warm-up on. */
    public PercentilePruner interval(int k) {
        return new PercentilePruner(percentile, startupTrials, warmupSteps, k, minTrials, onlyEarlier);
    }

    /** Never prune at a step fewer than {@code n} other trials reported. */
    public PercentilePruner minTrials(int n) {
        return new PercentilePruner(percentile, startupTrials, warmupSteps, intervalSteps, n, onlyEarlier);
    }

    @Override
    public Decision judge(PruningContext context) {
        FrozenTrial me = context.trial();
        if (me.intermediateValues().isEmpty()) {
            return Decision.keep();
        }
        int step = me.intermediateValues().lastKey();
        List<FrozenTrial> peers;
        if (onlyEarlier) {
            if (me.number() < startupTrials) {
                return Decision.keep();
            }
            peers = null;
        } else {
            peers = context.history().get().completed();
            if (peers.isEmpty() || peers.size() < startupTrials) {
                return Decision.keep();
            }
        }
        if (step < warmupSteps || !firstInInterval(step, me.intermediateValues())) {
            return Decision.keep();
        }
        Direction direction = context.direction();
        double best = bestSoFar(me.intermediateValues(), direction);
        if (Double.isNaN(best)) {
            return new Decision.Prune(step, rule(), "no value but NaN reported up to step " + step, Map.of());
        }
        if (onlyEarlier) {
            List<Integer> waiting = new ArrayList<>();
            peers = earlierPeers(context.history().get(), me, step, waiting);
            if (!waiting.isEmpty()) {
                return new Decision.Wait(waiting, "trials " + waiting + " have not reached step " + step);
            }
        }
        List<Double> values = new ArrayList<>();
        for (FrozenTrial t : peers) {
            Double v = t.intermediateValues().get(step);
            if (v != null) {
                values.add(v);
            }
        }
        if (values.size() < minTrials) {
            return Decision.keep();
        }
        double q = direction == Direction.MAXIMIZE ? 100 - percentile : percentile;
        double threshold = nanPercentile(values, q);
        if (Double.isNaN(threshold) || !direction.isBetter(threshold, best)) {
            return Decision.keep();
        }
        return new Decision.Prune(step, rule(), "best value " + Readable.number(best) + " is "
                + (direction == Direction.MAXIMIZE ? "below" : "above") + " the " + rule() + " "
                + Readable.number(threshold) + " of " + values.size() + " trials at step " + step, Map.of());
    }

    /** Trials numbered below {@code me} that may count at {@code step}; those still short of it go to waiting. */
    private static List<FrozenTrial> earlierPeers(History history, FrozenTrial me, int step, List<Integer> waiting) {
        List<FrozenTrial> out = new ArrayList<>();
        for (FrozenTrial t : history.trials()) {
            if (t.number() >= me.number() || t.state() == TrialState.FAIL || t.state() == TrialState.WAITING) {
                continue;
            }
            boolean reached = t.intermediateValues().containsKey(step)
                    || !t.intermediateValues().isEmpty() && t.intermediateValues().lastKey() > step;
            if (t.state() == TrialState.RUNNING && !reached) {
                waiting.add(t.number());
            } else {
                out.add(t);
            }
        }
        return out;
    }

    /** Optuna's rule: judge at the first report at or after each checkpoint warm-up + k·interval. */
    private boolean firstInInterval(int step, SortedMap<Integer, Double> values) {
        int nearestLower = (step - warmupSteps) / intervalSteps * intervalSteps + warmupSteps;
        SortedMap<Integer, Double> before = values.headMap(step);
        int secondLast = before.isEmpty() ? -1 : before.lastKey();
        return secondLast < nearestLower;
    }

    private static double bestSoFar(SortedMap<Integer, Double> values, Direction direction) {
        double best = Double.NaN;
        for (double v : values.values()) {
            if (!Double.isNaN(v) && (Double.isNaN(best) || direction.isBetter(v, best))) {
                best = v;
            }
        }
        return best;
    }

    /** numpy's {@code nanpercentile} with linear interpolation; NaN when every value is NaN. */
    static double nanPercentile(List<Double> values, double q) {
        double[] a = values.stream().mapToDouble(Double::doubleValue).filter(v -> !Double.isNaN(v)).sorted()
                .toArray();
        if (a.length == 0) {
            return Double.NaN;
        }
        double rank = q / 100 * (a.length - 1);
        int lo = (int) Math.floor(rank);
        int hi = Math.min(lo + 1, a.length - 1);
        double frac = rank - lo;
        if (frac == 0 || a[lo] == a[hi]) {
            return a[lo];
        }
        return a[lo] + (a[hi] - a[lo]) * frac;
    }

    private String rule() {
        return percentile == 50 ? "median" : "percentile " + fmt(percentile);
    }

    private static String fmt(double v) {
        return v == Math.rint(v) ? String.valueOf((long) v) : String.valueOf(v);
    }

    @Override
    public String describe() {
        return (percentile == 50 ? "median(" : "percentile(" + fmt(percentile) + ", ") + "startup=" + startupTrials
                + ", warmup=" + warmupSteps + ", interval=" + intervalSteps + ", minTrials=" + minTrials
                + (onlyEarlier ? ", reproducible" : "") + ")";
    }
}
