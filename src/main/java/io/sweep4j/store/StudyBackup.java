package io.sweep4j.store;

import io.sweep4j.space.UsageException;
import io.sweep4j.store.file.OutputPath;
import io.sweep4j.store.file.QuietReader;
import io.sweep4j.store.file.SqliteNativeLibrary;
import io.sweep4j.store.file.StudyFileCheck;
import io.sweep4j.store.file.StudyFileCopy;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import org.sqlite.SQLiteConfig;

/**
 * A backup of a study file while a study may run in it: the file is checked as any study file is at open and must
 * hold a study; the copy is {@code store.file.StudyFileCopy}'s (SQLite's online backup API, one read snapshot) and is checked
 * and counted before it takes its name.
 */
public final class StudyBackup {
    private static final int BUSY_TIMEOUT_MS = StudyFileCopy.BUSY_TIMEOUT_MS;

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
        if (StudyFileContents.check(db, file, BUSY_TIMEOUT_MS) != StudyFileContents.STUDIES) {
            throw new UsageException("storage", db.toString(), "the file holds no study yet; nothing to back up");
        }
        OutputPath.check("backup file", out, new OutputPath.Replace.Nothing("backup"));
        Path target = out.toAbsolutePath().normalize();
        try {
            return StudyFileCopy.write(file, target, copy -> summarize(db, copy, target));
        } catch (SQLException | IOException e) {
            throw new StorageException("backing up " + db + " to " + out + " failed", e);
        }
    }

    /** Checks the copy as any study file is checked at open, and counts what it holds. */
    private static Summary summarize(Path db, Path partial, Path target) throws SQLException, IOException {
        if (StudyFileContents.check(partial, partial, BUSY_TIMEOUT_MS) != StudyFileContents.STUDIES) {
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
}
