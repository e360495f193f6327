package io.sweep4j.report;

import io.sweep4j.space.UsageException;
import io.sweep4j.trial.Attributes;
import io.sweep4j.trial.Direction;
import io.sweep4j.trial.FrozenTrial;
import io.sweep4j.trial.Pareto;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A study's trials as rows of one fixed column set: number, state, the value of each objective (and whether the
 * trial is feasible, in a constrained study), duration, the parameters in definition order, the user attributes,
 * epochs and the reason a trial ended. Values stay raw (full precision); whoever prints them formats them. Sorting
 * and filtering by any column live here so the CLI and the report agree.
 */
public record TrialTable(List<String> columns, List<Map<String, Object>> rows) {
    /** The column of a constrained study: whether a trial meets every constraint (empty where it stores none). */
    public static final String FEASIBLE = "feasible";

    public TrialTable {
        columns = List.copyOf(columns);
        rows = List.copyOf(rows);
    }

    /** One row per trial given, with every column of the study even where a trial has no value. */
    public static TrialTable of(StudyView study, List<FrozenTrial> trials) {
        List<String> columns = columns(study);
        List<Map<String, Object>> rows = new ArrayList<>();
        for (FrozenTrial t : trials) {
            Map<String, Object> r = new LinkedHashMap<>();
            r.put("number", t.number());
            r.put("state", t.state().name());
            for (int k = 0; k < study.objectives().size(); k++) {
                r.put(study.objectives().get(k), t.values().size() > k ? t.values().get(k) : null);
            }
            if (columns.contains(FEASIBLE)) {
                r.putIfAbsent(FEASIBLE, t.constraints().isPresent() ? t.feasible() : null);
            }
            r.put("duration_s", t.duration().map(d -> d.toMillis() / 1000.0).orElse(null));
            for (String p : study.params()) {
                r.putIfAbsent(p, t.params().has(p) ? t.params().get(p) : null);
            }
            for (String a : study.userAttributes()) {
                r.putIfAbsent(a, t.userAttributes().get(a));
            }
            r.putIfAbsent("epochs", t.intermediateValues().isEmpty() ? null : t.intermediateValues().size());
            String reason = StudyView.reason(t);
            r.putIfAbsent("reason", reason.isEmpty() ? null : reason);
            if (columns.contains(Attributes.FIXED_PARAMS)) {
                r.putIfAbsent(Attributes.FIXED_PARAMS, t.systemAttributes().get(Attributes.FIXED_PARAMS));
            }
            rows.add(r);
        }
        return new TrialTable(columns, rows);
    }

    /** The study's column set; a parameter or attribute that shares a fixed column's name keeps the fixed one. */
    public static List<String> columns(StudyView study) {
        List<String> c = new ArrayList<>(List.of("number", "state"));
        c.addAll(study.objectives());
        if (Pareto.isConstrained(study.history().trials()) && !c.contains(FEASIBLE)) {
            c.add(FEASIBLE);
        }
        c.add("duration_s");
        for (String p : study.params()) {
            if (!c.contains(p)) {
                c.add(p);
            }
        }
        for (String a : study.userAttributes()) {
            if (!c.contains(a)) {
                c.add(a);
            }
        }
        for (String f : List.of("epochs", "reason")) {
            if (!c.contains(f)) {
                c.add(f);
            }
        }
        // enqueued trials (Optuna's enqueue_trial, Study.enqueue): the parameters they fix, WAITING ones included
        if (!c.contains(Attributes.FIXED_PARAMS) && study.history().trials().stream()
                .anyMatch(t -> t.systemAttributes().containsKey(Attributes.FIXED_PARAMS))) {
            c.add(Attributes.FIXED_PARAMS);
        }
        return c;
    }

