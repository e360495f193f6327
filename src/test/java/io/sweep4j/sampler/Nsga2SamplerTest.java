package io.sweep4j.sampler;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.sweep4j.space.Params;
import io.sweep4j.space.SearchSpace;
import io.sweep4j.trial.Attributes;
import io.sweep4j.trial.Direction;
import io.sweep4j.trial.FrozenTrial;
import io.sweep4j.trial.History;
import io.sweep4j.trial.Hypervolume;
import io.sweep4j.trial.TrialState;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

class Nsga2SamplerTest {
    static final List<Direction> TWO = List.of(Direction.MINIMIZE, Direction.MINIMIZE);

    /** ZDT1 on {@code n} variables in [0, 1]: both objectives minimized, the front is f2 = 1 - sqrt(f1) at g = 1. */
    static List<Double> zdt1(Params p, int n) {
        double f1 = p.getDouble("x0");
        double sum = 0;
        for (int i = 1; i < n; i++) {
            sum += p.getDouble("x" + i);
        }
        double g = 1 + 9 * sum / (n - 1);
        return List.of(f1, g * (1 - Math.sqrt(f1 / g)));
    }

    static SearchSpace unitCube(int n) {
        SearchSpace.Builder b = SearchSpace.builder();
        for (int i = 0; i < n; i++) {
            b.floatRange("x" + i, 0, 1);
        }
        return b.build();
    }

    /** A mixed space: a log float, an int, a choice; two objectives that pull lr and layers apart. */
    static SearchSpace mixedSpace() {
        return SearchSpace.builder().logFloat("lr", 1e-5, 1e-1).intRange("layers", 1, 8)
                .choice("opt", "sgd", "momentum", "adam", "rmsprop").build();
    }

    static List<Double> mixedObjectives(Params p) {
        double a = Math.log10(p.getDouble("lr")) + 3;
        double layers = p.getLong("layers");
        double c = p.getString("opt").equals("adam") ? 0 : 0.2;
        return List.of(a * a + c + 1.0 / layers, layers / 8.0 + c);
    }

    /**
     * A multi-objective study held in memory: trials end in the order {@link #tell} is called (their completion
     * times say so), which may differ from their numbers.
     */
    static final class Simulated {
        final SearchSpace space;
        final List<Direction> directions;
        final List<FrozenTrial> trials = new ArrayList<>();
        private long clock;

        Simulated(SearchSpace space, List<Direction> directions) {
            this.space = space;
            this.directions = directions;
        }

        SamplingContext context(int number) {
            History h = new History(directions, trials);
            return new SamplingContext(space, directions.get(0), number, () -> h);
        }

        Proposal ask(Sampler sampler) {
            int n = trials.size();
            Proposal p = sampler.propose(context(n)).orElseThrow();
            trials.add(trial(n, TrialState.RUNNING, List.of(), p.params(), p.systemAttributes(), null));
            return p;
        }

        void tell(int number, List<Double> values, Map<String, Object> extra) {
            FrozenTrial t = trials.get(number);
            Map<String, Object> attrs = new LinkedHashMap<>(t.systemAttributes());
            attrs.putAll(extra);
            trials.set(number, trial(number, TrialState.COMPLETE, values, t.params(), attrs,
                    Instant.ofEpochSecond(++clock)));
        }

        void fail(int number) {
            FrozenTrial t = trials.get(number);
            trials.set(number, trial(number, TrialState.FAIL, List.of(), t.params(), t.systemAttributes(),
                    Instant.ofEpochSecond(++clock)));
        }

        void optimize(Sampler sampler, Function<Params, List<Double>> objective, int n) {
            for (int i = 0; i < n; i++) {
                Proposal p = ask(sampler);
                tell(trials.size() - 1, objective.apply(p.params()), Map.of());
            }
        }

        static FrozenTrial trial(int n, TrialState state, List<Double> values, Params params,
                                 Map<String, Object> attrs, Instant complete) {
            return new FrozenTrial(1000L + n, n, state, values, params, Map.of(), new TreeMap<>(), Map.of(), attrs,
                    Instant.EPOCH, complete);
        }
    }

    private static int generation(FrozenTrial t) {
        return ((Number) t.systemAttributes().get(Attributes.GA_GENERATION)).intValue();
    }

