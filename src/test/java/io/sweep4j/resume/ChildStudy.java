package io.sweep4j.resume;

import io.sweep4j.sampler.Samplers;
import io.sweep4j.space.UsageException;
import io.sweep4j.study.Budget;
import io.sweep4j.study.Objective;
import io.sweep4j.study.Study;
import io.sweep4j.study.StudyExitException;
import io.sweep4j.study.StudyResult;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * A study run in a child JVM, as {@code sweep run} would run one, for the tests that kill, interrupt or starve a
 * real process. Args: {@code <storage> <study> <mode> <budget> <parallelism> [heartbeatMs]}; modes: {@code fast}
 * (a few ms per trial, three reports), {@code chaos} (the same, about 15 ms), {@code bare}
 * (no sleep, one report: framework overhead), {@code stubborn} (a minute without a report), {@code slow} (ten 100 ms epochs, each checkpointed before it is reported,
 * continued from the checkpoint on a retry), {@code oom} (trial 1 allocates until OutOfMemoryError) and
 * {@code grid} (a 60-point grid); {@code -Dsampler=tpe} for TPE instead of random; {@code -DproposeMs=N} makes the
 * sampler take N ms per proposal ({@link SlowSampler}); {@code -Dcli=true} runs it as
 * {@code sweep run} does ({@link Study#run(String[])}: Ctrl-C stops it), else as a library ({@code optimize()}).
 * With {@code -Dgo=FILE} it prints READY and waits for FILE before it starts. Exit 2 on a {@link UsageException}, as
 * the CLI.
 */
public final class ChildStudy {
    private ChildStudy() {
    }

    public static void main(String[] args) throws Exception {
        String storage = args[0]; // a file or a storage URL (postgresql://...)
        String name = args[1];
        String mode = args[2];
        int budget = Integer.parseInt(args[3]);
        int parallelism = Integer.parseInt(args[4]);
        long heartbeatMs = args.length > 5 ? Long.parseLong(args[5]) : 500;
        Study study = Study.named(name).storage(storage).minimize("loss").parallelism(parallelism)
                .heartbeat(Duration.ofMillis(heartbeatMs)).objective(objective(mode));
        if (mode.equals("grid")) {
            study.space(s -> s.intRange("a", 0, 2).intRange("b", 0, 3).intRange("c", 0, 4)).sampler(Samplers.grid());
        } else {
            // -Dsampler=tpe: a sampler that proposes after its trial is reserved on a server, not under the lock
            study.space(s -> s.floatRange("x", -5, 5).intRange("n", 1, 4))
                    .sampler("tpe".equals(System.getProperty("sampler")) ? Samplers.tpe(11) : Samplers.random(11))
                    .budget(Budget.trials(budget));
        }
        long proposeMs = Long.getLong("proposeMs", 0);
        if (proposeMs > 0) {
            // -DproposeMs=N: the sampler takes N ms per proposal (and stores when it proposed)
            study.sampler(new SlowSampler(study.spec().sampler(), proposeMs));
        }
        String go = System.getProperty("go");
        if (go != null) {
            // a start line for tests that need several processes running at once, not one after another
            System.out.println("READY");
            System.out.flush();
            while (!Files.exists(Path.of(go))) {
                Thread.sleep(5);
            }
        }
        try {
            if (Boolean.getBoolean("cli")) {
                // as `sweep run` runs a study file: only this way does Ctrl-C stop the study
                try {
                    StudyResult r = study.run(new String[0]);
                    System.out.println("DONE ran=" + r.trialsRunHere() + " stop=" + r.stopReason());
                } catch (StudyExitException e) {
                    System.out.println("DONE stop=" + (e.exitCode() == StudyExitException.INTERRUPTED ? "INTERRUPTED"
                            : "exit " + e.exitCode()));
                }
            } else {
                StudyResult r = study.optimize();
                System.out.println("DONE ran=" + r.trialsRunHere() + " stop=" + r.stopReason());
            }
        } catch (UsageException e) {
            System.err.println("error: " + e.getMessage());
            System.exit(2);
        }
    }

    private static Objective objective(String mode) {
        return switch (mode) {
            case "fast", "grid", "chaos", "bare" -> t -> {
                double x = t.has("x") ? t.getDouble("x") : t.getInt("a") + 10 * t.getInt("b") + 100 * t.getInt("c");
                int steps = mode.equals("bare") ? 1 : 3;
                for (int step = 0; step < steps; step++) {
                    if (!mode.equals("bare")) {
                        // grid: slow enough (~2 s for the whole grid alone) that a process opening the study a
                        // little late on a loaded machine still finds points left to share
                        Thread.sleep(switch (mode) {
                            case "chaos" -> 4;
                            case "grid" -> 10;
                            default -> 1;
                        });
                    }
                    t.report(step, x + step);
                }
                return x * x;
            };
            case "stubborn" -> t -> {
                System.out.println("STARTED " + t.number());
                System.out.flush();
                // never reports for a long time: only a second Ctrl-C or a SIGTERM ends it early
                Thread.sleep(60_000);
                t.report(0, 0);
                return 0;
            };
            case "slow" -> t -> {
                Path dir = t.artifactDir();
                Files.createDirectories(dir);
                int from = 0;
                if (t.resumedFrom().isPresent()) {
                    Path old = dir.resolveSibling("trial-" + t.resumedFrom().get().number()).resolve("checkpoint");
                    if (Files.exists(old)) {
                        from = Integer.parseInt(Files.readString(old).trim()) + 1;
                    }
                    System.out.println("RESUMED " + t.number() + " from " + t.resumedFrom().get().number()
                            + " at " + from);
                }
                System.out.println("STARTED " + t.number());
                System.out.flush();
                for (int epoch = from; epoch < 10; epoch++) {
                    Thread.sleep(100);
                    // the checkpoint is written before the report: a stop after the report loses nothing
                    Files.writeString(dir.resolve("checkpoint"), Integer.toString(epoch), StandardCharsets.UTF_8);
                    t.report(epoch, epoch);
                }
                return t.getDouble("x");
            };
            case "oom" -> t -> {
                if (t.number() == 1) {
                    List<long[]> hog = new ArrayList<>();
                    while (true) {
                        hog.add(new long[1 << 17]);
                    }
                }
                t.report(0, t.getDouble("x"));
                return t.getDouble("x");
            };
            default -> throw new IllegalArgumentException("unknown mode " + mode);
        };
    }
}
