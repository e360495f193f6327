package io.sweep4j.sampler;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

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
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/** The GP with several objectives (ParEGO): its scalarization, and a search that finds a front. */
class MultiObjectiveGpTest {
    private static final List<Direction> BOTH_MINIMIZED = List.of(Direction.MINIMIZE, Direction.MINIMIZE);
    private static final SearchSpace SPACE = SearchSpace.builder().floatRange("x0", 0, 1).floatRange("x1", 0, 1)
            .floatRange("x2", 0, 1).build();

    @Test
    void chebyshevRescalesEachLossAndTakesTheLargestWeightedOnePlusAFractionOfTheSum() {
        Chebyshev c = new Chebyshev(new double[] {0.25, 0.75});
        // f1 in [0, 10], f2 in [100, 200]
        double[] s = c.of(new double[][] {{0, 200}, {10, 100}, {5, 150}, {Double.POSITIVE_INFINITY, 150}});
        assertEquals(0.75 + 0.05 * 0.75, s[0], 1e-12);
        assertEquals(0.25 + 0.05 * 0.25, s[1], 1e-12);
        assertEquals(0.375 + 0.05 * 0.5, s[2], 1e-12);
        // an infinite loss counts as the worst finite one
        assertEquals(0.375 + 0.05 * (0.25 + 0.375), s[3], 1e-12);
    }

    @Test
    void aPointInTheConcavePartOfAFrontWinsForSomeWeightsAndADominatedOneNever() {
        // the front (0, 1), (0.6, 0.6), (1, 0) bulges outwards: no weighted sum prefers its middle point
        double[][] loss = {{0, 1}, {0.6, 0.6}, {1, 0}, {0.7, 0.7}};
        boolean middleWon = false;
        for (int i = 0; i < 200; i++) {
            double[] s = Chebyshev.ofSobol(2, 3, i).of(loss);
            int best = 0;
            for (int k = 1; k < s.length; k++) {
                best = s[k] < s[best] ? k : best;
            }
            middleWon |= best == 1;
            assertTrue(s[3] > s[1], "the dominated point scalarizes worse than the one dominating it");
        }
        assertTrue(middleWon, "the middle of a non-convex front is reachable");
    }

    @Test
    void eachTrialsWeightsLieOnTheSimplexAndDifferFromTheLastTrials() {
        for (int m = 2; m <= 4; m++) {
            for (int n = 0; n < 20; n++) {
                double[] w = Chebyshev.ofSobol(m, 5, n).weights();
                assertEquals(1.0, java.util.Arrays.stream(w).sum(), 1e-12, "trial " + n);
                assertTrue(java.util.Arrays.stream(w).allMatch(v -> v >= 0), "trial " + n);
                if (n > 0) {
                    assertNotEquals(java.util.Arrays.toString(Chebyshev.ofSobol(m, 5, n - 1).weights()),
                            java.util.Arrays.toString(w), "trial " + n);
                }
            }
        }
    }

    @Test
    void onAZdt1LikeProblemTheGpFindsALargerHypervolumeThanRandomSearchAndRepeatsItsProposalsBySeed() {
        double[] reference = {1.1, 1.1};
        for (long seed = 0; seed < 3; seed++) {
            List<FrozenTrial> gp = zdt1(Samplers.gp(seed), 30);
            double byGp = Hypervolume.ofTrials(gp, BOTH_MINIMIZED, reference);
            double byRandom = Hypervolume.ofTrials(zdt1(Samplers.random(seed), 30), BOTH_MINIMIZED, reference);
            assertTrue(byGp > byRandom, "seed " + seed + ": the GP's hypervolume " + byGp + ", random's "
                    + byRandom);
            // the true front dominates 1.21 - 1/3 up to (1.1, 1.1)
            assertTrue(byGp > 0.8 * (1.21 - 1.0 / 3), "seed " + seed + ": the GP's hypervolume " + byGp);
            if (seed == 0) {
                List<FrozenTrial> again = zdt1(Samplers.gp(seed), 30);
                for (int i = 0; i < gp.size(); i++) {
                    assertEquals(gp.get(i).params(), again.get(i).params(), "trial " + i + " again");
                }
            }
        }
    }

    @Test
    void infeasibleAndPrunedTrialsEnterAtTheWorstFeasibleValueAndRunningOnesArePending() {
        GpSpace space = GpSpace.of(SPACE);
        List<FrozenTrial> trials = new ArrayList<>();
        trials.add(trial(0, TrialState.COMPLETE, List.of(0.0, 1.0), List.of(-1.0)));
        trials.add(trial(1, TrialState.COMPLETE, List.of(1.0, 0.0), List.of(-1.0)));
        trials.add(trial(2, TrialState.COMPLETE, List.of(1.0, 1.0), List.of(-1.0)));
        trials.add(trial(3, TrialState.COMPLETE, List.of(-5.0, -5.0), List.of(2.0)));
        trials.add(trial(4, TrialState.PRUNED, List.of(), List.of(-1.0)));
        trials.add(trial(5, TrialState.RUNNING, List.of(), null));
        GpSampler.Observations obs = GpSampler.Observations.scalarized(space, new History(BOTH_MINIMIZED, trials),
                6, new Chebyshev(new double[] {0.5, 0.5}));
        assertEquals(3, obs.completed());
        assertEquals(5, obs.finished());
        assertEquals(1, obs.pending().length);
        double worst = -(0.5 + 0.05);
        assertArrayEquals(new double[] {-(0.5 + 0.025), -(0.5 + 0.025), worst, worst, worst}, obs.y(), 1e-12);
    }

    private static FrozenTrial trial(int n, TrialState state, List<Double> values, List<Double> constraints) {
        Params p = Params.of(Map.of("x0", n / 10.0, "x1", 0.5, "x2", 0.5));
        return new FrozenTrial(1000L + n, n, state, values, p, Map.of(), new TreeMap<>(), Map.of(),
                constraints == null ? Map.of() : Map.of(Attributes.CONSTRAINTS, constraints), Instant.EPOCH,
                state.isFinished() ? Instant.EPOCH : null);
    }

    private static List<FrozenTrial> zdt1(Sampler sampler, int n) {
        return MultiObjectiveTpeTest.zdt1(sampler, SPACE, n);
    }
}