    private static List<Integer> parents(FrozenTrial t) {
        return ((List<?>) t.systemAttributes().get(Attributes.GA_PARENTS)).stream()
                .map(o -> ((Number) o).intValue()).toList();
    }

    @Test
    void generationsOfPopulationSizeEachBredFromEarlierCompletedTrials() {
        Simulated study = new Simulated(mixedSpace(), TWO);
        study.optimize(Samplers.nsga2(1).population(6), Nsga2SamplerTest::mixedObjectives, 30);
        Map<Integer, Integer> sizes = new TreeMap<>();
        for (FrozenTrial t : study.trials) {
            assertTrue(t.systemAttributes().keySet().stream().allMatch(k -> k.startsWith(Attributes.PREFIX)));
            int g = generation(t);
            sizes.merge(g, 1, Integer::sum);
            assertEquals(g == 0, parents(t).isEmpty(), "trial " + t.number());
            for (int parent : parents(t)) {
                FrozenTrial p = study.trials.get(parent);
                assertEquals(TrialState.COMPLETE, p.state());
                assertTrue(generation(p) < g, "trial " + t.number() + " parent " + parent);
            }
        }
        assertEquals(Map.of(0, 6, 1, 6, 2, 6, 3, 6, 4, 6), sizes);
    }

    /** The attributes as a storage returns them: written as JSON, read back (ints may come back as other numbers). */
    private static Map<String, Object> throughJson(Map<String, Object> attrs) throws Exception {
        ObjectMapper json = new ObjectMapper();
        return json.readValue(json.writeValueAsString(attrs), new TypeReference<HashMap<String, Object>>() { });
    }

    @Test
    void aStudyKilledMidGenerationResumesWithTheSameGenerationParentsAndChild() throws Exception {
        Nsga2Sampler sampler = Samplers.nsga2(9).population(6);
        Simulated study = new Simulated(mixedSpace(), TWO);
        study.optimize(sampler, Nsga2SamplerTest::mixedObjectives, 15);
        // two trials of generation 2 still running, one failed, when the process is killed
        study.ask(sampler);
        study.ask(sampler);
        study.ask(sampler);
        study.fail(17);
        Proposal beforeKill = sampler.propose(study.context(18)).orElseThrow();

        // the history as storage returns it on resume: fresh records, attributes through JSON; a fresh sampler
        Simulated resumed = new Simulated(mixedSpace(), TWO);
        for (FrozenTrial t : study.trials) {
            resumed.trials.add(Simulated.trial(t.number(), t.state(), t.values(), t.params(),
                    throughJson(t.systemAttributes()), t.complete()));
        }
        Proposal afterResume = Samplers.nsga2(9).population(6).propose(resumed.context(18)).orElseThrow();

        assertEquals(2, beforeKill.systemAttributes().get(Attributes.GA_GENERATION));
        assertEquals(beforeKill.systemAttributes().get(Attributes.GA_GENERATION),
                afterResume.systemAttributes().get(Attributes.GA_GENERATION));
        assertEquals(beforeKill.systemAttributes().get(Attributes.GA_PARENTS),
                afterResume.systemAttributes().get(Attributes.GA_PARENTS));
        assertEquals(beforeKill.params(), afterResume.params());
        assertEquals(beforeKill.systemAttributes().get(Attributes.GA_GENOME),
                afterResume.systemAttributes().get(Attributes.GA_GENOME));
    }

    @Test
    void aMemberOfAGenerationThatEndsLateChangesNoParentSetInUse() {
        Nsga2Sampler sampler = Samplers.nsga2(4).population(4);
        Simulated study = new Simulated(mixedSpace(), TWO);
        // six workers start generation 0; four end, the next generation starts while two still run
        for (int i = 0; i < 6; i++) {
            study.ask(sampler);
        }
        for (int n : new int[] {3, 0, 5, 1}) {
            study.tell(n, mixedObjectives(study.trials.get(n).params()), Map.of());
        }
        Proposal before = sampler.propose(study.context(6)).orElseThrow();
        assertEquals(1, before.systemAttributes().get(Attributes.GA_GENERATION));
        // the two late ones end with values that dominate everything: they are not among generation 0's first four
        study.tell(2, List.of(-10.0, -10.0), Map.of());
        study.tell(4, List.of(-11.0, -11.0), Map.of());
        Proposal after = sampler.propose(study.context(6)).orElseThrow();
        assertEquals(before, after);
        for (int trial = 6; trial < 40; trial++) {
            Proposal p = study.ask(sampler);
            assertTrue(!parents(study.trials.get(trial)).contains(2) && !parents(study.trials.get(trial)).contains(4),
                    "trial " + trial + " bred from a late member of generation 0: " + p.systemAttributes());
            study.tell(trial, mixedObjectives(p.params()), Map.of());
        }
    }

