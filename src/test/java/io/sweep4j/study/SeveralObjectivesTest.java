package io.sweep4j.study;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.sweep4j.prune.Pruners;
import io.sweep4j.sampler.Samplers;
import io.sweep4j.space.UsageException;
import io.sweep4j.store.Storage;
import io.sweep4j.store.StudyInfo;
import io.sweep4j.trial.Attributes;
import io.sweep4j.trial.Direction;
import io.sweep4j.trial.FrozenTrial;
import io.sweep4j.trial.TrialState;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A study with several objectives, each with its direction, and constraints, run end to end with plain Java
 * objectives: values stored in the declared order (as Optuna reads them), constraints stored as Optuna's, the bad
 * inputs refused or failed as a user needs, and pruning on the one objective the study declares.
 */
class SeveralObjectivesTest {
    private static final Path OPTUNA_49 = Path.of("src", "test", "python", "third_party", "optuna-4.9.0")
            .toAbsolutePath().normalize();

    @TempDir
    Path dir;

    /** accuracy rises with x, size with x too: a trade-off, measured by name. */
    private static Map<String, Double> measure(Trial t) {
        double x = t.getDouble("x");
        Map<String, Double> v = new LinkedHashMap<>();
        v.put("size", 1000 * x);
        v.put("accuracy", Math.sqrt(x));
        return v;
    }

    private Study twoObjectives(String name, String storage) {
        return Study.named(name).storage(storage).space(s -> s.floatRange("x", 0, 1))
                .sampler(Samplers.random(3)).objective(Objective.named(SeveralObjectivesTest::measure))
                .maximize("accuracy").minimize("size").parallelism(2).budget(Budget.trials(6));
    }

    @ParameterizedTest
    @ValueSource(strings = {"memory", "sqlite"})
    void twoObjectivesAreStoredInOrderWithTheirDirectionsAndEachTrialHasBothValues(String backend) {
        String url = backend.equals("memory") ? "memory:" : dir.resolve("two.db").toString();
        Study study = twoObjectives("two", url);
        // a second call adds an objective; it used to replace the first
        assertEquals(List.of("accuracy", "size"), study.spec().objectives().names());
        assertEquals(List.of(Direction.MAXIMIZE, Direction.MINIMIZE), study.spec().objectives().directions());

        StudyResult r = study.optimize();
        assertEquals(StopReason.BUDGET_TRIALS, r.stopReason());
        assertEquals(List.of(Direction.MAXIMIZE, Direction.MINIMIZE), r.history().directions());
        assertEquals(6, r.history().completed().size());
        for (FrozenTrial t : r.history().completed()) {
            double x = t.params().getDouble("x");
            assertEquals(List.of(Math.sqrt(x), 1000 * x), t.values(), "values in the declared order");
        }
        // every trial is on the front of this trade-off
        assertEquals(6, r.history().paretoFront().size());
        if (backend.equals("sqlite")) {
            try (Storage s = Storage.open(url)) {
                StudyInfo info = s.findStudy("two").orElseThrow();
                assertEquals(List.of(Direction.MAXIMIZE, Direction.MINIMIZE), info.directions());
                assertEquals(List.of("accuracy", "size"), info.systemAttributes().get(Attributes.METRIC_NAMES));
            }
        }
    }

