package io.sweep4j.bench;

import io.sweep4j.sampler.Sampler;
import io.sweep4j.sampler.Samplers;
import io.sweep4j.space.SearchSpace;
import io.sweep4j.study.Budget;
import io.sweep4j.study.Study;
import io.sweep4j.study.StudyResult;
import io.sweep4j.trial.FrozenTrial;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Consumer;

/**
 * Framework overhead per trial with a trivial objective, sweep4j against Optuna 3.1 (Debian python3-optuna) in the
 * same run: random sampler on a SQLite file (1 000 and 10 000 trials), grid sampler on a 3 240-point grid.
 *
 * <p>Run: {@code ./sweep bench overhead [--trials 1000,10000] [--optuna-trials 1000] [--out FILE]}.
 */
public final class OverheadBenchmark {
    /** Six parameters as in the mission: log lr, optimizer, init, dropout, batch size, log L2. */
    static final Consumer<SearchSpace.Builder> SPACE = s -> s
            .logFloat("lr", 1e-4, 1e-1)
            .choice("optimizer", "sgd", "momentum", "nesterov", "adam", "rmsprop")
            .choice("init", "xavier", "he", "uniform", "normal", "orthogonal")
            .floatRange("dropout", 0.0, 0.6)
            .choice("batchSize", 32, 64, 128, 256)
            .logFloat("l2", 1e-6, 1e-2);

    /** 3 240 points: 6 lr × 5 optimizers × 3 inits × 3 dropouts × 4 batch sizes × 3 L2 values. */
    static final Consumer<SearchSpace.Builder> GRID_SPACE = s -> s
            .choice("lr", 1e-4, 3e-4, 1e-3, 3e-3, 1e-2, 3e-2)
            .choice("optimizer", "sgd", "momentum", "nesterov", "adam", "rmsprop")
            .choice("init", "xavier", "he", "orthogonal")
            .choice("dropout", 0.0, 0.25, 0.5)
            .choice("batchSize", 32, 64, 128, 256)
            .choice("l2", 1e-6, 1e-4, 1e-2);

