package io.sweep4j.store;

import io.sweep4j.space.UsageException;
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
 * old or torn study. {@link #backup} copies through SQLite's online backup API instead: one read snapshot, whatever
 * other processes write meanwhile; {@link #checkpoint} moves a new study into the {@code .db} at once.
 */
public final class StudyBackup {
    private static final Logger LOG = LoggerFactory.getLogger(StudyBackup.class);
    private static final int BUSY_TIMEOUT_MS = 30_000;
    /** sqlite-jdbc's backup loop: sleep between attempts on a busy source, and how many before it gives up. */
    private static final int BUSY_SLEEP_MS = 100;
    private static final int BUSY_ATTEMPTS = BUSY_TIMEOUT_MS / BUSY_SLEEP_MS;
    /** Every page in one step: one read snapshot, so writers (which WAL never blocks) cannot restart the copy. */
    private static final int ALL_PAGES = -1;

    private StudyBackup() {
    }

    /** What a backup holds. */
    public record Summary(Path out, long studies, long trials, long bytes) {
    }

    /**
     * Writes a consistent copy of {@code db} to {@code out}, a new file (refused if it exists): under a temporary
     * name first, renamed when complete and checked, so {@code out} never holds half a copy.
     */
    public static Summary backup(Path db, Path out) {
        if (db.toString().startsWith("memory:") && !Files.exists(db)
                && StorageUrl.parse(db.toString()) instanceof StorageUrl.Memory memory) {
            throw MemoryStorage.nothingToRead(memory);
        }
        SqliteNativeLibrary.install();
        Path file = db.toAbsolutePath().normalize();
        StudyFileCheck.check(db, file, true);
        if (StudyFilePreflight.check(db, file, BUSY_TIMEOUT_MS) != StudyFilePreflight.Contents.STUDIES) {
            throw new UsageException("storage", db.toString(), "the file holds no study yet; nothing to back up");
        }
        OutputPath.check("backup file", out, new OutputPath.Replace.Nothing("backup"));
        Path target = out.toAbsolutePath().normalize();
        Path partial = target.resolveSibling(target.getFileName() + ".partial-" + ProcessHandle.current().pid());
        SQLiteConfig config = new SQLiteConfig();
        config.setBusyTimeout(BUSY_TIMEOUT_MS);
        try {
            try (Connection conn = QuietReader.connect(file, config)) {
                int rc = conn.unwrap(SQLiteConnection.class).getDatabase().backup("main", partial.toString(), null,
                        BUSY_SLEEP_MS, BUSY_ATTEMPTS, ALL_PAGES);
                if (rc != 0) {
                    throw new StorageException("backing up " + db + " failed with SQLite code " + rc,
                            new SQLException("backup", null, rc));
                }
            }
            // the copy carries the source's WAL flag; a rollback-journal file is read by anything (even read-only)
            // without side files, and `sweep run` switches it back to WAL when it opens it
            try (Connection copy = DriverManager.getConnection("jdbc:sqlite:" + partial);
                    Statement st = copy.createStatement()) {
                st.execute("PRAGMA journal_mode = DELETE");
            }
            Summary summary = summarize(db, partial, target);
            Files.move(partial, target, StandardCopyOption.ATOMIC_MOVE);
            return summary;
        } catch (SQLException | IOException e) {
            throw new StorageException("backing up " + db + " to " + out + " failed", e);
        } finally {
            deleteQuietly(partial);
            deleteQuietly(partial.resolveSibling(partial.getFileName() + "-journal"));
        }
    }

    /** Checks the copy as any study file is checked at open, and counts what it holds. */
    private static Summary summarize(Path db, Path partial, Path target) throws SQLException, IOException {
        if (StudyFilePreflight.check(partial, partial, BUSY_TIMEOUT_MS) != StudyFilePreflight.Contents.STUDIES) {
            throw new StorageException("the copy of " + db + " holds no study tables", null);
        }
        SQLiteConfig config = new SQLiteConfig();
        config.setBusyTimeout(BUSY_TIMEOUT_MS);
        try (Connection conn = QuietReader.connect(partial, config); Statement st = conn.createStatement()) {
            long studies = count(st, "SELECT count(*) FROM studies");
            long trials = count(st, "SELECT count(*) FROM trials");
            return new Summary(target, studies, trials, Files.size(partial));
        }
    }

    private static long count(Statement st, String sql) throws SQLException {
        try (ResultSet rs = st.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
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
    static void checkpoint(Connection conn) {
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
