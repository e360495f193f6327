package io.sweep4j.store;

import io.sweep4j.trial.Attributes;
import io.sweep4j.trial.Direction;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A study as stored: its key, name, direction (of its first objective), every objective's direction (Optuna's
 * multi-objective studies have several) and study-level system attributes.
 */
public record StudyInfo(long studyId, String name, Direction direction, List<Direction> directions,
        Map<String, Object> systemAttributes) {

    public StudyInfo {
        directions = List.copyOf(directions);
        systemAttributes = Map.copyOf(systemAttributes);
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

    /** Whether Optuna created it with more than one objective. */
    public boolean isMultiObjective() {
        return directions.size() > 1;
    }

    /**
     * Refuses a multi-objective study for a command that shows or runs one objective, rather than hide the others.
     */
    public StudyInfo requireSingleObjective(String where) {
        if (isMultiObjective()) {
            throw new io.sweep4j.space.UsageException("study", name, "it has " + directions.size() + " objectives ("
                    + String.join(", ", directions.stream().map(d -> d.name().toLowerCase(Locale.ROOT)).toList())
                    + ") in " + where + "; sweep4j ranks and runs single-objective studies only, and will not show"
                    + " one objective as if it were the study: read it with Optuna (optuna trials / best-trials)");
        }
        return this;
    }
}
