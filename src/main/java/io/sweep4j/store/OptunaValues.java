package io.sweep4j.store;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.temporal.ChronoField;

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
