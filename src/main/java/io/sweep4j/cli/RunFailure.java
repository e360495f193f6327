package io.sweep4j.cli;

import io.sweep4j.space.UsageException;
import io.sweep4j.study.StudyExitException;
import java.io.PrintStream;
import java.nio.file.Path;

/** How {@code sweep run} ends when the study's main did not return normally: the exit code and what to show. */
final class RunFailure {
    /** Frames of the study file shown under the exception: enough to find the line, not a wall of stack. */
    private static final int FRAMES = 5;

    private RunFailure() {
    }

    /** Prints what the user needs and returns the exit code; usage errors go up to the usual handler (exit 2). */
    static int exitCode(Throwable cause, Path studyFile) {
        if (cause instanceof UsageException u) {
            throw u;
        }
        PrintStream err = System.err;
        if (cause instanceof StudyExitException exit) {
            err.println(exit.getMessage());
            return exit.exitCode();
        }
        err.println("error: the study's code threw " + cause.getClass().getName()
                + (cause.getMessage() == null ? "" : ": " + cause.getMessage()));
        String file = studyFile.getFileName().toString();
        int shown = 0;
        for (StackTraceElement f : cause.getStackTrace()) {
            if (file.equals(f.getFileName()) && shown++ < FRAMES) {
                err.println("    at " + f.getClassName() + "." + f.getMethodName() + "(" + studyFile + ":"
                        + f.getLineNumber() + ")");
            }
        }
        if (shown == 0 && cause.getStackTrace().length > 0) {
            err.println("    at " + cause.getStackTrace()[0]);
        }
        return Main.FAILURE;
    }
}
