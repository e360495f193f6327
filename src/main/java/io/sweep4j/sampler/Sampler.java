package io.sweep4j.sampler;

import java.util.Optional;
import java.util.Set;

/**
 * Proposes the parameters of the next trial. Implementations keep no state a restart would lose: all they need
 * is derived from the context (seed, trial number, stored history).
 */
public interface Sampler {

    /** The next proposal, or empty when the sampler has nothing left to try (an exhausted grid). */
    Optional<Proposal> propose(SamplingContext context);

    /**
     * System attributes of a proposal that no two trials of a study may hold with the same value (a grid point): the
     * proposal is stored only if no other trial holds it, else the sampler is asked again with the newer history, so
     * workers proposing at once never run one point twice.
     */
    default Set<String> uniqueAttributes() {
        return Set.of();
    }

    /**
     * Whether this sampler can run a study with several objectives (it ranks trials by all of them, or by none):
     * a study with several objectives refuses, when it is defined, a sampler that ranks by one value only.
     */
    default boolean handlesSeveralObjectives() {
        return false;
    }

    /** A short description stored with the study, e.g. {@code random(seed=42)}. */
    String describe();
}
