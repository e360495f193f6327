package io.sweep4j.store;

import io.sweep4j.trial.FrozenTrial;

/**
 * What a claim step ends in. {@link Storage#reserve} gives {@code Reserved}, {@code BudgetReached}, {@code Taken} or
 * {@code Outdated};
 * {@link Storage#storeProposal} gives {@code Claimed}, {@code Taken} or {@code Lost}; the engine's whole claim ends in
 * {@code Claimed}, {@code BudgetReached} or {@code Exhausted}.
 */
public sealed interface ClaimOutcome {

    /** A RUNNING trial whose parameters are still to be proposed (it holds {@code sweep4j:reserved}). */
    record Reserved(FrozenTrial trial) implements ClaimOutcome {
    }

    /** A RUNNING trial, committed with its parameters. */
    record Claimed(FrozenTrial trial) implements ClaimOutcome {
    }

    /** The study already holds as many counted trials as the budget allows. */
    record BudgetReached(int counted) implements ClaimOutcome {
    }

    /** Another trial of the study holds a value that must be unique (a retry's original, a grid point): pick again. */
    record Taken(String key, Object value) implements ClaimOutcome {
    }

    /** More trials are interrupted than the reservation's decision knew: decide again (a retry may be due). */
    record Outdated(int interrupted) implements ClaimOutcome {
    }

    /** The reservation was ended elsewhere (judged dead) before its parameters were stored; nothing was written. */
    record Lost(long trialId) implements ClaimOutcome {
    }

    /** The sampler proposed nothing (an exhausted grid) or the run was stopped. */
    record Exhausted() implements ClaimOutcome {
    }
}
