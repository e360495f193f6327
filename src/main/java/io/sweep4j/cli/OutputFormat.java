package io.sweep4j.cli;

import io.sweep4j.report.Export;
import io.sweep4j.space.Readable;
import io.sweep4j.space.UsageException;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * How a query prints its rows. {@code table}: aligned for reading, numbers right-aligned with five significant
 * digits and one notation per column, absolute paths short; {@code csv} (RFC 4180) and {@code json} (an array of
 * objects): full precision, paths whole.
 */
enum OutputFormat {
    TABLE, CSV, JSON;

    /** Cells longer than this are cut in tables (the full text is in csv/json). */
    private static final int MAX_CELL = 60;
    /** Names of a path outside the working directory that a table keeps: {@code .../study/trial-3/model.zip}. */
    private static final int PATH_NAMES = 3;

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
        List<Map<String, Object>> safe = new ArrayList<>();
        for (Map<String, Object> r : rows) {
            Map<String, Object> m = new LinkedHashMap<>();
            // JSON has no NaN or infinities: the strings "NaN", "Infinity", "-Infinity" (see Export), not invalid JSON
            r.forEach((k, v) -> m.put(k, v instanceof Double d && !Double.isFinite(d) ? d.toString() : v));
            safe.add(m);
        }
        return Export.write(safe);
    }

    private static String csv(List<Map<String, Object>> rows, List<String> columns) {
        StringBuilder sb = new StringBuilder();
        sb.append(String.join(",", columns.stream().map(Export::csvCell).toList())).append('\n');
        for (Map<String, Object> r : rows) {
            List<String> cells = new ArrayList<>();
            for (String c : columns) {
                Object v = r.get(c);
                String text = v == null ? "" : v instanceof Double d ? Export.csvNumber(d) : String.valueOf(v);
                cells.add(Export.csvCell(text));
            }
            sb.append(String.join(",", cells)).append('\n');
        }
        return sb.toString();
    }

    private static String table(List<Map<String, Object>> rows, List<String> columns) {
        int n = columns.size();
        String[][] cells = new String[rows.size()][n];
        boolean[] numeric = new boolean[n];
        int[] width = new int[n];
        for (int i = 0; i < n; i++) {
            String c = columns.get(i);
            List<Object> values = rows.stream().map(r -> r.get(c)).toList();
            numeric[i] = values.stream().anyMatch(v -> v instanceof Number)
                    && values.stream().allMatch(v -> v == null || v instanceof Number);
            boolean scientific = values.stream().anyMatch(v -> v instanceof Double d && Double.isFinite(d)
                    && d != 0 && (Math.abs(d) < 1e-4 || Math.abs(d) >= 1e6));
            width[i] = c.length();
            for (int r = 0; r < rows.size(); r++) {
                cells[r][i] = cell(values.get(r), scientific);
                width[i] = Math.max(width[i], cells[r][i].length());
            }
        }
        StringBuilder sb = new StringBuilder();
        line(sb, columns.toArray(new String[0]), width, numeric);
        for (String[] row : cells) {
            line(sb, row, width, numeric);
        }
        return sb.toString();
    }

    /** One column, one notation: a column with any value outside 1e-4..1e6 is scientific throughout. */
    private static String cell(Object v, boolean scientific) {
        String t;
        if (v instanceof Double d) {
            t = scientific ? Readable.scientific(d) : Readable.number(d);
        } else if (v instanceof String s && isAbsolutePath(s)) {
            t = shortPath(Path.of(s));
        } else {
            t = v == null ? "-" : Readable.of(v);
        }
        t = t.replaceAll("\\s+", " ");
        return t.length() > MAX_CELL ? t.substring(0, MAX_CELL - 3) + "..." : t;
    }

    private static boolean isAbsolutePath(String s) {
        try {
            return !s.isBlank() && s.strip().equals(s) && !s.contains("\n") && Path.of(s).isAbsolute()
                    && Path.of(s).getNameCount() > 1;
        } catch (InvalidPathException e) {
            return false;
        }
    }

    /**
     * A path as a table shows it (csv and json keep it whole): relative to the working directory when inside it,
     * else its last {@link #PATH_NAMES} names after {@code .../}, enough to tell a study's trial files apart.
     */
    static String shortPath(Path p) {
        Path cwd = Path.of("").toAbsolutePath();
        Path n = p.normalize();
        if (n.startsWith(cwd) && !n.equals(cwd)) {
            return cwd.relativize(n).toString();
        }
        int count = n.getNameCount();
        return count <= PATH_NAMES ? n.toString()
                : "..." + n.getFileSystem().getSeparator() + n.subpath(count - PATH_NAMES, count);
    }

    private static void line(StringBuilder sb, String[] cells, int[] width, boolean[] right) {
        StringBuilder l = new StringBuilder();
        for (int i = 0; i < cells.length; i++) {
            String pad = " ".repeat(Math.max(0, width[i] - cells[i].length()));
            l.append(right[i] ? pad + cells[i] : cells[i] + pad);
            l.append(i + 1 < cells.length ? "  " : "");
        }
        sb.append(l.toString().stripTrailing()).append('\n');
    }
}
