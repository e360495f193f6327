package io.sweep4j.sampler;

import io.sweep4j.space.CategoricalDistribution;
import io.sweep4j.space.Param;
import io.sweep4j.space.SearchSpace;
import io.sweep4j.trial.Direction;
import io.sweep4j.trial.FrozenTrial;
import io.sweep4j.trial.History;
import io.sweep4j.trial.TrialState;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/**
 * What {@link TpeSampler} learns from: the usable trials as primitive columns, per parameter the unit value (choice
 * index for categoricals, NaN when inactive), indexed by row; rows are in trial-number order, {@code ranked} lists
 * them best first (complete trials by value, then pruned ones, deepest first, then running ones).
 */
record TpeObservations(double[][] unit, int[] ranked) {
    static TpeObservations of(SearchSpace space, History history, int currentTrial, boolean constantLiar) {
        Direction direction = history.direction();
        List<FrozenTrial> used = new ArrayList<>();
        for (FrozenTrial t : history.trials()) {
            if (t.number() == currentTrial || t.params().size() == 0) {
                continue;
            }
            boolean complete = t.state() == TrialState.COMPLETE && t.value() != null && !t.value().isNaN();
            if (complete || t.state() == TrialState.PRUNED || (constantLiar && t.state() == TrialState.RUNNING)) {
                used.add(t);
            }
        }
        used.sort(Comparator.comparingInt(FrozenTrial::number));
        List<Param> params = space.params();
        int n = used.size();
        double[][] unit = new double[params.size()][n];
        // rank key: complete trials by value, then pruned ones (deepest first, then by last value), then running
        long[] tier = new long[n];
        double[] score = new double[n];
        for (int r = 0; r < n; r++) {
            FrozenTrial t = used.get(r);
            Map<String, Object> values = t.params().asMap();
            for (int i = 0; i < params.size(); i++) {
                unit[i][r] = unitValue(params.get(i), values);
            }
            double sign = direction == Direction.MAXIMIZE ? -1 : 1;
            if (t.state() == TrialState.COMPLETE) {
                tier[r] = 0;
                score[r] = sign * t.value();
            } else if (t.state() == TrialState.PRUNED && !t.intermediateValues().isEmpty()) {
                tier[r] = 1 + (Integer.MAX_VALUE - (long) t.intermediateValues().lastKey());
                double last = t.intermediateValues().get(t.intermediateValues().lastKey());
                score[r] = Double.isNaN(last) ? Double.POSITIVE_INFINITY : sign * last;
            } else {
                tier[r] = t.state() == TrialState.PRUNED ? Long.MAX_VALUE - 1 : Long.MAX_VALUE;
                score[r] = 0;
            }
        }
        Integer[] order = new Integer[n];
        for (int r = 0; r < n; r++) {
            order[r] = r;
        }
        Arrays.sort(order, (a, b) -> tier[a] != tier[b] ? Long.compare(tier[a], tier[b])
                : score[a] != score[b] ? Double.compare(score[a], score[b]) : Integer.compare(a, b));
        int[] ranked = new int[n];
        for (int r = 0; r < n; r++) {
            ranked[r] = order[r];
        }
        return new TpeObservations(unit, ranked);
    }

    private static double unitValue(Param p, Map<String, Object> params) {
        Object v = params.get(p.name());
        if (v == null) {
            return Double.NaN;
        }
        if (p.distribution() instanceof CategoricalDistribution c) {
            int i = c.indexOf(v);
            return i < 0 ? Double.NaN : i;
        }
        if (!(v instanceof Number)) {
            return Double.NaN;
        }
        return Math.min(Math.nextDown(1.0), Math.max(0, p.distribution().toUnit(v)));
    }

    int[] rankedWhereActive(int[] group) {
        int[] out = new int[ranked.length];
        int k = 0;
        for (int r : ranked) {
            boolean active = true;
            for (int g : group) {
                if (Double.isNaN(unit[g][r])) {
                    active = false;
                    break;
                }
            }
            if (active) {
                out[k++] = r;
            }
        }
        return Arrays.copyOf(out, k);
    }
}
