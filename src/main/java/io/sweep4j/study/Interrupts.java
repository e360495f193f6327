package io.sweep4j.study;

import java.util.Set;
import java.util.concurrent.CopyOnWriteArraySet;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import sun.misc.Signal;
import sun.misc.SignalHandler;

/**
 * Ctrl-C for running studies: the first stops launching trials and lets running ones end after their current step
 * (so they checkpoint); the second marks running trials interrupted and exits at once. A JVM shutdown (SIGTERM)
 * marks them interrupted too. Either way the database stays consistent and the next run resumes.
 */
final class Interrupts {
    private static final Logger LOG = LoggerFactory.getLogger(Interrupts.class);
    private static final Set<StudyRunner> ACTIVE = new CopyOnWriteArraySet<>();
    /** Counted atomically: the JVM runs each signal's handler on a thread of its own, so two presses may overlap. */
    private static final AtomicInteger PRESSES = new AtomicInteger();
    private static boolean installed;

    private Interrupts() {
    }

    static <T> T during(StudyRunner runner, Supplier<T> body) {
        install();
        ACTIVE.add(runner);
        try {
            return body.get();
        } finally {
            ACTIVE.remove(runner);
        }
    }

    private static synchronized void install() {
        if (installed) {
            return;
        }
        installed = true;
        try {
            SignalHandler previous = Signal.handle(new Signal("INT"), sig -> onInterrupt());
            if (previous == SignalHandler.SIG_IGN) {
                // a shell starts background jobs (`cmd &`, nohup) with SIGINT ignored, and a JVM cannot take it back:
                // the handler above is not installed, so Ctrl-C and `kill -INT` would do nothing at all
                LOG.warn("SIGINT is ignored in this process (a shell started it in the background), so Ctrl-C and"
                        + " kill -INT cannot stop this run; stop it with kill -TERM {} (running trials are marked"
                        + " interrupted and resume on the next run)", ProcessHandle.current().pid());
            }
        } catch (IllegalArgumentException e) {
            LOG.debug("cannot handle SIGINT here ({}); the shutdown hook still marks running trials", e.getMessage());
        }
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            for (StudyRunner r : ACTIVE) {
                r.requestStop();
                r.abandonRunning("interrupted");
            }
        }, "sweep4j-shutdown"));
    }

    private static void onInterrupt() {
        int presses = PRESSES.incrementAndGet();
        if (presses == 1 && !ACTIVE.isEmpty()) {
            int n = ACTIVE.stream().mapToInt(StudyRunner::runningCount).sum();
            System.err.println("\nStopping: no new trials; " + n + " running trial(s) end after their current"
                    + " epoch and will resume on the next run. Press Ctrl-C again to stop now.");
            ACTIVE.forEach(StudyRunner::requestStop);
            return;
        }
        if (ACTIVE.isEmpty() && presses == 1) {
            // no study running (the study file is before or after one): behave as Ctrl-C always does
            System.exit(130);
        }
        System.err.println("\nStopping now; running trials are marked interrupted and resume on the next run.");
        for (StudyRunner r : ACTIVE) {
            r.requestStop();
            r.abandonRunning("interrupted");
        }
        Runtime.getRuntime().halt(130);
    }
}
