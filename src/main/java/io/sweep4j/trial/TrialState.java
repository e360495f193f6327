package io.sweep4j.trial;

/** The life of a trial, with Optuna's names so Optuna reads our rows as its own. */
public enum TrialState {
    RUNNING, COMPLETE, PRUNED, FAIL, WAITING;

    /** Whether the trial has ended and will not change again. */
    public boolean isFinished() {
        return this == COMPLETE || this == PRUNED || this == FAIL;
    }

    /** This state, if a trial can end in it; a storage asked to end a trial in another refuses. */
    public TrialState requireFinished() {
        if (!isFinished()) {
            throw new IllegalArgumentException("a trial ends COMPLETE, PRUNED or FAIL, not " + this);
        }
        return this;
    }
}
