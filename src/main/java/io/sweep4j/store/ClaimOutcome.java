package io.sweep4j.store;

import io.sweep4j.trial.FrozenTrial;

/** The result of asking storage for a new trial: a claimed trial, a full budget, or a sampler with nothing left. */
public sealed interface ClaimOutcome {

    /** A new RUNNING trial, committed with its parameters. */
    record Claimed(FrozenTrial trial) implements ClaimOutcome {
    }

    /** The study already holds as many counted trials as the budget allows. */
    record BudgetReached(int counted) implements ClaimOutcome {
    }

    /** The sampler proposed nothing (an exhausted grid). */
    record Exhausted() implements ClaimOutcome {
    }
}