    /**
     * Rows sorted by {@code key}: a column name, {@code -name} for the reverse; the metric column sorts best first
     * (missing values last either way), ties by trial number. An unknown column names the valid ones.
     */
    public TrialTable sorted(String key, boolean descending, String metric, Direction direction) {
        boolean reverse = descending;
        String column = key;
        if (column.startsWith("-")) {
            reverse = !reverse;
            column = column.substring(1);
        }
        String col = resolve("--sort", column);
        boolean bestFirst = col.equals(metric) || col.equals("value");
        String field = col.equals("value") ? metric : col;
        Comparator<Object> values = TrialTable::compareValues;
        if (bestFirst && direction == Direction.MAXIMIZE) {
            values = values.reversed();
        }
        if (reverse) {
            values = values.reversed();
        }
        Comparator<Map<String, Object>> byColumn = Comparator.comparing(r -> missingIfNaN(r.get(field)),
                Comparator.nullsLast(values));
        List<Map<String, Object>> out = new ArrayList<>(rows);
        out.sort(byColumn.thenComparing(r -> (Integer) r.get("number")));
        return new TrialTable(columns, out);
    }

    /**
     * Rows where {@code column=value} holds for every filter; text compares ignoring case, whole numbers exactly, and
     * a float as displayed: it matches when rounded (half up, as tables round) to the significant digits given, so
     * {@code lr=0.047958} copied from a table matches 0.0479581234 and more digits narrow the match.
     */
    public TrialTable where(List<String> filters) {
        List<Map<String, Object>> out = new ArrayList<>(rows);
        for (String f : filters) {
            int eq = f.indexOf('=');
            if (eq <= 0) {
                throw new UsageException("--where", f, "write column=value, e.g. --where optimizer=adam");
            }
            String col = resolve("--where", f.substring(0, eq).trim());
            String want = f.substring(eq + 1).trim();
            out.removeIf(r -> !matches(r.get(col), want));
        }
        return new TrialTable(columns, out);
    }

    /**
     * Only the named columns, in the order given; {@code value} names the metric's column. An unknown name is a usage
     * error naming the valid ones.
     */
    public TrialTable select(String option, List<String> names, String metric) {
        List<String> chosen = new ArrayList<>();
        for (String name : names) {
            String col = resolve(option, name.trim());
            String c = col.equals("value") ? metric : col;
            if (!chosen.contains(c)) {
                chosen.add(c);
            }
        }
        return new TrialTable(chosen, rows);
    }

    /** The first {@code n} rows. */
    public TrialTable limit(int n) {
        return rows.size() <= n ? this : new TrialTable(columns, rows.subList(0, n));
    }

    private String resolve(String option, String column) {
        if (column.equals("value") || columns.contains(column)) {
            return column;
        }
        for (String c : columns) {
            if (c.equalsIgnoreCase(column)) {
                return c;
            }
        }
        throw new UsageException(option, column, "no such column; use one of: value, " + String.join(", ", columns));
    }

    private static Object missingIfNaN(Object v) {
        return v instanceof Double d && d.isNaN() ? null : v;
    }

    private static boolean matches(Object v, String want) {
        if (v == null) {
            return want.isEmpty() || want.equals("-");
        }
        if (v instanceof Number n) {
            java.math.BigDecimal given;
            try {
                given = new java.math.BigDecimal(want);
            } catch (NumberFormatException e) {
                try { // inf and nan as tables show them, Infinity and NaN as Java and JSON spell them
                    String named = want.replaceFirst("(?i)^([+-]?)inf(inity)?$", "$1Infinity")
                            .replaceFirst("(?i)^nan$", "NaN");
                    return Double.compare(n.doubleValue(), Double.parseDouble(named)) == 0;
                } catch (NumberFormatException notANumber) {
                    return false;
                }
            }
            if (!(v instanceof Double || v instanceof Float)) {
                return new java.math.BigDecimal(n.toString()).compareTo(given) == 0;
            }
            double d = n.doubleValue();
            return Double.isFinite(d) && java.math.BigDecimal.valueOf(d)
                    .round(new java.math.MathContext(given.precision())).compareTo(given) == 0;
        }
        return String.valueOf(v).equalsIgnoreCase(want);
    }

    static int compareValues(Object a, Object b) {
        if (a instanceof Number x && b instanceof Number y) {
            return Double.compare(x.doubleValue(), y.doubleValue());
        }
        if (a instanceof Number) {
            return -1;
        }
        if (b instanceof Number) {
            return 1;
        }
        return String.valueOf(a).toLowerCase(Locale.ROOT).compareTo(String.valueOf(b).toLowerCase(Locale.ROOT));
    }
}
