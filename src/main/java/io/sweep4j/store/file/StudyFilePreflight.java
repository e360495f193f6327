package io.sweep4j.store.file;

import io.sweep4j.space.UsageException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.sqlite.SQLiteConfig;
import org.sqlite.SQLiteErrorCode;
import org.sqlite.SQLiteException;

/**
 * Every refusal that needs SQLite to read the file, run on a {@link QuietReader} connection before the file is opened
 * for writing: its damage here, and whatever its caller's {@link Inspection} refuses (the storage: another
 * application's tables, an unknown schema revision). A refused file keeps every byte and gains no {@code -wal} or
 * {@code -shm}. A read-write connection could not promise that: opening a file in WAL mode and closing it checkpoints
 * whatever its {@code -wal} holds into it.
 */
public final class StudyFilePreflight {
    /** quick_check lines shown in a refusal; the rest are more of the same. */
    private static final int PROBLEMS_SHOWN = 3;
    /**
     * Files that passed the damage check in this process, by their {@link #stamp}: a run reads a file before it
     * opens it for writing, and need not check it twice (quick_check reads every page: ~0.1 s for 20 000 trials).
     */
    private static final Map<Path, List<Long>> CHECKED = new ConcurrentHashMap<>();

    private StudyFilePreflight() {
    }

    /** What a caller reads from a file SQLite found undamaged, and its verdict when there is nothing to read. */
    public interface Inspection<T> {
        /** The verdict on the file {@code conn} quietly reads; a refusal is thrown as a {@link UsageException}. */
        T read(Connection conn) throws SQLException;

        /** The verdict on a missing or empty file. */
        T absent();

        /**
         * The verdict when SQLite cannot read the file now for another reason than damage (busy beyond the timeout, a
         * hot journal a reader may not roll back, a copy that failed): the open that follows reads the file itself and
         * reports or repairs what it finds.
         */
        T unread();
    }

    /**
     * Refuses a damaged {@code file} (a {@link UsageException} naming {@code given} and the ways out), then runs
     * {@code inspection} on it, with nothing written to it either way.
     */
    public static <T> T inspect(Path given, Path file, int busyTimeoutMs, Inspection<T> inspection) {
        try {
            if (!Files.exists(file) || Files.size(file) == 0) {
                return inspection.absent();
            }
        } catch (IOException e) {
            return inspection.absent(); // gone meanwhile: the open that follows reports it
        }
        Path wal = file.resolveSibling(file.getFileName() + "-wal");
        Path shm = file.resolveSibling(file.getFileName() + "-shm");
        if (Files.exists(wal) && !Files.exists(shm)) {
            return inspectCopy(given, file, wal, busyTimeoutMs, inspection);
        }
        return inspectInPlace(given, file, busyTimeoutMs, inspection);
    }

    /**
     * A {@code -wal} without {@code -shm} was copied with the file (a live process always has both): SQLite can
     * read it only by creating {@code -shm}, so the check reads a private copy of the pair instead.
     */
    private static <T> T inspectCopy(Path given, Path file, Path wal, int busyTimeoutMs, Inspection<T> inspection) {
        Path copy = null;
        try {
            copy = UserTempDir.processFolder("check");
            Path db = copy.resolve("study.db");
            Files.copy(file, db);
            Files.copy(wal, copy.resolve("study.db-wal"));
            return inspectInPlace(given, db, busyTimeoutMs, inspection);
        } catch (IOException e) {
            return inspection.unread();
        } finally {
            if (copy != null) {
                try {
                    UserTempDir.delete(copy);
                } catch (IOException e) {
                    // left for the next run's tidying (UserTempDir deletes folders of ended processes)
                }
            }
        }
    }

    private static <T> T inspectInPlace(Path given, Path file, int busyTimeoutMs, Inspection<T> inspection) {
        SQLiteConfig config = new SQLiteConfig();
        config.setBusyTimeout(busyTimeoutMs);
        try (Connection conn = QuietReader.connect(file, config)) {
            List<Long> stamp = stamp(file);
            if (!stamp.equals(CHECKED.get(file))) {
                List<String> problems = problems(conn);
                if (!problems.isEmpty()) {
                    throw damaged(given, String.join("; ", problems));
                }
                CHECKED.put(file, stamp);
            }
            return inspection.read(conn);
        } catch (SQLiteException e) {
            int primary = e.getResultCode().code & 0xff;
            if (primary == SQLiteErrorCode.SQLITE_CORRUPT.code || primary == SQLiteErrorCode.SQLITE_NOTADB.code) {
                throw damaged(given, e.getMessage());
            }
            return inspection.unread();
        } catch (SQLException e) {
            return inspection.unread();
        }
    }

    /** Size and modification time of the file and its WAL: while they stay the same, so does the check's verdict. */
    private static List<Long> stamp(Path file) {
        List<Long> stamp = new ArrayList<>();
        for (Path p : List.of(file, file.resolveSibling(file.getFileName() + "-wal"))) {
            try {
                stamp.add(Files.size(p));
                stamp.add(Files.getLastModifiedTime(p).to(TimeUnit.MICROSECONDS));
            } catch (IOException e) {
                stamp.add(-1L);
            }
        }
        return stamp;
    }

    /** SQLite's own structural check; cheap (no index-against-table comparison), read-only. */
    private static List<String> problems(Connection conn) throws SQLException {
        List<String> out = new ArrayList<>();
        try (Statement st = conn.createStatement();
                ResultSet rs = st.executeQuery("PRAGMA quick_check(" + PROBLEMS_SHOWN + ")")) {
            while (rs.next()) {
                String line = rs.getString(1);
                if (!"ok".equals(line)) {
                    out.add(line);
                }
            }
        }
        return out;
    }

    /**
     * Names the damage and two ways out. {@code .recover} is SQLite's tool for it, but needs a sqlite3 built with the
     * dbpage table: Debian 12's sqlite3 3.40.1 fails with "SQL logic error" on every file, so the fallback keeps
     * what {@code .dump} can read (it ends a damaged dump with ROLLBACK, turned into COMMIT).
     */
    private static UsageException damaged(Path given, String detail) {
        String name = given.getFileName() == null ? "study.db" : given.getFileName().toString();
        Path recovered = given.resolveSibling(name.replaceFirst("(\\.db)?$", "-recovered.db"));
        return new UsageException("storage", given.toString(), "the file is damaged (SQLite: " + detail + ");"
                + " nothing was written to it. Copy out what SQLite can still read with `sqlite3 " + given
                + " .recover | sqlite3 " + recovered + "` (or, where .recover fails with \"SQL logic error\", `sqlite3 "
                + given + " .dump | sed '$s/^ROLLBACK.*/COMMIT;/' | sqlite3 " + recovered + "`) and run on "
                + recovered + ", or restore a backup (`sweep backup DB OUT` makes one while a study runs)");
    }
}