    @Test
    void optunaReadsTheNamesDirectionsAndValuesInOrder() throws Exception {
        Path db = dir.resolve("optuna.db");
        twoObjectives("two", db.toString()).budget(Budget.trials(3)).optimize();
        String script = """
                import json, optuna
                s = optuna.load_study(study_name="two", storage="sqlite:///%s")
                print(json.dumps({"names": s.metric_names, "directions": [d.name for d in s.directions],
                                  "values": [t.values for t in s.trials], "x": [t.params["x"] for t in s.trials]}))
                """.formatted(db);
        ProcessBuilder pb = new ProcessBuilder("/usr/bin/python3", "-c", script)
                .redirectError(ProcessBuilder.Redirect.INHERIT);
        pb.environment().put("PYTHONPATH", OPTUNA_49.toString());
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, p.waitFor(), out);
        JsonNode read = new ObjectMapper().readTree(out);
        assertEquals("[\"accuracy\",\"size\"]", read.get("names").toString());
        assertEquals("[\"MAXIMIZE\",\"MINIMIZE\"]", read.get("directions").toString());
        for (int i = 0; i < 3; i++) {
            double x = read.get("x").get(i).asDouble();
            assertEquals(Math.sqrt(x), read.get("values").get(i).get(0).asDouble(), 1e-12);
            assertEquals(1000 * x, read.get("values").get(i).get(1).asDouble(), 1e-9);
        }
    }

    @Test
    void anObjectiveMayBeTheReturnedValueAReportedMetricOrAStoredUserAttribute() {
        StudyResult r = Study.named("sources").storage("memory:").space(s -> s.floatRange("x", 0, 1))
                .sampler(Samplers.random(5))
                .objective(t -> {
                    double x = t.getDouble("x");
                    t.report(0, Map.of("accuracy", x / 2, "val_loss", 1 - x));
                    t.setUserAttribute("param_count", 100 + (int) (x * 1000));
                    return x; // the study's metric, accuracy, as the objective ends it (its best epoch, say)
                })
                .maximize("accuracy").minimize("param_count").minimize("val_loss")
                .budget(Budget.trials(3)).optimize();
        assertEquals(3, r.history().completed().size());
        for (FrozenTrial t : r.history().completed()) {
            double x = t.params().getDouble("x");
            assertEquals(List.of(x, (double) (100 + (int) (x * 1000)), 1 - x), t.values());
            assertEquals(x / 2, t.intermediateValues().get(0), "the intermediate value is the study's metric");
        }
    }

    @Test
    void constraintsAreStoredAsOptunasAndBestIsTheBestFeasibleTrial() {
        // loss is smallest at x = 0.5, but size <= 0 needs x <= 0; the lambda also wants loss <= 1
        StudyResult r = Study.named("constrained").storage(dir.resolve("c.db").toString())
                .space(s -> s.floatRange("x", -1, 1)).sampler(Samplers.random(11))
                .objective(t -> {
                    t.setUserAttribute("size", 10 * t.getDouble("x"));
                    return Math.pow(t.getDouble("x") - 0.5, 2);
                })
                .minimize("loss").constraint("size", "<=", 0).constraint(m -> m.get("loss") - 1)
                .budget(Budget.trials(12)).optimize();
        for (FrozenTrial t : r.history().completed()) {
            double x = t.params().getDouble("x");
            List<Double> c = t.constraints().orElseThrow();
            assertEquals(2, c.size());
            assertEquals(10 * x, c.get(0), 1e-9);
            assertEquals(Math.pow(x - 0.5, 2) - 1, c.get(1), 1e-9);
        }
        FrozenTrial best = r.best().orElseThrow();
        assertTrue(best.params().getDouble("x") <= 0, "best is feasible: " + best);
        assertTrue(r.history().completed().stream().anyMatch(t -> t.value() < best.value() && !t.feasible()),
                "an infeasible trial had a smaller loss, and is not best");
    }

    @Test
    void aNameNothingMeasuresFailsTheFirstTrialWithTheReasonAndStopsTheRun() {
        StudyResult r = twoObjectives("missing", "memory:").minimize("latency_ms").parallelism(1)
                .budget(Budget.trials(10)).optimize();
        assertEquals(StopReason.MISSING_VALUE, r.stopReason());
        assertEquals(1, r.history().trials().size(), "the run stopped after the first such trial");
        FrozenTrial t = r.history().trials().get(0);
        assertEquals(TrialState.FAIL, t.state());
        assertTrue(t.failReason().orElseThrow().contains("\"latency_ms\"")
                && t.failReason().orElseThrow().contains("accuracy, size"), t.failReason().orElseThrow());

        StudyResult c = twoObjectives("missing-bound", "memory:").constraint("latency_ms", "<=", 5)
                .parallelism(1).budget(Budget.trials(10)).optimize();
        assertEquals(StopReason.MISSING_VALUE, c.stopReason());
        assertEquals(1, c.history().trials().size());
        assertTrue(c.history().trials().get(0).failReason().orElseThrow().contains("\"latency_ms\""));
    }

    @Test
    void nanInOneOfSeveralValuesFailsThatTrialNamingTheObjectiveAndTheStudyGoesOn() {
        StudyResult r = Study.named("nan").storage("memory:").space(s -> s.floatRange("x", 0, 1))
                .sampler(Samplers.random(2))
                .objective(Objective.named(t -> Map.of("accuracy", t.getDouble("x"),
                        "size", t.number() % 2 == 0 ? Double.NaN : 3.0)))
                .maximize("accuracy").minimize("size").parallelism(1).budget(Budget.trials(4)).optimize();
        assertEquals(StopReason.BUDGET_TRIALS, r.stopReason());
        for (FrozenTrial t : r.history().trials()) {
            if (t.number() % 2 == 0) {
                assertEquals(TrialState.FAIL, t.state());
                assertTrue(t.failReason().orElseThrow().contains("objective size is NaN"), t.failReason().get());
                assertTrue(t.values().isEmpty());
            } else {
                assertEquals(TrialState.COMPLETE, t.state());
            }
        }
    }

    @Test
    void aSingleObjectiveSamplerIsRefusedWhenTheStudyIsDefined() {
        UsageException e = assertThrows(UsageException.class,
                () -> twoObjectives("ga", "memory:").sampler(Samplers.genetic()).spec());
        assertTrue(e.getMessage().contains("sampler") && e.getMessage().contains("2 objectives")
                && e.getMessage().contains("Samplers.random(seed)"), e.getMessage());
        // the default sampler of a study with several objectives is one that handles them
        Study unset = Study.named("d").storage("memory:").objective(t -> 0).maximize("a").minimize("b");
        assertTrue(unset.spec().sampler().handlesSeveralObjectives());
        // a repeated name, a strict relation and a pruned metric that is no objective are refused too
        assertThrows(UsageException.class, () -> twoObjectives("r", "memory:").minimize("size").spec());
        assertThrows(UsageException.class, () -> twoObjectives("r", "memory:").constraint("size", "<", 5).spec());
        assertThrows(UsageException.class, () -> twoObjectives("r", "memory:").pruneOn("val_loss").spec());
    }

    @Test
    void aResumeWithAnotherObjectiveListIsRefusedAndWritesNothing() throws Exception {
        Path db = dir.resolve("resume.db");
        String url = db.toString();
        twoObjectives("r", url).budget(Budget.trials(2)).optimize();
        String before = sha256(db);
        List<Study> changed = List.of(
                Study.named("r").storage(url).space(s -> s.floatRange("x", 0, 1)).sampler(Samplers.random(3))
                        .objective(Objective.named(SeveralObjectivesTest::measure))
                        .minimize("size").maximize("accuracy"), // another order
                twoObjectives("r", url).minimize("latency"), // one more
                Study.named("r").storage(url).space(s -> s.floatRange("x", 0, 1))
                        .objective(Objective.named(SeveralObjectivesTest::measure)).maximize("accuracy"), // one
                Study.named("r").storage(url).space(s -> s.floatRange("x", 0, 1)).sampler(Samplers.random(3))
                        .objective(Objective.named(SeveralObjectivesTest::measure))
                        .maximize("accuracy").maximize("size")); // another direction
        for (Study s : changed) {
            UsageException e = assertThrows(UsageException.class, s::optimize);
            assertTrue(e.getMessage().contains("objectives") && e.getMessage().contains("maximize accuracy, minimize"
                    + " size"), e.getMessage());
            assertEquals(before, sha256(db), "nothing written: " + e.getMessage());
        }
        assertFalse(Files.exists(Path.of(url + "-wal")));
    }

    @Test
    void thePrunerJudgesTheDeclaredObjectivePerStepAndAPrunedTrialStoresNoValues() {
        // cost is first, but accuracy is what each epoch reports and the pruner judges (maximized)
        String url = "memory:pruned-" + System.nanoTime();
        Study study = Study.named("pruned").storage(url).space(s -> s.floatRange("x", 0, 1))
                .sampler(Samplers.random(4)).pruner(Pruners.median(2, 0))
                .objective(Objective.named(t -> {
                    double x = t.getDouble("x");
                    for (int step = 0; step < 4; step++) {
                        if (t.reportAndShouldPrune(step, Map.of("accuracy", x * (step + 1) / 4, "cost", 9.0),
                                Map.of())) {
                            throw new TrialPrunedException("pruned at " + step);
                        }
                    }
                    return Map.of("accuracy", x, "cost", 10 * x);
                }))
                .minimize("cost").maximize("accuracy").pruneOn("accuracy").constraint("cost", "<=", 5).parallelism(1)
                .budget(Budget.trials(14));
        assertTrue(study.spec().objectives().pruningRule().contains("judges accuracy per step"));
        StudyResult r = study.optimize();
        List<FrozenTrial> pruned = r.history().inState(TrialState.PRUNED);
        List<FrozenTrial> done = r.history().completed();
        assertFalse(pruned.isEmpty(), "some trials were pruned");
        for (FrozenTrial t : pruned) {
            assertTrue(t.values().isEmpty(), "a pruned trial stores no values: " + t);
            // as Optuna, a pruned trial's constraints are stored, from what it reported (cost 9 each epoch)
            assertEquals(List.of(4.0), t.constraints().orElseThrow());
            double x = t.params().getDouble("x");
            t.intermediateValues().forEach((step, v) -> assertEquals(x * (step + 1) / 4, v, 1e-12,
                    "the curve is accuracy's"));
        }
        for (FrozenTrial t : done) {
            double x = t.params().getDouble("x");
            assertEquals(List.of(10 * x, x), t.values());
            assertEquals(10 * x - 5, t.constraints().orElseThrow().get(0), 1e-9);
        }
        // accuracy is maximized: what the pruner stopped is the low-accuracy end, never the best trial
        double bestX = r.history().trials().stream().mapToDouble(t -> t.params().getDouble("x")).max().orElseThrow();
        assertTrue(done.stream().anyMatch(t -> t.params().getDouble("x") == bestX), "the best accuracy completed");
        try (Storage s = Storage.open(url)) {
            Map<?, ?> definition = (Map<?, ?>) s.findStudy("pruned").orElseThrow().systemAttributes()
                    .get(Attributes.DEFINITION);
            assertEquals("accuracy", definition.get("pruned_on"));
            assertTrue(String.valueOf(definition.get("pruning")).contains("cost is measured when the trial ends"),
                    definition.toString());
        }
    }

    @Test
    void theStudyMetricIsTheFirstObjectiveTheObjectiveReportsUnlessOneIsDeclared() {
        // as a DL4J objective: it reports val_accuracy per epoch, and refuses param_count as its metric
        Objective reporting = new Objective() {
            @Override
            public double evaluate(Trial trial) {
                return 0;
            }

            @Override
            public void validate(io.sweep4j.space.SearchSpace space, String metric) {
                if (!metric.startsWith("val_")) {
                    throw new UsageException("metric", metric, "report val_accuracy or val_loss");
                }
            }
        };
        Study study = Study.named("m").storage("memory:").sampler(Samplers.random(1)).objective(reporting)
                .minimize("param_count").maximize("val_accuracy").minimize("val_loss");
        assertEquals("val_accuracy", study.spec().metric());
        assertEquals(Direction.MAXIMIZE, study.spec().objectives().metricDirection());
        assertEquals(Direction.MINIMIZE, study.spec().direction(), "the study's direction is its first objective's");
        assertEquals("val_loss", study.pruneOn("val_loss").spec().metric());
        UsageException none = assertThrows(UsageException.class, () -> Study.named("n").storage("memory:")
                .sampler(Samplers.random(1)).objective(reporting).minimize("param_count").minimize("ms").spec());
        assertTrue(none.getMessage().contains("param_count"), none.getMessage());
    }

    static String sha256(Path f) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(f)));
    }
}
