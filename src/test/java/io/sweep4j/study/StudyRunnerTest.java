package io.sweep4j.study;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sweep4j.sampler.Samplers;
import io.sweep4j.space.Params;
import io.sweep4j.space.UsageException;
import io.sweep4j.store.SqliteStorage;
import io.sweep4j.store.Storage;
import io.sweep4j.store.TestClaims;
import io.sweep4j.trial.Attributes;
import io.sweep4j.trial.FrozenTrial;
import io.sweep4j.trial.History;
import io.sweep4j.trial.TrialState;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StudyRunnerTest {
    @TempDir
    Path dir;

    private Study quadratic(String name, int trials, int parallelism) {
        return Study.named(name)
                .storage(dir.resolve("s.db"))
                .space(s -> s.floatRange("x", -5, 5).intRange("n", 1, 4))
                .sampler(Samplers.random(7))
                .objective(t -> {
                    t.report(0, t.getDouble("x"));
                    return Math.pow(t.getDouble("x") - 1, 2) + t.getInt("n");
                })
                .minimize("loss")
                .parallelism(parallelism)
                .budget(Budget.trials(trials));
    }

    @Test
    void runsExactlyTheBudgetAndStoresEveryTrial() {
        StudyResult r = quadratic("q", 25, 3).optimize();
        assertEquals(StopReason.BUDGET_TRIALS, r.stopReason());
        assertEquals(25, r.history().trials().size());
        assertEquals(25, r.history().completed().size());
        Set<Integer> numbers = r.history().trials().stream().map(FrozenTrial::number).collect(Collectors.toSet());
        assertEquals(25, numbers.size());
        FrozenTrial best = r.best().orElseThrow();
        for (FrozenTrial t : r.history().completed()) {
            assertTrue(best.value() <= t.value());
            assertEquals(t.params().getDouble("x"), t.intermediateValues().get(0));
        }
    }

    @Test
    void aStudyFileRunEndedByItsBudgetCallsItsObjectivesEndOnceAsOptimizeDoes() {
        // the end is where a DL4J objective refits the chosen configuration: a study file's run must reach it
        List<StudyResult> ended = new java.util.ArrayList<>();
        Objective objective = new Objective() {
            @Override
            public double evaluate(Trial t) {
                return t.getDouble("x");
            }

            @Override
            public void studyEnded(StudySpec spec, StudyResult result, Storage storage) {
                ended.add(result);
            }
        };
        Study study = Study.named("e").storage(dir.resolve("e.db")).space(s -> s.floatRange("x", 0, 1))
                .sampler(Samplers.random(1)).objective(objective).minimize("x").parallelism(1)
                .budget(Budget.trials(3));
        StudyResult r = study.run(new String[0]);
        assertEquals(1, ended.size());
        assertEquals(3, ended.get(0).history().completed().size());
        assertEquals(StopReason.BUDGET_TRIALS, r.stopReason());
    }

    @Test
    void runningAgainContinuesTheSameStudyUpToTheBudget() {
        quadratic("q", 10, 2).optimize();
        StudyResult second = quadratic("q", 15, 2).optimize();
        assertEquals(15, second.history().trials().size());
        assertEquals(5, second.trialsRunHere());
        StudyResult third = quadratic("q", 15, 2).optimize();
        assertEquals(0, third.trialsRunHere());
    }

    @Test
    void seededRandomGivesTrialNTheSameParametersWhateverTheParallelism() {
        Map<Integer, Params> serial = byNumber(quadratic("a", 12, 1).optimize().history());
        Path other = dir.resolve("other");
        other.toFile().mkdirs();
        Map<Integer, Params> parallel = byNumber(quadratic("a", 12, 4).storage(other.resolve("p.db")).optimize()
                .history());
        assertEquals(serial, parallel);
    }

    @Test
    void aThrowingTrialFailsAloneWithItsMessage() {
        StudyResult r = Study.named("f").storage(dir.resolve("f.db"))
                .space(s -> s.intRange("i", 0, 1000))
                .sampler(Samplers.random(1))
                .objective(t -> {
                    if (t.number() % 3 == 0) {
                        throw new IllegalStateException("boom " + t.number());
                    }
                    return t.getInt("i");
                })
                .maximize("score").parallelism(2).budget(Budget.trials(9)).optimize();
        List<FrozenTrial> failed = r.history().inState(TrialState.FAIL);
        assertEquals(3, failed.size());
        for (FrozenTrial t : failed) {
            assertEquals("IllegalStateException: boom " + t.number(), t.systemAttributes().get(Attributes.FAIL_REASON));
        }
        assertEquals(6, r.history().completed().size());
    }

    @Test
    void gridTriesEveryPointOnceAndEndsWhenExhausted() {
        ConcurrentHashMap<Params, Integer> seen = new ConcurrentHashMap<>();
        StudyResult r = Study.named("g").storage(dir.resolve("g.db"))
                .space(s -> s.choice("opt", "sgd", "adam").intRange("k", 1, 3)
                        .when("opt", "sgd", b -> b.floatRange("momentum", 0.0, 0.9, 0.45)))
                .sampler(Samplers.grid().shuffled(3))
                .objective(t -> {
                    seen.merge(t.params(), 1, Integer::sum);
                    return t.getInt("k");
                })
                .maximize("k").parallelism(3).optimize();
        // sgd: 3 k × 3 momentum; adam: 3 k
        assertEquals(12, seen.size());
        assertTrue(seen.values().stream().allMatch(c -> c == 1));
        assertEquals(StopReason.SAMPLER_EXHAUSTED, r.stopReason());
    }

    @Test
    void changedSpaceIsRefusedWithTheDifferenceUnlessAllowed() {
        quadratic("q", 3, 1).optimize();
        Study changed = Study.named("q").storage(dir.resolve("s.db"))
                .space(s -> s.floatRange("x", -5, 6).intRange("n", 1, 4))
                .objective(t -> 0).minimize("loss").budget(Budget.trials(4));
        UsageException e = assertThrows(UsageException.class, changed::optimize);
        assertTrue(e.getMessage().contains("was") && e.getMessage().contains("--allow-space-change"), e.getMessage());
        // readable: the distributions in words, no JSON, no 6.0E0-style numbers
        assertTrue(e.getMessage().contains("now     x: uniform -5 to 6"), e.getMessage());
        assertTrue(!e.getMessage().contains("{") && !e.getMessage().contains(".0"), e.getMessage());
        assertEquals(4, changed.allowSpaceChange().optimize().history().trials().size());
    }

    @Test
    void prunedTrialsKeepTheirLastValue() {
        StudyResult r = Study.named("p").storage(dir.resolve("p.db"))
                .space(s -> s.floatRange("x", 0, 1))
                .objective(t -> {
                    for (int step = 0; step < 5; step++) {
                        t.report(step, step * t.getDouble("x"));
                        if (step == 2 && t.getDouble("x") < 0.5) {
                            throw new TrialPrunedException("slow");
                        }
                    }
                    return 4 * t.getDouble("x");
                })
                .maximize("acc").parallelism(1).budget(Budget.trials(20)).optimize();
        for (FrozenTrial t : r.history().inState(TrialState.PRUNED)) {
            assertEquals(2 * t.params().getDouble("x"), t.value(), 1e-12);
            assertEquals(3, t.intermediateValues().size());
        }
        assertTrue(r.history().inState(TrialState.PRUNED).size() > 0);
    }

    @Test
    void deadProcessTrialsAreMarkedInterruptedAndRetriedWithTheSameParameters() throws Exception {
        quadratic("q", 3, 1).optimize();
        // a trial left RUNNING by a process of this host that no longer exists
        Process gone = new ProcessBuilder("true").start();
        gone.waitFor();
        String deadWorker = java.net.InetAddress.getLocalHost().getHostName() + "|" + gone.pid() + "|"
                + gone.info().startInstant().map(Object::toString).orElse("?");
        Path db = dir.resolve("s.db");
        long studyId;
        FrozenTrial zombie;
        try (SqliteStorage s = SqliteStorage.open(db)) {
            studyId = s.findStudy("q").orElseThrow().studyId();
            var space = quadratic("q", 3, 1).spec().space();
            var out = TestClaims.claim(s, studyId, -1,
                    (n, h, fixed) -> java.util.Optional.of(io.sweep4j.trial.TrialDraft.of(space,
                    Params.of(Map.of("x", 0.25, "n", 2L)), Map.of(Attributes.PREFIX + "worker",
                            deadWorker))));
            zombie = ((io.sweep4j.store.ClaimOutcome.Claimed) out).trial();
            s.reportIntermediate(zombie.trialId(), 0, 0.25);
        }
        StudyResult r = quadratic("q", 5, 1).optimize();
        FrozenTrial dead = r.history().trials().stream().filter(t -> t.trialId() == zombie.trialId()).findFirst()
                .orElseThrow();
        assertEquals(TrialState.FAIL, dead.state());
        assertEquals("interrupted", dead.systemAttributes().get(Attributes.FAIL_REASON));
        FrozenTrial retry = r.history().trials().stream()
                .filter(t -> Integer.valueOf(zombie.number()).equals(
                        t.systemAttributes().get(Attributes.RETRY_OF) == null ? null
                                : ((Number) t.systemAttributes().get(Attributes.RETRY_OF)).intValue()))
                .findFirst().orElseThrow();
        assertEquals(zombie.params(), retry.params());
        assertEquals(TrialState.COMPLETE, retry.state());
        // the interrupted trial is not counted: 5 counted trials + 1 interrupted
        assertEquals(6, r.history().trials().size());
        assertTrue(r.history().inState(TrialState.RUNNING).isEmpty());
    }

    private static Map<Integer, Params> byNumber(History h) {
        Map<Integer, Params> m = new TreeMap<>();
        for (FrozenTrial t : h.trials()) {
            m.put(t.number(), t.params());
        }
        return m;
    }
}
