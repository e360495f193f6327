package io.sweep4j.store.file;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.sqlite.SQLiteConfig;
import org.sqlite.SQLiteConnection;

/**
 * Copies of a study file that hold the study. In WAL mode the {@code .db} alone holds only what has been
 * checkpointed, so copying it while a study runs (or {@code .db} and {@code -wal} one after the other) gives an
 * old or torn study. {@link #write} copies through SQLite's online backup API instead: one read snapshot, whatever
 * other processes write meanwhile; {@link #checkpoint} moves a new study into the {@code .db} at once.
 */
public final class StudyFileCopy {
    private static final Logger LOG = LoggerFactory.getLogger(StudyFileCopy.class);
    /** How long a copy waits for another connection's lock on the file. */
    public static final int BUSY_TIMEOUT_MS = 30_000;
    /** sqlite-jdbc's backup loop: sleep between attempts on a busy source, and how many before it gives up. */
    private static final int BUSY_SLEEP_MS = 100;
    private static final int BUSY_ATTEMPTS = BUSY_TIMEOUT_MS / BUSY_SLEEP_MS;
    /** Every page in one step: one read snapshot, so writers (which WAL never blocks) cannot restart the copy. */
    private static final int ALL_PAGES = -1;

    private StudyFileCopy() {
    }

    /** Checks a complete copy, still under its temporary name, and says what it holds. */
    @FunctionalInterface
    public interface Check<T> {
        /** What the copy at {@code copy} holds; throws to keep it from taking its name. */
        T check(Path copy) throws SQLException, IOException;
    }

    /**
     * Writes a consistent copy of {@code file} to {@code target}, a path the caller has found it may write: under a
     * temporary name first, checked by {@code check} and renamed when complete, so {@code target} never holds half a
     * copy; returns what {@code check} says.
     */
    public static <T> T write(Path file, Path target, Check<T> check) throws SQLException, IOException {
        Path partial = target.resolveSibling(target.getFileName() + ".partial-" + ProcessHandle.current().pid());
        SQLiteConfig config = new SQLiteConfig();
        config.setBusyTimeout(BUSY_TIMEOUT_MS);
        try {
            try (Connection conn = QuietReader.connect(file, config)) {
                int rc = conn.unwrap(SQLiteConnection.class).getDatabase().backup("main", partial.toString(), null,
                        BUSY_SLEEP_MS, BUSY_ATTEMPTS, ALL_PAGES);
                if (rc != 0) {
                    throw new SQLException("copying " + file + " failed with SQLite code " + rc, null, rc);
                }
            }
            // the copy carries the source's WAL flag; a rollback-journal file is read by anything (even read-only)
            // without side files, and `sweep run` switches it back to WAL when it opens it
            try (Connection copy = DriverManager.getConnection("jdbc:sqlite:" + partial);
                    Statement st = copy.createStatement()) {
                st.execute("PRAGMA journal_mode = DELETE");
            }
            T checked = check.check(partial);
            Files.move(partial, target, StandardCopyOption.ATOMIC_MOVE);
            return checked;
        } finally {
            deleteQuietly(partial);
            deleteQuietly(partial.resolveSibling(partial.getFileName() + "-journal"));
        }
    }

    private static void deleteQuietly(Path p) {
        try {
            Files.deleteIfExists(p);
        } catch (IOException e) {
            LOG.warn("could not delete {}: {}", p, e.toString());
        }
    }

    /**
     * Moves what the WAL holds into the {@code .db} now, without waiting for other connections (PASSIVE). Called
     * right after a study is created, so a user who copies the {@code .db} alone (the natural backup, or {@code scp})
     * gets the study, not an empty file on which {@code sweep run} would silently start over.
     */
    public static void checkpoint(Connection conn) {
        try (Statement st = conn.createStatement(); ResultSet rs = st.executeQuery("PRAGMA wal_checkpoint(PASSIVE)")) {
            if (rs.next() && rs.getInt(1) != 0) {
                LOG.debug("checkpoint after creating a study was partial (another connection was busy)");
            }
        } catch (SQLException e) {
            // the study is committed in the WAL either way; only a copy of the .db alone would miss it until later
            LOG.debug("checkpoint after creating a study failed: {}", e.toString());
        }
    }
}
