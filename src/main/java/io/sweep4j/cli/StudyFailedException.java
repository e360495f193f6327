package io.sweep4j.cli;

/** A study file's {@code main} threw; wraps the cause so the CLI can report it and exit 1 (or 2 for usage errors). */
final class StudyFailedException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    StudyFailedException(Throwable cause) {
        super(cause.getMessage(), cause);
    }
}
