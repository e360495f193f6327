package io.sweep4j.bench;

import io.sweep4j.data.Datasets;
import io.sweep4j.dl4j.TrainingLoopObjective;
import io.sweep4j.dl4j.Dl4j;
import io.sweep4j.prune.Pruner;
import io.sweep4j.prune.Pruners;
import io.sweep4j.sampler.Sampler;
import io.sweep4j.sampler.Samplers;
import io.sweep4j.space.UsageException;
import io.sweep4j.study.Budget;
import io.sweep4j.study.Study;
import io.sweep4j.study.StudyResult;
import io.sweep4j.trial.FrozenTrial;
import io.sweep4j.trial.TrialState;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Supplier;

/**
 * The compute pruners save at equal final quality: the same seeded random sampler (so every arm proposes the same
 * 40 networks in the same order), the same MLP on full Fashion-MNIST, up to 20 epochs per trial, two trials at a
 * time, with no pruner (the reference), the median rule, ASHA and Hyperband, and TPE with Hyperband; per arm the
 * epochs trained, wall time, best validation accuracy and that trial's test accuracy. {@code asha-repro} adds ASHA
 * in reproducible mode, for what waiting for lower-numbered trials costs in wall time.
 *
 * <pre>
 * ./sweep bench pruning [--trials 40] [--epochs 20] [--parallelism 2] [--arms asha,hyperband,none,median,tpe+hyperband]
 * ./sweep bench pruning --seed 8 --arms none,asha,hyperband   # the same arms on another seeded sample of networks
 * ./sweep bench pruning --arms hyperband --eta 6 --dir DIR    # Hyperband with another reduction factor (default 3)
 * ./sweep bench pruning --synthetic 3     # what reproducible() costs in wall time, on sleeping trials
 * </pre>
 */
public final class PruningBenchmark {
    /** The sampler's seed of the tables in results/benchmarks/pruning.md; {@code --seed} repeats them on others. */
    private static final long DEFAULT_SEED = 7;
    private static final List<String> ARMS = List.of("none", "median", "asha", "hyperband", "tpe+hyperband",
            "asha-repro", "hyperband-repro");

    private PruningBenchmark() {
    }

    /** One arm's outcome. */
    record Row(String arm, String pruner, int trials, int complete, int pruned, int epochs, double wallSeconds,
            double bestVal, double bestTest, int bestNumber) {
    }