    @Test
    void constrainedDominationKeepsFeasibleParentsOverBetterInfeasibleOnes() {
        Nsga2Sampler sampler = Samplers.nsga2(2).population(4);
        Simulated study = new Simulated(unitCube(3), TWO);
        // generations 0 and 1: two infeasible trials with excellent values, two feasible ones with poor values each
        for (int n = 0; n < 8; n++) {
            Proposal p = study.ask(sampler);
            assertEquals(n / 4, p.systemAttributes().get(Attributes.GA_GENERATION));
            boolean feasible = n % 4 >= 2;
            List<Double> values = feasible ? List.of(5.0 + n, 20.0 - n) : List.of(0.1 * n, 1.0 - 0.1 * n);
            study.tell(n, values, Map.of(Attributes.CONSTRAINTS, List.of(feasible ? -1.0 : 0.5 + n)));
        }
        // generation 2's parents: the four feasible trials survive, though each infeasible one dominates them all
        for (int n = 8; n < 40; n++) {
            Proposal p = study.ask(sampler);
            assertEquals(2, p.systemAttributes().get(Attributes.GA_GENERATION));
            for (int parent : parents(study.trials.get(n))) {
                assertTrue(List.of(2, 3, 6, 7).contains(parent), "trial " + n + " bred from infeasible " + parent);
            }
        }
        // generation 1 breeds from all of generation 0 (two feasible, two infeasible): a binary tournament picks the
        // feasible one whenever it meets an infeasible one, 3/4 of the parent slots, where a blind draw gives 1/2
        int feasibleParents = 0;
        int slots = 0;
        for (int n = 4; n < 400; n++) {
            History h = new History(TWO, study.trials.subList(0, 4));
            Proposal p = sampler.propose(new SamplingContext(study.space, Direction.MINIMIZE, n, () -> h))
                    .orElseThrow();
            assertEquals(1, p.systemAttributes().get(Attributes.GA_GENERATION));
            for (Object parent : (List<?>) p.systemAttributes().get(Attributes.GA_PARENTS)) {
                slots++;
                feasibleParents += List.of(2, 3).contains(((Number) parent).intValue()) ? 1 : 0;
            }
        }
        double share = (double) feasibleParents / slots;
        assertTrue(share > 0.65, "feasible parents' share " + share);
    }

    @Test
    void theSameSeedRunsTheSameTrialsAndAnotherSeedOthers() {
        List<Params> a = run(Samplers.nsga2(4).population(6));
        assertEquals(a, run(Samplers.nsga2(4).population(6)));
        assertNotEquals(a, run(Samplers.nsga2(5).population(6)));
    }

    private static List<Params> run(Sampler sampler) {
        Simulated study = new Simulated(mixedSpace(), TWO);
        study.optimize(sampler, Nsga2SamplerTest::mixedObjectives, 30);
        return study.trials.stream().map(FrozenTrial::params).toList();
    }

    @Test
    void improvesHypervolumeOverRandomSearchOnZdt1In200Trials() {
        int n = 10;
        double[] reference = {1.1, 7.0};
        double ours = 0;
        double random = 0;
        for (long seed = 0; seed < 5; seed++) {
            Simulated nsga = new Simulated(unitCube(n), TWO);
            nsga.optimize(Samplers.nsga2(seed), p -> zdt1(p, n), 200);
            Simulated blind = new Simulated(unitCube(n), TWO);
            blind.optimize(Samplers.random(seed), p -> zdt1(p, n), 200);
            double hv = Hypervolume.ofTrials(nsga.trials, TWO, reference);
            double atFifty = Hypervolume.ofTrials(nsga.trials.subList(0, 50), TWO, reference);
            // generation 0 (the first 50) is the design; the three bred generations after it add to the front
            assertTrue(hv > 1.05 * atFifty, "seed " + seed + ": 200 trials " + hv + " vs the first 50 " + atFifty);
            ours += hv;
            random += Hypervolume.ofTrials(blind.trials, TWO, reference);
        }
        assertTrue(ours > 1.05 * random, "mean over 5 seeds: NSGA-II " + ours / 5 + " vs random " + random / 5);
    }

