package io.sweep4j.resume;

import io.sweep4j.sampler.Samplers;
import io.sweep4j.study.Budget;
import io.sweep4j.study.Study;
import io.sweep4j.study.StudyExitException;
import io.sweep4j.study.StudyResult;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import sun.misc.Signal;

/**
 * An application with its own SIGINT handler that runs two studies one after the other in one JVM, for
 * {@link InterruptTest}. Args: {@code <dir> library|cli}: {@code library} runs them with {@code optimize()},
 * {@code cli} with {@code run(args)} as a study file does. Then it waits for its own handler to see a press.
 */
public final class CtrlCChild {
    private CtrlCChild() {
    }

    public static void main(String[] args) throws Exception {
        Path dir = Path.of(args[0]);
        boolean cli = args[1].equals("cli");
        AtomicInteger presses = new AtomicInteger();
        Signal.handle(new Signal("INT"), sig -> say("APP SIGINT " + presses.incrementAndGet()));
        for (String name : List.of("first", "second")) {
            Study study = study(dir, name);
            if (cli) {
                try {
                    study.run(new String[0]);
                    say(name + " DONE");
                } catch (StudyExitException e) {
                    say(name + " EXIT " + e.exitCode());
                }
            } else {
                StudyResult r = study.optimize();
                say(name + " DONE stop=" + r.stopReason());
            }
        }
        int before = presses.get();
        say("AFTER");
        long end = System.currentTimeMillis() + 20_000;
        while (presses.get() == before && System.currentTimeMillis() < end) {
            Thread.sleep(10);
        }
        say("END app presses " + presses.get());
    }

    private static Study study(Path dir, String name) {
        return Study.named(name).storage(dir.resolve(name + ".db"))
                .space(s -> s.floatRange("x", 0, 1))
                .sampler(Samplers.random(1))
                .objective(t -> {
                    say(name + " STARTED " + t.number());
                    for (int epoch = 0; epoch < 10; epoch++) {
                        Thread.sleep(100);
                        t.report(epoch, epoch);
                    }
                    return t.getDouble("x");
                })
                .minimize("loss").parallelism(1).heartbeat(Duration.ofMillis(500)).budget(Budget.trials(1));
    }

    private static void say(String line) {
        System.out.println(line);
        System.out.flush();
    }
}
