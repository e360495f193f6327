package io.sweep4j.sampler;

import java.util.Optional;

/**
 * Proposes the parameters of the next trial. Implementations keep no state a restart would lose: all they need
 * is derived from the context (seed, trial number, stored history).
 */
public interface Sampler {

    /** The next proposal, or empty when the sampler has nothing left to try (an exhausted grid). */
    Optional<Proposal> propose(SamplingContext context);

    /**
     * Whether a proposal must see every trial claimed before it (a grid point is tried once): storages then propose
     * while they hold the study's claim lock. Other samplers propose after the trial is reserved, so workers sharing
     * a server do not wait for each other's sampling.
     */
    default boolean exclusive() {
        return false;
    }

    /**
     * Whether a proposal takes no time worth releasing the claim lock for (it reads no history, as a seeded random
     * draw): storages then propose under the lock and store the whole trial in one transaction, which costs a shared
     * server fewer round trips than reserving first.
     */
    default boolean proposesInstantly() {
        return false;
    }

    /** A short description stored with the study, e.g. {@code random(seed=42)}. */
    String describe();
}
