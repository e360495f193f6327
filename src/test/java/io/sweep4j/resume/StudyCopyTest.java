package io.sweep4j.resume;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sweep4j.sampler.Samplers;
import io.sweep4j.space.UsageException;
import io.sweep4j.store.FileSnapshot;
import io.sweep4j.store.SqliteStorage;
import io.sweep4j.store.StudyBackup;
import io.sweep4j.store.StudyInfo;
import io.sweep4j.study.Budget;
import io.sweep4j.study.Study;
import io.sweep4j.trial.Direction;
import io.sweep4j.trial.FrozenTrial;
import io.sweep4j.trial.History;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Copies of a study file: a lone .db, a torn .db + -wal pair, and `sweep backup` while another process writes. */
class StudyCopyTest {
    @TempDir
    Path dir;

    @Test
    void aDbCopiedAloneRightAfterTheStudyIsCreatedHoldsTheStudy() throws Exception {
        Path db = dir.resolve("s.db");
        Path copy = Files.createDirectories(dir.resolve("copy")).resolve("s.db");
        try (SqliteStorage s = SqliteStorage.open(db)) {
            s.findOrCreateStudy("fresh", Direction.MAXIMIZE, Map.of("sweep4j:metric", "val_accuracy"));
            assertTrue(Files.size(Path.of(db + "-wal")) > 0, "the study is also in the WAL, still open");
            Files.copy(db, copy); // while the study is open: what `cp` or `scp` of the .db alone would take
        }
        try (SqliteStorage s = SqliteStorage.openReadOnly(copy)) {
            StudyInfo info = s.findStudy("fresh").orElseThrow(() -> new AssertionError("the copy lost the study"));
            assertEquals(Direction.MAXIMIZE, info.direction());
            assertEquals("val_accuracy", info.systemAttributes().get("sweep4j:metric"));
        }
    }

    @Test
    void aTornCopyOfDbAndWalIsNamedDamagedAndLeftAsItIs() throws Exception {
        Path db = dir.resolve("s.db");
        Path torn = Files.createDirectories(dir.resolve("torn")).resolve("s.db");
        run(db, 10);
        // another connection keeps the file open, so the WAL outlives each run as it does beside a running study
        try (Connection holder = DriverManager.getConnection("jdbc:sqlite:" + db);
                Statement st = holder.createStatement()) {
            run(db, 60);
            Files.copy(db, torn); // the .db first ...
            st.execute("PRAGMA wal_checkpoint(TRUNCATE)"); // ... then SQLite moves the WAL into it and restarts it
            run(db, 300); // rewrites the tables' inner pages, whose children the old .db does not have
            Files.copy(Path.of(db + "-wal"), Path.of(torn + "-wal")); // ... and the -wal later: a torn pair
        }
        FileSnapshot before = FileSnapshot.of(torn.getParent());
        UsageException e = assertThrows(UsageException.class, () -> SqliteStorage.openReadOnly(torn));
        assertTrue(e.getMessage().contains("damaged") && e.getMessage().contains(".recover"), e.getMessage());
        e = assertThrows(UsageException.class, () -> run(torn, 400));
        assertTrue(e.getMessage().contains("damaged"), e.getMessage());
        before.assertUnchanged("refusing a torn copy");

        // the advice in the message works with the sqlite3 installed here: the first command that does gives a
        // file sweep4j opens, holding the study and some of its trials
        Path recovered = Path.of(torn.toString().replace("s.db", "s-recovered.db"));
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("`(sqlite3 [^`]+)`").matcher(e.getMessage());
        List<String> tried = new java.util.ArrayList<>();
        while (m.find() && !opens(recovered)) {
            Files.deleteIfExists(recovered);
            new ProcessBuilder("bash", "-c", m.group(1)).redirectErrorStream(true)
                    .redirectOutput(dir.resolve("recover.log").toFile()).start().waitFor();
            tried.add(m.group(1));
        }
        assertTrue(opens(recovered), "no advice recovered the file: " + tried + "\n"
                + Files.readString(dir.resolve("recover.log")));
        try (SqliteStorage s = SqliteStorage.openReadOnly(recovered)) {
            assertEquals("s", s.studies().get(0).name());
            assertFalse(s.history(s.studies().get(0).studyId()).trials().isEmpty());
        }
    }

    private static boolean opens(Path db) {
        try (SqliteStorage s = SqliteStorage.openReadOnly(db)) {
            return !s.studies().isEmpty();
        } catch (RuntimeException e) {
            return false;
        }
    }

    @Test
    void aBackupTakenWhileAnotherProcessWritesIsCompleteAndOpensAlone() throws Exception {
        Path db = dir.resolve("live.db");
        ChildJvm child = ChildJvm.start(dir, "writer", List.of(), db.toString(), "live", "fast", "100000", "2");
        try {
            long deadline = System.currentTimeMillis() + 60_000;
            while (!child.stderr().contains(" COMPLETE ") && System.currentTimeMillis() < deadline) {
                Thread.sleep(20);
            }
            long lastTrials = -1;
            List<Path> backups = new java.util.ArrayList<>();
            for (int i = 0; i < 3; i++) {
                // the writer goes on: wait until the file holds more trials than the last backup, however loaded
                while (finished(db).size() <= lastTrials && System.currentTimeMillis() < deadline + 60_000) {
                    Thread.sleep(20);
                }
                Path out = Files.createDirectories(dir.resolve("b" + i)).resolve("backup.db");
                StudyBackup.Summary s = StudyBackup.backup(db, out);
                assertTrue(child.process().isAlive(), "the writer was still writing");
                assertTrue(s.trials() > lastTrials, "later backups hold more trials: " + s.trials());
                lastTrials = s.trials();
                assertEquals(List.of(out.getFileName()), Files.list(out.getParent()).map(Path::getFileName).toList(),
                        "a backup is one file, nothing beside it");
                backups.add(out);
            }
            child.process().destroyForcibly().waitFor();
            Map<Integer, FrozenTrial> source = finished(db);
            for (Path out : backups) {
                Map<Integer, FrozenTrial> copy = finished(out);
                assertFalse(copy.isEmpty());
                for (FrozenTrial t : copy.values()) {
                    FrozenTrial s = source.get(t.number());
                    assertNotNull(s, "trial " + t.number() + " of the backup is in the source");
                    assertEquals(s.value(), t.value());
                    assertEquals(s.params(), t.params());
                    assertEquals(s.intermediateValues(), t.intermediateValues());
                }
            }
        } finally {
            child.process().destroyForcibly().waitFor();
        }
    }

    /** Finished trials by number; fails on a number stored twice. */
    private static Map<Integer, FrozenTrial> finished(Path db) {
        try (SqliteStorage s = SqliteStorage.openReadOnly(db)) {
            StudyInfo info = s.studies().get(0);
            History h = s.history(info.studyId());
            Map<Integer, FrozenTrial> out = new HashMap<>();
            Set<Integer> numbers = new HashSet<>();
            for (FrozenTrial t : h.trials()) {
                assertTrue(numbers.add(t.number()), "trial number " + t.number() + " stored twice in " + db);
                if (t.state().isFinished()) {
                    out.put(t.number(), t);
                }
            }
            return out;
        }
    }

    private static void run(Path db, int budget) {
        Study.named("s").storage(db).minimize("loss").sampler(Samplers.random(3)).budget(Budget.trials(budget))
                .parallelism(1).space(sp -> sp.floatRange("x", -5, 5)).objective(t -> {
                    t.report(0, t.getDouble("x"));
                    return t.getDouble("x");
                }).optimize();
    }
}
