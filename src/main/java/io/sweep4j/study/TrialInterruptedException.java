package io.sweep4j.study;

/** Thrown from {@link Trial#report} once the user asked the study to stop: the trial ends and is retried later. */
public class TrialInterruptedException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public TrialInterruptedException(String message) {
        super(message);
    }
}
