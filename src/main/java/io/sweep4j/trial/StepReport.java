package io.sweep4j.trial;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.TreeMap;

/**
 * What a running trial reports at one step, stored all together or not at all: the intermediate value (absent when
 * the step's metrics lack the study's metric), user attributes (throughput) and system attributes (the step's metrics
 * under {@code sweep4j:metrics:<step>}, a pruner's {@code completed_rung_k}).
 */
public record StepReport(int step, OptionalDouble value, Map<String, Object> userAttributes,
        Map<String, Object> systemAttributes) {

    public StepReport {
        if (step < 0) {
            throw new IllegalArgumentException("step must be >= 0, got " + step);
        }
        userAttributes = frozen(userAttributes);
        systemAttributes = frozen(systemAttributes);
    }

    /** The study metric's value at {@code step}, nothing else. */
    public static StepReport of(int step, double value) {
        return new StepReport(step, OptionalDouble.of(value), Map.of(), Map.of());
    }

    /**
     * Several metrics at {@code step}, kept in the learning curve; {@code metric}'s, if present, is the intermediate
     * value.
     */
    public static StepReport of(int step, Map<String, Double> metrics, String metric,
            Map<String, Object> userAttributes) {
        Double v = metrics.get(metric);
        // insertion order kept: the stored JSON lists the metrics as the objective gave them
        return new StepReport(step, v == null ? OptionalDouble.empty() : OptionalDouble.of(v), userAttributes,
                Map.of(Attributes.metricsAt(step), Collections.unmodifiableMap(new LinkedHashMap<>(metrics))));
    }


    /** This report with {@code more} system attributes (a pruner's), which replace any of the same key. */
    public StepReport withSystemAttributes(Map<String, Object> more) {
        if (more.isEmpty()) {
            return this;
        }
        Map<String, Object> all = new LinkedHashMap<>(systemAttributes);
        all.putAll(more);
        return new StepReport(step, value, userAttributes, all);
    }

    /** {@code trial} as it will be once this report is stored (what a pruner judges before the write). */
    public FrozenTrial appliedTo(FrozenTrial trial) {
        TreeMap<Integer, Double> curve = new TreeMap<>(trial.intermediateValues());
        value.ifPresent(v -> curve.put(step, v));
        Map<String, Object> user = new LinkedHashMap<>(trial.userAttributes());
        user.putAll(userAttributes);
        Map<String, Object> system = new LinkedHashMap<>(trial.systemAttributes());
        system.putAll(systemAttributes);
        return new FrozenTrial(trial.trialId(), trial.number(), trial.state(), trial.value(), trial.params(),
                trial.distributions(), curve, user, system, trial.start(), trial.complete());
    }

    private static Map<String, Object> frozen(Map<String, Object> m) {
        return m.isEmpty() ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(m));
    }
}
