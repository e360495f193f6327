package io.sweep4j.cli;

import io.sweep4j.report.Export;
import io.sweep4j.space.UsageException;
import io.sweep4j.store.StudyInfo;
import io.sweep4j.trial.Attributes;
import io.sweep4j.trial.Direction;
import io.sweep4j.trial.FrozenTrial;
import io.sweep4j.trial.History;
import io.sweep4j.trial.Pareto;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.IntStream;

/**
 * A study's objectives as the query commands use them: their names as the study stores them
 * ({@link StudyInfo#objectiveNames()}) and directions, for {@code --objective} and {@code --sort}, and every value and
 * constraint in an export (the trial table's own columns come from {@link io.sweep4j.report.TrialTable}). A study of
 * one objective without constraints is "plain": its tables and exports stay as they always were.
 */
record ObjectiveColumns(List<String> names, List<Direction> directions, boolean constrained) {

    ObjectiveColumns {
        names = List.copyOf(names);
        directions = List.copyOf(directions);
    }

    static ObjectiveColumns of(StudyInfo info, History history) {
        return new ObjectiveColumns(info.objectiveNames(), info.directions(), Pareto.isConstrained(history.trials()));
    }

    boolean plain() {
        return directions.size() == 1 && !constrained;
    }

    /** The objective {@code given} names, by index (0 = the first) or by name; a usage error says which exist. */
    int parse(String option, String given) {
        String g = given.trim();
        for (int k = 0; k < names.size(); k++) {
            if (names.get(k).equalsIgnoreCase(g) || String.valueOf(k).equals(g)) {
                return k;
            }
        }
        String range = names.size() == 1 ? "give 0" : "give 0 to " + (names.size() - 1);
        throw new UsageException(option, given, "the study has " + names.size() + " objective"
                + (names.size() == 1 ? "" : "s") + ": " + range + " (" + String.join(", ", IntStream
                        .range(0, names.size()).mapToObj(k -> k + " = " + names.get(k) + " (" + directions.get(k)
                                .name().toLowerCase(Locale.ROOT) + ")").toList()) + "), or an objective's name");
    }

    /**
     * The objective a {@code --sort} key sorts by, best first: the one it names ({@code -name} too), else the first
     * ({@code value}, and any other column, which sorts as before).
     */
    int sortedBy(String key) {
        String column = key.startsWith("-") ? key.substring(1) : key;
        for (int k = 0; k < names.size(); k++) {
            if (names.get(k).equalsIgnoreCase(column)) {
                return k;
            }
        }
        return 0;
    }

    /**
     * Export's JSON with every objective: {@code directions} and {@code objectives} (the names) after the study's
     * first direction and metric, and in each trial {@code values} (name to value) and, in a constrained study,
     * {@code constraints}. NaN and infinities as Export writes them (strings).
     */
    Map<String, Object> addTo(Map<String, Object> root, List<FrozenTrial> trials) {
        Map<String, Object> out = new LinkedHashMap<>();
        for (var e : root.entrySet()) {
            if (e.getKey().equals("trials") && e.getValue() instanceof List<?> rows) {
                out.put("trials", withValues(rows, trials));
                continue;
            }
            out.put(e.getKey(), e.getValue());
            if (e.getKey().equals("direction")) {
                out.put("directions", directions.stream().map(Direction::name).toList());
            } else if (e.getKey().equals("metric")) {
                out.put("objectives", names);
            }
        }
        return out;
    }

    private List<Object> withValues(List<?> rows, List<FrozenTrial> trials) {
        List<Object> out = new ArrayList<>();
        for (int i = 0; i < rows.size(); i++) {
            FrozenTrial t = trials.get(i);
            Map<String, Object> row = new LinkedHashMap<>();
            ((Map<?, ?>) rows.get(i)).forEach((k, v) -> {
                row.put(String.valueOf(k), v);
                if (k.equals("value")) {
                    Map<String, Object> values = new LinkedHashMap<>();
                    for (int j = 0; j < t.values().size() && j < names.size(); j++) {
                        values.put(names.get(j), jsonNumber(t.values().get(j)));
                    }
                    row.put("values", values);
                    if (constrained) {
                        row.put(Attributes.CONSTRAINTS, t.constraints()
                                .map(c -> c.stream().map(ObjectiveColumns::jsonNumber).toList()).orElse(null));
                    }
                }
            });
            out.add(row);
        }
        return out;
    }

    /** A number as Export's JSON holds it: NaN and infinities as the strings Java and Python read back. */
    private static Object jsonNumber(double x) {
        return Double.isFinite(x) ? (Object) x : Double.toString(x);
    }

    /**
     * Export's long-form CSV rows of each trial's final value of every objective: the step empty, the metric the
     * objective's name ({@code 3,COMPLETE,,accuracy,0.91}).
     */
    String csvRows(List<FrozenTrial> trials) {
        StringBuilder sb = new StringBuilder();
        for (FrozenTrial t : trials) {
            for (int k = 0; k < t.values().size() && k < names.size(); k++) {
                sb.append(t.number()).append(',').append(t.state().name()).append(",,")
                        .append(Export.csvCell(names.get(k))).append(',').append(Export.csvNumber(t.values().get(k)))
                        .append('\n');
            }
        }
        return sb.toString();
    }
}
