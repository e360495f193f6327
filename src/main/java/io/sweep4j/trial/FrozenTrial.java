package io.sweep4j.trial;

import io.sweep4j.space.Distribution;
import io.sweep4j.space.Params;
import java.time.Instant;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * One trial as stored at one moment: parameters, value, learning curve, attributes and timings.
 *
 * <p>{@code trialId} is the storage's key, {@code number} the study-local 0-based count users see.
 * Attributes hold JSON-shaped values (String, Number, Boolean, List, Map, or null).
 */
public record FrozenTrial(
        long trialId,
        int number,
        TrialState state,
        Double value,
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
        // a study's history holds every trial: empty parts (most trials have no user attributes) take no memory
        distributions = frozen(distributions);
        intermediateValues = intermediateValues.isEmpty() ? Collections.emptySortedMap()
                : Collections.unmodifiableSortedMap(new TreeMap<>(intermediateValues));
        userAttributes = frozen(userAttributes);
        systemAttributes = frozen(systemAttributes);
    }

    private static <V> Map<String, V> frozen(Map<String, V> m) {
        return m.isEmpty() ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(m));
    }

    public OptionalDouble valueIfComplete() {
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
