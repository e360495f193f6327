package io.sweep4j.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.sweep4j.cli.OptunaInteropTest.Optuna;
import io.sweep4j.sampler.Samplers;
import io.sweep4j.space.Params;
import io.sweep4j.space.SearchSpace;
import io.sweep4j.store.ClaimOutcome;
import io.sweep4j.store.Storage;
import io.sweep4j.store.StorageUrl;
import io.sweep4j.store.StudyInfo;
import io.sweep4j.store.TestClaims;
import io.sweep4j.study.Budget;
import io.sweep4j.study.Objective;
import io.sweep4j.study.Study;
import io.sweep4j.study.StudyResult;
import io.sweep4j.trial.Attributes;
import io.sweep4j.trial.Direction;
import io.sweep4j.trial.FrozenTrial;
import io.sweep4j.trial.History;
import io.sweep4j.trial.TrialDraft;
import io.sweep4j.trial.TrialState;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Two-objective studies across the interop matrix ({SQLite, PostgreSQL} x {Optuna 3.1, Optuna 4.9}, constrained or
 * not): sweep4j reads every direction, value and constraint of a study Optuna's NSGA-II wrote and finds Optuna's
 * Pareto front, and Optuna loads a study sweep4j wrote with the same values and front. Optuna 3.1's
 * {@code best_trials} ignores constraints; 4.x's (and sweep4j's) keeps the feasible trials only, which 3.1's own front
 * function gives over them.
 */
class OptunaParetoInteropTest {
    private static final List<Direction> MAX_MIN = List.of(Direction.MAXIMIZE, Direction.MINIMIZE);
    private static final SearchSpace SPACE = SearchSpace.builder().floatRange("x", 0, 1).intRange("layers", 1, 4)
            .build();

    @TempDir
    Path dir;

    static List<Arguments> cells() {
        List<Arguments> out = new ArrayList<>();
        for (String backend : List.of("sqlite", "postgresql")) {
            for (Optuna o : Optuna.values()) {
                for (boolean constrained : List.of(false, true)) {
                    out.add(Arguments.of(backend, o, constrained));
                }
            }
        }
        return out;
    }

    @ParameterizedTest(name = "{0}, Optuna {1}, constrained {2}")
    @MethodSource("cells")
    void sweepReadsATwoObjectiveStudyOptunaWroteAndFindsItsFront(String backend, Optuna optuna, boolean constrained)
            throws Exception {
        String[] urls = OptunaInteropTest.storage(dir, backend, "pareto");
        JsonNode py = OptunaInteropTest.python(dir, optuna, "mo_write.py", urls[1], "pareto",
                constrained ? "constrained" : "plain");
        List<Integer> front = optunaFront(py, optuna, constrained);
        assertTrue(front.size() >= 2, "a front of several trials: " + front);
        try (Storage s = Storage.open(StorageUrl.parse(urls[0]), Storage.Access.READ_ONLY)) {
            StudyInfo info = s.findStudy("pareto").orElseThrow();
            assertEquals(MAX_MIN, info.directions());
            assertEquals(optuna == Optuna.V4_9 ? List.of("accuracy", "size") : List.of("values[0]", "values[1]"),
                    info.objectiveNames(), "Optuna 4.9 stores set_metric_names, 3.1 has none");
            History h = s.history(info.studyId());
            assertEquals(MAX_MIN, h.directions());
            assertSameTrials(py, h);
            assertEquals(front, numbers(h.paretoFront()));
        }
        // `sweep best` prints that front, best first in the first objective
        CliRun best = CliRun.of("best", urls[0], "--format", "json");
        assertEquals(0, best.exit(), best.err());
        JsonNode rows = new com.fasterxml.jackson.databind.ObjectMapper().readTree(best.out());
        String first = optuna == Optuna.V4_9 ? "accuracy" : "values[0]";
        List<Integer> shown = new ArrayList<>();
        double previous = Double.POSITIVE_INFINITY;
        for (JsonNode row : rows) {
            shown.add(row.get("number").asInt());
            double accuracy = row.get(first).isNumber() ? row.get(first).asDouble()
                    : Double.parseDouble(row.get(first).asText());
            assertTrue(accuracy <= previous, "sorted by " + first + ": " + best.out());
            previous = accuracy;
        }
        assertEquals(front, shown.stream().sorted().toList());
    }

