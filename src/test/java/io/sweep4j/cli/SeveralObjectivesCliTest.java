package io.sweep4j.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sweep4j.store.Storage;
import io.sweep4j.trial.FrozenTrial;
import io.sweep4j.trial.TrialState;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A study file with several objectives, run by {@code sweep run}: the banner states the objectives and the pruning
 * rule; a name nothing measures exits 1 after one trial; a changed objective list on resume and a single-objective
 * sampler exit 2 with nothing written.
 */
class SeveralObjectivesCliTest {
    @TempDir
    Path dir;

    private Path study(String cls, Path db, String sampler, String objectives) throws Exception {
        Path f = dir.resolve(cls + ".java");
        Files.writeString(f, """
                import io.sweep4j.sampler.Samplers;
                import io.sweep4j.study.Budget;
                import io.sweep4j.study.Objective;
                import io.sweep4j.study.Study;
                import java.util.Map;

                public class %s {
                    public static void main(String[] args) {
                        Study.named("mo").storage("%s").space(s -> s.floatRange("x", 0, 1)).sampler(%s)
                            .objective(Objective.named(t -> Map.of("accuracy", Math.sqrt(t.getDouble("x")),
                                    "size", 1000 * t.getDouble("x"))))
                            %s.parallelism(1).budget(Budget.trials(4)).run(args);
                    }
                }
                """.formatted(cls, db.toString().replace("\\", "\\\\"), sampler, objectives));
        return f;
    }

    @Test
    void theBannerStatesTheObjectivesAndThePruningRuleAndTheSummaryListsTheFront() throws Exception {
        Path db = dir.resolve("mo.db");
        CliRun r = CliRun.of("run", study("Mo", db, "Samplers.random(1)",
                ".maximize(\"accuracy\").minimize(\"size\")").toString());
        assertEquals(0, r.exit(), r.out() + r.err());
        assertTrue(r.out().contains("2 objectives: maximize accuracy, minimize size"), r.out());
        assertTrue(r.out().contains("pruning: the pruner judges accuracy per step (maximize); size is measured"
                + " when the trial ends"), r.out());
        assertEquals(4, r.out().lines().filter(l -> l.matches(".*trial \\d COMPLETE accuracy=\\S+ size=\\S+ in .*"))
                .count(), "each trial's line shows both values: " + r.out());
        // every trial is on the front of this trade-off, each listed with both values
        assertTrue(r.out().contains("Pareto front: 4 trials (maximize accuracy, minimize size); sorted by maximize"
                + " accuracy:"), r.out());
        assertEquals(4, r.out().lines().filter(l -> l.matches("  #\\d+ +accuracy=\\S+ size=\\S+  x=.*")).count(),
                r.out());
    }

    @Test
    void aNameNothingMeasuresExits1AfterTheFirstTrialWithTheReason() throws Exception {
        Path db = dir.resolve("missing.db");
        CliRun r = CliRun.of("run", study("Missing", db, "Samplers.random(1)",
                ".maximize(\"accuracy\").minimize(\"latency_ms\")").toString());
        assertEquals(1, r.exit(), r.out() + r.err());
        assertTrue(r.err().contains("trial 0 failed: no value named \"latency_ms\""), r.err());
        try (Storage s = Storage.open(db.toString())) {
            List<FrozenTrial> trials = s.history(s.findStudy("mo").orElseThrow().studyId()).trials();
            assertEquals(1, trials.size(), "the run stopped after the first trial");
            assertEquals(TrialState.FAIL, trials.get(0).state());
        }
    }

    @Test
    void aResumeWithAnotherObjectiveOrderExits2AndWritesNothing() throws Exception {
        Path db = dir.resolve("resume.db");
        assertEquals(0, CliRun.of("run", study("First", db, "Samplers.random(1)",
                ".maximize(\"accuracy\").minimize(\"size\")").toString()).exit());
        String before = OutputOverwriteTest.sha256(db);
        CliRun r = CliRun.of("run", study("Swapped", db, "Samplers.random(1)",
                ".minimize(\"size\").maximize(\"accuracy\")").toString());
        assertEquals(2, r.exit(), r.out() + r.err());
        assertTrue(r.err().contains("objectives") && r.err().contains("maximize accuracy, minimize size"), r.err());
        assertEquals(before, OutputOverwriteTest.sha256(db), "sha256 of the database");
    }

    @Test
    void aSingleObjectiveSamplerExits2BeforeAnythingIsStored() throws Exception {
        Path db = dir.resolve("ga.db");
        CliRun r = CliRun.of("run", study("Ga", db, "Samplers.genetic()",
                ".maximize(\"accuracy\").minimize(\"size\")").toString());
        assertEquals(2, r.exit(), r.out() + r.err());
        assertTrue(r.err().contains("sampler") && r.err().contains("handles several"), r.err());
        assertTrue(Files.notExists(db), "nothing stored");
    }
}
