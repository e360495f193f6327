package io.sweep4j.sampler;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sweep4j.space.Params;
import io.sweep4j.space.SearchSpace;
import io.sweep4j.trial.Attributes;
import io.sweep4j.trial.Direction;
import io.sweep4j.trial.FrozenTrial;
import io.sweep4j.trial.History;
import io.sweep4j.trial.TrialState;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

class RandomAndGridSamplerTest {
    private static final SearchSpace SPACE = SearchSpace.builder()
            .logFloat("lr", 1e-4, 1e-1)
            .choice("optimizer", "sgd", "adam", "rmsprop")
            .floatRange("dropout", 0, 0.5)
            .intRange("layers", 1, 3)
            .build();

    private static SamplingContext ctx(int number, List<FrozenTrial> trials) {
        return new SamplingContext(SPACE, Direction.MAXIMIZE, number, () -> new History(Direction.MAXIMIZE, trials));
    }

    @Test
    void randomDependsOnlyOnSeedAndTrialNumber() {
        RandomSampler a = Samplers.random(42);
        Params p7 = a.propose(ctx(7, List.of())).orElseThrow().params();
        // asking in another order, from another instance, gives trial 7 the same parameters
        RandomSampler b = Samplers.random(42);
        for (int n = 20; n >= 0; n--) {
            Params p = b.propose(ctx(n, List.of())).orElseThrow().params();
            if (n == 7) {
                assertEquals(p7, p);
            }
            assertTrue(SPACE.isValid(p));
        }
        assertNotEquals(p7, Samplers.random(43).propose(ctx(7, List.of())).orElseThrow().params());
        assertNotEquals(p7, a.propose(ctx(8, List.of())).orElseThrow().params());
    }

    @Test
    void gridVisitsEveryPointOnceThenIsExhausted() {
        GridSampler grid = Samplers.grid().points(3).shuffled(5);
        List<FrozenTrial> history = new ArrayList<>();
        Set<Params> seen = new HashSet<>();
        int n = 0;
        while (true) {
            var proposal = grid.propose(ctx(n, history));
            if (proposal.isEmpty()) {
                break;
            }
            assertTrue(seen.add(proposal.get().params()), "repeated " + proposal.get().params());
            history.add(new FrozenTrial(n, n, TrialState.COMPLETE, 0.0, proposal.get().params(), Map.of(),
                    new TreeMap<>(), Map.of(), proposal.get().systemAttributes(), Instant.now(), Instant.now()));
            n++;
        }
        assertEquals(3 * 3 * 3 * 3, seen.size());
        // the seed fixes the order: another instance proposes the same first point
        assertEquals(grid.points(SPACE).get(0), Samplers.grid().points(3).shuffled(5).propose(ctx(0, List.of()))
                .orElseThrow().params());
        assertNotEquals(grid.points(SPACE), Samplers.grid().points(3).points(SPACE));
    }

    @Test
    void gridSkipsPointsTakenByRunningTrialsOfOtherWorkers() {
        GridSampler grid = Samplers.grid().points(2);
        FrozenTrial running = new FrozenTrial(1, 0, TrialState.RUNNING, List.of(), Params.empty(), Map.of(),
                new TreeMap<>(), Map.of(), Map.of(Attributes.GRID_ID, 0), Instant.now(), null);
        var p = grid.propose(ctx(1, List.of(running))).orElseThrow();
        assertEquals(1, p.systemAttributes().get(Attributes.GRID_ID));
    }
}
