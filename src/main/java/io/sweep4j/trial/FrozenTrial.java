package io.sweep4j.trial;

import io.sweep4j.space.Distribution;
import io.sweep4j.space.Params;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * One trial as stored at one moment: parameters, values, learning curve, attributes and timings.
 *
 * <p>{@code trialId} is the storage's key, {@code number} the study-local 0-based count users see. {@code values}
 * holds one value per objective of the study, in the study's order, or none (a trial that did not complete).
 * Attributes hold JSON-shaped values (String, Number, Boolean, List, Map, or null).
 */
public record FrozenTrial(
        long trialId,
        int number,
        TrialState state,
        List<Double> values,
        Params params,
        Map<String, Distribution> distributions,
        SortedMap<Integer, Double> intermediateValues,
        Map<String, Object> userAttributes,
        Map<String, Object> systemAttributes,
        Instant start,
        Instant complete) {

    /** The order trials ended in: completion time, then number (a trial without one counts as the earliest). */
    public static final Comparator<FrozenTrial> BY_END = Comparator
            .comparing((FrozenTrial t) -> t.complete() == null ? Instant.MIN : t.complete())
            .thenComparingInt(FrozenTrial::number);

    public FrozenTrial {
        values = values == null ? List.of() : List.copyOf(values);
        // a study's history holds every trial: empty parts (most trials have no user attributes) take no memory
        distributions = frozen(distributions);
        intermediateValues = intermediateValues.isEmpty() ? Collections.emptySortedMap()
                : Collections.unmodifiableSortedMap(new TreeMap<>(intermediateValues));
        userAttributes = frozen(userAttributes);
        systemAttributes = frozen(systemAttributes);
    }

    /** A trial of a single-objective study: {@code value} is its one value, or null if it has none. */
    public FrozenTrial(long trialId, int number, TrialState state, Double value, Params params,
            Map<String, Distribution> distributions, SortedMap<Integer, Double> intermediateValues,
            Map<String, Object> userAttributes, Map<String, Object> systemAttributes, Instant start, Instant complete) {
        this(trialId, number, state, value == null ? List.of() : List.of(value), params, distributions,
                intermediateValues, userAttributes, systemAttributes, start, complete);
    }

    /** The value of the first objective (the study's only one, for most studies), or null if there is none. */
    public Double value() {
        return values.isEmpty() ? null : values.get(0);
    }

    /**
     * The constraint values stored with the trial as Optuna stores {@code constraints_func} results (system attribute
     * {@code constraints}; each ≤ 0 when satisfied), or empty if the trial has none.
     */
    public Optional<List<Double>> constraints() {
        if (!(systemAttributes.get(Attributes.CONSTRAINTS) instanceof List<?> list)) {
            return Optional.empty();
        }
        List<Double> out = new ArrayList<>(list.size());
        for (Object o : list) {
            out.add(o instanceof Number n ? n.doubleValue() : Double.NaN);
        }
        return Optional.of(List.copyOf(out));
    }

    /**
     * Whether every stored constraint is satisfied (≤ 0). A trial without constraints counts as infeasible, as in
     * Optuna, which decides only in studies where some trial has them ({@link Pareto#isConstrained}).
     */
    public boolean feasible() {
        return constraints().map(c -> c.stream().allMatch(v -> v <= 0.0)).orElse(false);
    }

    /** The sum of the positive constraint values (0 for a feasible trial; infinite when it has none). */
    public double violation() {
        return constraints().map(c -> c.stream().mapToDouble(v -> Double.isNaN(v) ? Double.POSITIVE_INFINITY
                : Math.max(0.0, v)).sum()).orElse(Double.POSITIVE_INFINITY);
    }

    private static <V> Map<String, V> frozen(Map<String, V> m) {
        return m.isEmpty() ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(m));
    }

    public OptionalDouble valueIfComplete() {
        Double value = value();
        return state == TrialState.COMPLETE && value != null ? OptionalDouble.of(value) : OptionalDouble.empty();
    }

    /**
     * Whether the trial ended FAIL because its run stopped (Ctrl-C, a kill, a lost worker), not because of its
     * parameters: such trials are retried and not counted in budgets.
     */
    public boolean interrupted() {
        return state == TrialState.FAIL && Boolean.TRUE.equals(systemAttributes.get(Attributes.INTERRUPTED));
    }

    /** The failure reason sweep4j stored, if any. */
    public Optional<String> failReason() {
        Object r = systemAttributes.get(Attributes.FAIL_REASON);
        if (r == null) {
            r = systemAttributes.get(Attributes.OPTUNA_FAIL_REASON);
        }
        return Optional.ofNullable(r).map(String::valueOf);
    }

    /** For a pruned trial, the step and the rule that stopped it, e.g. {@code pruned at step 3 by asha rung 1}. */
    public Optional<String> prunedBy() {
        Object step = systemAttributes.get(Attributes.PRUNED_STEP);
        Object rule = systemAttributes.get(Attributes.PRUNED_RULE);
        if (state != TrialState.PRUNED || step == null) {
            return Optional.empty();
        }
        return Optional.of("pruned at step " + step + (rule == null ? "" : " by " + rule));
    }

    /** Wall time from start to completion, if both are known. */
    public Optional<java.time.Duration> duration() {
        return start != null && complete != null ? Optional.of(java.time.Duration.between(start, complete))
                : Optional.empty();
    }

    /** The last reported intermediate value, if any. */
    public OptionalDouble lastIntermediate() {
        return intermediateValues.isEmpty() ? OptionalDouble.empty()
                : OptionalDouble.of(intermediateValues.get(intermediateValues.lastKey()));
    }
}
