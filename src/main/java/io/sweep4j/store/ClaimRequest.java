package io.sweep4j.store;

import io.sweep4j.trial.History;
import io.sweep4j.trial.TrialDraft;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Asked inside the claim transaction: given the trial's number, the history, and the parameters an enqueued
 * (WAITING) trial fixes (empty for a new trial), what to run. Empty: nothing (an exhausted sampler, a stop).
 *
 * <p>A request may instead let the proposal wait until the study's lock is released ({@link #later}): the storage
 * then reserves the trial (its number, budget and WAITING row decided under the lock), commits, and asks the
 * returned {@link Later} for the draft, so workers on one server do not wait for each other's sampling. Only
 * choices that need no exclusivity may be deferred: a grid point or a retry must be decided under the lock.
 */
@FunctionalInterface
public interface ClaimRequest {
    Optional<TrialDraft> propose(int number, Supplier<History> history, Map<String, Object> fixedParams);

    /**
     * Whether {@link #later} may defer this claim's proposal, known before the lock is taken (a storage then takes
     * the lock that lets the reservation commit without waiting for the disk).
     */
    default boolean mayProposeLater() {
        return false;
    }

    /**
     * Asked under the lock before {@link #propose} when {@link #mayProposeLater()}: a proposal to make after the
     * trial is reserved and the lock released, or empty to decide now. Storages that hold one lock over the whole
     * file (SQLite) do not ask.
     */
    default Optional<Later> later(int number, Supplier<History> history, Map<String, Object> fixedParams) {
        return Optional.empty();
    }

    /** A proposal made outside the study's lock for a reserved trial; empty fails the reserved trial. */
    @FunctionalInterface
    interface Later {
        Optional<TrialDraft> propose(Supplier<History> history);
    }
}
