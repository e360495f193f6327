package io.sweep4j.prune;

import io.sweep4j.bench.SimulatedCurve;
import io.sweep4j.sampler.Samplers;
import io.sweep4j.study.Budget;
import io.sweep4j.study.Study;
import java.nio.file.Path;

/** A pruning study on {@link SimulatedCurve}, also run in a child JVM: {@code <db> <study> <pruner> <budget> <parallelism>}. */
public final class PruningChild {
    private PruningChild() {
    }

    public static void main(String[] args) {
        study(Path.of(args[0]), args[1], args[2], Integer.parseInt(args[3]), Integer.parseInt(args[4]), 0).optimize();
        System.out.println("DONE");
    }

    static Pruner pruner(String name) {
        return switch (name) {
            case "asha" -> Pruners.asha(1, 2);
            case "asha-repro" -> Pruners.asha(1, 2).reproducible();
            case "median-repro" -> Pruners.median(3, 1).reproducible();
            case "hyperband" -> Pruners.hyperband();
            case "hyperband-repro" -> Pruners.hyperband(1, 9, 2).reproducible();
            default -> throw new IllegalArgumentException(name);
        };
    }

    public static Study study(Path db, String name, String pruner, int budget, int parallelism, int jitterMs) {
        return study(db.toString(), name, pruner, budget, parallelism, jitterMs);
    }

    /** The same study in any storage URL (a SQLite file or a PostgreSQL database). */
    public static Study study(String storage, String name, String pruner, int budget, int parallelism, int jitterMs) {
        return Study.named(name).storage(storage).space(s -> s.floatRange("x", 0, 1).floatRange("y", 0, 1))
                .sampler(Samplers.random(3)).pruner(pruner(pruner)).objective(new SimulatedCurve(9, 0, 0, jitterMs))
                .maximize("v").parallelism(parallelism).budget(Budget.trials(budget));
    }
}
