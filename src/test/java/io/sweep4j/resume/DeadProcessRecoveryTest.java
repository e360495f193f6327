package io.sweep4j.resume;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sweep4j.store.TestClaims;
import io.sweep4j.trial.TrialDraft;
import io.sweep4j.sampler.Samplers;
import io.sweep4j.space.Params;
import io.sweep4j.store.ClaimOutcome;
import io.sweep4j.store.SqliteStorage;
import io.sweep4j.study.Budget;
import io.sweep4j.study.Study;
import io.sweep4j.study.StudyResult;
import io.sweep4j.trial.FrozenTrial;
import io.sweep4j.trial.History;
import io.sweep4j.trial.TrialState;
import java.net.InetAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Trials of other processes: a long run notices, while it runs, that a companion process died and retries its
 * trial; it leaves alone a live process's trial even when that process beats far less often than it does, and
 * waits for it at the end instead of leaving the study short should that process die.
 */
class DeadProcessRecoveryTest {
    @TempDir
    Path dir;

    private Study study(Path db, int budget, CountDownLatch firstTrial) {
        return Study.named("long").storage(db)
                .space(s -> s.floatRange("x", 0, 1))
                .sampler(Samplers.random(3))
                .objective(t -> {
                    firstTrial.countDown();
                    Thread.sleep(20);
                    t.report(0, t.getDouble("x"));
                    return t.getDouble("x");
                })
                .minimize("loss").parallelism(1).heartbeat(Duration.ofMillis(100)).budget(Budget.trials(budget));
    }

    @Test
    void aRunRecoversDeadTrialsOfOtherProcessesWhileItRunsAndWaitsForLiveOnesWithSlowHeartbeats() throws Exception {
        Path db = dir.resolve("long.db");
        CountDownLatch started = new CountDownLatch(1);
        CompletableFuture<StudyResult> run = CompletableFuture.supplyAsync(() -> study(db, 60, started).optimize());
        assertTrue(started.await(20, TimeUnit.SECONDS));

        String host = InetAddress.getLocalHost().getHostName();
        Process gone = new ProcessBuilder("true").start();
        gone.waitFor();
        ProcessHandle self = ProcessHandle.current();
        String deadLocal = host + "|" + gone.pid() + "|" + gone.info().startInstant().map(Object::toString).orElse("?")
                + "|100";
        // alive (this very JVM) but beating only once a minute: its trial must survive our 100 ms heartbeats
        String liveSlow = host + "|" + self.pid() + "|" + self.info().startInstant().orElseThrow() + "|60000";
        FrozenTrial dead;
        FrozenTrial slow;
        try (SqliteStorage s = SqliteStorage.open(db)) {
            long id = s.findStudy("long").orElseThrow().studyId();
            var space = study(db, 1, started).spec().space();
            dead = claim(s, id, space, 0.125, deadLocal);
            slow = claim(s, id, space, 0.375, liveSlow);
        }
        // the run fills its budget while the slow trial still runs, then waits for it rather than stop short
        long deadline = System.currentTimeMillis() + 60_000;
        History seen;
        do {
            Thread.sleep(100);
            seen = ChaosKillTest.history(db);
        } while (finishedNotInterrupted(seen) < 59 && System.currentTimeMillis() < deadline);
        Thread.sleep(500);
        assertTrue(!run.isDone(), "the run must wait for the other process's running trial");
        assertEquals(TrialState.RUNNING, byNumber(ChaosKillTest.history(db), slow.number()).state(),
                "a live process's trial was failed");
        try (SqliteStorage s = SqliteStorage.open(db)) {
            assertTrue(s.finish(slow.trialId(), TrialState.COMPLETE, 0.375, Map.of()));
        }
        StudyResult r = run.get(60, TimeUnit.SECONDS);
        History h = r.history();
        FrozenTrial deadAfter = byNumber(h, dead.number());
        assertTrue(ChaosKillTest.isInterrupted(deadAfter), deadAfter.toString());
        FrozenTrial retry = h.trials().stream().filter(t -> ChaosKillTest.retryOf(t) == dead.number()).findFirst()
                .orElseThrow(() -> new AssertionError("the dead trial was not retried during the run"));
        assertEquals(0.125, retry.params().getDouble("x"));
        assertEquals(TrialState.COMPLETE, retry.state());
        // the other process's trial counted while it ran: 59 of ours + that one fill the budget of 60
        assertEquals(60, finishedNotInterrupted(h));
        assertEquals(59, r.trialsRunHere(), "trials this run ran (the retry included)");
    }