    public static void main(String[] args) throws Exception {
        int trials = 40;
        int epochs = 20;
        int parallelism = 2;
        List<String> arms = List.of("asha", "hyperband", "none", "median", "tpe+hyperband", "asha-repro");
        Path dir = Path.of("results", "pruning-bench");
        int synthetic = 0;
        long seed = DEFAULT_SEED;
        int eta = 3;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--trials" -> trials = BenchArgs.positive(args, i++);
                case "--epochs" -> epochs = BenchArgs.positive(args, i++);
                case "--parallelism" -> parallelism = BenchArgs.positive(args, i++);
                case "--dir" -> dir = Path.of(BenchArgs.valueOf(args, i++));
                case "--synthetic" -> synthetic = BenchArgs.positive(args, i++);
                case "--seed" -> seed = BenchArgs.seed(args, i++);
                case "--eta" -> {
                    eta = BenchArgs.positive(args, i++);
                    if (eta < 2) {
                        throw new UsageException("--eta", eta,
                                "Hyperband's reduction factor is at least 2, e.g. --eta 3");
                    }
                }
                case "--arms" -> {
                    arms = List.of(BenchArgs.valueOf(args, i++).split(","));
                    for (String a : arms) {
                        if (!ARMS.contains(a)) {
                            throw new UsageException("--arms", a, "choose from " + ARMS);
                        }
                    }
                }
                default -> throw BenchArgs.unknown(args[i], "--trials N, --epochs N, --parallelism N, --dir DIR,"
                        + " --seed N, --eta N, --arms " + String.join(",", ARMS) + ", --synthetic ROUNDS");
            }
        }
        if (synthetic > 0) {
            // what reproducible pruning costs, measured on sleeping trials: no CPU, so other load does not blur it
            ReproduciblePruningCost.run(dir.resolve("synthetic"), trials, synthetic);
            return;
        }
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        System.out.printf(Locale.ROOT, "pruning benchmark: %d trials, <= %d epochs, parallelism %d, sampler seed %d,"
                + " arms %s%n", trials, epochs, parallelism, seed, arms);
        Map<String, Row> rows = new LinkedHashMap<>();
        for (String arm : arms) {
            Row row = run(arm, trials, epochs, parallelism, seed, eta, dir);
            rows.put(arm, row);
            System.out.printf(Locale.ROOT, "done %-16s %s%n", arm, row);
            System.out.flush();
        }
        System.out.println();
        System.out.print(table(rows, trials, epochs));
    }

    static Row run(String arm, int trials, int epochs, int parallelism, long seed, int eta, Path dir) {
        // the study name decides Hyperband's brackets (crc32, as Optuna): seed 7 keeps the names of the first tables
        String name = "pruning-" + arm.replace('+', '-') + (seed == DEFAULT_SEED ? "" : "-seed" + seed);
        Path db = dir.resolve(name + ".db");
        deleteStudy(db);
        Supplier<Sampler> sampler = arm.startsWith("tpe") ? () -> Samplers.tpe(seed) : () -> Samplers.random(seed);
        Pruner pruner = switch (arm) {
            case "none" -> Pruners.none();
            case "median" -> Pruners.median();
            case "asha" -> Pruners.asha(1, 3);
            case "asha-repro" -> Pruners.asha(1, 3).reproducible();
            case "hyperband", "tpe+hyperband" -> Pruners.hyperband(1, epochs, eta);
            case "hyperband-repro" -> Pruners.hyperband(1, epochs, eta).reproducible();
            default -> throw new IllegalArgumentException(arm);
        };
        TrainingLoopObjective objective = Dl4j.classifier(Datasets.fashionMnist()).mlp(128).maxEpochs(epochs)
                .patience(0).checkpointEvery(0).keepTop(0);
        long start = System.nanoTime();
        StudyResult result = Study.named(name)
                .storage(db)
                .space(Dl4j.space(s -> s
                        .logFloat("lr", 1e-4, 1e-1)
                        .choice("optimizer", "sgd", "nesterov", "adam", "rmsprop")
                        .choice("init", "xavier", "he")
                        .floatRange("dropout", 0.0, 0.5)
                        .choice("batchSize", 128, 256)
                        .logFloat("l2", 1e-6, 1e-2)))
                .sampler(sampler.get())
                .pruner(pruner)
                .objective(objective)
                .maximize("val_accuracy")
                .parallelism(parallelism)
                .budget(Budget.trials(trials))
                .optimize();
        double wall = (System.nanoTime() - start) / 1e9;
        int trained = 0;
        int complete = 0;
        int pruned = 0;
        for (FrozenTrial t : result.history().trials()) {
            trained += t.intermediateValues().size();
            complete += t.state() == TrialState.COMPLETE ? 1 : 0;
            pruned += t.state() == TrialState.PRUNED ? 1 : 0;
        }
        FrozenTrial best = result.best().orElseThrow(() -> new IllegalStateException(arm + ": no trial completed"));
        Object test = best.userAttributes().get("test_accuracy");
        return new Row(arm, pruner.describe(), result.history().trials().size(), complete, pruned, trained, wall,
                best.value(), test instanceof Number n ? n.doubleValue() : Double.NaN, best.number());
    }

    static String table(Map<String, Row> rows, int trials, int epochs) {
        Row ref = rows.get("none");
        StringBuilder out = new StringBuilder();
        out.append(String.format(Locale.ROOT, "| arm (%d trials, <= %d epochs) | pruner | complete / pruned | epochs"
                + " trained | ÷ none | wall time | ÷ none | best val acc (trial) | − none (points) | its test acc |%n",
                trials, epochs));
        out.append("|---|---|---|---|---|---|---|---|---|---|\n");
        for (Row r : rows.values()) {
            out.append(String.format(Locale.ROOT, "| %s | `%s` | %d / %d | %d | %s | %.0f s | %s | %.4f (#%d) | %s |"
                    + " %.4f |%n", r.arm(), r.pruner(), r.complete(), r.pruned(), r.epochs(),
                    ref == null ? "–" : String.format(Locale.ROOT, "%.1f %%", 100.0 * r.epochs() / ref.epochs()),
                    r.wallSeconds(),
                    ref == null ? "–" : String.format(Locale.ROOT, "%.2f", r.wallSeconds() / ref.wallSeconds()),
                    r.bestVal(), r.bestNumber(),
                    ref == null ? "–" : String.format(Locale.ROOT, "%+.2f", 100 * (r.bestVal() - ref.bestVal())),
                    r.bestTest()));
        }
        return out.toString();
    }

    private static void deleteStudy(Path db) {
        try {
            for (String suffix : List.of("", "-wal", "-shm", "-journal")) {
                Files.deleteIfExists(Path.of(db + suffix));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
