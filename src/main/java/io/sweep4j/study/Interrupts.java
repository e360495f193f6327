package io.sweep4j.study;

import io.sweep4j.console.CtrlC;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArraySet;
import java.util.function.Supplier;

/**
 * SIGTERM and Ctrl-C for running studies. A JVM shutdown (SIGTERM) marks every running trial interrupted, whichever
 * way the study runs. Ctrl-C belongs to the application unless the study runs from the command line
 * ({@link Study#run(String[])}): only then, and only while it runs, does SIGINT stop the study ({@link CtrlC}).
 * {@link Study#optimize()}, a library call, leaves SIGINT alone.
 */
final class Interrupts {
    private static final Set<StudyRunner> ACTIVE = new CopyOnWriteArraySet<>();
    private static boolean hookInstalled;

    private Interrupts() {
    }

    /** Runs {@code body} for {@code runner}; {@code takeCtrlC}: SIGINT stops this run until it ends. */
    static <T> T during(StudyRunner runner, boolean takeCtrlC, Supplier<T> body) {
        installShutdownHook();
        ACTIVE.add(runner);
        try {
            return takeCtrlC ? CtrlC.during(stoppable(runner), body) : body.get();
        } finally {
            ACTIVE.remove(runner);
        }
    }

    private static CtrlC.Stoppable stoppable(StudyRunner runner) {
        return new CtrlC.Stoppable() {
            @Override
            public void stopAfterStep() {
                runner.requestStop();
            }

            @Override
            public void stopNow() {
                runner.requestStop();
                runner.abandonRunning("interrupted");
            }

            @Override
            public int running() {
                return runner.runningCount();
            }
        };
    }

    private static synchronized void installShutdownHook() {
        if (hookInstalled) {
            return;
        }
        hookInstalled = true;
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            for (StudyRunner r : ACTIVE) {
                r.requestStop();
                int marked = r.abandonRunning("interrupted");
                // the process ends without the run's summary: say what became of the trials that were running
                System.err.printf(Locale.ROOT, "%nStopped (SIGTERM or JVM shutdown): study %s, %d running trial(s)"
                        + " marked interrupted; they resume when the study runs again.%n", r.studyName(), marked);
            }
        }, "sweep4j-shutdown"));
    }
}
