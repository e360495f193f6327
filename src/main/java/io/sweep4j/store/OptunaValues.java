package io.sweep4j.store;

import io.sweep4j.trial.Direction;
import io.sweep4j.trial.TrialState;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.temporal.ChronoField;
import java.util.List;

/** How Optuna's schema stores values (NaN and infinities as a type column) and times (naive local date-times). */
final class OptunaValues {
    private static final DateTimeFormatter WRITE_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss.SSSSSS");
    private static final DateTimeFormatter READ_TIME = new DateTimeFormatterBuilder()
            .appendPattern("yyyy-MM-dd[ ]['T']HH:mm:ss")
            .optionalStart().appendFraction(ChronoField.NANO_OF_SECOND, 0, 9, true).optionalEnd()
            .toFormatter();

    private OptunaValues() {
    }

    static Double readValue(Object raw, String type) {
        if (type == null) {
            return raw == null ? null : ((Number) raw).doubleValue();
        }
        return switch (type) {
            case "INF_POS" -> Double.POSITIVE_INFINITY;
            case "INF_NEG" -> Double.NEGATIVE_INFINITY;
            case "NAN" -> Double.NaN;
            default -> raw == null ? null : ((Number) raw).doubleValue();
        };
    }

    /**
     * A finishing trial's values, checked before anything is written: none, or one per objective of its study (a
     * COMPLETE trial has all of them), never NaN, which Optuna's {@code trial_values} cannot hold (it fails such a
     * trial instead).
     */
    static List<Double> checkedValues(long trialId, TrialState state, List<Double> values, int objectives) {
        if (values.stream().anyMatch(java.util.Objects::isNull)) {
            throw new IllegalArgumentException("trial id " + trialId + ": a value is null " + values
                    + "; give a number per objective, or no values");
        }
        if (state == TrialState.COMPLETE ? values.size() != objectives
                : !values.isEmpty() && values.size() != objectives) {
            throw new IllegalArgumentException("trial id " + trialId + " ends " + state + " with " + values.size()
                    + " value" + (values.size() == 1 ? "" : "s") + " " + values + " in a study of " + objectives
                    + " objective" + (objectives == 1 ? "" : "s") + "; give one value per objective, in the study's"
                    + " order" + (state == TrialState.COMPLETE ? "" : ", or none"));
        }
        if (values.stream().anyMatch(v -> v.isNaN())) {
            throw new IllegalArgumentException("trial id " + trialId + " ends " + state + " with a NaN value "
                    + values + "; Optuna stores no NaN objective value: fail the trial instead");
        }
        return List.copyOf(values);
    }

    /** A new study's directions: at least one, none null. */
    static List<Direction> checkedDirections(List<Direction> directions) {
        if (directions.isEmpty() || directions.stream().anyMatch(java.util.Objects::isNull)) {
            throw new IllegalArgumentException("a study has one direction per objective, at least one: "
                    + directions);
        }
        return List.copyOf(directions);
    }

    /** Puts one {@code trial_values} row's value at its objective; a row without a number holds no value. */
    static void putValue(java.util.SortedMap<Integer, Double> values, int objective, Object raw, String type) {
        Double v = readValue(raw, type);
        if (v != null) {
            values.put(objective, v);
        }
    }

    static Double finiteOrNull(double v) {
        return Double.isFinite(v) ? v : null;
    }

    static String valueType(double v) {
        if (Double.isNaN(v)) {
            throw new IllegalArgumentException("Optuna stores no NaN objective value; fail the trial instead");
        }
        return v == Double.POSITIVE_INFINITY ? "INF_POS" : v == Double.NEGATIVE_INFINITY ? "INF_NEG" : "FINITE";
    }

    static String intermediateType(double v) {
        return Double.isNaN(v) ? "NAN" : valueType(v);
    }

    static String formatTime(Instant t) {
        // Optuna stores naive local date-times (Python's datetime.now())
        return LocalDateTime.ofInstant(t, ZoneId.systemDefault()).format(WRITE_TIME);
    }

    static Instant parseTime(String s) {
        if (s == null || s.isEmpty()) {
            return null;
        }
        return LocalDateTime.parse(s, READ_TIME).atZone(ZoneId.systemDefault()).toInstant();
    }
}
