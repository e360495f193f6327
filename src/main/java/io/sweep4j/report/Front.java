package io.sweep4j.report;

import io.sweep4j.trial.Direction;
import io.sweep4j.trial.FrozenTrial;
import io.sweep4j.trial.History;
import io.sweep4j.trial.Hypervolume;
import io.sweep4j.trial.Pareto;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * A multi-objective study's trade-off as its report shows it: the Pareto front ({@link History#paretoFront}), the
 * completed trials it dominates, the infeasible ones (constrained studies), the front's knees, the hypervolume after
 * each trial against a reference point read from the data, and importance judged on each objective apart.
 */
record Front(List<FrozenTrial> front, List<FrozenTrial> dominated, List<FrozenTrial> infeasible, List<Knee> knees,
        List<Double> reference, List<Step> hypervolume, List<Importances> importance) {

    /** Most knees "what won" lists: the chosen one and the next bulges of the front. */
    static final int MAX_KNEES = 3;
    /** How far beyond the worst value seen the reference point lies, as a share of the objective's range. */
    static final double REFERENCE_MARGIN = 0.1;
    /** Most hypervolume measures drawn (see {@link #hypervolume}). */
    static final int MAX_STEPS = 200;

    /** A front trial and how far it bulges toward the ideal point (normalised objective space). */
    record Knee(FrozenTrial trial, double distance) {
    }

    /** The hypervolume of the completed trials up to and including trial {@code number}. */
    record Step(int number, double hypervolume) {
    }

    Front {
        front = List.copyOf(front);
        dominated = List.copyOf(dominated);
        infeasible = List.copyOf(infeasible);
        knees = List.copyOf(knees);
        reference = List.copyOf(reference);
        hypervolume = List.copyOf(hypervolume);
        importance = List.copyOf(importance);
    }

    /** The front of {@code study}, whose {@link History#ranked()} is {@code ranked} (its front, sorted). */
    static Front of(StudyView study, List<FrozenTrial> ranked) {
        History h = study.history();
        List<Direction> dirs = h.directions();
        // History.paretoFront's order: the history's, by trial number
        List<FrozenTrial> front = ranked.stream().sorted(Comparator.comparingInt(FrozenTrial::number)).toList();
        Set<Integer> onFront = new HashSet<>();
        front.forEach(t -> onFront.add(t.number()));
        boolean constrained = Pareto.isConstrained(h.trials());
        List<FrozenTrial> dominated = new ArrayList<>();
        List<FrozenTrial> infeasible = new ArrayList<>();
        for (FrozenTrial t : h.completed()) {
            if (t.values().size() != dirs.size() || onFront.contains(t.number())) {
                continue;
            }
            (constrained && !t.feasible() ? infeasible : dominated).add(t);
        }
        List<FrozenTrial> counted = measured(h);
        double[] reference = reference(counted, dirs);
        List<Importances> importance = new ArrayList<>();
        for (int k = 0; k < dirs.size(); k++) {
            importance.add(Importance.of(study.objective(k)));
        }
        List<Double> ref = new ArrayList<>();
        for (double r : reference) {
            ref.add(r);
        }
        return new Front(front, dominated, infeasible, knees(front, dirs), ref, hypervolume(counted, dirs, reference),
                importance);
    }

    /** The chosen trial: the first knee, the trial a user would pick from the front without a preference. */
    FrozenTrial chosen() {
        return knees.get(0).trial();
    }

    /**
     * The completed trials the hypervolume counts: every value finite, and feasible in a constrained study (an
     * infeasible trial is not a result one could deploy, as in Optuna's hypervolume history).
     */
    static List<FrozenTrial> measured(History h) {
        boolean constrained = Pareto.isConstrained(h.trials());
        return h.completed().stream()
                .filter(t -> t.values().size() == h.directions().size())
                .filter(t -> t.values().stream().allMatch(Double::isFinite))
                .filter(t -> !constrained || t.feasible())
                .toList();
    }

    /**
     * The reference point in minimization form ({@link Pareto#asLoss}): per objective, the worst value among
     * {@code trials}, {@value #REFERENCE_MARGIN} of the objective's range beyond (or 1 when every value is equal), so
     * every trial adds volume, the worst ones a thin slice.
     */
    static double[] reference(List<FrozenTrial> trials, List<Direction> dirs) {
        double[] ref = new double[dirs.size()];
        for (int k = 0; k < ref.length; k++) {
            double lo = Double.POSITIVE_INFINITY;
            double hi = Double.NEGATIVE_INFINITY;
            for (FrozenTrial t : trials) {
                double loss = Pareto.asLoss(t.values().get(k), dirs.get(k));
                lo = Math.min(lo, loss);
                hi = Math.max(hi, loss);
            }
            ref[k] = trials.isEmpty() ? 0 : hi + (hi > lo ? REFERENCE_MARGIN * (hi - lo) : 1);
        }
        return ref;
    }

    /**
     * The hypervolume after each trial that changed it (in trial-number order), from a running front: a trial that
     * an earlier one dominates adds nothing, so only the running front is measured, and only when it changes. Beyond
     * {@value #MAX_STEPS} changes it is measured at an even sample of them and the last (each exact; the line then
     * rises in fewer, larger steps): a 3-objective front of a few hundred trials costs milliseconds per measure.
     */
    static List<Step> hypervolume(List<FrozenTrial> trials, List<Direction> dirs, double[] reference) {
        List<FrozenTrial> byNumber = trials.stream().sorted(Comparator.comparingInt(FrozenTrial::number)).toList();
        int changes = 0;
        List<FrozenTrial> running = new ArrayList<>();
        for (FrozenTrial t : byNumber) {
            changes += extend(running, t, dirs) ? 1 : 0;
        }
        double stride = Math.max(1.0, (double) changes / MAX_STEPS);
        List<Step> out = new ArrayList<>();
        running.clear();
        int change = 0;
        double next = 0;
        for (FrozenTrial t : byNumber) {
            if (extend(running, t, dirs)) {
                if (change >= next || change == changes - 1) {
                    double hv = Hypervolume.ofTrials(running, dirs, reference);
                    // a trial equal to one on the front joins it and adds no volume
                    if (out.isEmpty() || hv > out.get(out.size() - 1).hypervolume()) {
                        out.add(new Step(t.number(), hv));
                    }
                    next += stride;
                }
                change++;
            }
        }
        return out;
    }

    /** Adds {@code t} to the running front unless a trial of it dominates {@code t}; whether it was added. */
    private static boolean extend(List<FrozenTrial> running, FrozenTrial t, List<Direction> dirs) {
        if (running.stream().anyMatch(r -> Pareto.dominates(r.values(), t.values(), dirs))) {
            return false;
        }
        running.removeIf(r -> Pareto.dominates(t.values(), r.values(), dirs));
        running.add(t);
        return true;
    }

    /**
     * The front's knees, the chosen one first. Objectives are normalised over the front to 0 (best) .. 1 (worst).
     * Two objectives: each trial's distance to the line through the two extremes, positive toward the ideal point;
     * the knees are the trials where it peaks along the front (largest first), the first the largest. Three or more
     * (a plane through the extremes is often degenerate on a small front): the trial nearest the ideal point, the
     * others by that distance (the distance is then 1 minus the distance to the ideal point, so larger is better).
     * Trials with an infinite value are left out unless every front trial has one (then the first by objectives).
     */
    static List<Knee> knees(List<FrozenTrial> all, List<Direction> dirs) {
        // a trial with an infinite value (Optuna stores them) has no place on a scaled axis: judged among the rest
        List<FrozenTrial> front = all.stream().filter(t -> t.values().stream().allMatch(Double::isFinite)).toList();
        if (front.isEmpty()) {
            return all.stream().sorted(new History(dirs, all).byObjectives()).limit(1).map(t -> new Knee(t, 0))
                    .toList();
        }
        int d = dirs.size();
        double[] lo = new double[d];
        double[] hi = new double[d];
        java.util.Arrays.fill(lo, Double.POSITIVE_INFINITY);
        java.util.Arrays.fill(hi, Double.NEGATIVE_INFINITY);
        for (FrozenTrial t : front) {
            for (int k = 0; k < d; k++) {
                double v = Pareto.asLoss(t.values().get(k), dirs.get(k));
                lo[k] = Math.min(lo[k], v);
                hi[k] = Math.max(hi[k], v);
            }
        }
        List<FrozenTrial> sorted = front.stream().sorted(new History(dirs, front).byObjectives()).toList();
        List<double[]> p = new ArrayList<>();
        for (FrozenTrial t : sorted) {
            double[] x = new double[d];
            for (int k = 0; k < d; k++) {
                double v = Pareto.asLoss(t.values().get(k), dirs.get(k));
                x[k] = hi[k] > lo[k] ? (v - lo[k]) / (hi[k] - lo[k]) : 0;
            }
            p.add(x);
        }
        List<Knee> out = new ArrayList<>();
        if (d == 2) {
            // sorted best-first in objective 0: the first point is that extreme, the last the other's
            double[] a = p.get(0);
            double[] b = p.get(p.size() - 1);
            double len = Math.hypot(b[0] - a[0], b[1] - a[1]);
            double[] dist = new double[p.size()];
            for (int i = 0; i < p.size(); i++) {
                // the ideal point (0, 0) lies on the negative side of the line a->b: flip so it counts positive
                dist[i] = len == 0 ? 0 : -((b[0] - a[0]) * (p.get(i)[1] - a[1]) - (b[1] - a[1]) * (p.get(i)[0] - a[0]))
                        / len;
            }
            for (int i = 0; i < p.size(); i++) {
                boolean peak = dist[i] > 0 && (i == 0 || dist[i] >= dist[i - 1])
                        && (i == p.size() - 1 || dist[i] >= dist[i + 1]);
                if (peak) {
                    out.add(new Knee(sorted.get(i), dist[i]));
                }
            }
            if (out.isEmpty()) {
                // a straight or concave front has no bulge: the middle of the front is the even compromise
                int mid = (p.size() - 1) / 2;
                out.add(new Knee(sorted.get(mid), dist[mid]));
            }
        } else {
            for (int i = 0; i < p.size(); i++) {
                double s = 0;
                for (double x : p.get(i)) {
                    s += x * x;
                }
                out.add(new Knee(sorted.get(i), 1 - Math.sqrt(s)));
            }
        }
        return out.stream().sorted(Comparator.comparingDouble(Knee::distance).reversed()
                .thenComparingInt(k -> sorted.indexOf(k.trial()))).limit(MAX_KNEES).toList();
    }

    /** Whether some trial of the study stores constraints. */
    static boolean constrained(History h) {
        return Pareto.isConstrained(h.trials());
    }
}
