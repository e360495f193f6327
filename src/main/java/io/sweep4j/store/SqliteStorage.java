package io.sweep4j.store;

import io.sweep4j.store.file.SqliteNativeLibrary;
import io.sweep4j.store.file.StudyFileCheck;
import io.sweep4j.store.file.StudyFileCopy;
import io.sweep4j.trial.Attributes;
import io.sweep4j.trial.Direction;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import org.sqlite.SQLiteException;

/**
 * Studies in one SQLite file, in Optuna's schema: WAL journal, busy timeout, immediate transactions (with retry and
 * backoff), one transaction per state change. Several processes each open their own instance on the same file.
 */
public final class SqliteStorage extends JdbcStorage {
    private static final int OPEN_ATTEMPTS = 20;

    private final Path path;
    private final Sql sql;

    private SqliteStorage(Sql sql, Path path) {
        super(sql, path.toString());
        this.path = path;
        this.sql = sql;
    }

    /** Opens (creating if needed, at the default revision) a study file for reading and writing. */
    public static SqliteStorage open(Path path) {
        return open(path, false, Optional.empty());
    }

    /** Opens an existing study file only to read it (for queries; never creates anything). */
    public static SqliteStorage openReadOnly(Path path) {
        return open(path, true, Optional.empty());
    }

    /**
     * Opens a study file; a new one is created at the {@code asked} revision (or the default), an existing one at
     * another revision than the asked one is refused.
     */
    public static SqliteStorage open(Path path, boolean readOnly, Optional<SchemaRevision> asked) {
        Path file = path.toAbsolutePath().normalize();
        // every check that can refuse the file runs before SQLite touches it: a refused file keeps its bytes
        StudyFileCheck.check(path, file, readOnly);
        // the refusals that need SQLite run on a reader that writes nothing (not even -wal/-shm) first
        SqliteNativeLibrary.install();
        StudyFileContents.check(path, file, asked, SqliteDialect.BUSY_TIMEOUT_MS);
        SqliteDialect dialect = new SqliteDialect(path, file, readOnly);
        for (int attempt = 1;; attempt++) {
            Sql sql = new Sql(dialect, path.toString(), readOnly, dialect.connect());
            try {
                SchemaSetup.prepare(sql, path.toString(), asked);
                return new SqliteStorage(sql, file);
            } catch (SQLException | StorageException e) {
                sql.close();
                SQLException cause = e instanceof SQLException se ? se
                        : e.getCause() instanceof SQLException se2 ? se2 : null;
                if (cause == null) {
                    throw (RuntimeException) e;
                }
                if (!SqliteDialect.isOpenRace(cause) || attempt >= OPEN_ATTEMPTS) {
                    throw dialect.openFailure(cause);
                }
                pause(attempt, dialect, cause);
            } catch (RuntimeException e) {
                sql.close();
                throw e;
            }
        }
    }

    private static void pause(int attempt, SqliteDialect dialect, SQLException cause) {
        try {
            Thread.sleep(5L * attempt + ThreadLocalRandom.current().nextInt(10));
        } catch (InterruptedException ie) {
            Thread.currentThread().interrupt();
            throw dialect.openFailure(cause);
        }
    }

    @Override
    public synchronized StudyInfo createStudy(String name, Direction direction, Map<String, Object> attrs) {
        StudyInfo created = super.createStudy(name, direction, attrs);
        StudyFileCopy.checkpoint(sql.connection()); // a copy of the .db alone holds the new study
        return created;
    }

    @Override
    public synchronized StudyInfo findOrCreateStudy(String name, Direction direction, Map<String, Object> attrs) {
        Optional<StudyInfo> found = findStudy(name);
        if (found.isPresent()) {
            return found.get();
        }
        StudyInfo created = super.findOrCreateStudy(name, direction, attrs);
        StudyFileCopy.checkpoint(sql.connection()); // a copy of the .db alone holds the new study
        return created;
    }

    /** See {@link Names#check}. */
    public static void checkName(String field, String name) {
        Names.check(field, name);
    }

    static boolean isBusy(SQLiteException e) {
        return SqliteDialect.isBusy(e);
    }

    public Path path() {
        return path;
    }
}
