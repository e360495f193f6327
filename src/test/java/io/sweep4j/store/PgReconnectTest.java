package io.sweep4j.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import io.sweep4j.space.Params;
import io.sweep4j.space.SearchSpace;
import io.sweep4j.trial.Direction;
import io.sweep4j.trial.History;
import io.sweep4j.trial.TrialDraft;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * A PostgreSQL session ended under a worker (a server restart, {@code pg_terminate_backend}, a failover) is waited
 * out and reopened, whichever statement noticed it first; found by the PostgreSQL chaos test, where a server restart
 * killed a worker whose sampler was reading the history inside a claim.
 */
class PgReconnectTest {
    private static final SearchSpace SPACE = SearchSpace.builder().floatRange("x", 0, 1).build();

    @Test
    void aSessionEndedWhileTheSamplerReadsTheHistoryIsReopenedAndTheSamplerRunsOnce() {
        String url = PgTestServer.get().newDatabase();
        String database = url.substring(url.lastIndexOf('/') + 1);
        AtomicInteger proposals = new AtomicInteger();
        try (Storage s = Storage.open(url)) {
            long studyId = s.createStudy("s", Direction.MINIMIZE, Map.of()).studyId();
            // a RUNNING trial, so the history read inside the next claim goes to the database
            TestClaims.claim(s, studyId, 10,
                    (n, history, fixed) -> Optional.of(TrialDraft.of(SPACE, Params.of(Map.of("x", 0.5)),
                    Map.of())));
            ClaimOutcome out = TestClaims.claim(s, studyId, 10, (n, history, fixed) -> {
                if (proposals.getAndIncrement() == 0) {
                    // the session dies between the reservation and the sampler's read of the history
                    PgTestServer.get().admin("SELECT pg_terminate_backend(pid, 10000) FROM pg_stat_activity"
                            + " WHERE datname = '" + database + "' AND pid <> pg_backend_pid()");
                }
                History h = history.get();
                return Optional.of(TrialDraft.of(SPACE, Params.of(Map.of("x", 0.1 * h.trials().size())), Map.of()));
            });
            assertEquals(1, assertInstanceOf(ClaimOutcome.Claimed.class, out).trial().number());
            // two trials: the attempt on the dead session left nothing behind
            assertEquals(List.of(0, 1), s.history(studyId).trials().stream().map(t -> t.number()).toList());
            // the sampler proposes outside any transaction: the read is retried on a new session, not the sampler
            assertEquals(1, proposals.get(), "the sampler ran once");
        }
    }

    @Test
    void aWorkerOpeningTheStorageWhileTheServerRestartsWaitsForItInsteadOfGivingUp() throws Exception {
        PgTestServer server = PgTestServer.startOwn();
        try {
            String url = server.newDatabase();
            CompletableFuture<Storage> opening;
            try (Connection held = server.adminConnection()) {
                // a smart shutdown waits for the held session: meanwhile new sessions are refused (57P03)
                server.pgCtl("-m", "smart", "-W", "stop");
                awaitRefusedAsShuttingDown(server);
                opening = CompletableFuture.supplyAsync(() -> Storage.open(url));
                Thread.sleep(500);
                assertFalse(opening.isDone() && opening.isCompletedExceptionally(),
                        () -> "opening gave up: " + opening.handle((s, e) -> e).join());
            }
            // the server stops once the held session is gone (refusing connections), then starts again
            server.pgCtl("-w", "restart");
            try (Storage s = opening.get(90, TimeUnit.SECONDS)) {
                long studyId = s.createStudy("after-restart", Direction.MINIMIZE, Map.of()).studyId();
                assertEquals("after-restart", s.studies().stream().filter(i -> i.studyId() == studyId).findFirst()
                        .orElseThrow().name());
            }
        } finally {
            server.stop();
        }
    }

    private static void awaitRefusedAsShuttingDown(PgTestServer server) throws InterruptedException {
        long end = System.currentTimeMillis() + 30_000;
        while (System.currentTimeMillis() < end) {
            try (Connection c = server.adminConnection()) {
                Thread.sleep(20);
            } catch (SQLException e) {
                assertEquals("57P03", e.getSQLState(), e.getMessage());
                return;
            }
        }
        throw new AssertionError("the server never began to shut down");
    }
}
