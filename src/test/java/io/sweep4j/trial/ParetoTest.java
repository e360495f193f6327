package io.sweep4j.trial;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sweep4j.space.Params;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

class ParetoTest {

    private static FrozenTrial trial(int n, List<Double> values, Map<String, Object> system) {
        return new FrozenTrial(n, n, TrialState.COMPLETE, values, Params.empty(), Map.of(), new TreeMap<>(),
                Map.of(), system, null, null);
    }

    @Test
    void theFrontIsEveryTrialNoOtherDominatesWithTiesKept() {
        Random r = new Random(11);
        for (int d = 2; d <= 3; d++) {
            List<Direction> directions = d == 2 ? List.of(Direction.MAXIMIZE, Direction.MINIMIZE)
                    : List.of(Direction.MINIMIZE, Direction.MAXIMIZE, Direction.MINIMIZE);
            List<FrozenTrial> trials = new ArrayList<>();
            for (int i = 0; i < 300; i++) {
                List<Double> v = new ArrayList<>();
                for (int k = 0; k < d; k++) {
                    v.add((double) r.nextInt(12)); // coarse values: many ties and duplicates
                }
                trials.add(trial(i, v, Map.of()));
            }
            List<FrozenTrial> expected = new ArrayList<>();
            for (FrozenTrial t : trials) {
                if (trials.stream().noneMatch(u -> Pareto.dominates(u.values(), t.values(), directions))) {
                    expected.add(t);
                }
            }
            assertEquals(expected, Pareto.front(trials, directions), "d=" + d);
            assertTrue(expected.size() > 1);
        }
    }

    @Test
    void constrainedStudiesKeepOnlyFeasibleTrialsAndDebsRuleOrdersTheRest() {
        List<Direction> dirs = List.of(Direction.MINIMIZE, Direction.MINIMIZE);
        FrozenTrial feasibleWorse = trial(0, List.of(5.0, 5.0), Map.of(Attributes.CONSTRAINTS, List.of(-1.0)));
        FrozenTrial infeasibleBetter = trial(1, List.of(1.0, 1.0), Map.of(Attributes.CONSTRAINTS, List.of(2.0)));
        FrozenTrial lessViolating = trial(2, List.of(9.0, 9.0), Map.of(Attributes.CONSTRAINTS, List.of(0.5)));
        FrozenTrial unconstrained = trial(3, List.of(0.0, 0.0), Map.of());
        List<FrozenTrial> all = List.of(feasibleWorse, infeasibleBetter, lessViolating, unconstrained);
        assertEquals(List.of(feasibleWorse), Pareto.front(all, dirs), "Optuna: trials without constraints count as"
                + " infeasible once any trial has them");
        assertTrue(Pareto.constrainedDominates(feasibleWorse, infeasibleBetter, dirs));
        assertTrue(Pareto.constrainedDominates(lessViolating, infeasibleBetter, dirs));
        assertFalse(Pareto.constrainedDominates(infeasibleBetter, lessViolating, dirs));
        assertTrue(Pareto.constrainedDominates(infeasibleBetter, unconstrained, dirs));
        List<List<FrozenTrial>> fronts = Pareto.fronts(all, dirs);
        assertEquals(List.of(List.of(feasibleWorse), List.of(lessViolating), List.of(infeasibleBetter),
                List.of(unconstrained)), fronts);
    }
}
