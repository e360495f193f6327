package io.sweep4j.store;

import io.sweep4j.trial.Attributes;
import io.sweep4j.trial.Direction;
import java.util.List;
import java.util.Map;

/**
 * A study as stored: its key, name, direction (of its first objective), every objective's direction (Optuna's
 * multi-objective studies have several) and study-level system attributes.
 */
public record StudyInfo(long studyId, String name, Direction direction, List<Direction> directions,
        Map<String, Object> systemAttributes) {
    /** Optuna's study system attribute holding the objectives' names ({@code study.set_metric_names}): a list. */
    public static final String METRIC_NAMES = Attributes.METRIC_NAMES;

    public StudyInfo {
        directions = List.copyOf(directions);
        if (directions.isEmpty() || directions.get(0) != direction) {
            throw new IllegalArgumentException("direction " + direction + " is not the first of " + directions);
        }
        systemAttributes = Map.copyOf(systemAttributes);
    }

    /** A study with these directions, one per objective in Optuna's order. */
    public StudyInfo(long studyId, String name, List<Direction> directions, Map<String, Object> systemAttributes) {
        this(studyId, name, directions.get(0), directions, systemAttributes);
    }

    /** A single-objective study. */
    public StudyInfo(long studyId, String name, Direction direction, Map<String, Object> systemAttributes) {
        this(studyId, name, direction, List.of(direction), systemAttributes);
    }

    /** The metric name sweep4j recorded for the study, or {@code "value"} for a study Optuna wrote. */
    public String metric() {
        Object m = systemAttributes.get(Attributes.METRIC);
        return m == null ? "value" : m.toString();
    }

    /**
     * The name of each objective, in order: the names Optuna's {@code study.set_metric_names} stores (study system
     * attribute {@value #METRIC_NAMES}), else for one objective {@link #metric()}, else {@code values[0]},
     * {@code values[1]}, ... as Optuna's {@code trials_dataframe} names them.
     */
    public List<String> objectiveNames() {
        if (systemAttributes.get(METRIC_NAMES) instanceof List<?> names && names.size() == directions.size()
                && names.stream().allMatch(n -> n instanceof String s && !s.isBlank())
                && names.stream().distinct().count() == names.size()) {
            return names.stream().map(String::valueOf).toList();
        }
        if (directions.size() == 1) {
            return List.of(metric());
        }
        return java.util.stream.IntStream.range(0, directions.size()).mapToObj(k -> "values[" + k + "]").toList();
    }

    /** Whether Optuna created it with more than one objective. */
    public boolean isMultiObjective() {
        return directions.size() > 1;
    }
}
