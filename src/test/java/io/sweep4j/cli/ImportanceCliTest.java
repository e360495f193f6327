package io.sweep4j.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sweep4j.prune.Pruners;
import io.sweep4j.sampler.Samplers;
import io.sweep4j.study.Budget;
import io.sweep4j.study.Study;
import io.sweep4j.study.TrialPrunedException;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code sweep importance}: conditional parameters apart and labelled, and pruned trials' measurements used. */
class ImportanceCliTest {
    @TempDir
    Path dir;

    /** QuickStart's space: momentum only for nesterov. */
    private Study study(String name, int trials) {
        return Study.named(name).storage(dir.resolve(name + ".db"))
                .space(s -> s.logFloat("lr", 1e-4, 1e-1).choice("optimizer", "sgd", "nesterov", "adam")
                        .when("optimizer", List.of("nesterov"), n -> n.floatRange("momentum", 0.5, 0.99))
                        .intRange("width", 16, 256))
                .sampler(Samplers.random(7)).maximize("val_accuracy").parallelism(1).budget(Budget.trials(trials));
    }

    private static List<String[]> rows(CliRun r) {
        return r.out().strip().lines().skip(1).map(l -> l.split(",", 3)).toList();
    }

    @Test
    void aConditionalParameterIsListedApartWithTheTrialsItWasJudgedOn() {
        study("cond", 60).objective(t -> 1 - Math.abs(Math.log10(t.getDouble("lr")) + 2.5) / 3
                - (t.has("momentum") ? Math.abs(t.getDouble("momentum") - 0.9) : 0.1)).optimize();
        CliRun r = CliRun.of("importance", dir.resolve("cond.db").toString(), "--format", "csv");
        assertEquals(0, r.exit(), r.err());
        List<String[]> rows = rows(r);
        // the parameters every trial has first, summing to 1, as Optuna's PedAnovaImportanceEvaluator gives them
        assertEquals(List.of("lr", "optimizer", "width"), rows.subList(0, 3).stream().map(x -> x[0]).sorted()
                .toList(), r.out());
        assertEquals(1.0, rows.subList(0, 3).stream().mapToDouble(x -> Double.parseDouble(x[1])).sum(), 1e-9);
        assertEquals("parameter,importance,judged_over", r.out().lines().findFirst().orElseThrow());
        rows.subList(0, 3).forEach(x -> assertEquals("60 completed trials", x[2], r.out()));
        // then momentum, labelled with its condition and the trials that have it
        String[] momentum = rows.get(3);
        assertEquals("momentum", momentum[0], r.out());
        assertTrue(momentum[2].matches("\"?only when optimizer in \\[nesterov]: among its \\d+ trials\"?"),
                momentum[2]);
    }

    @Test
    void aStudyAshaMostlyPrunedIsJudgedAtTheDeepestStepEnoughTrialsReached() {
        study("asha", 20).pruner(Pruners.asha(1, 3)).objective(t -> {
            // later trials a little worse: ASHA lets few finish
            double q = 1 - Math.abs(Math.log10(t.getDouble("lr")) + 2.5) / 3 - t.number() * 0.05;
            double acc = 0;
            for (int e = 0; e < 20; e++) {
                acc = q * (1 - Math.exp(-(e + 1) / 2.0));
                t.report(e, acc);
                if (t.shouldPrune()) {
                    throw new TrialPrunedException("pruned at step " + e);
                }
            }
            return acc;
        }).optimize();
        CliRun complete = CliRun.of("trials", dir.resolve("asha.db").toString(), "--state", "complete", "--format",
                "csv");
        assertTrue(complete.out().strip().lines().count() - 1 < 3, "too few complete trials to judge: "
                + complete.out());
        CliRun r = CliRun.of("importance", dir.resolve("asha.db").toString(), "--format", "csv");
        assertEquals(0, r.exit(), "pruned trials' measurements are enough: " + r.err());
        List<String[]> rows = rows(r);
        assertTrue(rows.stream().anyMatch(x -> x[0].equals("lr")
                && x[2].matches("\"?val_accuracy at step \\d+, \\d+ trials \\(complete and pruned\\)\"?")), r.out());
    }
}
