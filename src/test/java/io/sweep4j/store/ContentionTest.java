package io.sweep4j.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sweep4j.trial.TrialDraft;
import io.sweep4j.space.Params;
import io.sweep4j.space.SearchSpace;
import io.sweep4j.trial.Direction;
import io.sweep4j.trial.FrozenTrial;
import io.sweep4j.trial.History;
import io.sweep4j.trial.TrialState;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sqlite.BusyHandler;
import org.sqlite.SQLiteConfig;
import org.sqlite.SQLiteErrorCode;
import org.sqlite.SQLiteException;

/**
 * Many connections on one file, as several processes have: WAL, busy timeout, immediate transactions and retries
 * must turn every "database is locked" into a wait, never into an error or a duplicate.
 */
class ContentionTest {
    private static final SearchSpace SPACE = SearchSpace.builder().floatRange("x", 0, 1).build();

    @TempDir
    Path dir;

    @Test
    void eightConnectionsCreatingAndFillingOneNewFileAtOnceNeverFailOrCollide() throws Exception {
        Path db = dir.resolve("many.db");
        int workers = 8;
        int each = 40;
        CountDownLatch go = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(workers);
        List<Future<?>> done = new ArrayList<>();
        for (int w = 0; w < workers; w++) {
            done.add(pool.submit(() -> {
                go.await();
                // each its own connection, opened at the same moment on a file that does not exist yet
                try (SqliteStorage s = SqliteStorage.open(db)) {
                    long studyId = s.findOrCreateStudy("shared", Direction.MINIMIZE, Map.of()).studyId();
                    for (int i = 0; i < each; i++) {
                        var out = TestClaims.claim(s, studyId, -1,
                                (n, h, fixed) -> Optional.of(TrialDraft.of(SPACE, Params.of(
                                Map.of("x", (n % 100) / 100.0)), Map.of())));
                        FrozenTrial t = ((ClaimOutcome.Claimed) out).trial();
                        s.reportIntermediate(t.trialId(), 0, 0.5);
                        assertTrue(s.finish(t.trialId(), TrialState.COMPLETE, (double) t.number(), Map.of()));
                    }
                }
                return null;
            }));
        }
        go.countDown();
        for (Future<?> f : done) {
            f.get();
        }
        pool.shutdown();
        try (SqliteStorage s = SqliteStorage.open(db)) {
            assertEquals(1, s.studies().size(), "one study, however many processes created it at once");
            History h = s.history(s.findStudy("shared").orElseThrow().studyId());
            assertEquals(workers * each, h.completed().size());
            Set<Integer> numbers = new HashSet<>();
            h.trials().forEach(t -> numbers.add(t.number()));
            assertEquals(workers * each, numbers.size());
            assertEquals(workers * each - 1, numbers.stream().mapToInt(i -> i).max().orElseThrow());
        }
    }

