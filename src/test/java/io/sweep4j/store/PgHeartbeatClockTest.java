package io.sweep4j.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import io.sweep4j.space.Params;
import io.sweep4j.space.SearchSpace;
import io.sweep4j.trial.Direction;
import io.sweep4j.trial.TrialDraft;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * A heartbeat says when it was written, not when its transaction began: a claim that waited for the study row
 * (other workers claiming, all of them reconnecting after a server restart) must not start its trial with a heartbeat
 * as old as the wait, or the other workers declare the fresh trial dead at once. Found by the PostgreSQL chaos test.
 */
class PgHeartbeatClockTest {
    private static final SearchSpace SPACE = SearchSpace.builder().floatRange("x", 0, 1).build();

    @Test
    void aTrialClaimedAfterWaitingForTheStudyLockIsNotJudgedDeadByItsWait() throws Exception {
        String url = PgTestServer.get().newDatabase();
        String database = url.substring(url.lastIndexOf('/') + 1);
        try (Storage worker = Storage.open(url); Storage judge = Storage.open(url)) {
            long studyId = worker.createStudy("s", Direction.MINIMIZE, Map.of()).studyId();
            CompletableFuture<ClaimOutcome> claim;
            try (Connection other = PgTestServer.get().connection(database); Statement st = other.createStatement()) {
                // another worker holds the study row, as during its own claim
                st.execute("BEGIN");
                st.execute("SELECT study_id FROM studies WHERE study_id = " + studyId + " FOR UPDATE");
                claim = CompletableFuture.supplyAsync(() -> TestClaims.claim(worker, studyId, 10, (n, h, fixed) ->
                        Optional.of(TrialDraft.of(SPACE, Params.of(Map.of("x", 0.5)), Map.of()))));
                Thread.sleep(2500);
                st.execute("COMMIT");
            }
            long trialId = assertInstanceOf(ClaimOutcome.Claimed.class, claim.get(60, TimeUnit.SECONDS)).trial()
                    .trialId();
            // just claimed, well within a 2 s grace: alive, whatever the claim waited before
            assertEquals(List.of(), TestClaims.failStale(judge, studyId, (id, w) -> Duration.ofSeconds(2), (id, w) -> false));
            assertEquals("RUNNING", judge.trial(trialId).state().name());
        }
    }

    @Test
    void aWorkersHeartbeatIsNotHeldBackByItsOwnClaimWaitingForTheStudyRow() throws Exception {
        String url = PgTestServer.get().newDatabase();
        String database = url.substring(url.lastIndexOf('/') + 1);
        try (Storage worker = Storage.open(url)) {
            long studyId = worker.createStudy("s", Direction.MINIMIZE, Map.of()).studyId();
            long running = assertInstanceOf(ClaimOutcome.Claimed.class, TestClaims.claim(worker, studyId, 10,
                    (n, h, fixed) ->
                    Optional.of(TrialDraft.of(SPACE, Params.of(Map.of("x", 0.5)), Map.of())))).trial().trialId();
            try (Connection other = PgTestServer.get().connection(database); Statement st = other.createStatement()) {
                st.execute("BEGIN");
                st.execute("SELECT study_id FROM studies WHERE study_id = " + studyId + " FOR UPDATE");
                // the worker's second thread claims and waits for the row; its heartbeat thread beats meanwhile
                CompletableFuture<ClaimOutcome> claim = CompletableFuture.supplyAsync(() -> TestClaims.claim(worker,
                        studyId, 10,
                        (n, h, fixed) -> Optional.of(TrialDraft.of(SPACE, Params.of(Map.of("x", 0.1)), Map.of()))));
                Thread.sleep(300);
                CompletableFuture<Set<Long>> beat = CompletableFuture.supplyAsync(() -> worker.heartbeat(
                        List.of(running)));
                // a generous bound: before, the beat waited for the claim, which waits for this transaction
                assertEquals(Set.of(), beat.get(20, TimeUnit.SECONDS), "the running trial was beaten, not ended");
                assertFalse(claim.isDone(), "the claim was still waiting for the study row");
                st.execute("COMMIT");
                assertInstanceOf(ClaimOutcome.Claimed.class, claim.get(60, TimeUnit.SECONDS));
            }
        }
    }
}
