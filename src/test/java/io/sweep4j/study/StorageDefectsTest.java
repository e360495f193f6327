package io.sweep4j.study;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sweep4j.sampler.Samplers;
import io.sweep4j.space.Params;
import io.sweep4j.space.SearchSpace;
import io.sweep4j.store.ClaimOutcome;
import io.sweep4j.store.Reservation;
import io.sweep4j.store.SqliteStorage;
import io.sweep4j.store.Storage;
import io.sweep4j.store.TestClaims;
import io.sweep4j.trial.Attributes;
import io.sweep4j.trial.Direction;
import io.sweep4j.trial.FrozenTrial;
import io.sweep4j.trial.TrialDraft;
import io.sweep4j.trial.TrialState;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The interop defects of issue 10, each shown by the behaviour a user relies on. */
class StorageDefectsTest {
    @TempDir
    Path dir;

    private Study quadratic(String name, int trials) {
        return Study.named(name)
                .storage(dir.resolve("s.db"))
                .space(s -> s.floatRange("x", -5, 5).intRange("n", 1, 4))
                .sampler(Samplers.random(7))
                .objective(t -> Math.pow(t.getDouble("x") - 1, 2) + t.getInt("n"))
                .minimize("loss")
                .heartbeat(Duration.ofMillis(100))
                .parallelism(2)
                .budget(Budget.trials(trials));
    }

    @Test
    void aRetryCarriesEveryAttributeItsSamplerStoredButNotTheRunsOwn() {
        Map<String, Object> attrs = new TreeMap<>(Map.of("sweep4j:ga:generation", 3, "sweep4j:ga:parents",
                List.of(1, 2), "sweep4j:ga:genome", List.of(0.5), Attributes.GRID_ID, 7, "optuna_thing", "kept",
                Attributes.FAIL_REASON, "interrupted", Attributes.INTERRUPTED, true, Attributes.WORKER, "old|1|x|5|m",
                Attributes.RETRY_DEPTH, 1));
        FrozenTrial t = new FrozenTrial(1, 9, TrialState.FAIL, List.of(), Params.empty(), Map.of(), new TreeMap<>(),
                Map.of(), attrs, Instant.now(), Instant.now());
        Map<String, Object> carried = RetryPolicy.carried(t, "new|2|y|5|m");
        assertEquals(3, carried.get("sweep4j:ga:generation"));
        assertEquals(List.of(1, 2), carried.get("sweep4j:ga:parents"));
        assertEquals(List.of(0.5), carried.get("sweep4j:ga:genome"));
        assertEquals(7, carried.get(Attributes.GRID_ID));
        assertEquals("kept", carried.get("optuna_thing"));
        assertFalse(carried.containsKey(Attributes.FAIL_REASON));
        assertFalse(carried.containsKey(Attributes.INTERRUPTED));
        assertEquals("new|2|y|5|m", carried.get(Attributes.WORKER));
        assertEquals(9, carried.get(Attributes.RETRY_OF));
        assertEquals(2, carried.get(Attributes.RETRY_DEPTH));
    }

    @Test
    void aStopByTheUserDoesNotUseUpRetriesButACrashDoes() {
        Storage storage = Storage.open("memory:");
        long studyId = storage.createStudy("chunks", Direction.MAXIMIZE, Map.of()).studyId();
        SearchSpace space = SearchSpace.builder().floatRange("x", 0, 1).build();
        // two trials already at the limit's depth: one stopped by Ctrl-C (a chunk's end), one killed
        FrozenTrial stopped = interruptedAtDepth(storage, studyId, space, 2, true);
        FrozenTrial crashed = interruptedAtDepth(storage, studyId, space, 2, false);
        RetryPolicy policy = new RetryPolicy(storage, studyId, space, 2);

        Optional<FrozenTrial> next = policy.next(() -> storage.history(studyId));
        assertEquals(Optional.of(stopped.number()), next.map(FrozenTrial::number), "the stopped trial is retried");
        Map<String, Object> attrs = RetryPolicy.carried(next.get(), "w");
        assertEquals(2, attrs.get(Attributes.RETRY_DEPTH), "a stop does not deepen the chain");
        assertFalse(attrs.containsKey(Attributes.STOPPED), "the retry's own run decides that");
        assertEquals(3, RetryPolicy.carried(crashed, "w").get(Attributes.RETRY_DEPTH));

        // once the stopped trial's retry exists, the crashed one, out of retries, is not retried
        TestClaims.claim(storage, studyId, -1, (n, h, fixed) -> Optional.of(new TrialDraft(stopped.params(),
                stopped.distributions(), Map.of(Attributes.RETRY_OF, stopped.number()))));
        assertEquals(Optional.empty(), policy.next(() -> storage.history(studyId)));
    }

    private static FrozenTrial interruptedAtDepth(Storage storage, long studyId, SearchSpace space, int depth,
            boolean byStop) {
        FrozenTrial t = ((ClaimOutcome.Claimed) TestClaims.claim(storage, studyId, -1, (n, h, fixed) -> Optional.of(
                TrialDraft.of(space, Params.of(Map.of("x", 0.5)), Map.of(Attributes.RETRY_DEPTH, depth)))))
                .trial();
        Map<String, Object> marks = new TreeMap<>(Map.of(Attributes.FAIL_REASON, "interrupted",
                Attributes.INTERRUPTED, true));
        if (byStop) {
            marks.put(Attributes.STOPPED, true);
        }
        assertTrue(storage.finish(t.trialId(), TrialState.FAIL, List.of(), marks));
        return storage.trial(t.trialId());
    }