    @Test
    void connectionsOpeningOneNewFileAtTheSameMomentAllSucceed() throws Exception {
        // sqlite-jdbc used to create-and-delete a missing file to probe it, unlinking the file another connection
        // had just opened (its writes went to a deleted inode; other openers saw ENOENT, IOERR_FSTAT or
        // SQLITE_IOERR_DELETE_NOENT; about 1 round in 400 on 2 cores); and the first open switches a new file to WAL
        // while the others start, which can end in SQLITE_BUSY or SQLITE_PROTOCOL
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            for (int round = 0; round < 60; round++) {
                Path db = dir.resolve("race-" + round + ".db");
                CountDownLatch go = new CountDownLatch(1);
                List<Future<Long>> opened = new ArrayList<>();
                for (int i = 0; i < 8; i++) {
                    String own = "own-" + i;
                    opened.add(pool.submit(() -> {
                        go.await();
                        try (SqliteStorage s = SqliteStorage.open(db)) {
                            s.createStudy(own, Direction.MINIMIZE, Map.of());
                            return s.findOrCreateStudy("shared", Direction.MINIMIZE, Map.of()).studyId();
                        }
                    }));
                }
                go.countDown();
                Set<Long> ids = new HashSet<>();
                for (Future<Long> f : opened) {
                    ids.add(f.get());
                }
                assertEquals(1, ids.size(), "one shared study in round " + round);
                try (SqliteStorage s = SqliteStorage.open(db)) {
                    assertEquals(9, s.studies().size(), "every opener's study is in the file in round " + round);
                }
            }
        } finally {
            pool.shutdown();
        }
    }

    @Test
    void aClaimWaitsForAWriterThatHoldsTheLockInsteadOfFailing() throws Exception {
        Path db = dir.resolve("held.db");
        long studyId;
        try (SqliteStorage s = SqliteStorage.open(db)) {
            studyId = s.createStudy("held", Direction.MINIMIZE, Map.of()).studyId();
        }
        try (SqliteStorage s = SqliteStorage.open(db);
                Connection other = DriverManager.getConnection("jdbc:sqlite:" + db);
                Statement st = other.createStatement()) {
            st.execute("BEGIN IMMEDIATE");
            AtomicBoolean committing = new AtomicBoolean();
            CountDownLatch claiming = new CountDownLatch(1);
            Thread release = new Thread(() -> {
                try {
                    claiming.await();
                    // lets the claim reach the held lock first (a claim that came later could pass, never fail)
                    Thread.sleep(500);
                    committing.set(true);
                    st.execute("COMMIT");
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            });
            release.start();
            claiming.countDown();
            var out = TestClaims.claim(s, studyId, -1,
                    (n, h, fixed) -> Optional.of(TrialDraft.of(SPACE, Params.of(Map.of("x", 0.5)),
                    Map.of())));
            boolean afterTheOtherWriter = committing.get();
            release.join();
            assertTrue(out instanceof ClaimOutcome.Claimed);
            assertTrue(afterTheOtherWriter, "the claim committed while another connection held the write lock");
        }
    }

    @Test
    void readThenWriteInWalFailsWithBusySnapshotAtOnceWhichIsWhyEveryWriteBeginsImmediate() throws Exception {
        Path db = dir.resolve("snap.db");
        try (SqliteStorage s = SqliteStorage.open(db)) {
            s.createStudy("a", Direction.MINIMIZE, Map.of());
        }
        SQLiteConfig config = new SQLiteConfig();
        config.setBusyTimeout(5000);
        try (Connection reader = DriverManager.getConnection("jdbc:sqlite:" + db, config.toProperties());
                Connection writer = DriverManager.getConnection("jdbc:sqlite:" + db, config.toProperties());
                Statement r = reader.createStatement();
                Statement w = writer.createStatement()) {
            r.execute("BEGIN DEFERRED");
            r.executeQuery("SELECT count(*) FROM studies").close();
            w.execute("INSERT INTO studies (study_name) VALUES ('b')");
            AtomicInteger waits = new AtomicInteger();
            BusyHandler.setHandler(reader, new BusyHandler() {
                @Override
                protected int callback(int previousCalls) {
                    waits.incrementAndGet();
                    return 0;
                }
            });
            SQLiteException e = assertThrows(SQLiteException.class,
                    () -> r.execute("INSERT INTO studies (study_name) VALUES ('c')"));
            assertEquals(SQLiteErrorCode.SQLITE_BUSY_SNAPSHOT, e.getResultCode());
            assertEquals(0, waits.get(), "the busy handler does not wait on a stale snapshot");
            assertTrue(SqliteStorage.isBusy(e), "an extended BUSY code must still count as busy");
            SQLiteException lostRace = new SQLiteException("lost the wal-index race", SQLiteErrorCode.SQLITE_PROTOCOL);
            assertTrue(SqliteStorage.isBusy(lostRace),
                    "SQLITE_PROTOCOL (WAL connections starting at once) is retried like BUSY");
            r.execute("ROLLBACK");
            // the same handler is asked when a lock is held elsewhere: the zero above is not for want of a handler
            w.execute("BEGIN IMMEDIATE");
            assertThrows(SQLiteException.class, () -> r.execute("INSERT INTO studies (study_name) VALUES ('d')"));
            assertTrue(waits.get() > 0, "the handler was asked about a held lock");
            w.execute("ROLLBACK");
        }
    }
}
