package io.sweep4j.study;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sweep4j.sampler.Samplers;
import io.sweep4j.store.Storage;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A run whose claim waits on another process's lock says so, and goes on when the lock is released. */
class SlowStorageNoticeTest {
    @TempDir
    Path dir;

    private static Study study(Path db, int trials) {
        return Study.named("locked").storage(db).minimize("loss").sampler(Samplers.random(3)).parallelism(1)
                .space(s -> s.floatRange("x", -1, 1)).objective(t -> t.getDouble("x") * t.getDouble("x"))
                .budget(Budget.trials(trials));
    }

    @Test
    void aClaimWaitingOnALockedFileIsAnnouncedAndTheRunGoesOnWhenItIsReleased() throws Exception {
        Path db = dir.resolve("locked.db");
        // the whole budget first: the second run's open then reads only, and its one claim (which finds the budget
        // reached) needs the write lock
        study(db, 4).optimize();
        List<String> waits = new CopyOnWriteArrayList<>();
        RunListener recorder = new RunListener() {
            @Override
            public void waiting(String why) {
                waits.add(why);
            }
        };
        AtomicReference<StudyResult> result = new AtomicReference<>();
        AtomicReference<Throwable> failure = new AtomicReference<>();
        try (Connection other = DriverManager.getConnection("jdbc:sqlite:" + db);
                Statement st = other.createStatement()) {
            st.execute("BEGIN IMMEDIATE"); // another process's write lock, as a long transaction holds it
            Thread run = new Thread(() -> {
                StudySpec spec = study(db, 4).spec();
                try (Storage storage = new StudyOpener(spec).openStorage()) {
                    result.set(new StudyRunner(spec, storage, recorder).run());
                } catch (Throwable e) {
                    failure.set(e);
                }
            });
            run.start();
            long deadline = System.currentTimeMillis() + 20_000;
            while (waits.isEmpty() && run.isAlive() && System.currentTimeMillis() < deadline) {
                Thread.sleep(50);
            }
            assertTrue(result.get() == null, "the run claimed while the file was locked");
            st.execute("ROLLBACK");
            run.join(60_000);
        }
        assertEquals(null, failure.get());
        assertTrue(waits.stream().anyMatch(w -> w.contains("storage is busy") && w.contains("locked.db")),
                waits.toString());
        assertEquals(4, result.get().history().completed().size());
    }
}
