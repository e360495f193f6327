package io.sweep4j.report;

import io.sweep4j.space.Distribution;
import io.sweep4j.trial.FrozenTrial;
import io.sweep4j.trial.TrialState;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.TreeMap;

/**
 * The trials an analysis judges, each with the value it is judged by: the final values of completed trials, or the
 * study's metric at one step, which pruned trials reached too. With a pruner most trials stop early (ASHA leaves 2
 * complete trials of 20), and what they measured before they stopped is most of what the study knows.
 */
public record Basis(String metric, OptionalInt step, List<Measured> trials) {
    /**
     * Fewest trials a step must hold to be judged on, and fewest points a contour is drawn from: below 10 an
     * interpolated plane shows the gaps between the trials more than the trials.
     */
    public static final int MIN_TRIALS = 10;

    /** One trial and the value it is judged by. */
    public record Measured(FrozenTrial trial, double value) {
    }

    public Basis {
        trials = List.copyOf(trials);
    }

    /** The completed trials with a finite value. */
    public static Basis completed(StudyView study) {
        List<Measured> out = new ArrayList<>();
        for (FrozenTrial t : study.history().completed()) {
            if (t.value() != null && Double.isFinite(t.value())) {
                out.add(new Measured(t, t.value()));
            }
        }
        return new Basis(study.metric(), OptionalInt.empty(), out);
    }

    /**
     * The study's metric at the deepest step that at least {@value #MIN_TRIALS} completed or pruned trials reported,
     * if that step holds at least twice as many trials as have completed: with fewer, the completed trials' final
     * values say nearly as much and say it better (a median pruner that stopped 2 of 27 trials adds nothing).
     */
    public static Optional<Basis> deepestStep(StudyView study) {
        List<FrozenTrial> measured = study.history().inState(TrialState.COMPLETE, TrialState.PRUNED);
        TreeMap<Integer, Integer> reached = new TreeMap<>();
        for (FrozenTrial t : measured) {
            t.intermediateValues().forEach((step, v) -> {
                if (v != null && Double.isFinite(v)) {
                    reached.merge(step, 1, Integer::sum);
                }
            });
        }
        int completed = completed(study).trials().size();
        for (Map.Entry<Integer, Integer> e : reached.descendingMap().entrySet()) {
            if (e.getValue() >= MIN_TRIALS) {
                if (e.getValue() < 2 * completed) {
                    return Optional.empty();
                }
                int step = e.getKey();
                List<Measured> out = new ArrayList<>();
                for (FrozenTrial t : measured) {
                    Double v = t.intermediateValues().get(step);
                    if (v != null && Double.isFinite(v)) {
                        out.add(new Measured(t, v));
                    }
                }
                return Optional.of(new Basis(study.metric(), OptionalInt.of(step), out));
            }
        }
        return Optional.empty();
    }

    /** "12 completed trials" or "val_accuracy at step 1, 20 trials (complete and pruned)". */
    public String label() {
        return step.isPresent()
                ? String.format(Locale.ROOT, "%s at step %d, %d trials (complete and pruned)", metric,
                        step.getAsInt(), trials.size())
                : trials.size() + " completed trials";
    }

    /** The label, not every trial: a message or a log line stays one line. */
    @Override
    public String toString() {
        return "Basis[" + label() + "]";
    }

    /** What the value is: "val_accuracy" or "val_accuracy at step 1". */
    public String valueName() {
        return step.isPresent() ? metric + " at step " + step.getAsInt() : metric;
    }

    /**
     * The parameters every one of these trials has, each with one distribution in all of them (a range changed
     * between runs is left out, as in Optuna's intersection search space), in the order of {@code names}.
     */
    public Map<String, Distribution> shared(Iterable<String> names) {
        Map<String, Distribution> out = new LinkedHashMap<>();
        if (trials.isEmpty()) {
            return out;
        }
        for (String n : names) {
            Distribution d = trials.get(0).trial().distributions().get(n);
            if (d != null && trials.stream().allMatch(m -> d.equals(m.trial().distributions().get(n)))) {
                out.put(n, d);
            }
        }
        return out;
    }
}
