package io.sweep4j.store;

import io.sweep4j.trial.History;
import io.sweep4j.trial.TrialDraft;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Asked inside the claim transaction: given the trial's number, the history, and the parameters an enqueued
 * (WAITING) trial fixes (empty for a new trial), what to run. Empty: nothing (an exhausted sampler, a stop).
 */
@FunctionalInterface
public interface ClaimRequest {
    Optional<TrialDraft> propose(int number, Supplier<History> history, Map<String, Object> fixedParams);
}
