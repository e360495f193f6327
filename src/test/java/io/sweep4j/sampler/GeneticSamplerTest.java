package io.sweep4j.sampler;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sweep4j.space.Params;
import io.sweep4j.space.SearchSpace;
import io.sweep4j.trial.Attributes;
import io.sweep4j.trial.Direction;
import io.sweep4j.trial.FrozenTrial;
import io.sweep4j.trial.TrialState;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class GeneticSamplerTest {

    /** Sphere over a log, an int and a choice parameter: minimum 0 at lr 1e-3, layers 3, "adam". */
    static double mixedBowl(Params p) {
        double a = Math.log10(p.getDouble("lr")) + 3;
        double b = (p.getLong("layers") - 3) / 4.0;
        double c = p.getString("opt").equals("adam") ? 0 : 0.2;
        return a * a + b * b + c;
    }

    static SearchSpace mixedSpace() {
        return SearchSpace.builder().logFloat("lr", 1e-5, 1e-1).intRange("layers", 1, 8)
                .choice("opt", "sgd", "momentum", "adam", "rmsprop").build();
    }

    @Test
    void improvesOnAKnownFunctionWithinAFewGenerations() {
        for (boolean steady : new boolean[] {true, false}) {
            double gaTotal = 0;
            double randomTotal = 0;
            for (long seed = 0; seed < 5; seed++) {
                GeneticSampler ga = Samplers.genetic().population(10).seed(seed);
                ga = steady ? ga.steadyState() : ga.generational();
                SimulatedStudy study = new SimulatedStudy(mixedSpace(), Direction.MINIMIZE);
                gaTotal += study.optimize(ga, GeneticSamplerTest::mixedBowl, 60);
                randomTotal += new SimulatedStudy(mixedSpace(), Direction.MINIMIZE)
                        .optimize(Samplers.random(seed), GeneticSamplerTest::mixedBowl, 60);
                // the best of the last generation beats the best of the random first one
                double firstGeneration = best(study.trials.subList(0, 10));
                double afterFive = best(study.trials.subList(0, 60));
                assertTrue(afterFive < firstGeneration, "steady=" + steady + " seed " + seed);
            }
            assertTrue(gaTotal < 0.5 * randomTotal, "steady=" + steady + ": GA " + gaTotal + " vs random " + randomTotal);
        }
    }

    @Test
    void maximizesToo() {
        SimulatedStudy study = new SimulatedStudy(SimulatedStudy.bowlSpace(), Direction.MAXIMIZE);
        double best = study.optimize(Samplers.genetic().population(8).seed(3), p -> -SimulatedStudy.bowl(p), 64);
        assertTrue(best > -0.002, "best " + best);
    }

    @Test
    void storesGenerationParentsAndGenomeUnderTheSweep4jPrefix() {
        SimulatedStudy study = new SimulatedStudy(mixedSpace(), Direction.MINIMIZE);
        study.optimize(Samplers.genetic().population(6).seed(1).generational(), GeneticSamplerTest::mixedBowl, 30);
        for (FrozenTrial t : study.trials) {
            assertTrue(t.systemAttributes().keySet().stream().allMatch(k -> k.startsWith(Attributes.PREFIX)));
            int generation = (Integer) t.systemAttributes().get(GeneticSampler.GENERATION);
            List<?> parents = (List<?>) t.systemAttributes().get(GeneticSampler.PARENTS);
            assertEquals(generation == 0 ? 0 : 2, parents.size(), "trial " + t.number());
            for (Object parent : parents) {
                // parents come from earlier generations, and are finished trials
                FrozenTrial p = study.trials.get((Integer) parent);
                assertTrue((Integer) p.systemAttributes().get(GeneticSampler.GENERATION) < generation);
            }
        }
        // 30 sequential trials in generations of 6: generations 0..4, six each
        Map<Object, Integer> sizes = new HashMap<>();
        study.trials.forEach(t -> sizes.merge(t.systemAttributes().get(GeneticSampler.GENERATION), 1, Integer::sum));
        assertEquals(Map.of(0, 6, 1, 6, 2, 6, 3, 6, 4, 6), sizes);
    }

    @Test
    void aResumedStudyContinuesTheSameGenerationWithTheSameParents() {
        for (GeneticSampler ga : List.of(Samplers.genetic().population(6).seed(9).generational(),
                Samplers.genetic().population(6).seed(9).steadyState())) {
            SimulatedStudy study = new SimulatedStudy(mixedSpace(), Direction.MINIMIZE);
            study.optimize(ga, GeneticSamplerTest::mixedBowl, 15);
            // two trials of the current generation still running when the process died
            study.ask(ga);
            study.ask(ga);
            Proposal beforeCrash = ga.propose(study.context(17)).orElseThrow();

            // the history as storage would return it: fresh records, a fresh sampler object
            List<FrozenTrial> reloaded = new ArrayList<>();
            for (FrozenTrial t : study.trials) {
                reloaded.add(SimulatedStudy.trial(t.number(), t.state(), t.value(), t.params(),
                        new HashMap<>(t.systemAttributes())));
            }
            SimulatedStudy resumed = new SimulatedStudy(mixedSpace(), Direction.MINIMIZE);
            resumed.trials.addAll(reloaded);
            GeneticSampler fresh = Samplers.genetic().population(6).seed(9);
            fresh = ga.describe().contains("generational") ? fresh.generational() : fresh;
            Proposal afterResume = fresh.propose(resumed.context(17)).orElseThrow();

            assertEquals(beforeCrash.systemAttributes().get(GeneticSampler.GENERATION),
                    afterResume.systemAttributes().get(GeneticSampler.GENERATION));
            assertEquals(beforeCrash.systemAttributes().get(GeneticSampler.PARENTS),
                    afterResume.systemAttributes().get(GeneticSampler.PARENTS));
            assertEquals(beforeCrash.params(), afterResume.params());
            assertEquals(study.trials.get(16).systemAttributes().get(GeneticSampler.GENERATION),
                    afterResume.systemAttributes().get(GeneticSampler.GENERATION), "same generation as the running ones");
        }
    }

    @Test
    void seededRunsReproduceAndSeedsDiffer() {
        List<Params> a = run(Samplers.genetic().population(6).seed(4), 30);
        List<Params> b = run(Samplers.genetic().population(6).seed(4), 30);
        List<Params> c = run(Samplers.genetic().population(6).seed(5), 30);
        assertEquals(a, b);
        assertNotEquals(a, c);
    }

    @Test
    void parallelWorkersGetDistinctChildrenAndNobodyWaits() {
        // four workers: each asks while the other three trials are still running
        SimulatedStudy study = new SimulatedStudy(mixedSpace(), Direction.MINIMIZE);
        GeneticSampler ga = Samplers.genetic().population(8).seed(2).generational();
        study.optimize(ga, GeneticSamplerTest::mixedBowl, 8);
        Set<Params> running = new HashSet<>();
        for (int i = 0; i < 4; i++) {
            running.add(study.ask(ga).params());
        }
        assertEquals(4, running.size());
        assertTrue(study.trials.subList(8, 12).stream()
                .allMatch(t -> t.systemAttributes().get(GeneticSampler.GENERATION).equals(1)));
    }

    @Test
    void failedAndPrunedTrialsNeverBecomeParents() {
        SimulatedStudy study = new SimulatedStudy(mixedSpace(), Direction.MINIMIZE);
        GeneticSampler ga = Samplers.genetic().population(4).seed(6).generational();
        for (int i = 0; i < 12; i++) {
            Proposal p = study.ask(ga);
            int n = study.trials.size() - 1;
            if (i % 3 == 1) {
                study.trials.set(n, SimulatedStudy.trial(n, TrialState.FAIL, null, p.params(), p.systemAttributes()));
            } else {
                study.tell(n, mixedBowl(p.params()));
            }
        }
        for (FrozenTrial t : study.trials) {
            for (Object parent : (List<?>) t.systemAttributes().get(GeneticSampler.PARENTS)) {
                assertEquals(TrialState.COMPLETE, study.trials.get((Integer) parent).state());
            }
        }
    }

    private static List<Params> run(Sampler sampler, int n) {
        SimulatedStudy study = new SimulatedStudy(mixedSpace(), Direction.MINIMIZE);
        study.optimize(sampler, GeneticSamplerTest::mixedBowl, n);
        return study.trials.stream().map(FrozenTrial::params).toList();
    }

    private static double best(List<FrozenTrial> trials) {
        return trials.stream().mapToDouble(FrozenTrial::value).min().orElseThrow();
    }
}
