package io.sweep4j.study;

/**
 * Thrown by {@link Study#run(String[])} after its summary when the run did not simply succeed, carrying the exit
 * code a command line should end with: 1 when every trial of the run failed, 130 after Ctrl-C.
 */
public final class StudyExitException extends RuntimeException {
    private static final long serialVersionUID = 1L;
    /** Every trial of the run failed. */
    public static final int ALL_FAILED = 1;
    /** Stopped by Ctrl-C (128 + SIGINT), as shells report it. */
    public static final int INTERRUPTED = 130;

    private final int exitCode;

    public StudyExitException(int exitCode, String message) {
        super(message);
        this.exitCode = exitCode;
    }

    public int exitCode() {
        return exitCode;
    }
}
