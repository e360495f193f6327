package io.sweep4j.prune;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sweep4j.sampler.Proposal;
import io.sweep4j.sampler.Sampler;
import io.sweep4j.sampler.Samplers;
import io.sweep4j.sampler.SamplingContext;
import io.sweep4j.store.PgTestServer;
import io.sweep4j.store.SqliteStorage;
import io.sweep4j.store.Storage;
import io.sweep4j.store.StudyInfo;
import io.sweep4j.study.StudyResult;
import io.sweep4j.trial.Attributes;
import io.sweep4j.trial.FrozenTrial;
import io.sweep4j.trial.History;
import io.sweep4j.trial.TrialState;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Pruners in real studies on SQLite (and PostgreSQL): what a pruned trial stores, reproducible pruning, a resume in
 * a new process.
 */
class PruningStudyTest {
    @TempDir
    Path dir;

    /** number → "COMPLETE" or "PRUNED@step": the decisions a study made. */
    private static Map<Integer, String> decisions(History h) {
        Map<Integer, String> out = new TreeMap<>();
        for (FrozenTrial t : h.trials()) {
            out.put(t.number(), t.state() == TrialState.PRUNED ? "PRUNED@" + t.systemAttributes()
                    .get(Attributes.PRUNED_STEP) : t.state().name());
        }
        return out;
    }

    private History stored(Path db, String study) {
        try (SqliteStorage s = SqliteStorage.openReadOnly(db)) {
            StudyInfo info = s.findStudy(study).orElseThrow();
            return s.history(info.studyId());
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"sqlite", "postgresql"})
    void aPrunedTrialStoresItsStepRuleAndReasonAndTheStudyItsPruner(String backend) {
        String db = backend.equals("sqlite") ? dir.resolve("p.db").toString() : PgTestServer.get().newDatabase();
        StudyResult r = PruningChild.study(db, "hb", "hyperband", 30, 2, 0).optimize();
        List<FrozenTrial> pruned = r.history().inState(TrialState.PRUNED);
        assertTrue(pruned.size() >= 10, decisions(r.history()).toString());
        Brackets brackets = Pruners.hyperband(1, 9, 3).brackets();
        for (FrozenTrial t : r.history().trials()) {
            assertEquals(brackets.bracketOf("hb", t.number()), t.systemAttributes().get(Attributes.BRACKET));
        }
        for (FrozenTrial t : pruned) {
            int step = ((Number) t.systemAttributes().get(Attributes.PRUNED_STEP)).intValue();
            assertEquals(t.intermediateValues().lastKey(), step);
            String rule = (String) t.systemAttributes().get(Attributes.PRUNED_RULE);
            int bracket = brackets.bracketOf("hb", t.number());
            assertTrue(rule.startsWith("hyperband bracket " + bracket + " rung "), rule);
            assertTrue(((String) t.systemAttributes().get(Attributes.PRUNED_REASON)).contains("not in the top 1/3"));
            // Optuna's key for the rung it was judged at holds its value there
            int rung = Integer.parseInt(rule.substring(rule.lastIndexOf(' ') + 1));
            assertEquals(t.intermediateValues().get(step), t.systemAttributes().get("completed_rung_" + rung));
            assertEquals(t.intermediateValues().get(step), t.value());
        }
        try (Storage s = Storage.open(db)) {
            assertEquals("hyperband(min=1, max=9, eta=3, brackets=3)",
                    s.findStudy("hb").orElseThrow().systemAttributes().get(Attributes.PRUNER));
        }
    }

