package io.sweep4j.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sweep4j.sampler.Samplers;
import io.sweep4j.store.FileSnapshot;
import io.sweep4j.store.SqliteStorage;
import io.sweep4j.study.Budget;
import io.sweep4j.study.Study;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Commands that only read a study file leave nothing beside it (issue 14), `sweep backup` copies it, and a damaged
 * file is named as damaged with exit 2.
 */
class QuietCommandsTest {
    @TempDir
    Path dir;

    private Path study(String file) {
        Path db = Path.of(dir.toString(), "data", file);
        try {
            Files.createDirectories(db.getParent());
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        Study.named("s").storage(db).minimize("loss").sampler(Samplers.random(5)).budget(Budget.trials(4))
                .resultsDir(dir.resolve("artifacts")).space(sp -> sp.floatRange("x", -5, 5).intRange("n", 1, 3))
                .objective(t -> {
                    t.report(0, t.getDouble("x"));
                    return t.getDouble("x");
                }).optimize();
        return db;
    }

    private void assertQueriesLeaveNothing(Path db) throws Exception {
        FileSnapshot before = FileSnapshot.of(db.getParent());
        Path out = Files.createDirectories(dir.resolve("out"));
        for (String[] args : new String[][] {{"studies", db.toString()}, {"trials", db.toString()},
            {"best", db.toString(), "--top", "2"}, {"report", db.toString(), "--out", out.resolve("r.html").toString()},
            {"export", db.toString(), "--out", out.resolve("e.json").toString()},
            {"backup", db.toString(), out.resolve("b-" + db.getFileName()).toString()}}) {
            CliRun r = CliRun.of(args);
            assertEquals(0, r.exit(), args[0] + ": " + r.err());
            before.assertUnchanged("sweep " + args[0]);
        }
    }

    @Test
    void readingAStudySweep4jWroteLeavesNoFileBesideIt() throws Exception {
        Path db = study("sweep.db");
        assertEquals(2, Files.readAllBytes(db)[18], "WAL mode: a plain read-only open would leave -wal and -shm");
        assertQueriesLeaveNothing(db);
    }

    @Test
    void readingWhileAnotherConnectionHasTheFileOpenAddsNothingEither() throws Exception {
        Path db = study("open.db");
        try (Connection other = DriverManager.getConnection("jdbc:sqlite:" + db)) {
            other.createStatement().execute("SELECT count(*) FROM trials"); // creates -wal and -shm, as a run does
            assertTrue(Files.exists(Path.of(db + "-wal")));
            assertQueriesLeaveNothing(db);
        }
    }

    @Test
    void sweepRunWithTheOtherDirectionOnAStudyOptunaMadeExits2AndWritesNothing() throws Exception {
        Path db = Files.createDirectories(dir.resolve("optuna")).resolve("o.db");
        Process p = new ProcessBuilder("/usr/bin/python3", "-c", "import optuna\n"
                + "s = optuna.create_study(study_name='o', storage='sqlite:///" + db + "', direction='minimize')\n"
                + "s.optimize(lambda t: t.suggest_float('x', -5, 5), n_trials=2)\n").redirectErrorStream(true).start();
        String log = new String(p.getInputStream().readAllBytes());
        assertEquals(0, p.waitFor(), "python3-optuna: " + log);
        Path study = dir.resolve("Other.java");
        Files.writeString(study, """
                import io.sweep4j.study.Study;
                import java.nio.file.Path;

                public class Other {
                    public static void main(String[] args) {
                        Study.named("o").storage(Path.of("%s")).maximize("loss")
                                .space(s -> s.floatRange("x", -5, 5)).objective(t -> t.getDouble("x")).run(args);
                    }
                }
                """.formatted(db));
        FileSnapshot before = FileSnapshot.of(db.getParent());
        CliRun r = CliRun.of("run", study.toString());
        assertEquals(2, r.exit(), r.err());
        assertTrue(r.err().contains("was created to MINIMIZE"), r.err());
        before.assertUnchanged("sweep run refused");
    }

    @Test
    void backupRefusesAnExistingTargetAndADamagedSourceWithExit2() throws Exception {
        Path db = study("b.db");
        Path out = dir.resolve("copy.db");
        CliRun ok = CliRun.of("backup", db.toString(), out.toString());
        assertEquals(0, ok.exit(), ok.err());
        assertTrue(ok.out().contains("1 study, 4 trials"), ok.out());
        try (SqliteStorage s = SqliteStorage.openReadOnly(out)) {
            assertEquals(4, s.history(s.studies().get(0).studyId()).trials().size());
        }
        byte[] copy = Files.readAllBytes(out);
        assertEquals(1, copy[18], "a backup is a rollback-journal file: nothing needed beside it to read it");
        CliRun again = CliRun.of("backup", db.toString(), out.toString());
        assertEquals(2, again.exit());
        assertTrue(again.err().contains("backup file") && again.err().contains("exists"), again.err());
        assertArrayEquals(copy, Files.readAllBytes(out), "an existing file is never overwritten");

        // a page of a table overwritten in place: what a bad copy or a bad disk leaves
        try (RandomAccessFile f = new RandomAccessFile(db.toFile(), "rw")) {
            f.seek(Files.size(db) - 4096);
            f.write(new byte[] {13, 0, 0, 0, 99, 99, 99, 99, 1, 2, 3, 4});
        }
        FileSnapshot before = FileSnapshot.of(db.getParent());
        for (String cmd : new String[] {"trials", "backup"}) {
            CliRun r = cmd.equals("trials") ? CliRun.of(cmd, db.toString())
                    : CliRun.of(cmd, db.toString(), dir.resolve("never.db").toString());
            assertEquals(2, r.exit(), cmd + ": " + r.err());
            assertTrue(r.err().contains("damaged") && r.err().contains("sqlite3 " + db + " .recover"), r.err());
            before.assertUnchanged("sweep " + cmd + " on a damaged file");
        }
        assertTrue(Files.notExists(dir.resolve("never.db")));
    }
}
