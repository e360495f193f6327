package io.sweep4j.study;

/** Thrown from {@link Trial#report} once the user asked the study to stop: the trial ends and is retried later. */
public class TrialInterruptedException extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final boolean byStop;

    public TrialInterruptedException(String message) {
        this(message, false);
    }

    /** {@code byStop}: the user stopped the study (the trial is sound, its retry is not counted against the limit). */
    public TrialInterruptedException(String message, boolean byStop) {
        super(message);
        this.byStop = byStop;
    }

    /** Whether a deliberate stop of the study ended the trial, rather than something going wrong. */
    public boolean byStop() {
        return byStop;
    }
}
