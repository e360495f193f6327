package io.sweep4j.study;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import io.sweep4j.sampler.Samplers;
import io.sweep4j.store.Storage;
import io.sweep4j.trial.FrozenTrial;
import io.sweep4j.trial.TrialState;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * A study stored in memory ({@code memory:}, {@code memory:NAME}) runs end to end through {@link Study#optimize()}
 * with a plain Java objective, for tests, notebooks and embedding: nothing is written to disk.
 */
class MemoryStudyTest {

    private static Study quadratic(String name, String storage, int trials) {
        return Study.named(name).storage(storage).space(s -> s.floatRange("x", -1, 1).intRange("n", 0, 4))
                .sampler(Samplers.random(7)).objective(t -> t.getDouble("x") * t.getDouble("x") + t.getInt("n"))
                .minimize("loss").parallelism(2).budget(Budget.trials(trials));
    }

    @Test
    void aStudyRunsInMemoryEndToEndAndItsResultHoldsTheTrials() {
        Study study = quadratic("in-memory", "memory:", 6);
        StudyResult result = study.optimize();
        assertEquals(StopReason.BUDGET_TRIALS, result.stopReason());
        assertEquals(6, result.trialsRunHere());
        assertEquals(6, result.history().completed().size());
        assertEquals(Set.of(0, 1, 2, 3, 4, 5), result.history().trials().stream().map(FrozenTrial::number)
                .collect(Collectors.toSet()));
        FrozenTrial best = result.best().orElseThrow();
        double x = best.params().getDouble("x");
        assertEquals(x * x + best.params().getInt("n"), best.value(), 1e-12);
        assertEquals("memory:", result.storage());
        assertFalse(Files.exists(Path.of("memory:")), "no SQLite file named memory: was created");

        // memory: alone is this study object's own: run again, it continues (budget already used), as a file would
        StudyResult again = study.optimize();
        assertEquals(0, again.trialsRunHere());
        assertEquals(6, again.history().completed().size());
        // another study object on memory: alone starts from nothing
        assertEquals(6, quadratic("in-memory", "memory:", 6).optimize().trialsRunHere());
    }

    @Test
    void twoStudyObjectsNamingOneMemoryStorageShareIt() {
        String url = "memory:shared-" + System.nanoTime();
        assertEquals(6, quadratic("shared", url, 6).optimize().trialsRunHere());
        StudyResult second = quadratic("shared", url, 9).optimize();
        assertEquals(3, second.trialsRunHere(), "the second study object continued the first one's study");
        assertEquals(9, second.history().inState(TrialState.COMPLETE).size());
        try (Storage storage = Storage.open(url)) {
            assertEquals(9, storage.history(storage.findStudy("shared").orElseThrow().studyId()).trials().size());
        }
    }

    @Test
    void theEndOfAMemoryStudyGetsItsStorageToStoreWhatItComputes() {
        // as the DL4J refit stores the retrained best's test score: on memory: alone, only the run's storage holds it
        Objective scored = new Objective() {
            @Override
            public double evaluate(Trial trial) {
                return trial.getDouble("x") * trial.getDouble("x");
            }

            @Override
            public void studyEnded(StudySpec spec, StudyResult result, Storage storage) {
                storage.setTrialUserAttribute(result.best().orElseThrow().trialId(), "test_accuracy", 0.5);
            }
        };
        Study study = Study.named("refit").storage("memory:").space(s -> s.floatRange("x", -1, 1))
                .sampler(Samplers.random(3)).objective(scored).minimize("loss").budget(Budget.trials(3));
        study.optimize();
        StudyResult after = study.optimize();
        FrozenTrial best = after.best().orElseThrow();
        assertEquals(0.5, ((Number) best.userAttributes().get("test_accuracy")).doubleValue());
        assertEquals(3, after.history().trials().size());
    }
}
