package io.sweep4j.trial;

import java.util.ArrayList;
import java.util.List;

/**
 * Pareto dominance over trials' values, as Optuna defines it: plain dominance for {@code best_trials}, Deb's
 * constrained dominance for NSGA-II, and non-dominated sorting.
 */
public final class Pareto {
    private Pareto() {
    }

    /**
     * Whether {@code a} dominates {@code b}: no worse in every objective and better in one. NaN is worse than every
     * number (a trial with NaN values never completes, but values read from elsewhere may hold one).
     */
    public static boolean dominates(List<Double> a, List<Double> b, List<Direction> directions) {
        boolean better = false;
        for (int k = 0; k < directions.size(); k++) {
            double x = asLoss(a.get(k), directions.get(k));
            double y = asLoss(b.get(k), directions.get(k));
            if (x > y) {
                return false;
            }
            better |= x < y;
        }
        return better;
    }

    /** A value turned into one to minimize: negated when maximized; NaN becomes +infinity. */
    public static double asLoss(double value, Direction direction) {
        if (Double.isNaN(value)) {
            return Double.POSITIVE_INFINITY;
        }
        return direction == Direction.MAXIMIZE ? -value : value;
    }

    /** Whether any trial stores constraints: then only feasible trials are best, as in Optuna. */
    public static boolean isConstrained(List<FrozenTrial> trials) {
        for (FrozenTrial t : trials) {
            if (t.systemAttributes().containsKey(Attributes.CONSTRAINTS)) {
                return true;
            }
        }
        return false;
    }

    /**
     * Deb's constrained dominance (Optuna's NSGA-II): a trial with constraints beats one without; a feasible trial
     * beats an infeasible one; two infeasible trials compare by total violation; two feasible trials (or two without
     * constraints) by {@link #dominates}. Both trials must be COMPLETE.
     */
    public static boolean constrainedDominates(FrozenTrial a, FrozenTrial b, List<Direction> directions) {
        boolean hasA = a.constraints().isPresent();
        boolean hasB = b.constraints().isPresent();
        if (hasA != hasB) {
            return hasA;
        }
        if (!hasA) {
            return dominates(a.values(), b.values(), directions);
        }
        boolean feasibleA = a.feasible();
        boolean feasibleB = b.feasible();
        if (feasibleA && feasibleB) {
            return dominates(a.values(), b.values(), directions);
        }
        if (feasibleA != feasibleB) {
            return feasibleA;
        }
        return a.violation() < b.violation();
    }

    /**
     * The completed trials with one value per objective that no other such trial dominates, in the given order; in a
     * constrained study only feasible trials count. Trials with equal values are all on the front.
     */
    public static List<FrozenTrial> front(List<FrozenTrial> trials, List<Direction> directions) {
        List<FrozenTrial> candidates = comparable(trials, directions);
        if (isConstrained(trials)) {
            candidates = candidates.stream().filter(FrozenTrial::feasible).toList();
        }
        // in lexicographic order of the losses, no trial dominates one before it, and a dominated trial is dominated
        // by a front member: so each trial is checked against the front found so far, not against every trial
        List<FrozenTrial> sorted = new ArrayList<>(candidates);
        sorted.sort((a, b) -> {
            for (int k = 0; k < directions.size(); k++) {
                int c = Double.compare(asLoss(a.values().get(k), directions.get(k)),
                        asLoss(b.values().get(k), directions.get(k)));
                if (c != 0) {
                    return c;
                }
            }
            return 0;
        });
        List<FrozenTrial> onFront = new ArrayList<>();
        for (FrozenTrial t : sorted) {
            boolean dominated = false;
            for (FrozenTrial f : onFront) {
                if (dominates(f.values(), t.values(), directions)) {
                    dominated = true;
                    break;
                }
            }
            if (!dominated) {
                onFront.add(t);
            }
        }
        java.util.Set<FrozenTrial> members = java.util.Collections.newSetFromMap(new java.util.IdentityHashMap<>());
        members.addAll(onFront);
        return candidates.stream().filter(members::contains).toList();
    }

    /**
     * Non-dominated sorting under {@link #constrainedDominates}: rank 0 is the first front, rank 1 the front once rank
     * 0 is removed, and so on; each front keeps the given order. Only completed trials with one value per objective.
     */
    public static List<List<FrozenTrial>> fronts(List<FrozenTrial> trials, List<Direction> directions) {
        List<FrozenTrial> ts = comparable(trials, directions);
        int n = ts.size();
        // each trial's losses and constraint state read once, as primitives: the pairwise loop runs n² / 2 times,
        // on the whole history for every multi-objective TPE proposal
        double[][] loss = new double[n][directions.size()];
        byte[] kind = new byte[n];
        double[] violation = new double[n];
        for (int i = 0; i < n; i++) {
            FrozenTrial t = ts.get(i);
            for (int k = 0; k < directions.size(); k++) {
                loss[i][k] = asLoss(t.values().get(k), directions.get(k));
            }
            kind[i] = t.constraints().isEmpty() ? UNCONSTRAINED : t.feasible() ? FEASIBLE : INFEASIBLE;
            violation[i] = t.violation();
        }
        int[] dominatedBy = new int[n];
        List<List<Integer>> dominating = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            dominating.add(new ArrayList<>());
        }
        for (int i = 0; i < n; i++) {
            for (int j = i + 1; j < n; j++) {
                if (constrainedDominates(i, j, loss, kind, violation)) {
                    dominating.get(i).add(j);
                    dominatedBy[j]++;
                } else if (constrainedDominates(j, i, loss, kind, violation)) {
                    dominating.get(j).add(i);
                    dominatedBy[i]++;
                }
            }
        }
        List<List<FrozenTrial>> out = new ArrayList<>();
        List<Integer> current = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            if (dominatedBy[i] == 0) {
                current.add(i);
            }
        }
        while (!current.isEmpty()) {
            List<Integer> next = new ArrayList<>();
            for (int i : current) {
                for (int j : dominating.get(i)) {
                    if (--dominatedBy[j] == 0) {
                        next.add(j);
                    }
                }
            }
            out.add(current.stream().sorted().map(ts::get).toList());
            current = next;
        }
        return out;
    }

    private static final byte UNCONSTRAINED = 0;
    private static final byte FEASIBLE = 1;
    private static final byte INFEASIBLE = 2;

    /** {@link #constrainedDominates(FrozenTrial, FrozenTrial, List)} over precomputed losses and constraint states. */
    private static boolean constrainedDominates(int a, int b, double[][] loss, byte[] kind, double[] violation) {
        boolean hasA = kind[a] != UNCONSTRAINED;
        if (hasA != (kind[b] != UNCONSTRAINED)) {
            return hasA;
        }
        if (!hasA || kind[a] == FEASIBLE && kind[b] == FEASIBLE) {
            return dominatesLoss(loss[a], loss[b]);
        }
        if (kind[a] != kind[b]) {
            return kind[a] == FEASIBLE;
        }
        return violation[a] < violation[b];
    }

    private static boolean dominatesLoss(double[] x, double[] y) {
        boolean better = false;
        for (int k = 0; k < x.length; k++) {
            if (x[k] > y[k]) {
                return false;
            }
            better |= x[k] < y[k];
        }
        return better;
    }

    private static List<FrozenTrial> comparable(List<FrozenTrial> trials, List<Direction> directions) {
        return trials.stream()
                .filter(t -> t.state() == TrialState.COMPLETE && t.values().size() == directions.size())
                .toList();
    }
}
