package io.sweep4j.report;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.sweep4j.trial.FrozenTrial;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Everything stored about a study's trials at full precision, learning curves included: JSON (one object per trial)
 * or CSV in long form (one row per trial, step and metric), ready for pandas or a spreadsheet.
 *
 * <p>Infinities and NaN are named as Optuna 4.9 names them. Its CLI's JSON writes the bare tokens {@code Infinity},
 * {@code -Infinity} and {@code NaN} (Python's {@code json.dumps}), which strict JSON parsers reject, so here they are
 * the strings {@code "Infinity"}, {@code "-Infinity"}, {@code "NaN"}: valid JSON, and Python's {@code float()} and
 * JavaScript's {@code Number()} read them back. CSV has no such constraint: {@code inf}, {@code -inf}, {@code nan},
 * as Optuna's tables and pandas' {@code to_csv} write them and {@code read_csv} reads them.
 */
public final class Export {
    /** The first line of a CSV export, by which `sweep export --out` knows a file it may replace. */
    public static final String CSV_HEADER = "trial,state,step,metric,value\n";

    private Export() {
    }

    /** {@code {study, direction, metric, params, trials: [...]}}; NaN and infinities as strings (JSON has none). */
    public static String json(StudyView study) {
        List<Map<String, Object>> rows = new ArrayList<>();
        for (FrozenTrial t : study.history().trials()) {
            Map<String, Object> r = new LinkedHashMap<>();
            r.put("number", t.number());
            r.put("state", t.state().name());
            r.put("value", finite(t.value()));
            r.put("params", t.params().asMap());
            r.put("datetime_start", t.start() == null ? null : t.start().toString());
            r.put("datetime_complete", t.complete() == null ? null : t.complete().toString());
            r.put("fail_reason", t.failReason().orElse(null));
            Map<String, Object> curve = new LinkedHashMap<>();
            t.intermediateValues().forEach((k, v) -> curve.put(String.valueOf(k), finite(v)));
            r.put("intermediate_values", curve);
            Map<String, Object> metrics = new LinkedHashMap<>();
            StudyView.stepMetrics(t).forEach((step, m) -> {
                Map<String, Object> safe = new LinkedHashMap<>();
                m.forEach((k, v) -> safe.put(k, finite(v)));
                metrics.put(String.valueOf(step), safe);
            });
            r.put("metrics", metrics);
            r.put("user_attrs", t.userAttributes());
            rows.add(r);
        }
        Map<String, Object> root = new LinkedHashMap<>();
        root.put("study", study.name());
        root.put("direction", study.direction().name());
        root.put("metric", study.metric());
        root.put("params", study.params());
        root.put("trials", rows);
        return write(root);
    }

    /** Long form: {@code trial,state,step,metric,value}, one row per reported metric and step. */
    public static String csv(StudyView study) {
        StringBuilder sb = new StringBuilder(CSV_HEADER);
        for (FrozenTrial t : study.history().trials()) {
            for (var step : StudyView.curves(t, study.metric()).entrySet()) {
                for (var m : step.getValue().entrySet()) {
                    sb.append(t.number()).append(',').append(t.state().name()).append(',').append(step.getKey())
                            .append(',').append(csvCell(m.getKey())).append(',').append(csvNumber(m.getValue()))
                            .append('\n');
                }
            }
        }
        return sb.toString();
    }

    /** A number in a CSV cell: full precision, and {@code inf}, {@code -inf}, {@code nan} as Optuna and pandas. */
    public static String csvNumber(double v) {
        return Double.isNaN(v) ? "nan" : Double.isInfinite(v) ? (v > 0 ? "inf" : "-inf") : Double.toString(v);
    }

    /** RFC 4180 quoting: a cell with a comma, quote or line break is quoted, quotes doubled. */
    public static String csvCell(String s) {
        if (s.contains(",") || s.contains("\"") || s.contains("\n") || s.contains("\r")) {
            return "\"" + s.replace("\"", "\"\"") + "\"";
        }
        return s;
    }

    /** Indented JSON with a final line break. */
    public static String write(Object root) {
        try {
            return new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(root)
                    + System.lineSeparator();
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Whether a file's first bytes open as {@link #json} writes: an object whose first keys are study, direction. */
    static boolean looksLikeJsonExport(byte[] head) {
        try (JsonParser p = new JsonFactory().createParser(head)) {
            return p.nextToken() == JsonToken.START_OBJECT && "study".equals(p.nextFieldName())
                    && p.nextToken() == JsonToken.VALUE_STRING && "direction".equals(p.nextFieldName());
        } catch (IOException e) {
            return false;
        }
    }

    static Object finite(Double v) {
        return v == null || Double.isFinite(v) ? v : v.toString();
    }
}
