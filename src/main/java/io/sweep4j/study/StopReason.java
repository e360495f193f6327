package io.sweep4j.study;

/** Why a run of a study ended. */
public enum StopReason {
    /** The study holds as many trials as the budget allows. */
    BUDGET_TRIALS,
    /** The wall-time budget ran out. */
    BUDGET_TIME,
    /** The sampler had nothing left (every grid point was tried). */
    SAMPLER_EXHAUSTED,
    /** The user interrupted the run (Ctrl-C); it resumes on the next run. */
    INTERRUPTED,
    /** The study's latest trials failed in a row with the same unexpected error ({@link FailureStreak}). */
    REPEATED_FAILURES,
    /**
     * A trial lacked a value an objective or constraint names (returned, reported or stored by none): a mistake in the
     * study's definition, so the run stops after the first such trial.
     */
    MISSING_VALUE
}
