package io.sweep4j.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sweep4j.sampler.Samplers;
import io.sweep4j.space.UsageException;
import io.sweep4j.study.Budget;
import io.sweep4j.study.Study;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every refusal of a study file leaves it byte for byte as it was, with no {@code -wal} or {@code -shm} beside it
 * (issue 14: a refused resume used to switch the file to WAL first).
 */
class FileRefusalTest {
    @TempDir
    Path dir;

    /** A study sweep4j wrote and closed: WAL mode in its header, no -wal or -shm beside it. */
    private Path sweepStudy() {
        Path db = dir.resolve("sweep.db");
        study(db, "s", s -> s.minimize("loss")).optimize();
        assertFalse(Files.exists(dir.resolve("sweep.db-wal")), "a closed study leaves no -wal");
        return db;
    }

    static Study study(Path db, String name, Consumer<Study> direction) {
        Study s = Study.named(name).storage(db).sampler(Samplers.random(1)).budget(Budget.trials(3))
                .space(sp -> sp.floatRange("x", -5, 5)).objective(t -> {
                    t.report(0, t.getDouble("x"));
                    return t.getDouble("x");
                });
        direction.accept(s);
        return s;
    }

    private void assertRefusedUnchanged(Path db, String expected, Runnable attempt) throws IOException {
        FileSnapshot before = FileSnapshot.of(db.getParent());
        UsageException e = assertThrows(UsageException.class, attempt::run);
        assertTrue(e.getMessage().contains(expected), e.getMessage());
        before.assertUnchanged(expected);
    }

    @Test
    void otherDirectionOnAStudyOptunaCreatedWritesNothing() throws Exception {
        Path db = dir.resolve("optuna.db");
        python("import optuna\n"
                + "s = optuna.create_study(study_name='s', storage='sqlite:///" + db + "', direction='minimize')\n"
                + "s.optimize(lambda t: t.suggest_float('x', -5, 5), n_trials=3)\n");
        byte[] header = Files.readAllBytes(db);
        assertEquals(1, header[18], "Optuna writes a rollback-journal file");
        assertRefusedUnchanged(db, "was created to MINIMIZE",
                () -> study(db, "s", s -> s.maximize("loss")).optimize());
        assertEquals(1, Files.readAllBytes(db)[18], "still not WAL");
    }

    @Test
    void directionMetricAndSpaceChangesWriteNothing() throws Exception {
        Path db = sweepStudy();
        assertRefusedUnchanged(db, "was created to MINIMIZE", () -> study(db, "s", s -> s.maximize("loss")).optimize());
        assertRefusedUnchanged(db, "optimizes loss", () -> study(db, "s", s -> s.minimize("error")).optimize());
        assertRefusedUnchanged(db, "differs from the stored one", () -> study(db, "s", s -> s.minimize("loss"))
                .space(sp -> sp.floatRange("x", -1, 1)).optimize());
    }

    @Test
    void badNamesWriteNothing() throws Exception {
        Path db = sweepStudy();
        assertRefusedUnchanged(db, "NUL", () -> study(db, "bad\0name", s -> s.minimize("loss")).optimize());
        assertRefusedUnchanged(db, "characters", () -> study(db, "s", s -> s.minimize("loss"))
                .space(sp -> sp.floatRange("p".repeat(600), 0, 1)).optimize());
    }

    @Test
    void foreignTablesAndUnknownRevisionsWriteNothingEvenInWalMode() throws Exception {
        Path foreign = dir.resolve("foreign.db");
        sql(foreign, "PRAGMA journal_mode = WAL", "CREATE TABLE notes (t TEXT)", "INSERT INTO notes VALUES ('x')");
        assertRefusedUnchanged(foreign, "other tables", () -> study(foreign, "s", s -> s.minimize("loss")).optimize());
        assertRefusedUnchanged(foreign, "other tables", () -> SqliteStorage.openReadOnly(foreign).close());

        Path db = sweepStudy();
        for (String revision : new String[] {"v4.0.0.a", "v2.4.0.a"}) {
            sql(db, "UPDATE alembic_version SET version_num = '" + revision + "'");
            assertRefusedUnchanged(db, "revision is " + revision,
                    () -> study(db, "s", s -> s.minimize("loss")).optimize());
            assertRefusedUnchanged(db, "revision is " + revision, () -> SqliteStorage.open(db).close());
        }
    }

    /** Runs statements on a plain connection and closes it (SQLite removes -wal and -shm as the last one closes). */
    static void sql(Path db, String... statements) throws Exception {
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db); Statement st = c.createStatement()) {
            for (String s : statements) {
                st.execute(s);
            }
        }
        assertFalse(Files.exists(Path.of(db + "-wal")));
    }

    static void python(String script) throws Exception {
        Process p = new ProcessBuilder("/usr/bin/python3", "-c", script).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        assertEquals(0, p.waitFor(), "python3-optuna failed: " + out);
    }
}
