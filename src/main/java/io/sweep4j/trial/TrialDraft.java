package io.sweep4j.trial;

import io.sweep4j.space.Distribution;
import io.sweep4j.space.Params;
import io.sweep4j.space.SearchSpace;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/** What a claim stores for a new trial: its parameters with their distributions, and system attributes. */
public record TrialDraft(Params params, Map<String, Distribution> distributions, Map<String, Object> systemAttributes) {

    public TrialDraft {
        distributions = Collections.unmodifiableMap(new LinkedHashMap<>(distributions));
        systemAttributes = Collections.unmodifiableMap(new LinkedHashMap<>(systemAttributes));
        for (String name : params.names()) {
            if (!distributions.containsKey(name)) {
                throw new IllegalArgumentException("parameter " + name + " has no distribution");
            }
        }
    }

    /** A draft whose distributions are those {@code space} defines for {@code params}. */
    public static TrialDraft of(SearchSpace space, Params params, Map<String, Object> systemAttributes) {
        Map<String, Distribution> dists = new LinkedHashMap<>();
        for (String name : params.names()) {
            dists.put(name, space.param(name).orElseThrow(() -> new IllegalStateException(
                    "the sampler proposed " + name + ", which is not in the search space")).distribution());
        }
        return new TrialDraft(params, dists, systemAttributes);
    }
}