    @Test
    void theFrontThatDoesNotFitWholeIsCutByCrowdingDistanceWithinIt() {
        // one front of seven trade-offs on f1 + f2 = 1, crowded at its low end, and a dominated trial
        double[] f1 = {0.0, 0.05, 0.1, 0.12, 0.14, 0.6, 1.0};
        List<FrozenTrial> candidates = new ArrayList<>();
        for (int i = 0; i < f1.length; i++) {
            candidates.add(Simulated.trial(i, TrialState.COMPLETE, List.of(f1[i], 1 - f1[i]), Params.empty(),
                    Map.of(), Instant.ofEpochSecond(i)));
        }
        candidates.add(Simulated.trial(7, TrialState.COMPLETE, List.of(0.9, 0.9), Params.empty(), Map.of(),
                Instant.ofEpochSecond(7)));
        // four of the front survive: the two ends (infinite distance), then the least crowded: 5 (its neighbours 0.14
        // and 1.0 are 0.86 apart on each objective), then 4 (0.48); 1, 2 and 3 (0.1, 0.07, 0.04) are cut
        List<Integer> survivors = ParetoSurvival.select(candidates, TWO, 4).stream().map(FrozenTrial::number)
                .sorted().toList();
        assertEquals(List.of(0, 4, 5, 6), survivors);
        // room for the whole front: the dominated trial is the last one in
        assertEquals(8, ParetoSurvival.select(candidates, TWO, 8).size());
        assertTrue(ParetoSurvival.select(candidates, TWO, 7).stream().noneMatch(t -> t.number() == 7));
    }

    @Test
    void rememberedParentsAreThoseOfEachGenerationInTurnWhateverObjectsCarryTheTrials() {
        Random r = new Random(7);
        List<List<FrozenTrial>> generations = new ArrayList<>();
        for (int g = 0; g < 3; g++) {
            List<FrozenTrial> members = new ArrayList<>();
            for (int i = 0; i < 6; i++) {
                int n = 6 * g + i;
                members.add(Simulated.trial(n, TrialState.COMPLETE, List.of(r.nextDouble(), r.nextDouble()),
                        Params.empty(), Map.of(), Instant.ofEpochSecond(n)));
            }
            generations.add(members);
        }
        List<FrozenTrial> expected = List.of();
        for (List<FrozenTrial> members : generations) {
            List<FrozenTrial> candidates = new ArrayList<>(expected);
            candidates.addAll(members);
            expected = ParetoSurvival.select(candidates, TWO, 4);
        }
        List<Integer> numbers = expected.stream().map(FrozenTrial::number).toList();
        for (int call = 0; call < 2; call++) {
            // the second call is answered from memory by the trials' identities
            assertEquals(numbers, ParetoSurvival.afterGenerations(generations, TWO, 4).stream()
                    .map(FrozenTrial::number).toList());
        }
        // equal trials in new objects (a process that read them again): the same parents, as those objects
        List<List<FrozenTrial>> copies = generations.stream().map(members -> members.stream()
                .map(t -> Simulated.trial(t.number(), t.state(), t.values(), t.params(), t.systemAttributes(),
                        t.complete())).toList()).toList();
        List<FrozenTrial> fromCopies = ParetoSurvival.afterGenerations(copies, TWO, 4);
        assertEquals(numbers, fromCopies.stream().map(FrozenTrial::number).toList());
        assertTrue(fromCopies.stream().allMatch(t -> copies.stream().anyMatch(m -> m.contains(t)))
                && fromCopies.stream().noneMatch(t -> generations.stream().anyMatch(m -> m.stream()
                        .anyMatch(o -> o == t))), "the parents are the objects handed in");
        // a trial whose values differ is another study's: its parents are computed, not remembered
        int best = numbers.get(0);
        List<List<FrozenTrial>> changed = new ArrayList<>(copies);
        int g = best / 6;
        List<FrozenTrial> members = new ArrayList<>(changed.get(g));
        members.set(best % 6, Simulated.trial(best, TrialState.COMPLETE, List.of(5.0, 5.0), Params.empty(), Map.of(),
                Instant.ofEpochSecond(best)));
        changed.set(g, members);
        List<FrozenTrial> now = new ArrayList<>();
        for (List<FrozenTrial> m : changed) {
            List<FrozenTrial> candidates = new ArrayList<>(now);
            candidates.addAll(m);
            now = ParetoSurvival.select(candidates, TWO, 4);
        }
        assertEquals(now.stream().map(FrozenTrial::number).toList(),
                ParetoSurvival.afterGenerations(changed, TWO, 4).stream().map(FrozenTrial::number).toList());
        assertTrue(now.stream().noneMatch(t -> t.number() == best), "a trial dominated by all others is not a parent");
    }

