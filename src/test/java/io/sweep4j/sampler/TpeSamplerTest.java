package io.sweep4j.sampler;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sweep4j.space.Params;
import io.sweep4j.space.SearchSpace;
import io.sweep4j.trial.Direction;
import io.sweep4j.trial.FrozenTrial;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class TpeSamplerTest {

    @Test
    void gammaAndWeightsFollowOptuna() {
        assertEquals(1, TpeSampler.gamma(10));
        assertEquals(11, TpeSampler.gamma(101));
        assertEquals(25, TpeSampler.gamma(3000));
        double[] w = TpeSampler.weights(30);
        assertEquals(1.0 / 30, w[0], 1e-12);
        assertEquals(1.0, w[4], 1e-12);
        assertEquals(1.0, w[29], 1e-12);
        assertTrue(w[1] > w[0] && w[2] > w[1]);
    }

    @Test
    void beatsRandomSearchOnASimpleFunction() {
        for (TpeSampler tpe : List.of(Samplers.tpe(), Samplers.tpe().multivariate(false))) {
            double tpeTotal = 0;
            double randomTotal = 0;
            for (long seed = 0; seed < 6; seed++) {
                tpeTotal += new SimulatedStudy(GeneticSamplerTest.mixedSpace(), Direction.MINIMIZE)
                        .optimize(tpe.seed(seed), GeneticSamplerTest::mixedBowl, 50);
                randomTotal += new SimulatedStudy(GeneticSamplerTest.mixedSpace(), Direction.MINIMIZE)
                        .optimize(Samplers.random(seed), GeneticSamplerTest::mixedBowl, 50);
            }
            assertTrue(tpeTotal < 0.5 * randomTotal, tpe.describe() + ": " + tpeTotal + " vs random " + randomTotal);
        }
    }

    @Test
    void constantLiarKeepsConcurrentProposalsApart() {
        // 30 finished trials on a bowl, then 6 workers ask one after the other while all are still running
        double liarMin = 0;
        double honestMin = 0;
        for (long seed = 0; seed < 5; seed++) {
            liarMin += minPairwiseDistance(Samplers.tpe(seed), seed);
            honestMin += minPairwiseDistance(Samplers.tpe(seed).constantLiar(false), seed);
        }
        assertTrue(liarMin > 1.5 * honestMin, "with liar " + liarMin + ", without " + honestMin);
        assertTrue(liarMin / 5 > 0.01, "proposals for concurrent trials are not near-duplicates: " + liarMin / 5);
    }

    private static double minPairwiseDistance(TpeSampler tpe, long seed) {
        SimulatedStudy study = new SimulatedStudy(SimulatedStudy.bowlSpace(), Direction.MINIMIZE);
        study.optimize(Samplers.random(seed + 100), SimulatedStudy::bowl, 30);
        List<Params> concurrent = new ArrayList<>();
        for (int w = 0; w < 6; w++) {
            concurrent.add(study.ask(tpe).params());
        }
        double min = Double.POSITIVE_INFINITY;
        for (int i = 0; i < concurrent.size(); i++) {
            for (int j = i + 1; j < concurrent.size(); j++) {
                double dx = concurrent.get(i).getDouble("x") - concurrent.get(j).getDouble("x");
                double dy = concurrent.get(i).getDouble("y") - concurrent.get(j).getDouble("y");
                min = Math.min(min, Math.hypot(dx, dy));
            }
        }
        return min;
    }

    @Test
    void workersAskingTogetherOnADiscreteSpaceGetDistinctPoints() {
        // 3 x 3 x 2 points, l(x) peaked on the optimum: without care every worker would get (1, 1, p)
        SearchSpace flat = SearchSpace.builder().intRange("a", 0, 2).intRange("b", 0, 2).choice("c", "p", "q").build();
        SearchSpace conditional = SearchSpace.builder().choice("c", "p", "q")
                .when("c", "p", s -> s.intRange("a", 0, 2)).intRange("b", 0, 2).build();
        for (SearchSpace space : List.of(flat, conditional)) {
            for (TpeSampler tpe : List.of(Samplers.tpe(2), Samplers.tpe(2).multivariate(false))) {
                SimulatedStudy study = new SimulatedStudy(space, Direction.MINIMIZE);
                study.optimize(tpe, p -> Math.abs(p.getDouble("a", 1) - 1) + Math.abs(p.getInt("b") - 1)
                        + (p.getString("c").equals("p") ? 0 : 1), 40);
                Set<Params> running = new HashSet<>();
                for (int w = 0; w < 6; w++) {
                    Params p = study.ask(tpe).params();
                    assertTrue(space.isValid(p), p.toString());
                    assertTrue(running.add(p), tpe.describe() + " proposed " + p + " twice; running: " + running);
                }
            }
        }
    }

    @Test
    void conditionalParametersAreLearnedFromTrialsWhereTheyAreActive() {
        // momentum's best beta is 0.9; sgd has no beta. TPE must propose valid params and find beta near 0.9
        SearchSpace space = SearchSpace.builder().choice("opt", "sgd", "momentum")
                .when("opt", "momentum", s -> s.floatRange("beta", 0.0, 1.0)).floatRange("x", 0, 1).build();
        SimulatedStudy study = new SimulatedStudy(space, Direction.MINIMIZE);
        study.optimize(Samplers.tpe(3), p -> {
            double beta = p.has("beta") ? Math.abs(p.getDouble("beta") - 0.9) : 0.5;
            return beta + Math.abs(p.getDouble("x") - 0.5);
        }, 60);
        for (FrozenTrial t : study.trials) {
            assertTrue(space.isValid(t.params()), t.params().toString());
        }
        FrozenTrial best = study.history().best().orElseThrow();
        assertEquals("momentum", best.params().get("opt"));
        assertEquals(0.9, best.params().getDouble("beta"), 0.08);
    }

    @Test
    void seededRunsReproduceAndAResumedRunContinuesIdentically() {
        SimulatedStudy a = new SimulatedStudy(GeneticSamplerTest.mixedSpace(), Direction.MINIMIZE);
        a.optimize(Samplers.tpe(7), GeneticSamplerTest::mixedBowl, 25);
        SimulatedStudy b = new SimulatedStudy(GeneticSamplerTest.mixedSpace(), Direction.MINIMIZE);
        b.optimize(Samplers.tpe(7), GeneticSamplerTest::mixedBowl, 25);
        assertEquals(a.trials.stream().map(FrozenTrial::params).toList(),
                b.trials.stream().map(FrozenTrial::params).toList());
        // a new sampler object on the same history proposes the same next trial
        assertEquals(Samplers.tpe(7).propose(a.context(25)).orElseThrow().params(),
                Samplers.tpe(7).propose(b.context(25)).orElseThrow().params());
        SimulatedStudy c = new SimulatedStudy(GeneticSamplerTest.mixedSpace(), Direction.MINIMIZE);
        c.optimize(Samplers.tpe(8), GeneticSamplerTest::mixedBowl, 25);
        assertFalse(a.trials.get(20).params().equals(c.trials.get(20).params()));
    }

    @Test
    void maximizationLooksForLargeValues() {
        SimulatedStudy study = new SimulatedStudy(SimulatedStudy.bowlSpace(), Direction.MAXIMIZE);
        double best = study.optimize(Samplers.tpe(1), p -> -SimulatedStudy.bowl(p), 60);
        assertTrue(best > -0.005, "best " + best);
    }

    @Test
    void startupTrialsComeFromTheSobolDesign() {
        SearchSpace space = SimulatedStudy.bowlSpace();
        SimulatedStudy study = new SimulatedStudy(space, Direction.MINIMIZE);
        study.optimize(Samplers.tpe(4), SimulatedStudy::bowl, 8);
        for (FrozenTrial t : study.trials) {
            assertEquals(SobolSampler.sample(space, 4, t.number()), t.params());
        }
        assertTrue(study.trials.get(0).systemAttributes().isEmpty() || study.trials.get(0).systemAttributes()
                .keySet().stream().allMatch(k -> k.startsWith("sweep4j:")), Map.of().toString());
    }
}
