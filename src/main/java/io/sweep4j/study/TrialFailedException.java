package io.sweep4j.study;

/** Thrown by an objective to end its trial as FAIL with a reason a user can act on (e.g. "diverged at epoch 1"). */
public class TrialFailedException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public TrialFailedException(String reason) {
        super(reason);
    }

    public TrialFailedException(String reason, Throwable cause) {
        super(reason, cause);
    }
}
