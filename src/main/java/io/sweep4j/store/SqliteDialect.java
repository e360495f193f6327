package io.sweep4j.store;

import io.sweep4j.space.UsageException;
import io.sweep4j.store.file.QuietReader;
import io.sweep4j.trial.Attributes;
import io.sweep4j.trial.TrialState;
import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.sqlite.BusyHandler;
import org.sqlite.SQLiteConfig;
import org.sqlite.SQLiteErrorCode;
import org.sqlite.SQLiteException;

/** SQLite: one file, WAL journal, immediate transactions (the file lock serializes writers), busy retries. */
final class SqliteDialect implements Dialect {
    static final int BUSY_TIMEOUT_MS = 30_000;

    private final Path given;
    private final Path file;
    private final boolean readOnly;

    SqliteDialect(Path given, Path file, boolean readOnly) {
        this.given = given;
        this.file = file;
        this.readOnly = readOnly;
    }

    @Override
    public Connection connect() {
        if (!readOnly) {
            createIfMissing();
        }
        SQLiteConfig config = new SQLiteConfig();
        config.setBusyTimeout(BUSY_TIMEOUT_MS);
        config.setReadOnly(readOnly);
        try {
            // a reader leaves no file beside the database it only reads (see QuietReader)
            Connection conn = readOnly ? QuietReader.connect(file, config)
                    : DriverManager.getConnection("jdbc:sqlite:" + file, config.toProperties());
            BusyHandler.setHandler(conn, new PromptBusyHandler(BUSY_TIMEOUT_MS));
            return conn;
        } catch (SQLException e) {
            throw new UsageException("storage", given.toString(), "cannot open it as a SQLite database ("
                    + e.getMessage() + "); check the file and its permissions, or choose another path");
        }
    }

    /**
     * sqlite-jdbc probes a missing file by creating and then deleting it before SQLite opens it; with several
     * connections starting on one new file at once, that delete removes the file another connection has just opened
     * (its trials would go to an unlinked inode). An empty file is an empty SQLite database, so it is created here,
     * atomically, and sqlite-jdbc never probes.
     */
    private void createIfMissing() {
        try {
            Files.createFile(file);
        } catch (FileAlreadyExistsException e) {
            // another process or thread was first: that is the file to open
        } catch (IOException e) {
            throw new UsageException("storage", given.toString(), "cannot create the file (" + e
                    + "); check that its directory is writable, or choose another path");
        }
    }

    @Override
    public void configure(Connection conn) throws SQLException {
        try (Statement st = conn.createStatement()) {
            // WAL + NORMAL: a killed process loses nothing committed; a power cut may lose the last commits,
            // never the file's consistency. FULL would fsync every state change, Optuna's dominant cost.
            st.execute("PRAGMA synchronous = NORMAL");
        }
    }

    /**
     * WAL: readers never block the writer, and a killed process loses nothing it committed. The switch is written
     * into the file's header (bytes 18 and 19), so it waits for the first write: a file Optuna wrote (rollback
     * journal) that is refused after the open, say for its two objectives, keeps every byte.
     */
    @Override
    public void beforeFirstWrite(Connection conn) throws SQLException {
        try (Statement st = conn.createStatement()) {
            st.execute("PRAGMA journal_mode = WAL");
        }
    }

    @Override
    public String begin() {
        return "BEGIN IMMEDIATE";
    }

    @Override
    public Set<String> tableNames(Connection conn) throws SQLException {
        return tables(conn);
    }

    /** The tables of the SQLite database {@code conn} reads (also before a storage is opened on it). */
    static Set<String> tables(Connection conn) throws SQLException {
        Set<String> names = new HashSet<>();
        try (Statement st = conn.createStatement();
                ResultSet rs = st.executeQuery("SELECT name FROM sqlite_master WHERE type = 'table'")) {
            while (rs.next()) {
                names.add(rs.getString(1));
            }
        }
        return names;
    }

    @Override
    public List<String> ddl(SchemaRevision revision) {
        return OptunaSchema.sqlite(revision);
    }

    @Override
    public String lockStudy() {
        return null;
    }

    @Override
    public String beginSnapshot() {
        return "BEGIN DEFERRED"; // WAL: the first read fixes the snapshot
    }

    @Override
    public String lockStudyForReservation() {
        return null;
    }

    @Override
    public long insertRunning(Sql sql, int number, long studyId, String now, Map<String, Object> attrs)
            throws SQLException {
        long trialId = sql.insert("INSERT INTO trials (number, study_id, state, datetime_start) VALUES (?, ?,"
                + " 'RUNNING', ?)", "trial_id", number, studyId, now);
        Heartbeats.write(sql, trialId);
        AttributeRows.upsertAll(sql, "trial_system_attributes", trialId, attrs);
        return trialId;
    }

