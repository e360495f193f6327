package io.sweep4j.resume;

import io.sweep4j.trial.FrozenTrial;
import io.sweep4j.trial.History;
import io.sweep4j.trial.TrialState;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * Several processes on one SQLite study against one process doing all the trials: wall time per trial, errors,
 * trials per process. Run (after {@code mvn test-compile}):
 * {@code java -cp target-resume/test-classes:target-resume/classes:$(cat target-resume/classpath.txt)
 * io.sweep4j.resume.ConcurrencyBenchmark [--trials 1000] [--processes 4]}.
 */
public final class ConcurrencyBenchmark {
    private ConcurrencyBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        int trials = 1000;
        int processes = 4;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--trials" -> trials = Integer.parseInt(args[++i]);
                case "--processes" -> processes = Integer.parseInt(args[++i]);
                default -> throw new IllegalArgumentException("unknown option " + args[i]
                        + "; valid: --trials N --processes N");
            }
        }
        Path work = Files.createTempDirectory("sweep4j-concurrency");
        System.out.println("| objective | processes | trials | finished | errors | trials per process |"
                + " wall s (incl. JVM start) | first start → last end s | ms per trial | × one process |");
        System.out.println("|---|---|---|---|---|---|---|---|---|---|");
        for (String mode : List.of("bare", "fast")) {
            double single = 0;
            for (int n : List.of(1, processes)) {
                double perTrial = run(work, mode, n, trials, single);
                if (n == 1) {
                    single = perTrial;
                }
            }
        }
    }

    private static double run(Path work, String mode, int processes, int trials, double single) throws Exception {
        Path db = work.resolve(mode + "-" + processes + ".db");
        long t0 = System.nanoTime();
        List<ChildJvm> children = new ArrayList<>();
        for (int i = 0; i < processes; i++) {
            children.add(ChildJvm.start(work, mode + "-" + processes + "-" + i, List.of(), db.toString(), "bench",
                    mode, Integer.toString(trials), "1", "5000"));
        }
        int errors = 0;
        for (ChildJvm c : children) {
            if (!c.process().waitFor(30, TimeUnit.MINUTES) || c.process().exitValue() != 0) {
                errors++;
            }
            for (String line : c.stderr().split("\n")) {
                if (line.contains("WARN") || line.contains("ERROR") || line.contains("Exception")
                        || line.contains("locked")) {
                    errors++;
                }
            }
        }
        double wall = (System.nanoTime() - t0) / 1e9;
        History h = ChaosKillTest.history(db);
        Instant first = h.trials().stream().map(FrozenTrial::start).min(Instant::compareTo).orElseThrow();
        Instant last = h.trials().stream().map(FrozenTrial::complete).max(Instant::compareTo).orElseThrow();
        double span = Duration.between(first, last).toNanos() / 1e9;
        long finished = h.inState(TrialState.COMPLETE).size();
        Set<Integer> numbers = new HashSet<>();
        h.trials().forEach(t -> numbers.add(t.number()));
        if (numbers.size() != h.trials().size()) {
            errors++;
        }
        List<Long> perProcess = new ArrayList<>();
        for (ChildJvm c : children) {
            String pid = Long.toString(c.process().pid());
            perProcess.add(h.trials().stream().filter(t -> String.valueOf(t.systemAttributes()
                    .get(io.sweep4j.trial.Attributes.WORKER)).split("\\|")[1].equals(pid)).count());
        }
        double perTrial = span * 1000 / finished;
        System.out.printf(Locale.ROOT, "| %s | %d | %d | %d | %d | %s | %.2f | %.2f | %.3f | %s |%n", mode, processes,
                trials, finished, errors, perProcess, wall, span, perTrial,
                single == 0 ? "1" : String.format(Locale.ROOT, "%.2f", perTrial / single));
        return perTrial;
    }
}
