package io.sweep4j.trial;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * A study's trials as seen at one moment, in trial-number order, with the direction of each of the study's
 * objectives; what samplers and pruners decide from.
 */
public record History(List<Direction> directions, List<FrozenTrial> trials) {

    public History {
        directions = List.copyOf(directions);
        if (directions.isEmpty()) {
            throw new IllegalArgumentException("a study has at least one objective");
        }
        trials = List.copyOf(trials);
    }

    /** The history of a single-objective study. */
    public History(Direction direction, List<FrozenTrial> trials) {
        this(List.of(direction), trials);
    }

    /** The direction of the first objective (the only one, in a single-objective study). */
    public Direction direction() {
        return directions.get(0);
    }

    /** Whether the study has more than one objective. */
    public boolean isMultiObjective() {
        return directions.size() > 1;
    }

    /** This history's directions with other trials (a subset, or trials seen later). */
    public History withTrials(List<FrozenTrial> others) {
        return new History(directions, others);
    }

    /** Trials in the given states. */
    public List<FrozenTrial> inState(TrialState... states) {
        List<FrozenTrial> out = new ArrayList<>();
        for (FrozenTrial t : trials) {
            for (TrialState s : states) {
                if (t.state() == s) {
                    out.add(t);
                    break;
                }
            }
        }
        return out;
    }

    public List<FrozenTrial> completed() {
        return inState(TrialState.COMPLETE);
    }

    /**
     * The best completed trial of a single-objective study; NaN values never win, and in a constrained study (some
     * trial stores constraints) only a feasible trial wins, as Optuna's {@code best_trial}. In a multi-objective
     * study, the first trial of {@link #ranked()} (the Pareto front's best in the first objective).
     */
    public Optional<FrozenTrial> best() {
        return ranked().stream().findFirst();
    }

    /**
     * Single objective: completed trials with a finite or infinite (not NaN) value, best first, ties by trial number;
     * in a constrained study the feasible ones only. Several objectives: the {@link #paretoFront()}, sorted by the
     * first objective (best first), then the next, then trial number.
     */
    public List<FrozenTrial> ranked() {
        if (isMultiObjective()) {
            return paretoFront().stream().sorted(byObjectives()).toList();
        }
        return rankedBy(0);
    }

    /**
     * Completed trials ranked by objective {@code k} alone, as a single-objective study ranks them: a finite or
     * infinite (not NaN) value, best first in that objective's direction, ties by trial number; in a constrained study
     * the feasible ones only.
     */
    public List<FrozenTrial> rankedBy(int k) {
        if (k < 0 || k >= directions.size()) {
            throw new IndexOutOfBoundsException("objective " + k + " of " + directions.size());
        }
        Comparator<FrozenTrial> byValue = Comparator.comparingDouble(t -> t.values().get(k));
        if (directions.get(k) == Direction.MAXIMIZE) {
            byValue = byValue.reversed();
        }
        boolean constrained = Pareto.isConstrained(trials);
        return completed().stream()
                .filter(t -> t.values().size() > k && !t.values().get(k).isNaN())
                .filter(t -> !constrained || t.feasible())
                .sorted(byValue.thenComparingInt(FrozenTrial::number))
                .toList();
    }

    /**
     * The completed trials no other completed trial dominates (in a constrained study: among the feasible ones), in
     * trial-number order: Optuna's {@code best_trials}.
     */
    public List<FrozenTrial> paretoFront() {
        return Pareto.front(trials, directions);
    }

    /** Orders trials by each objective in turn, best first in its direction, then by number. */
    public Comparator<FrozenTrial> byObjectives() {
        Comparator<FrozenTrial> c = (a, b) -> 0;
        for (int k = 0; k < directions.size(); k++) {
            int i = k;
            Comparator<FrozenTrial> one = Comparator.comparingDouble(t -> t.values().get(i));
            c = c.thenComparing(directions.get(k) == Direction.MAXIMIZE ? one.reversed() : one);
        }
        return c.thenComparingInt(FrozenTrial::number);
    }
}
