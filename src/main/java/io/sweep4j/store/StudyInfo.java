package io.sweep4j.store;

import io.sweep4j.trial.Direction;
import java.util.Map;

/** A study as stored: its key, name, direction and study-level system attributes. */
public record StudyInfo(long studyId, String name, Direction direction, Map<String, Object> systemAttributes) {

    public StudyInfo {
        systemAttributes = Map.copyOf(systemAttributes);
    }

    /** The metric name sweep4j recorded for the study, or {@code "value"} for a study Optuna wrote. */
    public String metric() {
        Object m = systemAttributes.get(io.sweep4j.trial.Attributes.METRIC);
        return m == null ? "value" : m.toString();
    }
}
