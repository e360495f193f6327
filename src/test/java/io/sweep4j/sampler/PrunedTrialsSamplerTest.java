package io.sweep4j.sampler;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sweep4j.space.Params;
import io.sweep4j.space.SearchSpace;
import io.sweep4j.trial.Direction;
import io.sweep4j.trial.FrozenTrial;
import io.sweep4j.trial.TrialState;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * Samplers learn from pruned trials as Optuna's TPE does: they count towards TPE's start-up, and both TPE and the
 * genetic sampler rank them by their last reported value, below every completed trial.
 */
class PrunedTrialsSamplerTest {

    /** A study of {@code n} trials on the bowl where every other trial is pruned after {@code steps} reports. */
    private static SimulatedStudy halfPruned(Sampler sampler, int n, int steps) {
        SimulatedStudy study = new SimulatedStudy(SimulatedStudy.bowlSpace(), Direction.MINIMIZE);
        for (int i = 0; i < n; i++) {
            Proposal p = study.ask(sampler);
            double v = SimulatedStudy.bowl(p.params());
            if (i % 2 == 1) {
                TreeMap<Integer, Double> curve = new TreeMap<>();
                for (int s = 0; s < steps; s++) {
                    curve.put(s, v + 1.0 / (s + 1));
                }
                study.trials.set(i, new FrozenTrial(1000L + i, i, TrialState.PRUNED, List.of(), p.params(), Map.of(),
                        curve, Map.of(), p.systemAttributes(), Instant.EPOCH, Instant.EPOCH));
            } else {
                study.tell(i, v);
            }
        }
        return study;
    }

    @Test
    void prunedTrialsCountTowardsTheTpeStartup() {
        SearchSpace space = SimulatedStudy.bowlSpace();
        SimulatedStudy study = halfPruned(Samplers.tpe(4), 9, 2);
        // 8 start-up trials: 4 completed and 4 pruned; trial 8 is TPE's own, not the Sobol design's
        for (int n = 0; n < 8; n++) {
            assertEquals(SobolSampler.sample(space, 4, n), study.trials.get(n).params());
        }
        assertNotEquals(SobolSampler.sample(space, 4, 8), study.trials.get(8).params());
    }

    @Test
    void theGeneticSamplerBreedsFromPrunedTrialsRankedBelowCompletedOnes() {
        // population 4: two completed and two pruned trials are enough to leave the Sobol start-up
        SimulatedStudy study = halfPruned(Samplers.genetic().population(4).seed(5), 5, 3);
        Object generation = study.trials.get(4).systemAttributes().get("sweep4j:ga:generation");
        assertTrue(generation instanceof Number g && g.intValue() >= 1, "generation " + generation);
        assertNotEquals(SobolSampler.unitPoint(2, 5, 4)[0], study.trials.get(4).params().getDouble("x"));
    }

    @Test
    void gaPrefersACompletedTrialOverPrunedOnesWithBetterLastValues() {
        // one completed trial and three pruned ones whose last values are better: ranked by tier, the completed one
        // wins every tournament it enters (about 2 in 3 with 4 draws from 4); ranked by value it would win none
        SimulatedStudy study = new SimulatedStudy(SimulatedStudy.bowlSpace(), Direction.MINIMIZE);
        study.trials.add(SimulatedStudy.trial(0, TrialState.COMPLETE, 0.5, Params.of(Map.of("x", 0.9, "y", 0.1)),
                Map.of()));
        for (int i = 1; i < 4; i++) {
            study.trials.add(new FrozenTrial(1000L + i, i, TrialState.PRUNED, List.of(),
                    Params.of(Map.of("x", 0.1 * i, "y", 0.2 * i)), Map.of(), new TreeMap<>(Map.of(0, 0.01)),
                    Map.of(), Map.of(), Instant.EPOCH, Instant.EPOCH));
        }
        GeneticSampler ga = Samplers.genetic().population(4).seed(9).tournament(4);
        int firstParentCompleted = 0;
        for (int n = 4; n < 64; n++) {
            Proposal child = ga.propose(study.context(n)).orElseThrow();
            java.util.List<?> parents = (java.util.List<?>) child.systemAttributes().get(GeneticSampler.PARENTS);
            firstParentCompleted += ((Number) parents.get(0)).intValue() == 0 ? 1 : 0;
        }
        assertTrue(firstParentCompleted > 30, firstParentCompleted + " of 60");
    }
}