    @Test
    void survivorsAreOptunaElitePopulationOnRecordedTrials() throws Exception {
        Random r = new Random(24);
        List<Map<String, Object>> cases = new ArrayList<>();
        List<List<FrozenTrial>> populations = new ArrayList<>();
        List<List<Direction>> allDirections = new ArrayList<>();
        List<Integer> sizes = new ArrayList<>();
        for (int c = 0; c < 80; c++) {
            int objectives = 2 + r.nextInt(2);
            List<Direction> directions = new ArrayList<>();
            for (int k = 0; k < objectives; k++) {
                directions.add(r.nextBoolean() ? Direction.MINIMIZE : Direction.MAXIMIZE);
            }
            boolean constrained = c % 2 == 1;
            int n = 6 + r.nextInt(40);
            int size = 2 + r.nextInt(n - 2);
            List<FrozenTrial> trials = new ArrayList<>();
            List<Map<String, Object>> recorded = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                List<Double> values = new ArrayList<>();
                for (int k = 0; k < objectives; k++) {
                    // distinct values: with equal ones, crowding distance depends on how a sort orders them
                    values.add(r.nextDouble());
                }
                List<Double> constraints = constrained ? List.of(r.nextDouble() - 0.6, r.nextInt(3) - 1.0) : null;
                Map<String, Object> attrs = constraints == null ? Map.of() : Map.of(Attributes.CONSTRAINTS,
                        constraints);
                trials.add(Simulated.trial(i, TrialState.COMPLETE, values, Params.empty(), attrs,
                        Instant.ofEpochSecond(i)));
                Map<String, Object> t = new LinkedHashMap<>();
                t.put("number", i);
                t.put("values", values);
                t.put("constraints", constraints);
                recorded.add(t);
            }
            cases.add(Map.of("directions", directions.stream().map(d -> d.name().toLowerCase()).toList(), "size",
                    size, "constrained", constrained, "trials", recorded));
            populations.add(trials);
            allDirections.add(directions);
            sizes.add(size);
        }
        JsonNode optuna = optunaElite(cases);
        for (int c = 0; c < cases.size(); c++) {
            List<Integer> ours = ParetoSurvival.select(populations.get(c), allDirections.get(c), sizes.get(c))
                    .stream().map(FrozenTrial::number).toList();
            JsonNode expected = optuna.get(c);
            List<Integer> certain = new ArrayList<>();
            expected.get("certain").forEach(x -> certain.add(x.asInt()));
            List<Integer> possible = new ArrayList<>(certain);
            expected.get("possible").forEach(x -> possible.add(x.asInt()));
            assertEquals(expected.get("count").asInt(), ours.size(), "case " + c);
            assertTrue(ours.containsAll(certain), "case " + c + ": ours " + ours + ", Optuna keeps " + certain);
            assertTrue(possible.containsAll(ours), "case " + c + ": ours " + ours + ", Optuna's may be " + possible);
        }
    }

    private static JsonNode optunaElite(List<Map<String, Object>> cases) throws Exception {
        return Optuna49Script.run("optuna_nsga2_elite.py", cases);
    }
}
