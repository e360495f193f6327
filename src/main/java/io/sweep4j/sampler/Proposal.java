package io.sweep4j.sampler;

import io.sweep4j.space.Params;
import java.util.Map;

/** A sampler's answer: the parameters to try, and system attributes to store with the trial (its own state). */
public record Proposal(Params params, Map<String, Object> systemAttributes) {

    public Proposal {
        systemAttributes = Map.copyOf(systemAttributes);
    }

    public static Proposal of(Params params) {
        return new Proposal(params, Map.of());
    }
}