    @Test
    void anEnqueuedTrialGetsItsHyperbandBracketWhenClaimedAndKeepsItsFixedParameters() {
        Path db = dir.resolve("enq.db");
        StudyResult r = PruningChild.study(db, "hb-enq", "hyperband", 6, 1, 0).enqueue(Map.of("x", 0.25)).optimize();
        Brackets brackets = Pruners.hyperband(1, 9, 3).brackets();
        List<FrozenTrial> enqueued = r.history().trials().stream()
                .filter(t -> t.systemAttributes().containsKey(Attributes.FIXED_PARAMS)).toList();
        assertEquals(1, enqueued.size(), decisions(r.history()).toString());
        FrozenTrial t = enqueued.get(0);
        assertEquals(0.25, ((Number) t.params().asMap().get("x")).doubleValue());
        assertEquals(brackets.bracketOf("hb-enq", t.number()), t.systemAttributes().get(Attributes.BRACKET));
        for (FrozenTrial other : r.history().trials()) {
            assertEquals(brackets.bracketOf("hb-enq", other.number()),
                    other.systemAttributes().get(Attributes.BRACKET));
        }
    }

    @Test
    void withHyperbandTheSamplerSeesOnlyTheTrialsOfTheNewTrialsBracket() {
        Map<Integer, List<Integer>> seen = new java.util.concurrent.ConcurrentHashMap<>();
        Sampler random = Samplers.random(3);
        Sampler recording = new Sampler() {
            @Override
            public java.util.Optional<Proposal> propose(SamplingContext context) {
                seen.put(context.trialNumber(), context.history().get().trials().stream()
                        .map(FrozenTrial::number).toList());
                return random.propose(context);
            }

            @Override
            public String describe() {
                return "recording";
            }
        };
        PruningChild.study(dir.resolve("view.db"), "view", "hyperband", 30, 2, 0).sampler(recording).optimize();
        Brackets brackets = Pruners.hyperband(1, 9, 3).brackets();
        int others = 0;
        for (var e : seen.entrySet()) {
            int bracket = brackets.bracketOf("view", e.getKey());
            for (int n : e.getValue()) {
                assertEquals(bracket, brackets.bracketOf("view", n), "trial " + e.getKey() + " saw trial " + n);
            }
            others += e.getValue().size();
        }
        assertEquals(30, seen.size());
        assertTrue(others > 30, "the sampler saw earlier trials of its bracket: " + seen);
    }

    @Test
    void reproduciblePruningPrunesTheSameTrialsAtParallelism1And2() {
        for (String pruner : List.of("asha-repro", "median-repro", "hyperband-repro")) {
            Map<Integer, String> one = decisions(PruningChild.study(dir.resolve(pruner + "-1.db"), "r", pruner, 24, 1,
                    0).optimize().history());
            for (int run = 0; run < 2; run++) {
                Map<Integer, String> two = decisions(PruningChild.study(dir.resolve(pruner + "-2-" + run + ".db"), "r",
                        pruner, 24, 2, 6).optimize().history());
                assertEquals(one, two, pruner + ", parallel run " + run);
            }
            assertTrue(one.values().stream().filter(v -> v.startsWith("PRUNED")).count() >= 6, pruner + ": " + one);
        }
    }

    @Test
    void aResumeInANewProcessMakesTheSameDecisionsAsOneRun() throws Exception {
        Path whole = dir.resolve("whole.db");
        Map<Integer, String> expected = decisions(PruningChild.study(whole, "s", "hyperband", 24, 1, 0).optimize()
                .history());
        Path split = dir.resolve("split.db");
        child(split, 10);
        assertEquals(10, stored(split, "s").trials().size());
        child(split, 24);
        assertEquals(expected, decisions(stored(split, "s")));
        assertTrue(expected.values().stream().filter(v -> v.startsWith("PRUNED")).count() >= 6, expected.toString());
    }

    private void child(Path db, int budget) throws Exception {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-cp", System.getProperty("java.class.path"),
                PruningChild.class.getName(), db.toString(), "s", "hyperband", Integer.toString(budget), "1"));
        Path out = dir.resolve("child-" + budget + ".out");
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(out.toFile()).start();
        assertTrue(p.waitFor(120, TimeUnit.SECONDS), "child did not finish");
        assertEquals(0, p.exitValue(), Files.readString(out));
    }
}
