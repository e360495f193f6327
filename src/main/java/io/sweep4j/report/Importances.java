package io.sweep4j.report;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Importance of a study's parameters on one {@link Basis}: of those every judged trial has, as Optuna's
 * {@code PedAnovaImportanceEvaluator} gives them (sums to 1, most important first); and of each conditional
 * parameter apart, judged among the trials that have it, as its share there.
 */
public record Importances(Basis basis, Map<String, Double> shared, Map<String, Conditional> conditional) {

    /** A conditional parameter's importance among the {@code trials} that have it ({@code when}: its condition). */
    public record Conditional(double importance, int trials, String when) {
        /** "only when optimizer in [nesterov]: among its 6 trials". */
        public String label() {
            return (when.isEmpty() ? "not in every trial" : "only when " + when) + ": among its " + trials + " trials";
        }
    }

    public Importances {
        shared = Collections.unmodifiableMap(new LinkedHashMap<>(shared));
        conditional = Collections.unmodifiableMap(new LinkedHashMap<>(conditional));
    }

    /** Whether nothing could be judged (too few trials). */
    public boolean isEmpty() {
        return shared.isEmpty() && conditional.isEmpty();
    }

    /** The shared parameters, most important first. */
    public List<Map.Entry<String, Double>> ranked() {
        return Importance.ranked(shared);
    }
}
