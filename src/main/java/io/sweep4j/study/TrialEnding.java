package io.sweep4j.study;

import io.sweep4j.prune.Decision;
import io.sweep4j.trial.Attributes;
import io.sweep4j.trial.FailureKind;
import io.sweep4j.trial.TrialState;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * How one run of an objective ended, as it is stored: the state, the value (a pruned trial's last finite report),
 * and the system attributes that say why (failure reason, interruption, the pruner's step, rule and reason).
 */
record TrialEnding(TrialState state, Double value, Map<String, Object> attributes) {
    private static final Logger LOG = LoggerFactory.getLogger(TrialEnding.class);

    TrialEnding {
        attributes = Collections.unmodifiableMap(new LinkedHashMap<>(attributes));
    }

    /**
     * Runs {@code objective} on {@code trial}; whatever it throws ends this trial alone. An unexpected exception is
     * logged with its stack trace when {@code traced} does not hold its kind yet: a broken objective fails every
     * trial the same way, and one trace finds it (the listener still gives each failure its line).
     */
    static TrialEnding run(Objective objective, Trial trial, Set<String> traced) {
        Map<String, Object> attrs = new LinkedHashMap<>();
        try {
            double v = objective.evaluate(trial);
            if (Double.isNaN(v)) {
                attrs.put(Attributes.FAIL_REASON, "the objective returned NaN");
                return new TrialEnding(TrialState.FAIL, null, attrs);
            }
            return new TrialEnding(TrialState.COMPLETE, v, attrs);
        } catch (TrialPrunedException e) {
            Double value = null;
            var last = trial.intermediateValues();
            if (!last.isEmpty() && !Double.isNaN(last.get(last.lastKey()))) {
                value = last.get(last.lastKey());
            }
            attrs.put(Attributes.PRUNED_REASON, trial.prunedBy().map(Decision.Prune::reason)
                    .orElse(String.valueOf(e.getMessage())));
            trial.prunedBy().ifPresent(p -> {
                attrs.put(Attributes.PRUNED_STEP, p.step());
                attrs.put(Attributes.PRUNED_RULE, p.rule());
            });
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
