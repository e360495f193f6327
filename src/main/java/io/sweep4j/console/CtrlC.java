package io.sweep4j.console;

import java.util.Set;
import java.util.concurrent.CopyOnWriteArraySet;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import sun.misc.Signal;
import sun.misc.SignalHandler;

/**
 * Ctrl-C for a command-line run ({@code Study.run(args)}), never for a library call: only while such a run runs does
 * SIGINT stop it, the first press letting running trials end after their current step (so they checkpoint), the
 * second marking them interrupted and exiting at once. The handler found before is put back when the run ends and
 * the count of presses starts again at zero, so a second study in the same JVM stops on its own first press, and an
 * application's own SIGINT handler works again after a run.
 */
public final class CtrlC {
    private static final Logger LOG = LoggerFactory.getLogger(CtrlC.class);
    private static final Signal SIGINT = new Signal("INT");
    /** Runs that hold SIGINT now: the handler is ours while any does. */
    private static final Set<Stoppable> HOLDERS = new CopyOnWriteArraySet<>();
    /** Counted atomically: the JVM runs each signal's handler on a thread of its own, so two presses may overlap. */
    private static final AtomicInteger PRESSES = new AtomicInteger();
    /** The SIGINT handler in place before the first holder took it; null while no run holds SIGINT. */
    private static SignalHandler previous;

    /** What Ctrl-C stops: a run of trials. */
    public interface Stoppable {
        /** No new trials; running ones end after their current step. */
        void stopAfterStep();

        /** No new trials, and the running ones are marked interrupted now (the process exits next). */
        void stopNow();

        /** How many trials run now. */
        int running();
    }

    private CtrlC() {
    }

    /** Runs {@code body}; SIGINT stops {@code run} until it returns. */
    public static <T> T during(Stoppable run, Supplier<T> body) {
        hold(run);
        try {
            return body.get();
        } finally {
            release(run);
        }
    }

    private static synchronized void hold(Stoppable runner) {
        if (HOLDERS.isEmpty()) {
            PRESSES.set(0);
            SignalHandler[] before = new SignalHandler[1];
            try {
                before[0] = Signal.handle(SIGINT, sig -> onInterrupt(sig, before[0]));
                previous = before[0];
            } catch (IllegalArgumentException e) {
                LOG.debug("cannot handle SIGINT here ({}); the shutdown hook still marks running trials",
                        e.getMessage());
                return;
            }
            if (previous == SignalHandler.SIG_IGN) {
                // a shell starts background jobs (`cmd &`, nohup) with SIGINT ignored, and a JVM cannot take it back:
                // the handler above is not installed, so Ctrl-C and `kill -INT` would do nothing at all
                LOG.warn("SIGINT is ignored in this process (a shell started it in the background), so Ctrl-C and"
                        + " kill -INT cannot stop this run; stop it with kill -TERM {} (running trials are marked"
                        + " interrupted and resume on the next run)", ProcessHandle.current().pid());
            }
        }
        HOLDERS.add(runner);
    }

    private static synchronized void release(Stoppable runner) {
        if (HOLDERS.remove(runner) && HOLDERS.isEmpty() && previous != null) {
            if (previous != SignalHandler.SIG_IGN) {
                // (an ignored SIGINT was never replaced: there is nothing to put back)
                Signal.handle(SIGINT, previous);
            }
            previous = null;
            PRESSES.set(0);
        }
    }

    private static void onInterrupt(Signal sig, SignalHandler before) {
        if (HOLDERS.isEmpty()) {
            // the run ended while this press was on its way: it is the application's
            if (before != null && before != SignalHandler.SIG_DFL && before != SignalHandler.SIG_IGN) {
                before.handle(sig);
            }
            return;
        }
        int presses = PRESSES.incrementAndGet();
        if (presses == 1) {
            int n = HOLDERS.stream().mapToInt(Stoppable::running).sum();
            System.err.println("\nStopping: no new trials; " + n + " running trial(s) end after their current"
                    + " epoch and will resume on the next run. Press Ctrl-C again to stop now.");
            HOLDERS.forEach(Stoppable::stopAfterStep);
            return;
        }
        System.err.println("\nStopping now; running trials are marked interrupted and resume on the next run.");
        HOLDERS.forEach(Stoppable::stopNow);
        Runtime.getRuntime().halt(130);
    }
}
