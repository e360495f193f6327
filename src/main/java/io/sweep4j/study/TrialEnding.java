package io.sweep4j.study;

import io.sweep4j.prune.Decision;
import io.sweep4j.trial.Attributes;
import io.sweep4j.trial.FailureKind;
import io.sweep4j.trial.TrialState;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * How one run of an objective ended, as it is stored: the state, one value per objective (a pruned single-objective
 * trial's last finite report; none for a pruned trial with several objectives, as in Optuna), the system attributes
 * that say why (failure reason, interruption, the pruner's step, rule and reason) and the constraints' values; and
 * whether the run must stop, because the study's definition names a value its trials do not have.
 */
record TrialEnding(TrialState state, List<Double> values, Map<String, Object> attributes, boolean stopsRun) {
    private static final Logger LOG = LoggerFactory.getLogger(TrialEnding.class);

    TrialEnding {
        values = Collections.unmodifiableList(new ArrayList<>(values));
        attributes = Collections.unmodifiableMap(new LinkedHashMap<>(attributes));
    }

    private TrialEnding(TrialState state, Double value, Map<String, Object> attributes) {
        this(state, value == null ? List.of() : List.of(value), attributes, false);
    }

    /** The first objective's value (the only one's, in a single-objective study), or null. */
    Double value() {
        return values.isEmpty() ? null : values.get(0);
    }

    /**
     * Runs {@code objective} on {@code trial}; whatever it throws ends this trial alone. An unexpected exception is
     * logged with its stack trace when {@code traced} does not hold its kind yet: a broken objective fails every
     * trial the same way, and one trace finds it (the listener still gives each failure its line).
     */
    static TrialEnding run(Objective objective, Objectives objectives, Trial trial, Set<String> traced) {
        Map<String, Object> attrs = new LinkedHashMap<>();
        try {
            return measured(objectives, trial.measured(objective.values(trial)), attrs);
        } catch (Measured.MissingValueException e) {
            attrs.put(Attributes.FAIL_REASON, e.getMessage());
            return new TrialEnding(TrialState.FAIL, List.of(), attrs, true);
        } catch (TrialPrunedException e) {
            Double value = null;
            var last = trial.intermediateValues();
            if (!objectives.several() && !last.isEmpty() && !Double.isNaN(last.get(last.lastKey()))) {
                value = last.get(last.lastKey());
            }
            attrs.put(Attributes.PRUNED_REASON, trial.prunedBy().map(Decision.Prune::reason)
                    .orElse(String.valueOf(e.getMessage())));
            trial.prunedBy().ifPresent(p -> {
                attrs.put(Attributes.PRUNED_STEP, p.step());
                attrs.put(Attributes.PRUNED_RULE, p.rule());
            });
            prunedConstraints(objectives, trial).ifPresent(c -> attrs.put(Attributes.CONSTRAINTS, c));
            return new TrialEnding(TrialState.PRUNED, value, attrs);
        } catch (TrialInterruptedException e) {
            attrs.put(Attributes.FAIL_REASON, "interrupted");
            attrs.put(Attributes.INTERRUPTED, true);
            if (e.byStop()) {
                attrs.put(Attributes.STOPPED, true);
            }
            return new TrialEnding(TrialState.FAIL, null, attrs);
        } catch (OutOfMemoryError e) {
            // the objective's frames are gone by now, so what it allocated can be collected and the study goes on
            attrs.put(Attributes.FAIL_REASON, "out of memory: " + e.getMessage()
                    + " (a smaller batch size or model, or a larger -Xmx, would fit)");
            return new TrialEnding(TrialState.FAIL, null, attrs);
        } catch (Throwable e) {
            String reason = describe(e);
            attrs.put(Attributes.FAIL_REASON, reason);
            if (!(e instanceof TrialFailedException)) {
                // an unexpected exception is a bug (the objective's or ours): its stack is what finds it
                attrs.put(Attributes.ERROR, e.getClass().getName());
                if (traced.add(FailureKind.key(reason))) {
                    LOG.warn("trial {} failed with {}", trial.number(), e.toString(), e);
                }
            }
            return new TrialEnding(TrialState.FAIL, null, attrs);
        }
    }

    /**
     * A trial whose objective returned: its value for each objective in order and its constraints' values. NaN fails
     * it as in Optuna (a value must be a number), naming the objective when there are several.
     */
    private static TrialEnding measured(Objectives objectives, Measured m, Map<String, Object> attrs) {
        List<Double> values = new ArrayList<>();
        for (Objectives.Goal g : objectives.goals()) {
            double v = m.get(g.name());
            if (Double.isNaN(v)) {
                attrs.put(Attributes.FAIL_REASON, objectives.several() ? "objective " + g.name() + " is NaN (each"
                        + " objective's value must be a number, as in Optuna)" : "the objective returned NaN");
                return new TrialEnding(TrialState.FAIL, null, attrs);
            }
            values.add(v);
        }
        if (!objectives.constraints().isEmpty()) {
            List<Double> constraints = new ArrayList<>();
            for (Constraint c : objectives.constraints()) {
                double v = c.violation(m);
                if (Double.isNaN(v)) {
                    attrs.put(Attributes.FAIL_REASON, "constraint " + c.describe() + " is NaN (a constraint must be a"
                            + " number, ≤ 0 when satisfied, as in Optuna)");
                    return new TrialEnding(TrialState.FAIL, null, attrs);
                }
                constraints.add(v);
            }
            attrs.put(Attributes.CONSTRAINTS, constraints);
        }
        return new TrialEnding(TrialState.COMPLETE, values, attrs, false);
    }

    /**
     * A pruned trial's constraints, as Optuna stores them for pruned trials too, when every value they name was
     * measured before the pruning (a value measured after training, such as a latency, may not be): else none.
     */
    private static Optional<List<Double>> prunedConstraints(Objectives objectives, Trial trial) {
        if (objectives.constraints().isEmpty()) {
            return Optional.empty();
        }
        Measured m = trial.measured(Map.of());
        List<Double> out = new ArrayList<>();
        for (Constraint c : objectives.constraints()) {
            double v;
            try {
                v = c.violation(m);
            } catch (RuntimeException e) {
                return Optional.empty();
            }
            if (Double.isNaN(v)) {
                return Optional.empty();
            }
            out.add(v);
        }
        return Optional.of(out);
    }

    /** Why the trial ended as it did (failure or pruning); empty for a completed trial. */
    String reason() {
        Object why = attributes.getOrDefault(Attributes.FAIL_REASON, attributes.get(Attributes.PRUNED_REASON));
        return why == null ? "" : why.toString();
    }

    private static String describe(Throwable e) {
        String msg = e.getMessage();
        if (e instanceof TrialFailedException) {
            return msg;
        }
        String cls = e.getClass().getSimpleName();
        return msg == null || msg.isBlank() ? cls : cls + ": " + msg;
    }
}