    @Test
    void aTrialReservedByAWorkerThatDiedBeforeItsProposalIsFailedNotCountedAndNotRetried() throws Exception {
        quadratic("r", 2).optimize();
        Path db = dir.resolve("s.db");
        long reservedId;
        try (Storage s = SqliteStorage.open(db)) {
            long studyId = s.findStudy("r").orElseThrow().studyId();
            // what a worker killed between its reservation and storing the sampler's proposal leaves
            reservedId = ((ClaimOutcome.Reserved) s.reserve(studyId, Reservation.of(-1, Map.of()))).trial().trialId();
        }
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db); Statement st = c.createStatement()) {
            st.execute("UPDATE trial_heartbeats SET heartbeat = '2020-01-01 00:00:00' WHERE trial_id = " + reservedId);
        }
        StudyResult r = quadratic("r", 4).optimize();
        FrozenTrial reserved = r.history().trials().stream().filter(t -> t.trialId() == reservedId).findFirst()
                .orElseThrow();
        assertEquals(TrialState.FAIL, reserved.state());
        assertEquals(Storage.NEVER_PROPOSED, reserved.systemAttributes().get(Attributes.FAIL_REASON));
        assertEquals(0, reserved.params().size());
        assertTrue(r.history().trials().stream().noneMatch(t -> t.systemAttributes().containsKey(Attributes.RETRY_OF)),
                "a trial that never ran is not retried");
        assertEquals(4, r.history().inState(TrialState.COMPLETE).size(), "nor counted: the budget runs 4 trials");
        assertEquals(5, r.history().trials().size());
    }

    @Test
    void aTrialOfAnOptunaWorkerWithoutHeartbeatsIsNeverTakenOver() throws Exception {
        quadratic("q", 2).optimize();
        Path db = dir.resolve("s.db");
        long foreignId;
        try (Storage s = SqliteStorage.open(db)) {
            long studyId = s.findStudy("q").orElseThrow().studyId();
            // what Optuna's ask() leaves: RUNNING, started long ago, no sweep4j worker record, no heartbeat row
            ClaimOutcome out = TestClaims.claim(s, studyId, -1, (n, h, fixed) -> Optional.empty());
            assertTrue(out instanceof ClaimOutcome.Exhausted);
            var space = quadratic("q", 2).spec().space();
            foreignId = ((ClaimOutcome.Claimed) TestClaims.claim(s, studyId, -1,
                    (n, h, fixed) -> Optional.of(TrialDraft.of(
                    space, Params.of(Map.of("x", 0.0, "n", 1L)), Map.of())))).trial().trialId();
        }
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db); Statement st = c.createStatement()) {
            st.execute("DELETE FROM trial_heartbeats WHERE trial_id = " + foreignId);
            st.execute("UPDATE trials SET datetime_start = '2020-01-01 00:00:00' WHERE trial_id = " + foreignId);
        }
        StudyResult r = quadratic("q", 6).optimize();
        assertEquals(StopReason.BUDGET_TRIALS, r.stopReason(), "the run ends instead of waiting for it");
        FrozenTrial foreign = r.history().trials().stream().filter(t -> t.trialId() == foreignId).findFirst()
                .orElseThrow();
        assertEquals(TrialState.RUNNING, foreign.state(), "another worker's live trial is left to it");
        assertEquals(5, r.history().inState(TrialState.COMPLETE).size());
    }

    @Test
    void enqueuedSettingsRunFirstOnceAndAreNotEnqueuedAgainOnResume() {
        StudyResult first = quadratic("e", 3).enqueue(Map.of("x", 0.25)).enqueue(Map.of("x", 1.0, "n", 3)).optimize();
        FrozenTrial t0 = first.history().trials().get(0);
        FrozenTrial t1 = first.history().trials().get(1);
        assertEquals(0.25, t0.params().getDouble("x"));
        assertEquals(1.0, t1.params().getDouble("x"));
        assertEquals(3, t1.params().getInt("n"));
        assertEquals(Map.of("x", 0.25), t0.systemAttributes().get(Attributes.FIXED_PARAMS));
        StudyResult again = quadratic("e", 5).enqueue(Map.of("x", 0.25)).enqueue(Map.of("x", 1.0, "n", 3)).optimize();
        assertEquals(2, again.history().trials().stream()
                .filter(t -> t.systemAttributes().containsKey(Attributes.FIXED_PARAMS)).count());
        assertEquals(5, again.history().trials().size());
    }

    @Test
    void aWorkerOfAnotherMachineIsNotJudgedByOurPidsEvenWithTheSameHostName() {
        WorkerId me = WorkerId.current(5000);
        long gonePid = Long.MAX_VALUE - 1;
        WorkerId sameNameOtherMachine = new WorkerId(me.host(), gonePid, "2020-01-01T00:00:00Z", 5000, "other");
        assertFalse(sameNameOtherMachine.isDeadLocalProcess());
        WorkerId deadHere = new WorkerId(me.host(), gonePid, "2020-01-01T00:00:00Z", 5000, me.machine());
        assertTrue(deadHere.isDeadLocalProcess());
        assertEquals(me, WorkerId.parse(me.encode()).orElseThrow());
        // records of earlier sweep4j versions (no machine) are judged by heartbeat only
        assertFalse(WorkerId.parse("localhost|" + gonePid + "|x|5000").orElseThrow().isDeadLocalProcess());
    }

    @Test
    void storageOnTheCommandLineOverridesTheStudyFile() {
        Path other = dir.resolve("other.db");
        Study s = quadratic("o", 2);
        CommandLine.apply(s, new String[] {"--storage", other.toString()});
        StudyResult r = s.optimize();
        assertEquals(other.toString(), r.storage());
        try (Storage st = Storage.open("sqlite:///" + other)) {
            assertTrue(st.findStudy("o").isPresent());
        }
    }
}