    private OverheadBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        List<Integer> sizes = List.of(1000, 10000);
        int optunaTrials = 1000;
        Path out = Path.of("results/benchmarks/overhead.md");
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--trials" -> sizes = parseList(args[++i]);
                case "--optuna-trials" -> optunaTrials = Integer.parseInt(args[++i]);
                case "--out" -> out = Path.of(args[++i]);
                default -> throw new IllegalArgumentException("unknown option " + args[i]
                        + "; valid: --trials 1000,10000 --optuna-trials 1000 --out FILE");
            }
        }
        Path work = Files.createTempDirectory("sweep4j-bench");
        StringBuilder md = new StringBuilder();
        md.append("# Framework overhead per trial: sweep4j vs Optuna 3.1 (same run)\n\n");
        md.append("Date: ").append(Instant.now()).append("  \nCommand: `./sweep bench overhead");
        for (String a : args) {
            md.append(' ').append(a);
        }
        md.append("`  \nMachine: ").append(Runtime.getRuntime().availableProcessors()).append(" cores, JVM ")
                .append(System.getProperty("java.version")).append(", max heap ")
                .append(Runtime.getRuntime().maxMemory() >> 20).append(" MB, trivial objective, six parameters,")
                .append(" SQLite file (WAL), one process, parallelism 1\n\n");
        md.append("| run | trials | sweep4j ms/trial first 10% | last 10% | growth | Optuna ms/trial first 10% |")
                .append(" last 10% | Optuna growth | ratio Optuna/sweep4j (whole run) | sweep4j heap after |\n");
        md.append("|---|---|---|---|---|---|---|---|---|---|\n");

        // warm-up: JIT and SQLite driver loading are not per-trial costs
        runOurs(work.resolve("warm.db"), Samplers.random(1), SPACE, 300);

        for (int n : sizes) {
            Measure ours = runOurs(work.resolve("random-" + n + ".db"), Samplers.random(42), SPACE, n);
            Measure theirs = null;
            if (n <= optunaTrials) {
                theirs = runOptuna(work.resolve("optuna-random-" + n + ".db"), "random", n);
            }
            row(md, "random + SQLite", n, ours, theirs);
        }
        int gridPoints = 3240;
        Measure oursGrid = runOurs(work.resolve("grid.db"), Samplers.grid(), GRID_SPACE, gridPoints + 10);
        Measure theirsGrid = runOptuna(work.resolve("optuna-grid.db"), "grid", Math.min(gridPoints, optunaTrials));
        row(md, "grid + SQLite (3 240 points)", oursGrid.trials, oursGrid, theirsGrid);
        md.append("\nOptuna's grid row covers its first ").append(Math.min(gridPoints, optunaTrials))
                .append(" trials only (its per-trial cost grows with the history; see anchors.md for 3 000).")
                .append(" sweep4j's grid row runs the whole grid; the study ends by itself when it is exhausted.\n");
        Files.createDirectories(out.toAbsolutePath().getParent());
        Files.writeString(out, md.toString());
        System.out.print(md);
        System.out.println("\nwritten to " + out);
    }

    private static void row(StringBuilder md, String name, int n, Measure ours, Measure theirs) {
        md.append(String.format(Locale.ROOT, "| %s | %d | %.3f | %.3f | %.2f× | %s | %s | %s | %s | %d MB |%n", name,
                ours.trials, ours.first, ours.last, ours.last / ours.first,
                theirs == null ? "-" : String.format(Locale.ROOT, "%.2f", theirs.first),
                theirs == null ? "-" : String.format(Locale.ROOT, "%.2f", theirs.last),
                theirs == null ? "-" : String.format(Locale.ROOT, "%.2f×", theirs.last / theirs.first),
                theirs == null ? "-" : String.format(Locale.ROOT, "%.0f×", theirs.mean / ours.meanOver(theirs.trials)),
                ours.heapMb));
    }

    private static Measure runOurs(Path db, Sampler sampler, Consumer<SearchSpace.Builder> space, int n) {
        Study study = Study.named("overhead").storage(db).space(space).sampler(sampler)
                .objective(t -> t.getDouble("dropout") + t.params().size())
                .minimize("value").parallelism(1).budget(Budget.trials(n));
        StudyResult r = study.optimize();
        System.gc();
        long heap = (Runtime.getRuntime().totalMemory() - Runtime.getRuntime().freeMemory()) >> 20;
        List<FrozenTrial> trials = r.history().trials();
        double[] ends = new double[trials.size()];
        for (int i = 0; i < trials.size(); i++) {
            ends[i] = trials.get(i).complete().toEpochMilli() + trials.get(i).complete().getNano() % 1_000_000 / 1e6;
        }
        return Measure.fromCompletionTimes(ends, trials.get(0).start(), heap);
    }

    private static Measure runOptuna(Path db, String sampler, int n) throws IOException, InterruptedException {
        Path script = Path.of("src/bench/python/optuna_overhead.py");
        Process p = new ProcessBuilder("/usr/bin/python3", script.toString(), "--storage", "sqlite:///" + db,
                "--sampler", sampler, "--trials", String.valueOf(n)).redirectErrorStream(true).start();
        List<Double> ends = new ArrayList<>();
        String startLine = null;
        try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(),
                StandardCharsets.UTF_8))) {
            String line;
            while ((line = r.readLine()) != null) {
                if (line.startsWith("END ")) {
                    ends.add(Double.parseDouble(line.substring(4)));
                } else if (line.startsWith("START ")) {
                    startLine = line.substring(6);
                } else {
                    System.err.println("[optuna] " + line);
                }
            }
        }
        if (p.waitFor() != 0 || startLine == null) {
            throw new IllegalStateException("the Optuna side failed (exit " + p.exitValue() + ")");
        }
        double start = Double.parseDouble(startLine);
        double[] arr = ends.stream().mapToDouble(d -> d).toArray();
        return Measure.fromEnds(arr, start, 0);
    }

    private static List<Integer> parseList(String s) {
        List<Integer> out = new ArrayList<>();
        for (String p : s.split(",")) {
            out.add(Integer.parseInt(p.trim()));
        }
        return out;
    }

    /** Per-trial times derived from completion timestamps (ms). */
    record Measure(int trials, double first, double last, double mean, double[] gaps, long heapMb) {
        static Measure fromCompletionTimes(double[] endsMs, Instant start, long heapMb) {
            return fromEnds(endsMs, start.toEpochMilli(), heapMb);
        }

        static Measure fromEnds(double[] ends, double startMs, long heapMb) {
            double[] gaps = new double[ends.length];
            double prev = startMs;
            for (int i = 0; i < ends.length; i++) {
                gaps[i] = ends[i] - prev;
                prev = ends[i];
            }
            int tenth = Math.max(1, ends.length / 10);
            return new Measure(ends.length, mean(gaps, 0, tenth), mean(gaps, ends.length - tenth, ends.length),
                    mean(gaps, 0, ends.length), gaps, heapMb);
        }

        double meanOver(int n) {
            return mean(gaps, 0, Math.min(n, gaps.length));
        }

        private static double mean(double[] a, int from, int to) {
            double s = 0;
            for (int i = from; i < to; i++) {
                s += a[i];
            }
            return s / Math.max(1, to - from);
        }
    }
}