    @Override
    public boolean writeProposal(Sql sql, long trialId, List<Object> paramRows, int params, Map<String, Object> attrs)
            throws SQLException {
        if (sql.update("DELETE FROM trial_system_attributes WHERE trial_id = ? AND \"key\" = ? AND trial_id IN"
                + " (SELECT trial_id FROM trials WHERE trial_id = ? AND state = 'RUNNING')", trialId,
                Attributes.RESERVED, trialId) == 0) {
            return false;
        }
        if (params > 0) {
            // DO NOTHING: if a lost connection hid this commit, the retry finds the rows written, not an error
            sql.update("INSERT INTO trial_params (trial_id, param_name, param_value, distribution_json) VALUES "
                    + String.join(", ", Collections.nCopies(params, "(?, ?, ?, ?)"))
                    + " ON CONFLICT (trial_id, param_name) DO NOTHING", paramRows.toArray());
        }
        AttributeRows.upsertAll(sql, "trial_system_attributes", trialId, attrs);
        return true;
    }

    @Override
    public boolean writesSeveralTablesAtOnce() {
        return false;
    }

    @Override
    public String skipLocked() {
        return "";
    }

    @Override
    public String ageSeconds(String column) {
        return "(julianday('now') - julianday(" + column + ")) * 86400.0";
    }

    @Override
    public String now() {
        // UTC, as Optuna's CURRENT_TIMESTAMP heartbeats on SQLite
        return "strftime('%Y-%m-%d %H:%M:%f', 'now')";
    }

    @Override
    public boolean isTransient(SQLException e) {
        return e instanceof SQLiteException se && isBusy(se);
    }

    @Override
    public boolean isConnectionLost(SQLException e) {
        return false;
    }

    /** Nothing to take: {@link #begin()}'s immediate transaction holds the file's one write lock already. */
    @Override
    public void lockCreation(Sql sql) {
    }

    @Override
    public boolean finishTrial(Sql sql, long trialId, String state, String completedAt, List<Double> values,
            Map<String, Object> attrs) throws SQLException {
        int n = sql.update("UPDATE trials SET state = ?, datetime_complete = ? WHERE trial_id = ? AND state = ?",
                state, completedAt, trialId, TrialState.RUNNING.name());
        if (n == 0) {
            return false;
        }
        for (int k = 0; k < values.size(); k++) {
            double v = values.get(k);
            sql.update("INSERT INTO trial_values (trial_id, objective, value, value_type) VALUES (?, ?, ?, ?)",
                    trialId, k, OptunaValues.finiteOrNull(v), OptunaValues.valueType(v));
        }
        AttributeRows.upsertAll(sql, "trial_system_attributes", trialId, attrs);
        sql.update("DELETE FROM trial_heartbeats WHERE trial_id = ?", trialId);
        return true;
    }

    /** One write lock per file: a connection of their own would wait on it all the same. */
    @Override
    public boolean heartbeatsShareTheConnection() {
        return true;
    }

    /**
     * SQLITE_BUSY or SQLITE_LOCKED, with any extended code (BUSY_SNAPSHOT, BUSY_RECOVERY, BUSY_TIMEOUT, ...), or
     * SQLITE_PROTOCOL: in WAL mode a connection that keeps losing the race for the wal-index lock against other
     * connections starting at the same moment gives up with it; nothing was done, so, like BUSY, it is tried again.
     */
    static boolean isBusy(SQLiteException e) {
        int primary = e.getResultCode().code & 0xff;
        return primary == SQLiteErrorCode.SQLITE_BUSY.code || primary == SQLiteErrorCode.SQLITE_LOCKED.code
                || primary == SQLiteErrorCode.SQLITE_PROTOCOL.code;
    }

    /**
     * Several processes opening one new file at once race on its rollback journal while the first switches it to
     * WAL: one may find the {@code -journal} it meant to delete already gone (SQLITE_IOERR_DELETE_NOENT), the file
     * locked, or lose the wal-index race too often (SQLITE_PROTOCOL). All pass; the open is tried again.
     */
    static boolean isOpenRace(SQLException e) {
        return e instanceof SQLiteException se && (se.getResultCode() == SQLiteErrorCode.SQLITE_IOERR_DELETE_NOENT
                || isBusy(se));
    }

    /** A failure while opening that is the file's fault, with the fix. */
    RuntimeException openFailure(SQLException e) {
        int primary = e instanceof SQLiteException se ? se.getResultCode().code & 0xff : -1;
        if (primary == SQLiteErrorCode.SQLITE_NOTADB.code || primary == SQLiteErrorCode.SQLITE_CORRUPT.code) {
            return new UsageException("storage", given.toString(), "the file is damaged or not a SQLite database ("
                    + e.getMessage() + "); restore it from a copy or choose another path");
        }
        if (primary == SQLiteErrorCode.SQLITE_READONLY.code || primary == SQLiteErrorCode.SQLITE_PERM.code) {
            return new UsageException("storage", given.toString(), "the file (or its directory) is read-only;"
                    + " make both writable, or use a query command such as `sweep trials` to read it");
        }
        if (primary == SQLiteErrorCode.SQLITE_CANTOPEN.code) {
            return new UsageException("storage", given.toString(), "SQLite cannot open it or create its -wal and -shm"
                    + " files beside it (" + e.getMessage() + "); check that the file and its directory are readable"
                    + " and writable");
        }
        return new StorageException("cannot prepare " + given, e);
    }
}
