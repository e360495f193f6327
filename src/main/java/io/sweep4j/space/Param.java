package io.sweep4j.space;

import java.util.Optional;

/** One named parameter of a search space: its distribution and, for a conditional parameter, its condition. */
public record Param(String name, Distribution distribution, Optional<Condition> condition) {

    /** Whether this parameter takes a value, given the parameters already assigned before it. */
    public boolean isActive(Params assignedSoFar) {
        return condition.map(c -> c.holds(assignedSoFar)).orElse(true);
    }
}