    @ParameterizedTest(name = "{0}, Optuna {1}, constrained {2}")
    @MethodSource("cells")
    void optunaLoadsATwoObjectiveStudySweepWroteWithTheSameFront(String backend, Optuna optuna, boolean constrained)
            throws Exception {
        String[] urls = OptunaInteropTest.storage(dir, backend, "ours");
        String created = backend.equals("sqlite") ? "sqlite:///" + urls[0] : urls[0];
        History ours;
        try (Storage s = Storage.open(created + (created.contains("?") ? "&" : "?") + "revision="
                + optuna.revision)) {
            long id = s.createStudy("ours", MAX_MIN, Map.of(StudyInfo.METRIC_NAMES, List.of("accuracy", "size")))
                    .studyId();
            for (int i = 0; i < 24; i++) {
                double x = (i * 0.37) % 1.0;
                long layers = 1 + i % 4;
                FrozenTrial t = claim(s, id, x, layers);
                Map<String, Object> attrs = constrained
                        ? Map.of(Attributes.CONSTRAINTS, List.of(x - 0.8, i % 5 == 1 ? 1.0 : -0.5)) : Map.of();
                if (i % 7 == 5) {
                    s.finish(t.trialId(), TrialState.FAIL, List.of(), Map.of(Attributes.FAIL_REASON, "simulated"));
                } else if (i % 7 == 6) {
                    s.finish(t.trialId(), TrialState.PRUNED, List.of(), Map.of());
                } else {
                    List<Double> values = i == 3 ? List.of(Double.POSITIVE_INFINITY, 30.0)
                            : i == 4 ? List.of(0.2, Double.NEGATIVE_INFINITY)
                            : List.of(1.0 - (x - 0.3) * (x - 0.3) - 0.1 * layers, 10.0 * x + layers);
                    s.finish(t.trialId(), TrialState.COMPLETE, values, attrs);
                }
            }
            ours = s.history(id);
        }
        JsonNode py = OptunaInteropTest.python(dir, optuna, "mo_read.py", urls[1], "ours");
        assertEquals(List.of("MAXIMIZE", "MINIMIZE"), texts(py.get("directions")));
        if (optuna == Optuna.V4_9) {
            assertEquals(List.of("accuracy", "size"), texts(py.get("metric_names")));
        }
        assertSameTrials(py, ours);
        List<Integer> front = numbers(ours.paretoFront());
        assertTrue(front.size() >= 2, "a front of several trials: " + front);
        assertEquals(front, optunaFront(py, optuna, constrained));
    }

