package io.sweep4j.sampler;

import io.sweep4j.space.CategoricalDistribution;
import io.sweep4j.space.Param;
import io.sweep4j.space.SearchSpace;
import io.sweep4j.trial.Direction;
import io.sweep4j.trial.FrozenTrial;
import io.sweep4j.trial.History;
import io.sweep4j.trial.Pareto;
import io.sweep4j.trial.TrialState;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/**
 * What {@link TpeSampler} learns from: the usable trials as primitive columns, per parameter the unit value (choice
 * index for categoricals, NaN when inactive), indexed by row; rows are in trial-number order, {@code ranked} lists
 * them best first: complete trials (by value; with several objectives in trial order, {@link #split} ranks them),
 * then pruned ones (deepest first, then by last value), then, in a study storing constraints, infeasible ones (least
 * violation first; complete or pruned, as Optuna), then running ones.
 */
record TpeObservations(double[][] unit, int[] ranked, List<FrozenTrial> trials, byte[] kind,
                       List<Direction> directions) {
    static final byte COMPLETE = 0;
    static final byte PRUNED = 1;
    static final byte INFEASIBLE = 2;
    static final byte RUNNING = 3;

    /**
     * The observations for trial {@code currentTrial}; {@code stepDirection} is the direction of the metric trials
     * report per step (in a study of several objectives the pruned one, not necessarily the first), which ranks
     * pruned trials by their last reported value.
     */
    static TpeObservations of(SearchSpace space, History history, int currentTrial, boolean constantLiar,
                              Direction stepDirection) {
        Direction direction = history.direction();
        boolean severalObjectives = history.isMultiObjective();
        boolean constrained = Pareto.isConstrained(history.trials());
        List<FrozenTrial> used = new ArrayList<>();
        for (FrozenTrial t : history.trials()) {
            if (t.number() == currentTrial || t.params().size() == 0) {
                continue;
            }
            boolean complete = t.state() == TrialState.COMPLETE && t.values().size() == history.directions().size()
                    && t.values().stream().noneMatch(v -> v.isNaN());
            if (complete || t.state() == TrialState.PRUNED || (constantLiar && t.state() == TrialState.RUNNING)) {
                used.add(t);
            }
        }
        used.sort(Comparator.comparingInt(FrozenTrial::number));
        List<Param> params = space.params();
        int n = used.size();
        double[][] unit = new double[params.size()][n];
        byte[] kind = new byte[n];
        // rank key: complete trials by value, then pruned ones (deepest first, then by last value), then infeasible
        // ones by violation, then running ones
        long[] tier = new long[n];
        double[] score = new double[n];
        for (int r = 0; r < n; r++) {
            FrozenTrial t = used.get(r);
            Map<String, Object> values = t.params().asMap();
            for (int i = 0; i < params.size(); i++) {
                unit[i][r] = unitValue(params.get(i), values);
            }
            double sign = direction == Direction.MAXIMIZE ? -1 : 1;
            double stepSign = stepDirection == Direction.MAXIMIZE ? -1 : 1;
            if (t.state() == TrialState.RUNNING) {
                kind[r] = RUNNING;
                tier[r] = Long.MAX_VALUE;
            } else if (constrained && t.violation() > 0) {
                // as Optuna: a finished trial without constraints in a constrained study is infeasible, and last
                kind[r] = INFEASIBLE;
                tier[r] = Long.MAX_VALUE - 1;
                score[r] = t.violation();
            } else if (t.state() == TrialState.COMPLETE) {
                kind[r] = COMPLETE;
                tier[r] = 0;
                score[r] = severalObjectives ? 0 : sign * t.value();
            } else if (!t.intermediateValues().isEmpty()) {
                kind[r] = PRUNED;
                tier[r] = 1 + (Integer.MAX_VALUE - (long) t.intermediateValues().lastKey());
                double last = t.intermediateValues().get(t.intermediateValues().lastKey());
                score[r] = Double.isNaN(last) ? Double.POSITIVE_INFINITY : stepSign * last;
            } else {
                kind[r] = PRUNED;
                tier[r] = Long.MAX_VALUE - 2;
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
        return new TpeObservations(unit, ranked, List.copyOf(used), kind, history.directions());
    }

    /**
     * The good group ({@code [0]}, {@code n} of {@code rows}) and the rest ({@code [1]}), for rows given as
     * {@link #rankedWhereActive} lists them. One objective: the first {@code n}. Several: Optuna's split of the
     * complete trials ({@link ParetoSplit#good}), then pruned, infeasible and running ones in rank order.
     */
    int[][] split(int[] rows, int n) {
        if (directions.size() == 1) {
            return new int[][] {Arrays.copyOfRange(rows, 0, n), Arrays.copyOfRange(rows, n, rows.length)};
        }
        int complete = 0;
        while (complete < rows.length && kind[rows[complete]] == COMPLETE) {
            complete++;
        }
        List<FrozenTrial> completeTrials = new ArrayList<>(complete);
        for (int i = 0; i < complete; i++) {
            completeTrials.add(trials.get(rows[i]));
        }
        boolean[] chosen = ParetoSplit.good(completeTrials, directions, n);
        int[] good = new int[n];
        int[] rest = new int[rows.length - n];
        int g = 0;
        int o = 0;
        for (int i = 0; i < rows.length; i++) {
            if (i < complete ? chosen[i] : g < n) {
                good[g++] = rows[i];
            } else {
                rest[o++] = rows[i];
            }
        }
        return new int[][] {good, rest};
    }

    /** The good kernels' weights for {@code rows} (in trial order): by age as Optuna, or by hypervolume contribution. */
    double[] goodWeights(int[] rows) {
        if (directions.size() == 1) {
            return TpeSampler.weights(rows.length);
        }
        List<FrozenTrial> good = new ArrayList<>(rows.length);
        boolean[] completeFeasible = new boolean[rows.length];
        boolean[] infeasible = new boolean[rows.length];
        for (int i = 0; i < rows.length; i++) {
            good.add(trials.get(rows[i]));
            completeFeasible[i] = kind[rows[i]] == COMPLETE;
            infeasible[i] = kind[rows[i]] == INFEASIBLE;
        }
        return ParetoSplit.weights(good, completeFeasible, infeasible, directions);
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
