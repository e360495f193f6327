package io.sweep4j.space;

import java.util.List;

/** A parameter exists only when its parent parameter is active and takes one of {@code values}. */
public record Condition(String parent, List<Object> values) {

    public Condition {
        values = List.copyOf(values);
    }

    /** Whether the parent's value in {@code assigned} satisfies this condition. */
    public boolean holds(Params assigned) {
        if (!assigned.has(parent)) {
            return false;
        }
        Object v = assigned.get(parent);
        for (Object allowed : values) {
            if (CategoricalDistribution.sameChoice(allowed, v)) {
                return true;
            }
        }
        return false;
    }

    @Override
    public String toString() {
        return parent + " in " + values;
    }
}