    /**
     * A mixed fleet on one two-objective study: Optuna's NSGA-II worker and a sweep4j worker, both storing the same
     * constraint, run at once; no trial is lost or taken twice, every trial has both values and its constraint, and
     * Optuna's front of the whole study is sweep4j's.
     */
    @ParameterizedTest(name = "{0}, Optuna {1}")
    @MethodSource("io.sweep4j.cli.OptunaInteropTest#cells")
    void anOptunaNsga2WorkerAndASweepWorkerShareOneTwoObjectiveStudy(String backend, Optuna optuna) throws Exception {
        String[] urls = OptunaInteropTest.storage(dir, backend, "mofleet");
        String created = backend.equals("sqlite") ? "sqlite:///" + urls[0] : urls[0];
        try (Storage s = Storage.open(created + (created.contains("?") ? "&" : "?") + "revision="
                + optuna.revision)) {
            s.studies();
        }
        Path scripts = OptunaInteropTest.copyScripts(dir);
        ProcessBuilder pb = new ProcessBuilder("/usr/bin/python3", scripts.resolve("mo_fleet_worker.py").toString(),
                urls[1], "12").redirectError(ProcessBuilder.Redirect.INHERIT);
        optuna.environment(pb.environment());
        Process worker = pb.start();
        OptunaInteropTest.awaitTrials(urls[0], "mofleet");
        StudyResult ours = Study.named("mofleet").storage(urls[0])
                .space(sp -> sp.floatRange("x", 0.0, 1.0).intRange("n", 0, 9))
                .sampler(Samplers.random(9))
                .objective(Objective.named(t -> {
                    Thread.sleep(50);
                    double x = t.getDouble("x");
                    return Map.of("accuracy", 1.0 - x, "size", 10.0 * (1.0 - x) + t.getInt("n"));
                }))
                .maximize("accuracy").minimize("size").constraint("accuracy", ">=", 0.2)
                .parallelism(2).budget(Budget.trials(24)).optimize();
        String out = new String(worker.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        assertEquals(0, worker.waitFor(), "the Optuna worker failed: " + out);
        History h;
        try (Storage s = Storage.open(StorageUrl.parse(urls[0]), Storage.Access.READ_ONLY)) {
            h = s.history(s.findStudy("mofleet").orElseThrow().studyId());
        }
        assertEquals(MAX_MIN, h.directions());
        for (int i = 0; i < h.trials().size(); i++) {
            FrozenTrial t = h.trials().get(i);
            assertEquals(i, t.number(), "numbers unique and dense");
            assertEquals(TrialState.COMPLETE, t.state(), "trial " + t.number() + " " + t.systemAttributes());
            assertEquals(1.0 - t.params().getDouble("x"), t.values().get(0), 1e-12);
            assertEquals(0.2 - t.values().get(0), t.constraints().orElseThrow().get(0), 1e-12,
                    "both store the constraint as Optuna's constraints_func does");
        }
        long byOptuna = h.trials().stream().filter(t -> "optuna".equals(t.userAttributes().get("by"))).count();
        assertEquals(12, byOptuna);
        assertEquals(h.trials().size() - 12, ours.trialsRunHere(), "every other trial is sweep4j's");
        JsonNode py = OptunaInteropTest.python(dir, optuna, "mo_read.py", urls[1], "mofleet");
        assertSameTrials(py, h);
        List<Integer> front = numbers(h.paretoFront());
        assertTrue(front.size() >= 2, "a front of several trials: " + front);
        assertEquals(front, optunaFront(py, optuna, true));
    }

    /** Optuna's front: best_trials, or for Optuna 3.1 in a constrained study its front of the feasible trials. */
    private static List<Integer> optunaFront(JsonNode py, Optuna optuna, boolean constrained) {
        List<Integer> best = ints(py.get("best_trials"));
        List<Integer> feasible = ints(py.get("feasible_front"));
        if (optuna == Optuna.V4_9 || !constrained) {
            assertEquals(best, feasible, "Optuna's best_trials is its front of the feasible trials");
            return best;
        }
        return feasible;
    }

    /** Optuna's trials (as mo_read.py prints them) and ours: numbers, states, every value and constraint. */
    private static void assertSameTrials(JsonNode py, History h) {
        assertEquals(py.get("trials").size(), h.trials().size());
        for (int i = 0; i < h.trials().size(); i++) {
            JsonNode pt = py.get("trials").get(i);
            FrozenTrial t = h.trials().get(i);
            String which = "trial " + t.number();
            assertEquals(pt.get("number").asInt(), t.number());
            assertEquals(pt.get("state").asText(), t.state().name(), which);
            List<Double> values = new ArrayList<>();
            pt.get("values").forEach(v -> values.add(number(v)));
            assertEquals(values, t.values(), which);
            List<Double> constraints = new ArrayList<>();
            pt.get("constraints").forEach(v -> constraints.add(number(v)));
            assertEquals(pt.get("constraints").isNull() ? Optional.empty() : Optional.of(constraints),
                    t.constraints(), which);
            assertEquals(pt.get("params").get("x").asDouble(), t.params().getDouble("x"), 0.0, which);
        }
    }

    private static FrozenTrial claim(Storage s, long studyId, double x, long layers) {
        ClaimOutcome out = TestClaims.claim(s, studyId, -1, (n, h, fixed) -> Optional.of(TrialDraft.of(SPACE,
                Params.of(Map.of("x", x, "layers", layers)), Map.of())));
        return ((ClaimOutcome.Claimed) out).trial();
    }

    /** A value as Python's json prints it through mo_read.py (infinities as the strings "inf" and "-inf"). */
    private static double number(JsonNode v) {
        return v.isNumber() ? v.asDouble() : switch (v.asText()) {
            case "inf" -> Double.POSITIVE_INFINITY;
            case "-inf" -> Double.NEGATIVE_INFINITY;
            default -> throw new AssertionError("not a number: " + v);
        };
    }

    private static List<Integer> numbers(List<FrozenTrial> trials) {
        return trials.stream().map(FrozenTrial::number).sorted().toList();
    }

    private static List<Integer> ints(JsonNode array) {
        List<Integer> out = new ArrayList<>();
        array.forEach(n -> out.add(n.asInt()));
        return out.stream().sorted().toList();
    }

    private static List<String> texts(JsonNode array) {
        List<String> out = new ArrayList<>();
        array.forEach(n -> out.add(n.asText()));
        return out;
    }
}