    @Test
    void aTrialWhoseHeartbeatStoppedIsRecoveredAtOpenEvenFromAnotherHost() throws Exception {
        Path db = dir.resolve("host.db");
        CountDownLatch started = new CountDownLatch(1);
        study(db, 2, started).optimize();
        FrozenTrial stale;
        try (SqliteStorage s = SqliteStorage.open(db)) {
            long id = s.findStudy("long").orElseThrow().studyId();
            stale = claim(s, id, study(db, 1, started).spec().space(), 0.5, "elsewhere|1|?|100");
        }
        // another host's pid says nothing here: only the silent heartbeat (older than 4 × 100 ms) marks it dead
        Thread.sleep(600);
        StudyResult r = study(db, 3, started).optimize();
        assertTrue(ChaosKillTest.isInterrupted(byNumber(r.history(), stale.number())));
        assertTrue(r.history().trials().stream().anyMatch(t -> ChaosKillTest.retryOf(t) == stale.number()));
        assertEquals(3, r.history().trials().stream()
                .filter(t -> t.state().isFinished() && !ChaosKillTest.isInterrupted(t)).count());
    }

    @Test
    void aTrialDeclaredDeadByAnotherProcessStopsAtItsNextReportAndIsRetried() throws Exception {
        Path db = dir.resolve("paused.db");
        java.util.concurrent.atomic.AtomicBoolean first = new java.util.concurrent.atomic.AtomicBoolean(true);
        java.util.concurrent.atomic.AtomicBoolean ranToItsEnd = new java.util.concurrent.atomic.AtomicBoolean();
        CountDownLatch reporting = new CountDownLatch(3);
        CountDownLatch declared = new CountDownLatch(1);
        Study s = Study.named("paused").storage(db).space(sp -> sp.floatRange("x", 0, 1)).sampler(Samplers.random(9))
                .objective(t -> {
                    if (!first.getAndSet(false)) {
                        t.report(0, 1);
                        return 1;
                    }
                    for (int step = 0; step < 3; step++) {
                        t.report(step, step);
                        reporting.countDown();
                    }
                    declared.await(20, TimeUnit.SECONDS);
                    // a heartbeat or two after the declaration a report stops it; a minute of reports bounds a hang
                    for (int step = 3; step < 1200; step++) {
                        Thread.sleep(50);
                        t.report(step, step);
                    }
                    ranToItsEnd.set(true);
                    return 0;
                })
                .minimize("loss").parallelism(1).heartbeat(Duration.ofMillis(100)).budget(Budget.trials(2));
        CompletableFuture<StudyResult> run = CompletableFuture.supplyAsync(s::optimize);
        assertTrue(reporting.await(20, TimeUnit.SECONDS));
        try (SqliteStorage other = SqliteStorage.open(db)) {
            long id = other.findStudy("paused").orElseThrow().studyId();
            // what another process does when this one looks dead (e.g. after a long pause)
            assertEquals(1, TestClaims.failStale(other, id, (trialId, w) -> Duration.ofDays(1), (trialId, w) -> true)
                    .size());
        }
        declared.countDown();
        StudyResult r = run.get(120, TimeUnit.SECONDS);
        assertFalse(ranToItsEnd.get(), "the superseded trial ran to its end instead of stopping at a report");
        FrozenTrial dead = byNumber(r.history(), 0);
        assertTrue(ChaosKillTest.isInterrupted(dead));
        FrozenTrial retry = r.history().trials().stream().filter(t -> ChaosKillTest.retryOf(t) == 0).findFirst()
                .orElseThrow();
        assertEquals(dead.params(), retry.params());
        assertEquals(2, finishedNotInterrupted(r.history()));
    }

    private static FrozenTrial claim(SqliteStorage s, long studyId, io.sweep4j.space.SearchSpace space, double x,
            String worker) {
        var out = TestClaims.claim(s, studyId, -1,
                (n, h, fixed) -> Optional.of(TrialDraft.of(space, Params.of(Map.of("x", x)),
                Map.of(io.sweep4j.trial.Attributes.WORKER, worker))));
        return ((ClaimOutcome.Claimed) out).trial();
    }

    private static long finishedNotInterrupted(History h) {
        return h == null ? 0 : h.trials().stream()
                .filter(t -> t.state().isFinished() && !ChaosKillTest.isInterrupted(t)).count();
    }

    private static FrozenTrial byNumber(History h, int number) {
        return h.trials().stream().filter(t -> t.number() == number).findFirst().orElseThrow();
    }
}
