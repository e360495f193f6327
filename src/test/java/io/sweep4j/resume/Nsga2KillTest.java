package io.sweep4j.resume;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sweep4j.sampler.Samplers;
import io.sweep4j.sampler.SamplingContext;
import io.sweep4j.trial.Attributes;
import io.sweep4j.trial.FrozenTrial;
import io.sweep4j.trial.History;
import io.sweep4j.trial.TrialState;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An NSGA-II study in a child JVM killed with SIGKILL in its third generation, then resumed by another process: the
 * resumed process carries on the stored generation with parents from the stored history, as the killed one would
 * have, and every generation of the finished study is bred from earlier completed trials.
 */
class Nsga2KillTest {
    @TempDir
    Path dir;

    @Test
    void aKilledNsga2StudyResumesItsGenerationsFromTheStore() throws Exception {
        Path db = dir.resolve("pareto.db");
        ChildJvm child = ChildJvm.startMain(dir, "killed", Nsga2ChildStudy.class, db.toString(), "40");
        assertTrue(child.awaitOutput("EVALUATED 15", 120_000), child.stderr());
        child.process().destroyForcibly().waitFor();

        History killed = ChaosKillTest.history(db);
        int stored = killed.trials().size();
        assertTrue(stored >= 15 && stored < 40, "trials stored at the kill: " + stored);
        assertTrue(Integer.valueOf(2).equals(generation(killed.trials().get(12))), "trial 12 is in generation 2");
        // what a fresh sampler derives from the stored history (the running trial as the resume will find it: failed)
        History recovered = killed.withTrials(killed.trials().stream()
                .map(t -> t.state() == TrialState.RUNNING ? failed(t) : t).toList());
        Object expected = Samplers.nsga2(17).population(6)
                .propose(new SamplingContext(Nsga2ChildStudy.SPACE, killed.direction(), stored,
                        () -> recovered))
                .orElseThrow().systemAttributes().get(Attributes.GA_GENERATION);

        ChildJvm resumed = ChildJvm.startMain(dir, "resumed", Nsga2ChildStudy.class, db.toString(), "40");
        assertEquals(0, resumed.process().waitFor(), resumed.stderr());
        History h = ChaosKillTest.history(db);
        List<FrozenTrial> completed = h.completed();
        assertTrue(completed.size() >= 39, "completed: " + completed.size());
        assertTrue(h.trials().stream().anyMatch(t -> t.constraints().isPresent()), "constraints stored");

        // the first trial the resumed process proposed continues the stored generation count
        FrozenTrial firstAfter = h.trials().stream().filter(t -> t.number() >= stored)
                .filter(t -> generation(t) != null).findFirst().orElseThrow();
        assertTrue((Integer) expected >= 2, "generation at the kill: " + expected);
        assertEquals(expected, generation(firstAfter), "trial " + firstAfter.number());

        // every generation: at least six completed members before the next starts, parents completed and older
        Map<Integer, Integer> completedBy = new TreeMap<>();
        for (FrozenTrial t : h.trials()) {
            Integer g = generation(t);
            if (g == null) {
                continue;
            }
            for (Object p : (List<?>) t.systemAttributes().get(Attributes.GA_PARENTS)) {
                FrozenTrial parent = h.trials().get(((Number) p).intValue());
                assertEquals(TrialState.COMPLETE, parent.state(), "parent " + p + " of trial " + t.number());
                assertTrue(generation(parent) < g, "parent " + p + " of trial " + t.number());
            }
            assertTrue(g == 0 || completedBy.getOrDefault(g - 1, 0) >= 6,
                    "trial " + t.number() + " in generation " + g + " after " + completedBy + " completed");
            if (t.state() == TrialState.COMPLETE) {
                completedBy.merge(g, 1, Integer::sum);
            }
        }
        assertTrue(completedBy.keySet().stream().mapToInt(Integer::intValue).max().orElse(0) >= 5, "" + completedBy);
    }

    private static Integer generation(FrozenTrial t) {
        return t.systemAttributes().get(Attributes.GA_GENERATION) instanceof Number n ? n.intValue() : null;
    }

    private static FrozenTrial failed(FrozenTrial t) {
        return new FrozenTrial(t.trialId(), t.number(), TrialState.FAIL, List.of(), t.params(), t.distributions(),
                t.intermediateValues(), t.userAttributes(), t.systemAttributes(), t.start(), t.start());
    }
}
