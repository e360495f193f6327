package io.sweep4j.store;

import io.sweep4j.sampler.Proposal;
import io.sweep4j.trial.History;
import java.util.Optional;
import java.util.function.Supplier;

/** Asked inside the claim transaction: given the new trial's number and the history, what to run. */
@FunctionalInterface
public interface ClaimRequest {
    Optional<Proposal> propose(int number, Supplier<History> history);
}
