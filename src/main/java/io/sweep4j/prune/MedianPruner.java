package io.sweep4j.prune;

import io.sweep4j.trial.Direction;
import io.sweep4j.trial.FrozenTrial;
import io.sweep4j.trial.History;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalDouble;

/**
 * Prunes a trial whose best value so far is worse than the median of earlier trials' values at the same step
 * (Optuna's MedianPruner), after {@code startupTrials} completed trials and {@code warmupSteps} steps.
 */
public record MedianPruner(int startupTrials, int warmupSteps) implements Pruner {

    public MedianPruner {
        if (startupTrials < 0 || warmupSteps < 0) {
            throw new IllegalArgumentException("startupTrials and warmupSteps must be >= 0");
        }
    }

    @Override
    public boolean shouldPrune(FrozenTrial running, History history) {
        if (running.intermediateValues().isEmpty()) {
            return false;
        }
        int step = running.intermediateValues().lastKey();
        if (step < warmupSteps) {
            return false;
        }
        List<FrozenTrial> completed = history.completed();
        if (completed.size() < startupTrials) {
            return false;
        }
        Direction dir = history.direction();
        List<Double> others = new ArrayList<>();
        for (FrozenTrial t : completed) {
            OptionalDouble best = bestUpTo(t, step, dir);
            best.ifPresent(others::add);
        }
        if (others.isEmpty()) {
            return false;
        }
        double median = median(others);
        double mine = bestUpTo(running, step, dir).orElse(Double.NaN);
        if (Double.isNaN(mine)) {
            return true;
        }
        return dir.isBetter(median, mine);
    }

    private static OptionalDouble bestUpTo(FrozenTrial t, int step, Direction dir) {
        double best = Double.NaN;
        for (var e : t.intermediateValues().headMap(step + 1).entrySet()) {
            double v = e.getValue();
            if (!Double.isNaN(v) && (Double.isNaN(best) || dir.isBetter(v, best))) {
                best = v;
            }
        }
        return Double.isNaN(best) ? OptionalDouble.empty() : OptionalDouble.of(best);
    }

    private static double median(List<Double> values) {
        List<Double> sorted = new ArrayList<>(values);
        sorted.sort(Double::compare);
        int n = sorted.size();
        return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
    }

    @Override
    public String describe() {
        return "median(startup=" + startupTrials + ", warmup=" + warmupSteps + ")";
    }
}
