package io.sweep4j.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.sweep4j.space.UsageException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** How a query prints its rows: an aligned table, CSV (RFC 4180 quoting) or a JSON array. */
enum OutputFormat {
    TABLE, CSV, JSON;

    static OutputFormat parse(String s) {
        try {
            return valueOf(s.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new UsageException("--format", s, "use table, csv or json");
        }
    }

    /** Renders rows (column name to value, same columns in every row, in order). */
    String render(List<Map<String, Object>> rows, List<String> columns) {
        return switch (this) {
            case JSON -> json(rows);
            case CSV -> csv(rows, columns);
            case TABLE -> table(rows, columns);
        };
    }

    private static String json(List<Map<String, Object>> rows) {
        ObjectMapper mapper = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
        List<Map<String, Object>> safe = new ArrayList<>();
        for (Map<String, Object> r : rows) {
            Map<String, Object> m = new LinkedHashMap<>();
            // JSON has no NaN or infinities: write them as strings rather than produce invalid JSON
            r.forEach((k, v) -> m.put(k, v instanceof Double d && !Double.isFinite(d) ? d.toString() : v));
            safe.add(m);
        }
        try {
            return mapper.writeValueAsString(safe) + System.lineSeparator();
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String csv(List<Map<String, Object>> rows, List<String> columns) {
        StringBuilder sb = new StringBuilder();
        sb.append(String.join(",", columns.stream().map(OutputFormat::csvCell).toList())).append('\n');
        for (Map<String, Object> r : rows) {
            List<String> cells = new ArrayList<>();
            for (String c : columns) {
                Object v = r.get(c);
                cells.add(csvCell(v == null ? "" : String.valueOf(v)));
            }
            sb.append(String.join(",", cells)).append('\n');
        }
        return sb.toString();
    }

    private static String csvCell(String s) {
        if (s.contains(",") || s.contains("\"") || s.contains("\n") || s.contains("\r")) {
            return "\"" + s.replace("\"", "\"\"") + "\"";
        }
        return s;
    }

    private static String table(List<Map<String, Object>> rows, List<String> columns) {
        int[] width = new int[columns.size()];
        for (int i = 0; i < columns.size(); i++) {
            width[i] = columns.get(i).length();
            for (Map<String, Object> r : rows) {
                width[i] = Math.max(width[i], Math.min(60, text(r.get(columns.get(i))).length()));
            }
        }
        StringBuilder sb = new StringBuilder();
        line(sb, columns, width);
        for (Map<String, Object> r : rows) {
            List<String> cells = new ArrayList<>();
            for (String c : columns) {
                String t = text(r.get(c)).replace('\n', ' ');
                cells.add(t.length() > 60 ? t.substring(0, 57) + "..." : t);
            }
            line(sb, cells, width);
        }
        return sb.toString();
    }

    private static void line(StringBuilder sb, List<String> cells, int[] width) {
        for (int i = 0; i < cells.size(); i++) {
            sb.append(String.format(Locale.ROOT, "%-" + width[i] + "s", cells.get(i)));
            sb.append(i + 1 < cells.size() ? "  " : "");
        }
        sb.append('\n');
    }

    static String text(Object v) {
        if (v == null) {
            return "";
        }
        if (v instanceof Double d) {
            double a = Math.abs(d);
            if (!Double.isFinite(d) || (a != 0 && (a < 1e-4 || a >= 1e9))) {
                return Double.isFinite(d) ? String.format(Locale.ROOT, "%.5e", d) : d.toString();
            }
            return new java.math.BigDecimal(d).round(new java.math.MathContext(6)).stripTrailingZeros()
                    .toPlainString();
        }
        return String.valueOf(v);
    }
}
