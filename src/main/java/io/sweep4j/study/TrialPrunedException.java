package io.sweep4j.study;

/** Thrown by an objective to end its trial as PRUNED (stopped early as unpromising, not failed). */
public class TrialPrunedException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public TrialPrunedException(String message) {
        super(message);
    }
}
