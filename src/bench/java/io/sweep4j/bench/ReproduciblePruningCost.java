package io.sweep4j.bench;

import io.sweep4j.prune.Pruner;
import io.sweep4j.prune.Pruners;
import io.sweep4j.sampler.Samplers;
import io.sweep4j.study.Budget;
import io.sweep4j.study.Study;
import io.sweep4j.trial.FrozenTrial;
import io.sweep4j.trial.History;
import io.sweep4j.trial.TrialState;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * What reproducible pruning costs in wall time, apart from CPU load: trials that sleep instead of training (each
 * step 10–30 ms by the trial's "batch size" parameter, so fast and slow trials run side by side, as in a real sweep),
 * at parallelism 2, with and without {@code reproducible()}; and whether the pruned trials are the same as at
 * parallelism 1. Part of {@code ./sweep bench pruning --synthetic}.
 */
final class ReproduciblePruningCost {
    private static final int STEPS = 20;

    private ReproduciblePruningCost() {
    }

    static void run(Path dir, int trials, int rounds) throws Exception {
        Files.createDirectories(dir);
        System.out.printf(Locale.ROOT, "%nreproducible pruning, sleeping trials: %d trials, %d steps of 10-30 ms,"
                + " parallelism 2, best of %d rounds%n", trials, STEPS, rounds);
        System.out.println("| pruner | wall time, parallelism 2 | ÷ not reproducible | pruned trials | same trials"
                + " pruned as at parallelism 1 (of " + rounds + " runs) |");
        System.out.println("|---|---|---|---|---|");
        for (String kind : List.of("asha", "hyperband", "median")) {
            double plain = Double.MAX_VALUE;
            double repro = Double.MAX_VALUE;
            int samePlain = 0;
            int sameRepro = 0;
            Map<Integer, String> plainOne = decisions(study(dir, kind, false, 1, trials, "p1").optimize().history());
            Map<Integer, String> reproOne = decisions(study(dir, kind, true, 1, trials, "r1").optimize().history());
            int pruned = 0;
            for (int round = 0; round < rounds; round++) {
                long t0 = System.nanoTime();
                History h = study(dir, kind, false, 2, trials, "p2-" + round).optimize().history();
                plain = Math.min(plain, (System.nanoTime() - t0) / 1e9);
                samePlain += decisions(h).equals(plainOne) ? 1 : 0;
                pruned = h.inState(TrialState.PRUNED).size();
                t0 = System.nanoTime();
                History r = study(dir, kind, true, 2, trials, "r2-" + round).optimize().history();
                repro = Math.min(repro, (System.nanoTime() - t0) / 1e9);
                sameRepro += decisions(r).equals(reproOne) ? 1 : 0;
            }
            System.out.printf(Locale.ROOT, "| %s | %.2f s | 1.00 | %d | %d |%n", kind, plain, pruned, samePlain);
            System.out.printf(Locale.ROOT, "| %s, reproducible | %.2f s | %.2f | %d | %d |%n", kind, repro,
                    repro / plain, reproOne.values().stream().filter(v -> v.startsWith("P")).count(), sameRepro);
        }
    }

    private static Study study(Path dir, String kind, boolean reproducible, int parallelism, int trials, String tag)
            throws Exception {
        Pruner p = switch (kind) {
            case "asha" -> reproducible ? Pruners.asha(1, 3).reproducible() : Pruners.asha(1, 3);
            case "hyperband" -> reproducible ? Pruners.hyperband(1, STEPS, 3).reproducible()
                    : Pruners.hyperband(1, STEPS, 3);
            default -> reproducible ? Pruners.median(5, 2).reproducible() : Pruners.median(5, 2);
        };
        Path db = dir.resolve(kind + "-" + tag + ".db");
        for (String suffix : List.of("", "-wal", "-shm")) {
            Files.deleteIfExists(Path.of(db + suffix));
        }
        return Study.named("cost").storage(db).space(s -> s.floatRange("x", 0, 1).floatRange("y", 0, 1))
                .sampler(Samplers.random(5)).pruner(p).objective(new SimulatedCurve(STEPS, 10, 20, 0)).maximize("v")
                .parallelism(parallelism).budget(Budget.trials(trials));
    }

    private static Map<Integer, String> decisions(History h) {
        Map<Integer, String> out = new TreeMap<>();
        for (FrozenTrial t : h.trials()) {
            out.put(t.number(), t.state() == TrialState.PRUNED ? "P" + t.intermediateValues().lastKey() : "C");
        }
        return out;
    }
}
