package io.sweep4j.sampler;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.sweep4j.space.Params;
import io.sweep4j.space.SearchSpace;
import io.sweep4j.study.Budget;
import io.sweep4j.study.Objective;
import io.sweep4j.study.StopReason;
import io.sweep4j.study.Study;
import io.sweep4j.study.StudyResult;
import io.sweep4j.trial.Attributes;
import io.sweep4j.trial.Direction;
import io.sweep4j.trial.FrozenTrial;
import io.sweep4j.trial.History;
import io.sweep4j.trial.Hypervolume;
import io.sweep4j.trial.TrialState;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.SortedMap;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** TPE's good group and weights with several objectives and with constraints, against Optuna 4.9's on the same trials. */
class MultiObjectiveTpeTest {
    private static final SearchSpace SPACE = SearchSpace.builder().floatRange("x", 0, 1).build();

    record Case(List<Direction> directions, int nBelow, boolean constrained, boolean completeOnly,
                List<FrozenTrial> trials) {
    }

    @Test
    void theGoodGroupOfCompleteTrialsAndItsWeightsAreOptunas() throws Exception {
        List<Case> cases = new ArrayList<>();
        for (int seed = 0; seed < 90; seed++) {
            Random r = new Random(seed);
            int objectives = seed % 3 == 2 ? 3 : 2;
            boolean grid = seed / 3 % 2 == 0;
            List<Direction> directions = directions(r, objectives);
            int n = 2 + r.nextInt(50);
            List<FrozenTrial> trials = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                List<Double> values = new ArrayList<>();
                for (int k = 0; k < objectives; k++) {
                    // a small grid of values makes ties, duplicates and whole ranks of equal points
                    values.add(grid ? (double) r.nextInt(4) : r.nextDouble() * 10 - 3);
                }
                if (seed % 11 == 7 && i == n / 2) {
                    values.set(0, Double.POSITIVE_INFINITY);
                }
                trials.add(trial(i, TrialState.COMPLETE, values, null, new TreeMap<>()));
            }
            cases.add(new Case(directions, r.nextInt(n + 1), false, true, trials));
        }
        JsonNode optuna = optuna(cases);
        for (int c = 0; c < cases.size(); c++) {
            Case k = cases.get(c);
            boolean[] chosen = ParetoSplit.good(k.trials(), k.directions(), k.nBelow());
            List<FrozenTrial> good = new ArrayList<>();
            for (int i = 0; i < chosen.length; i++) {
                if (chosen[i]) {
                    good.add(k.trials().get(i));
                }
            }
            assertEquals(numbers(optuna.get(c).get("below")), good.stream().map(FrozenTrial::number).toList(),
                    "case " + c + " " + k.directions() + " n_below=" + k.nBelow());
            boolean[] all = new boolean[good.size()];
            Arrays.fill(all, true);
            double[] weights = ParetoSplit.weights(good, all, new boolean[good.size()], k.directions());
            assertWeights(optuna.get(c).get("weights"), weights, "case " + c);
        }
    }

    @Test
    void theConstrainedSplitIsOptunasAndPutsNoInfeasibleTrialInTheGoodGroupWhileFeasibleOnesFillIt()
            throws Exception {
        List<Case> cases = new ArrayList<>();
        for (int seed = 0; seed < 60; seed++) {
            Random r = new Random(1000 + seed);
            int objectives = seed % 2 == 0 ? 2 : 1;
            boolean constrained = seed % 6 != 5;
            List<Direction> directions = directions(r, objectives);
            int n = 3 + r.nextInt(40);
            List<FrozenTrial> trials = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                double u = r.nextDouble();
                TrialState state = u < 0.7 ? TrialState.COMPLETE : u < 0.85 ? TrialState.PRUNED : TrialState.RUNNING;
                List<Double> values = new ArrayList<>();
                for (int k = 0; k < objectives && state == TrialState.COMPLETE; k++) {
                    values.add(seed % 3 == 0 ? (double) r.nextInt(4) : r.nextGaussian());
                }
                List<Double> constraints = null;
                if (constrained && state != TrialState.RUNNING && r.nextDouble() < 0.9) {
                    constraints = new ArrayList<>();
                    for (int k = 0, m = 1 + r.nextInt(2); k < m; k++) {
                        constraints.add(r.nextDouble() < 0.6 ? -r.nextDouble() : r.nextDouble());
                    }
                }
                SortedMap<Integer, Double> intermediate = new TreeMap<>();
                // Optuna reports intermediate values only in single-objective studies
                if (state == TrialState.PRUNED && objectives == 1 && r.nextDouble() < 0.8) {
                    for (int s = 1, last = 1 + r.nextInt(4); s <= last; s++) {
                        intermediate.put(s, r.nextGaussian());
                    }
                }
                trials.add(trial(i, state, values, constraints, intermediate));
            }
            // TPE's gamma keeps the good group within the finished trials (Optuna never puts a running one in it)
            int finished = (int) trials.stream().filter(t -> t.state() != TrialState.RUNNING).count();
            cases.add(new Case(directions, r.nextInt(finished + 1), constrained, false, trials));
        }
        JsonNode optuna = optuna(cases);
        int checkedFeasibleFill = 0;
        for (int c = 0; c < cases.size(); c++) {
            Case k = cases.get(c);
            TpeObservations obs = TpeObservations.of(SPACE, new History(k.directions(), k.trials()), -1, true,
                    k.directions().get(0));
            int[][] split = obs.split(obs.rankedWhereActive(new int[] {0}), k.nBelow());
            int[] good = split[0].clone();
            Arrays.sort(good);
            List<Integer> numbers = Arrays.stream(good).mapToObj(row -> obs.trials().get(row).number()).toList();
            assertEquals(numbers(optuna.get(c).get("below")), numbers,
                    "case " + c + " " + k.directions() + " constrained=" + k.constrained() + " n_below=" + k.nBelow());
            JsonNode optunaWeights = optuna.get(c).get("weights");
            if (!optunaWeights.isNull()) {
                assertWeights(optunaWeights, obs.goodWeights(good), "case " + c);
            }
            long feasible = k.trials().stream().filter(t -> t.state() != TrialState.RUNNING
                    && (!k.constrained() || t.feasible())).count();
            if (k.constrained() && feasible >= k.nBelow()) {
                for (int row : good) {
                    FrozenTrial t = obs.trials().get(row);
                    assertTrue(t.feasible(), "case " + c + ": infeasible trial " + t.number() + " in the good group");
                }
                checkedFeasibleFill++;
            }
        }
        assertTrue(checkedFeasibleFill > 20, "too few cases where feasible trials fill the good group");
    }

    @Test
    void prunedTrialsRankByThePrunedObjectivesDirectionNotTheFirsts() {
        // minimize param_count first, maximize val_accuracy second and prune on it: of two trials pruned at the same
        // step the one with the higher accuracy is the better, which the first objective's direction would invert
        List<Direction> directions = List.of(Direction.MINIMIZE, Direction.MAXIMIZE);
        List<FrozenTrial> trials = new ArrayList<>();
        trials.add(trial(0, TrialState.COMPLETE, List.of(10.0, 0.8), null, new TreeMap<>()));
        trials.add(trial(1, TrialState.PRUNED, List.of(), null, new TreeMap<>(Map.of(1, 0.3))));
        trials.add(trial(2, TrialState.PRUNED, List.of(), null, new TreeMap<>(Map.of(1, 0.9))));
        History history = new History(directions, trials);
        TpeObservations obs = TpeObservations.of(SPACE, history, -1, false, Direction.MAXIMIZE);
        List<Integer> ranked = Arrays.stream(obs.ranked()).mapToObj(r -> obs.trials().get(r).number()).toList();
        assertEquals(List.of(0, 2, 1), ranked, "complete first, then the pruned one with the higher accuracy");
        TpeObservations minimized = TpeObservations.of(SPACE, history, -1, false, Direction.MINIMIZE);
        assertEquals(List.of(0, 1, 2), Arrays.stream(minimized.ranked())
                .mapToObj(r -> minimized.trials().get(r).number()).toList(), "a minimized step metric: lower first");
    }

    @Test
    void byDefaultSeveralObjectivesGetIndependentKernelsAndOneObjectiveJointOnes() {
        // the same history read with two objectives and with the first alone: the default proposes as the explicit
        // independent sampler in the first case and as the joint one in the second
        SearchSpace space = SearchSpace.builder().floatRange("x0", 0, 1).floatRange("x1", 0, 1)
                .floatRange("x2", 0, 1).build();
        List<FrozenTrial> trials = zdt1(Samplers.random(3), space, 30);
        List<FrozenTrial> first = trials.stream().map(t -> new FrozenTrial(t.trialId(), t.number(), t.state(),
                List.of(t.values().get(0)), t.params(), t.distributions(), t.intermediateValues(),
                t.userAttributes(), t.systemAttributes(), t.start(), t.complete())).toList();
        History two = new History(List.of(Direction.MINIMIZE, Direction.MINIMIZE), trials);
        History one = new History(Direction.MINIMIZE, first);
        for (int n = 30; n < 36; n++) {
            int number = n;
            Params byDefault = Samplers.tpe(7).propose(new SamplingContext(space, Direction.MINIMIZE, number,
                    () -> two)).orElseThrow().params();
            Params independent = Samplers.tpe(7).multivariate(false).propose(new SamplingContext(space,
                    Direction.MINIMIZE, number, () -> two)).orElseThrow().params();
            Params joint = Samplers.tpe(7).multivariate(true).propose(new SamplingContext(space,
                    Direction.MINIMIZE, number, () -> two)).orElseThrow().params();
            assertEquals(independent, byDefault, "trial " + n + " of two objectives");
            assertNotEquals(joint, byDefault, "trial " + n + ": the joint kernels would propose another point");
            Params oneDefault = Samplers.tpe(7).propose(new SamplingContext(space, Direction.MINIMIZE, number,
                    () -> one)).orElseThrow().params();
            Params oneJoint = Samplers.tpe(7).multivariate(true).propose(new SamplingContext(space,
                    Direction.MINIMIZE, number, () -> one)).orElseThrow().params();
            assertEquals(oneJoint, oneDefault, "trial " + n + " of one objective");
        }
    }

    @Test
    void onAZdt1LikeProblemMotpeFindsALargerHypervolumeThanRandomSearch() {
        SearchSpace space = SearchSpace.builder().floatRange("x0", 0, 1).floatRange("x1", 0, 1)
                .floatRange("x2", 0, 1).build();
        List<Direction> directions = List.of(Direction.MINIMIZE, Direction.MINIMIZE);
        double[] reference = {1.1, 1.1};
        for (long seed = 0; seed < 5; seed++) {
            double tpe = Hypervolume.ofTrials(zdt1(Samplers.tpe(seed), space, 100), directions, reference);
            double random = Hypervolume.ofTrials(zdt1(Samplers.random(seed), space, 100), directions, reference);
            assertTrue(tpe > random, "seed " + seed + ": MOTPE's hypervolume " + tpe + ", random search's " + random);
            // the true front f2 = 1 - sqrt(f1) dominates 1.21 - 1/3 = 0.877 up to (1.1, 1.1); at 100 trials MOTPE's
            // independent kernels (its default) reached 0.65-0.85 on seeds 0-7, its joint ones 0.74-0.80 (a joint
            // draw keeps x1 and x2 small together, which this tight reference point rewards most)
            assertTrue(tpe > 0.7 * (1.21 - 1.0 / 3), "seed " + seed + ": MOTPE's hypervolume " + tpe);
        }
    }

    @Test
    void aConstrainedSingleObjectiveTpeSearchesWhereTrialsAreFeasible() {
        // minimize x + y where x >= 0.6 is required: the unconstrained optimum is infeasible
        SearchSpace space = SearchSpace.builder().floatRange("x", 0, 1).floatRange("y", 0, 1).build();
        for (long seed = 0; seed < 3; seed++) {
            Sampler tpe = Samplers.tpe(seed);
            List<FrozenTrial> trials = new ArrayList<>();
            int lateFeasible = 0;
            double best = Double.POSITIVE_INFINITY;
            for (int i = 0; i < 60; i++) {
                History h = new History(Direction.MINIMIZE, trials);
                Params p = tpe.propose(new SamplingContext(space, Direction.MINIMIZE, i, () -> h)).orElseThrow()
                        .params();
                double x = p.getDouble("x");
                double value = x + p.getDouble("y");
                trials.add(new FrozenTrial(1000L + i, i, TrialState.COMPLETE, List.of(value), p, Map.of(),
                        new TreeMap<>(), Map.of(), Map.of(Attributes.CONSTRAINTS, List.of(0.6 - x)), Instant.EPOCH,
                        Instant.EPOCH));
                if (x >= 0.6) {
                    best = Math.min(best, value);
                    lateFeasible += i >= 30 ? 1 : 0;
                }
            }
            // unconstrained, TPE chases x -> 0: a few of the last 30 trials are feasible, the best near 0.75
            assertTrue(lateFeasible >= 12, "seed " + seed + ": " + lateFeasible + " of the last 30 trials feasible");
            assertTrue(best < 0.65, "seed " + seed + ": best feasible value " + best + ", the optimum is 0.6");
        }
    }

    /** ZDT1 on three variables: f1 = x0, g = 1 + 9 mean(x1, x2), f2 = g (1 - sqrt(f1 / g)); both minimized. */
    static List<FrozenTrial> zdt1(Sampler sampler, SearchSpace space, int n) {
        List<FrozenTrial> trials = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            History h = new History(List.of(Direction.MINIMIZE, Direction.MINIMIZE), trials);
            Params p = sampler.propose(new SamplingContext(space, Direction.MINIMIZE, i, () -> h)).orElseThrow()
                    .params();
            double f1 = p.getDouble("x0");
            double g = 1 + 9 * (p.getDouble("x1") + p.getDouble("x2")) / 2;
            double f2 = g * (1 - Math.sqrt(f1 / g));
            trials.add(new FrozenTrial(1000L + i, i, TrialState.COMPLETE, List.of(f1, f2), p, Map.of(),
                    new TreeMap<>(), Map.of(), Map.of(), Instant.EPOCH, Instant.EPOCH));
        }
        return trials;
    }

    @Test
    void aConstrainedTwoObjectiveStudyRunsTpeInParallelOnSqlite(@TempDir Path dir) {
        // f1 = x, f2 = 1 - sqrt(x) + y, both minimized; y >= 0.7 required, so the unconstrained front is infeasible
        Study study = Study.named("motpe").storage(dir.resolve("motpe.db").toString())
                .space(s -> s.floatRange("x", 0, 1).floatRange("y", 0, 1))
                .objective(Objective.named(t -> {
                    Map<String, Double> v = new LinkedHashMap<>();
                    v.put("f1", t.getDouble("x"));
                    v.put("f2", 1 - Math.sqrt(t.getDouble("x")) + t.getDouble("y"));
                    v.put("y", t.getDouble("y"));
                    return v;
                }))
                .minimize("f1").minimize("f2").constraint("y", ">=", 0.7).parallelism(2).budget(Budget.trials(30));
        // left unset, the sampler of a study with several objectives is TPE now that it handles them
        assertTrue(study.spec().sampler() instanceof TpeSampler, study.spec().sampler().describe());
        StudyResult r = study.optimize();
        assertEquals(StopReason.BUDGET_TRIALS, r.stopReason());
        assertEquals(30, r.history().completed().size());
        assertTrue(r.history().paretoFront().stream().allMatch(FrozenTrial::feasible));
        assertTrue(r.history().paretoFront().size() >= 2, "a front of " + r.history().paretoFront().size());
    }

    private static List<Direction> directions(Random r, int objectives) {
        List<Direction> out = new ArrayList<>();
        for (int k = 0; k < objectives; k++) {
            out.add(r.nextBoolean() ? Direction.MINIMIZE : Direction.MAXIMIZE);
        }
        return out;
    }

    static FrozenTrial trial(int number, TrialState state, List<Double> values, List<Double> constraints,
                             SortedMap<Integer, Double> intermediate) {
        Map<String, Object> attrs = constraints == null ? Map.of() : Map.of(Attributes.CONSTRAINTS, constraints);
        return new FrozenTrial(1000L + number, number, state, values, Params.of(Map.of("x", 0.5)), Map.of(),
                intermediate, Map.of(), attrs, Instant.EPOCH, state.isFinished() ? Instant.EPOCH : null);
    }

    private static List<Integer> numbers(JsonNode array) {
        List<Integer> out = new ArrayList<>();
        array.forEach(n -> out.add(n.asInt()));
        return out;
    }

    private static void assertWeights(JsonNode expected, double[] actual, String what) {
        assertEquals(expected.size(), actual.length, what);
        for (int i = 0; i < actual.length; i++) {
            assertEquals(expected.get(i).asDouble(), actual[i], 1e-9, what + " weight " + i);
        }
    }

    private static JsonNode optuna(List<Case> cases) throws Exception {
        List<Map<String, Object>> in = new ArrayList<>();
        for (Case c : cases) {
            List<Map<String, Object>> trials = new ArrayList<>();
            for (FrozenTrial t : c.trials()) {
                Map<String, Object> m = new LinkedHashMap<>();
                m.put("number", t.number());
                m.put("state", t.state().name());
                m.put("values", t.values().isEmpty() ? null : t.values());
                m.put("constraints", t.constraints().orElse(null));
                m.put("intermediate", t.intermediateValues());
                trials.add(m);
            }
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("directions", c.directions().stream().map(d -> d.name().toLowerCase()).toList());
            m.put("n_below", c.nBelow());
            m.put("constrained", c.constrained());
            m.put("complete_only", c.completeOnly());
            m.put("trials", trials);
            in.add(m);
        }
        return Optuna49Script.run("optuna_tpe_split.py", in);
    }
}
