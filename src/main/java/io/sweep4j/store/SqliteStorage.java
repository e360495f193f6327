package io.sweep4j.store;

import io.sweep4j.sampler.Proposal;
import io.sweep4j.space.Distribution;
import io.sweep4j.space.Params;
import io.sweep4j.space.SearchSpace;
import io.sweep4j.space.UsageException;
import io.sweep4j.trial.Attributes;
import io.sweep4j.trial.Direction;
import io.sweep4j.trial.FrozenTrial;
import io.sweep4j.trial.History;
import io.sweep4j.trial.TrialState;
import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.concurrent.ThreadLocalRandom;
import org.sqlite.BusyHandler;
import org.sqlite.SQLiteConfig;
import org.sqlite.SQLiteErrorCode;
import org.sqlite.SQLiteException;

/**
 * Studies in one SQLite file, in the schema Optuna 3.x writes. WAL journal, busy timeout, immediate transactions
 * (with retry and backoff), one transaction per state change, every statement parameterized.
 *
 * <p>One connection per instance, shared by the threads of one process under this object's lock; several
 * processes each open their own instance on the same file.
 */
public final class SqliteStorage implements AutoCloseable {
    /** Optuna's schema declares names and keys VARCHAR(512); SQLite would store longer ones, Optuna's MySQL not. */
    public static final int MAX_NAME_LENGTH = 512;
    /** The system attribute naming the process that claimed a trial ({@code host|pid|start|heartbeat ms}). */
    public static final String WORKER_KEY = Attributes.PREFIX + "worker";
    static final int BUSY_TIMEOUT_MS = 30_000;
    private static final int MAX_ATTEMPTS = 50;
    private static final int OPEN_ATTEMPTS = 20;

    private final Path path;
    private final boolean readOnly;
    private final Connection conn;
    private final Map<String, PreparedStatement> statements = new HashMap<>();
    private final Map<Long, TrialCache> caches = new HashMap<>();
    private long busyRetries;

    private SqliteStorage(Path path, boolean readOnly, Connection conn) {
        this.path = path;
        this.readOnly = readOnly;
        this.conn = conn;
    }

    /** Opens (creating if needed) a study file for reading and writing. */
    public static SqliteStorage open(Path path) {
        return open(path, false);
    }

    /** Opens an existing study file only to read it (for queries; never creates anything). */
    public static SqliteStorage openReadOnly(Path path) {
        return open(path, true);
    }

    private static SqliteStorage open(Path path, boolean readOnly) {
        Path file = path.toAbsolutePath().normalize();
        // every check that can refuse the file runs before SQLite touches it: a refused file keeps its bytes
        StudyFileCheck.check(path, file, readOnly);
        // issue 14: the refusals that need SQLite run on a reader that writes nothing (not even -wal/-shm) first
        SqliteNativeLibrary.install();
        StudyFilePreflight.check(path, file, BUSY_TIMEOUT_MS);
        for (int attempt = 1;; attempt++) {
            try {
                return connect(path, file, readOnly);
            } catch (OpenRace race) {
                if (attempt >= OPEN_ATTEMPTS) {
                    throw translateOpenFailure(path, race.cause);
                }
                try {
                    Thread.sleep(5L * attempt + ThreadLocalRandom.current().nextInt(10));
                } catch (InterruptedException ie) {
                    Thread.currentThread().interrupt();
                    throw translateOpenFailure(path, race.cause);
                }
            }
        }
    }

    private static SqliteStorage connect(Path path, Path file, boolean readOnly) throws OpenRace {
        if (!readOnly) {
            createIfMissing(path, file);
        }
        SQLiteConfig config = new SQLiteConfig();
        config.setBusyTimeout(BUSY_TIMEOUT_MS);
        config.setReadOnly(readOnly);
        Connection conn;
        try {
            conn = readOnly ? QuietReader.connect(file, config) // issue 14: a reader leaves no file beside it
                    : DriverManager.getConnection("jdbc:sqlite:" + file, config.toProperties());
        } catch (SQLException e) {
            throw new UsageException("storage", path.toString(), "cannot open it as a SQLite database ("
                    + e.getMessage() + "); check the file and its permissions, or choose another path");
        }
        SqliteStorage s = new SqliteStorage(file, readOnly, conn);
        try {
            BusyHandler.setHandler(conn, new PromptBusyHandler(BUSY_TIMEOUT_MS));
            s.prepareSchema(path);
            return s;
        } catch (SQLException e) {
            s.close();
            throw openFailure(path, e);
        } catch (StorageException e) {
            s.close();
            if (e.getCause() instanceof SQLException se) {
                throw openFailure(path, se);
            }
            throw e;
        } catch (RuntimeException e) {
            s.close();
            throw e;
        }
    }

    /**
     * sqlite-jdbc probes a missing file by creating and then deleting it before SQLite opens it; with several
     * connections starting on one new file at once, that delete removes the file another connection has just opened
     * (its trials would go to an unlinked inode). An empty file is an empty SQLite database, so it is created here,
     * atomically, and sqlite-jdbc never probes.
     */
    private static void createIfMissing(Path given, Path file) {
        try {
            Files.createFile(file);
        } catch (FileAlreadyExistsException e) {
            // another process or thread was first: that is the file to open
        } catch (IOException e) {
            throw new UsageException("storage", given.toString(), "cannot create the file (" + e
                    + "); check that its directory is writable, or choose another path");
        }
    }

    /**
     * Several processes opening one new file at once race on its rollback journal while the first switches it to
     * WAL: one may find the {@code -journal} it meant to delete already gone (SQLITE_IOERR_DELETE_NOENT), the file
     * locked, or lose the wal-index race too often (SQLITE_PROTOCOL). All pass; the open is tried again. Anything
     * else is the file's fault.
     */
    private static OpenRace openFailure(Path path, SQLException e) throws OpenRace {
        if (e instanceof SQLiteException se && (se.getResultCode() == SQLiteErrorCode.SQLITE_IOERR_DELETE_NOENT
                || isBusy(se))) {
            return new OpenRace(se);
        }
        throw translateOpenFailure(path, e);
    }

    /** A transient failure while opening, to be retried. */
    private static final class OpenRace extends Exception {
        private static final long serialVersionUID = 1L;
        private final transient SQLException cause;

        OpenRace(SQLException cause) {
            super(cause.getMessage(), null, false, false);
            this.cause = cause;
        }
    }

    private static RuntimeException translateOpenFailure(Path path, SQLException e) {
        int primary = e instanceof SQLiteException se ? se.getResultCode().code & 0xff : -1;
        if (primary == SQLiteErrorCode.SQLITE_NOTADB.code || primary == SQLiteErrorCode.SQLITE_CORRUPT.code) {
            return new UsageException("storage", path.toString(), "the file is damaged or not a SQLite database ("
                    + e.getMessage() + "); restore it from a copy or choose another path");
        }
        if (primary == SQLiteErrorCode.SQLITE_READONLY.code || primary == SQLiteErrorCode.SQLITE_PERM.code) {
            return new UsageException("storage", path.toString(), "the file (or its directory) is read-only;"
                    + " make both writable, or use a query command such as `sweep trials` to read it");
        }
        if (primary == SQLiteErrorCode.SQLITE_CANTOPEN.code) {
            return new UsageException("storage", path.toString(), "SQLite cannot open it or create its -wal and -shm"
                    + " files beside it (" + e.getMessage() + "); check that the file and its directory are readable"
                    + " and writable");
        }
        return new StorageException("cannot prepare " + path, e);
    }


    private void prepareSchema(Path given) throws SQLException {
        Set<String> existing = tableNames();
        if (!existing.isEmpty() && !existing.containsAll(OptunaSchema.TABLES)) {
            throw new UsageException("storage", given.toString(), "this SQLite file holds other tables " + existing
                    + ", not an Optuna/sweep4j study database; choose another file (nothing was written to it)");
        }
        if (existing.isEmpty() && readOnly) {
            throw new UsageException("storage", given.toString(), "the file is empty; run a study into it first");
        }
        if (!existing.isEmpty()) {
            checkAlembic(given);
        }
        if (readOnly) {
            return;
        }
        // only now, with the file known to be ours (or empty), may its journal mode change
        withRetry(() -> {
            try (Statement st = conn.createStatement()) {
                // WAL: readers never block the writer, and a killed process loses nothing it committed
                st.execute("PRAGMA journal_mode = WAL");
                // WAL + NORMAL: a killed process loses nothing committed; a power cut may lose the last commits,
                // never the file's consistency. FULL would fsync every state change, Optuna's dominant cost.
                st.execute("PRAGMA synchronous = NORMAL");
            }
            return null;
        });
        if (existing.isEmpty()) {
            inTransaction(() -> {
                // several processes may start on a new file at once: the first to get the write lock creates it
                if (!tableNames().isEmpty()) {
                    return null;
                }
                try (Statement st = conn.createStatement()) {
                    for (String ddl : OptunaSchema.DDL) {
                        st.execute(ddl);
                    }
                }
                update("INSERT INTO version_info (version_info_id, schema_version, library_version) VALUES (1, ?, ?)",
                        OptunaSchema.SCHEMA_VERSION, OptunaSchema.LIBRARY_VERSION);
                update("INSERT INTO alembic_version (version_num) VALUES (?)", OptunaSchema.ALEMBIC_VERSION);
                return null;
            });
        }
    }

    private Set<String> tableNames() throws SQLException {
        return withRetry(() -> {
            Set<String> names = new java.util.HashSet<>();
            try (Statement st = conn.createStatement();
                    ResultSet rs = st.executeQuery("SELECT name FROM sqlite_master WHERE type = 'table'")) {
                while (rs.next()) {
                    names.add(rs.getString(1));
                }
            }
            return names;
        });
    }

    private void checkAlembic(Path given) throws SQLException {
        try (Statement st = conn.createStatement();
                ResultSet rs = st.executeQuery("SELECT version_num FROM alembic_version")) {
            if (rs.next()) {
                String v = rs.getString(1);
                if (v == null || !v.startsWith("v3.")) {
                    throw new UsageException("storage", given.toString(), "the Optuna schema version is " + v
                            + ", sweep4j reads v3.x (Optuna 3.x); upgrade the file with `optuna storage upgrade`");
                }
            }
        }
    }

    public Path path() {
        return path;
    }

    // ---------------------------------------------------------------- studies

    /** Creates a study; a study of that name must not exist yet. */
    public synchronized StudyInfo createStudy(String name, Direction direction, Map<String, Object> systemAttributes) {
        checkName("study name", name);
        StudyInfo created = inTransaction(() -> {
            if (findStudyNoLock(name).isPresent()) {
                throw new UsageException("study", name, "a study of this name already exists in " + path);
            }
            return insertStudy(name, direction, systemAttributes);
        });
        StudyBackup.checkpoint(conn); // issue 14: a copy of the .db alone holds the new study
        return created;
    }

    /**
     * The study of that name, created with {@code direction} and {@code systemAttributes} if it does not exist yet,
     * in one transaction: several processes starting the same study at once end up sharing one study.
     */
    public synchronized StudyInfo findOrCreateStudy(String name, Direction direction,
            Map<String, Object> systemAttributes) {
        checkName("study name", name);
        Optional<StudyInfo> found = findStudy(name);
        if (found.isPresent()) {
            return found.get();
        }
        StudyInfo created = inTransaction(() -> {
            Optional<StudyInfo> raced = findStudyNoLock(name);
            return raced.isPresent() ? raced.get() : insertStudy(name, direction, systemAttributes);
        });
        StudyBackup.checkpoint(conn); // issue 14: a copy of the .db alone holds the new study
        return created;
    }

    private StudyInfo insertStudy(String name, Direction direction, Map<String, Object> systemAttributes)
            throws SQLException {
        long id = insert("INSERT INTO studies (study_name) VALUES (?)", name);
        update("INSERT INTO study_directions (direction, study_id, objective) VALUES (?, ?, 0)", direction.name(), id);
        for (var e : systemAttributes.entrySet()) {
            checkName("study system attribute key", e.getKey());
            update("INSERT INTO study_system_attributes (study_id, \"key\", value_json) VALUES (?, ?, ?)", id,
                    e.getKey(), Json.write(e.getValue()));
        }
        return new StudyInfo(id, name, direction, systemAttributes);
    }

    /**
     * Rejects a name Optuna's schema or SQLite's text encoding cannot hold as given: longer than
     * {@value #MAX_NAME_LENGTH} characters (Optuna declares VARCHAR(512)), or holding a NUL or an unpaired UTF-16
     * surrogate (stored as UTF-8, those come back as a different string, so a resume would not find the study).
     * Quotes, semicolons, SQL and any other Unicode are fine: every statement binds names as parameters.
     */
    public static void checkName(String field, String name) {
        if (name == null || name.isEmpty()) {
            throw new UsageException(field, name, "give a non-empty name");
        }
        if (name.length() > MAX_NAME_LENGTH) {
            throw new UsageException(field, name, "it has " + name.length() + " characters; Optuna's schema allows "
                    + MAX_NAME_LENGTH + " (VARCHAR(512)); use a shorter name");
        }
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (c == '\0') {
                throw new UsageException(field, name, "it contains a NUL character (at index " + i + "), which SQLite"
                        + " text cannot round-trip; remove it");
            }
            if (Character.isHighSurrogate(c) && i + 1 < name.length() && Character.isLowSurrogate(name.charAt(i + 1))) {
                i++;
            } else if (Character.isSurrogate(c)) {
                throw new UsageException(field, name, "it contains an unpaired UTF-16 surrogate (at index " + i
                        + "), which is not valid Unicode and cannot be stored as UTF-8; fix the string");
            }
        }
    }

    public synchronized Optional<StudyInfo> findStudy(String name) {
        return read(() -> findStudyNoLock(name));
    }

    /** Every study in the file, in creation order. */
    public synchronized List<StudyInfo> studies() {
        return read(() -> {
            List<StudyInfo> out = new ArrayList<>();
            List<Object[]> rows = new ArrayList<>();
            try (ResultSet rs = query("SELECT study_id, study_name FROM studies ORDER BY study_id")) {
                while (rs.next()) {
                    rows.add(new Object[] {rs.getLong(1), rs.getString(2)});
                }
            }
            for (Object[] r : rows) {
                out.add(loadStudy((Long) r[0], (String) r[1]));
            }
            return out;
        });
    }

    /** Sets a study-level system attribute (one transaction). */
    public synchronized void setStudySystemAttribute(long studyId, String key, Object value) {
        checkName("study system attribute key", key);
        inTransaction(() -> {
            update("INSERT INTO study_system_attributes (study_id, \"key\", value_json) VALUES (?, ?, ?)"
                    + " ON CONFLICT (study_id, \"key\") DO UPDATE SET value_json = excluded.value_json",
                    studyId, key, Json.write(value));
            return null;
        });
    }

    private Optional<StudyInfo> findStudyNoLock(String name) throws SQLException {
        Long id = null;
        try (ResultSet rs = query("SELECT study_id FROM studies WHERE study_name = ?", name)) {
            if (rs.next()) {
                id = rs.getLong(1);
            }
        }
        return id == null ? Optional.empty() : Optional.of(loadStudy(id, name));
    }

    private StudyInfo loadStudy(long id, String name) throws SQLException {
        Direction direction = Direction.MINIMIZE;
        try (ResultSet rs = query("SELECT direction FROM study_directions WHERE study_id = ? ORDER BY objective",
                id)) {
            if (rs.next()) {
                direction = Direction.valueOf(rs.getString(1));
            }
        }
        Map<String, Object> attrs = new LinkedHashMap<>();
        try (ResultSet rs = query("SELECT \"key\", value_json FROM study_system_attributes WHERE study_id = ?", id)) {
            while (rs.next()) {
                Object v = Json.read(rs.getString(2));
                if (v != null) {
                    attrs.put(rs.getString(1), v);
                }
            }
        }
        return new StudyInfo(id, name, direction, attrs);
    }

    // ---------------------------------------------------------------- trials

    /**
     * In one immediate transaction: refreshes the history, checks the budget, asks {@code request} what to run, and
     * inserts the new RUNNING trial with its parameters and the sampler's attributes.
     *
     * <p>The budget: {@code maxCounted} counted trials, negative for none. Counted are the study's RUNNING trials
     * (of every process) and its finished ones (COMPLETE, PRUNED, FAIL) except those marked
     * {@code sweep4j:interrupted} (killed, Ctrl-C'd, or declared dead for lack of heartbeats), which are retried
     * rather than counted; WAITING trials are not counted. So when every process has stopped and nothing was
     * interrupted since, the study holds exactly {@code maxCounted} finished, not-interrupted trials, whatever
     * number of processes, kills and resumes it took. Because the count and the insert share one write
     * transaction, processes sharing the file never overshoot it.
     */
    public synchronized ClaimOutcome claim(long studyId, int maxCounted, SearchSpace space, ClaimRequest request) {
        return inTransaction(() -> {
            TrialCache cache = refreshed(studyId);
            int counted = cache.counted();
            if (maxCounted >= 0 && counted >= maxCounted) {
                return new ClaimOutcome.BudgetReached(counted);
            }
            int number = cache.nextNumber();
            Optional<Proposal> proposal = request.propose(number, () -> historyNoLock(studyId, cache));
            if (proposal.isEmpty()) {
                return new ClaimOutcome.Exhausted();
            }
            Instant now = Instant.now();
            long trialId = insert("INSERT INTO trials (number, study_id, state, datetime_start) VALUES (?, ?, ?, ?)",
                    number, studyId, TrialState.RUNNING.name(), OptunaValues.formatTime(now));
            Params params = proposal.get().params();
            Map<String, Distribution> dists = new LinkedHashMap<>();
            for (var e : params.asMap().entrySet()) {
                checkName("parameter name", e.getKey());
                Distribution d = space.param(e.getKey()).orElseThrow(() -> new IllegalStateException(
                        "the sampler proposed " + e.getKey() + ", which is not in the search space")).distribution();
                dists.put(e.getKey(), d);
                update("INSERT INTO trial_params (trial_id, param_name, param_value, distribution_json)"
                        + " VALUES (?, ?, ?, ?)", trialId, e.getKey(), d.toInternal(e.getValue()),
                        DistributionJson.write(d));
            }
            for (var e : proposal.get().systemAttributes().entrySet()) {
                update("INSERT INTO trial_system_attributes (trial_id, \"key\", value_json) VALUES (?, ?, ?)",
                        trialId, e.getKey(), Json.write(e.getValue()));
            }
            update("INSERT INTO trial_heartbeats (trial_id, heartbeat) VALUES (?, ?)", trialId, OptunaValues.formatTime(now));
            FrozenTrial t = new FrozenTrial(trialId, number, TrialState.RUNNING, null, params, dists, new TreeMap<>(),
                    Map.of(), proposal.get().systemAttributes(), now, null);
            cache.addOwnRunning(t);
            return new ClaimOutcome.Claimed(t);
        });
    }

    /** Stores one intermediate value (NaN and infinities as Optuna stores them). */
    public synchronized void reportIntermediate(long trialId, int step, double value) {
        inTransaction(() -> {
            update("INSERT INTO trial_intermediate_values (trial_id, step, intermediate_value,"
                    + " intermediate_value_type) VALUES (?, ?, ?, ?) ON CONFLICT (trial_id, step) DO UPDATE SET"
                    + " intermediate_value = excluded.intermediate_value,"
                    + " intermediate_value_type = excluded.intermediate_value_type",
                    trialId, step, OptunaValues.finiteOrNull(value), OptunaValues.intermediateType(value));
            return null;
        });
    }

    public synchronized void setTrialUserAttribute(long trialId, String key, Object value) {
        setAttribute("trial_user_attributes", trialId, key, value);
    }

    public synchronized void setTrialSystemAttribute(long trialId, String key, Object value) {
        setAttribute("trial_system_attributes", trialId, key, value);
    }

    private void setAttribute(String table, long trialId, String key, Object value) {
        checkName("attribute key", key);
        inTransaction(() -> {
            update("INSERT INTO " + table + " (trial_id, \"key\", value_json) VALUES (?, ?, ?)"
                    + " ON CONFLICT (trial_id, \"key\") DO UPDATE SET value_json = excluded.value_json",
                    trialId, key, Json.write(value));
            return null;
        });
    }

    /** Refreshes a running trial's heartbeat. */
    public synchronized void heartbeat(long trialId) {
        heartbeat(List.of(trialId));
    }

    /**
     * Refreshes the heartbeats of several trials in one transaction, and returns those no longer RUNNING (ended
     * elsewhere, e.g. declared dead by another process after a long pause): they get no heartbeat, and their
     * process should stop working on them.
     */
    public synchronized Set<Long> heartbeat(java.util.Collection<Long> trialIds) {
        if (trialIds.isEmpty()) {
            return Set.of();
        }
        return inTransaction(() -> {
            String now = OptunaValues.formatTime(Instant.now());
            Set<Long> ended = new java.util.HashSet<>();
            for (long id : trialIds) {
                boolean isRunning;
                try (ResultSet rs = query("SELECT state FROM trials WHERE trial_id = ?", id)) {
                    isRunning = rs.next() && TrialState.RUNNING.name().equals(rs.getString(1));
                }
                if (isRunning) {
                    update("INSERT INTO trial_heartbeats (trial_id, heartbeat) VALUES (?, ?)"
                            + " ON CONFLICT (trial_id) DO UPDATE SET heartbeat = excluded.heartbeat", id, now);
                } else {
                    ended.add(id);
                }
            }
            return ended;
        });
    }

    /**
     * Ends a RUNNING trial in one transaction: state, completion time, value and extra system attributes. Returns
     * false (changing nothing) if the trial was no longer RUNNING, e.g. another process declared it dead.
     */
    public synchronized boolean finish(long trialId, TrialState state, Double value, Map<String, Object> systemAttrs) {
        if (!state.isFinished()) {
            throw new IllegalArgumentException("finish needs COMPLETE, PRUNED or FAIL, not " + state);
        }
        return inTransaction(() -> {
            int n = update("UPDATE trials SET state = ?, datetime_complete = ? WHERE trial_id = ? AND state = ?",
                    state.name(), OptunaValues.formatTime(Instant.now()), trialId, TrialState.RUNNING.name());
            if (n == 0) {
                return false;
            }
            if (value != null) {
                update("INSERT INTO trial_values (trial_id, objective, value, value_type) VALUES (?, 0, ?, ?)",
                        trialId, OptunaValues.finiteOrNull(value), OptunaValues.valueType(value));
            }
            for (var e : systemAttrs.entrySet()) {
                update("INSERT INTO trial_system_attributes (trial_id, \"key\", value_json) VALUES (?, ?, ?)"
                        + " ON CONFLICT (trial_id, \"key\") DO UPDATE SET value_json = excluded.value_json",
                        trialId, e.getKey(), Json.write(e.getValue()));
            }
            update("DELETE FROM trial_heartbeats WHERE trial_id = ?", trialId);
            return true;
        });
    }

    /**
     * Marks as FAIL ("interrupted") every RUNNING trial of the study whose heartbeat is older than {@code grace}
     * (or that has none), or whose id is in {@code knownDead}, in one transaction; returns them as they were.
     */
    public synchronized List<FrozenTrial> failStale(long studyId, java.time.Duration grace, Set<Long> knownDead) {
        return failStale(studyId, (trialId, worker) -> grace, (trialId, worker) -> knownDead.contains(trialId));
    }

    /**
     * Marks as FAIL ({@code sweep4j:fail_reason} "interrupted", {@code sweep4j:interrupted} true) every RUNNING
     * trial of the study that is dead: {@code dead} says so from its worker attribute (a local process that no
     * longer exists), or its last heartbeat is older than {@code grace} for that trial (none counts as the start).
     * Returns the trials as they were.
     *
     * <p>Cheap when nothing is dead: the RUNNING trials are read without a write lock, and only a dead one opens
     * a transaction, in which each is checked again (it may have finished or beaten meanwhile).
     */
    public synchronized List<FrozenTrial> failStale(long studyId, WorkerRule<java.time.Duration> grace,
            WorkerRule<Boolean> dead) {
        List<Long> suspects = read(() -> staleRunning(studyId, grace, dead));
        if (suspects.isEmpty()) {
            return List.of();
        }
        return inTransaction(() -> {
            List<FrozenTrial> out = new ArrayList<>();
            for (long id : staleRunning(studyId, grace, dead)) {
                out.add(loadTrial(id));
                markInterrupted(id, "interrupted");
            }
            return out;
        });
    }

    /** A per-trial decision from the trial's id and its {@code sweep4j:worker} attribute (null if none). */
    @FunctionalInterface
    public interface WorkerRule<T> {
        T apply(long trialId, String worker);
    }

    private List<Long> staleRunning(long studyId, WorkerRule<java.time.Duration> grace, WorkerRule<Boolean> dead)
            throws SQLException {
        Instant now = Instant.now();
        List<Long> ids = new ArrayList<>();
        try (ResultSet rs = query("SELECT t.trial_id, COALESCE(h.heartbeat, t.datetime_start), a.value_json"
                + " FROM trials t LEFT JOIN trial_heartbeats h ON h.trial_id = t.trial_id"
                + " LEFT JOIN trial_system_attributes a ON a.trial_id = t.trial_id AND a.\"key\" = ?"
                + " WHERE t.study_id = ? AND t.state = 'RUNNING' ORDER BY t.trial_id", WORKER_KEY, studyId)) {
            while (rs.next()) {
                long id = rs.getLong(1);
                Instant beat = OptunaValues.parseTime(rs.getString(2));
                Object w = Json.read(rs.getString(3));
                String worker = w == null ? null : w.toString();
                if (Boolean.TRUE.equals(dead.apply(id, worker)) || beat == null
                        || beat.plus(grace.apply(id, worker)).isBefore(now)) {
                    ids.add(id);
                }
            }
        }
        return ids;
    }

    /**
     * Marks every RUNNING trial of the study that {@code worker} claimed as FAIL "interrupted", in one transaction
     * (a process stopping now: second Ctrl-C, SIGTERM). Returns how many.
     */
    public synchronized int abandon(long studyId, String worker, String reason) {
        return inTransaction(() -> {
            List<Long> ids = new ArrayList<>();
            try (ResultSet rs = query("SELECT t.trial_id FROM trials t JOIN trial_system_attributes a"
                    + " ON a.trial_id = t.trial_id AND a.\"key\" = ? WHERE t.study_id = ? AND t.state = 'RUNNING'"
                    + " AND a.value_json = ?", WORKER_KEY, studyId, Json.write(worker))) {
                while (rs.next()) {
                    ids.add(rs.getLong(1));
                }
            }
            for (long id : ids) {
                markInterrupted(id, reason);
            }
            return ids.size();
        });
    }

    private void markInterrupted(long trialId, String reason) throws SQLException {
        update("UPDATE trials SET state = 'FAIL', datetime_complete = ? WHERE trial_id = ? AND state = 'RUNNING'",
                OptunaValues.formatTime(Instant.now()), trialId);
        Map<String, Object> attrs = new LinkedHashMap<>();
        attrs.put(Attributes.FAIL_REASON, reason);
        attrs.put(Attributes.INTERRUPTED, true);
        for (var e : attrs.entrySet()) {
            update("INSERT INTO trial_system_attributes (trial_id, \"key\", value_json) VALUES (?, ?, ?)"
                    + " ON CONFLICT (trial_id, \"key\") DO UPDATE SET value_json = excluded.value_json",
                    trialId, e.getKey(), Json.write(e.getValue()));
        }
        update("DELETE FROM trial_heartbeats WHERE trial_id = ?", trialId);
    }

    /** How many trials of the study are RUNNING (in any process), as of this instance's last read of it. */
    public synchronized int runningCount(long studyId) {
        TrialCache cache = caches.get(studyId);
        return cache == null ? 0 : cache.unfinished.size() - cache.waiting.size();
    }

    /**
     * How many trials of the study ended interrupted, as of this instance's last read of it (inside a claim: now).
     * Cheap; lets a caller rescan the history for retries only when this number grew.
     */
    public synchronized int interruptedCount(long studyId) {
        TrialCache cache = caches.get(studyId);
        return cache == null ? 0 : cache.interrupted.size();
    }

    /** The study's trials as stored now, in number order (read incrementally: finished trials are cached). */
    public synchronized History history(long studyId) {
        return read(() -> historyNoLock(studyId, refreshed(studyId)));
    }

    /** One trial as stored now. */
    public synchronized FrozenTrial trial(long trialId) {
        return read(() -> loadTrial(trialId));
    }

    private History historyNoLock(long studyId, TrialCache cache) {
        try {
            Direction direction = cache.direction;
            List<FrozenTrial> trials = new ArrayList<>(cache.rows.size());
            for (TrialRow r : cache.rows.values()) {
                FrozenTrial full = cache.finished.get(r.trialId());
                if (full == null) {
                    full = loadTrial(r.trialId());
                    if (full.state().isFinished()) {
                        cache.finished.put(r.trialId(), full);
                    }
                }
                trials.add(full);
            }
            return new History(direction, trials);
        } catch (SQLException e) {
            throw new StorageException("cannot read the history of study " + studyId, e);
        }
    }

    private TrialCache refreshed(long studyId) throws SQLException {
        TrialCache cache = caches.get(studyId);
        if (cache == null) {
            Direction d = Direction.MINIMIZE;
            try (ResultSet rs = query("SELECT direction FROM study_directions WHERE study_id = ? AND objective = 0",
                    studyId)) {
                if (rs.next()) {
                    d = Direction.valueOf(rs.getString(1));
                }
            }
            cache = new TrialCache(d);
            caches.put(studyId, cache);
        }
        List<Long> newlyFinished = new ArrayList<>();
        try (ResultSet rs = query("SELECT trial_id, number, state FROM trials WHERE trial_id > ? AND study_id = ?"
                + " ORDER BY trial_id", cache.lastTrialId, studyId)) {
            while (rs.next()) {
                TrialRow row = new TrialRow(rs.getLong(1), rs.getInt(2), TrialState.valueOf(rs.getString(3)));
                cache.put(row);
                if (row.state().isFinished()) {
                    newlyFinished.add(row.trialId());
                }
            }
        }
        if (!cache.unfinished.isEmpty()) {
            for (Long id : List.copyOf(cache.unfinished)) {
                try (ResultSet rs = query("SELECT state FROM trials WHERE trial_id = ?", id)) {
                    if (rs.next()) {
                        TrialState s = TrialState.valueOf(rs.getString(1));
                        TrialRow old = cache.rows.get(id);
                        if (s != old.state()) {
                            cache.put(new TrialRow(id, old.number(), s));
                            if (s.isFinished()) {
                                newlyFinished.add(id);
                            }
                        }
                    }
                }
            }
        }
        for (long id : newlyFinished) {
            if (cache.rows.get(id).state() == TrialState.FAIL) {
                try (ResultSet rs = query("SELECT 1 FROM trial_system_attributes WHERE trial_id = ? AND \"key\" = ?",
                        id, Attributes.INTERRUPTED)) {
                    if (rs.next()) {
                        cache.interrupted.add(id);
                    }
                }
            }
        }
        return cache;
    }

    private FrozenTrial loadTrial(long trialId) throws SQLException {
        int number;
        TrialState state;
        Instant start;
        Instant complete;
        try (ResultSet rs = query("SELECT number, state, datetime_start, datetime_complete FROM trials"
                + " WHERE trial_id = ?", trialId)) {
            if (!rs.next()) {
                throw new StorageException("no trial with id " + trialId, null);
            }
            number = rs.getInt(1);
            state = TrialState.valueOf(rs.getString(2));
            start = OptunaValues.parseTime(rs.getString(3));
            complete = OptunaValues.parseTime(rs.getString(4));
        }
        Map<String, Object> values = new LinkedHashMap<>();
        Map<String, Distribution> dists = new LinkedHashMap<>();
        try (ResultSet rs = query("SELECT param_name, param_value, distribution_json FROM trial_params"
                + " WHERE trial_id = ? ORDER BY param_id", trialId)) {
            while (rs.next()) {
                Distribution d = DistributionJson.read(rs.getString(3));
                dists.put(rs.getString(1), d);
                values.put(rs.getString(1), d.toExternal(rs.getDouble(2)));
            }
        }
        Double value = null;
        try (ResultSet rs = query("SELECT value, value_type FROM trial_values WHERE trial_id = ? AND objective = 0",
                trialId)) {
            if (rs.next()) {
                value = OptunaValues.readValue(rs.getObject(1), rs.getString(2));
            }
        }
        SortedMap<Integer, Double> inter = new TreeMap<>();
        try (ResultSet rs = query("SELECT step, intermediate_value, intermediate_value_type"
                + " FROM trial_intermediate_values WHERE trial_id = ?", trialId)) {
            while (rs.next()) {
                inter.put(rs.getInt(1), OptunaValues.readValue(rs.getObject(2), rs.getString(3)));
            }
        }
        return new FrozenTrial(trialId, number, state, value, Params.of(values), dists, inter,
                attributes("trial_user_attributes", trialId), attributes("trial_system_attributes", trialId),
                start, complete);
    }

    private Map<String, Object> attributes(String table, long trialId) throws SQLException {
        Map<String, Object> out = new LinkedHashMap<>();
        try (ResultSet rs = query("SELECT \"key\", value_json FROM " + table + " WHERE trial_id = ?", trialId)) {
            while (rs.next()) {
                Object v = Json.read(rs.getString(2));
                out.put(rs.getString(1), v);
            }
        }
        return out;
    }

    // ---------------------------------------------------------------- plumbing

    @FunctionalInterface
    private interface Work<T> {
        T run() throws SQLException;
    }

    private <T> T read(Work<T> work) {
        try {
            return withRetry(work);
        } catch (SQLException e) {
            throw new StorageException("reading " + path + " failed", e);
        }
    }

    /**
     * Runs {@code work} in one immediate transaction, retried with backoff while another process holds the lock.
     *
     * <p>BEGIN/COMMIT are issued here, not through JDBC's {@code setAutoCommit(false)}: sqlite-jdbc's
     * {@code commit()} immediately opens the next transaction ({@code COMMIT; BEGIN IMMEDIATE}), which takes the
     * write lock a second time per change and can fail with SQLITE_BUSY <em>after</em> the data was committed, so a
     * retry would apply the change twice. Here a transaction is retried only if it did not commit. IMMEDIATE takes
     * the write lock before the first read, so a transaction never upgrades a read snapshot to a write one and
     * SQLITE_BUSY_SNAPSHOT (which the busy handler does not wait on) cannot occur; SQLITE_BUSY at BEGIN comes after
     * the busy handler has waited {@value #BUSY_TIMEOUT_MS} ms, and is then retried with backoff.
     */
    private <T> T inTransaction(Work<T> work) {
        if (readOnly) {
            throw new UsageException("storage", path.toString(), "opened read-only; open it for writing to change it");
        }
        try {
            return withRetry(() -> {
                execute("BEGIN IMMEDIATE");
                boolean committed = false;
                try {
                    T result = work.run();
                    execute("COMMIT");
                    committed = true;
                    return result;
                } finally {
                    if (!committed) {
                        rollbackQuietly();
                        caches.clear();
                    }
                }
            });
        } catch (SQLException e) {
            throw new StorageException("writing to " + path + " failed", e);
        }
    }

    private void execute(String sql) throws SQLException {
        // cached statements: BEGIN/COMMIT run twice per state change, preparing them each time would show
        prepare(sql).execute();
    }

    private void rollbackQuietly() {
        try {
            execute("ROLLBACK");
        } catch (SQLException ignored) {
            // no transaction was open (BEGIN failed) or it is gone already; the original failure is the one to report
        }
    }

    private <T> T withRetry(Work<T> work) throws SQLException {
        for (int attempt = 1;; attempt++) {
            try {
                return work.run();
            } catch (SQLiteException e) {
                if (!isBusy(e) || attempt >= MAX_ATTEMPTS) {
                    throw e;
                }
                busyRetries++;
                try {
                    Thread.sleep(Math.min(1000, 5L << Math.min(attempt, 8)) + ThreadLocalRandom.current().nextInt(10));
                } catch (InterruptedException ie) {
                    Thread.currentThread().interrupt();
                    throw e;
                }
            }
        }
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

    /** How many times this instance waited out a lock held by another connection (for tests and benchmarks). */
    public synchronized long busyRetries() {
        return busyRetries;
    }

    private PreparedStatement prepare(String sql) throws SQLException {
        PreparedStatement ps = statements.get(sql);
        if (ps == null) {
            ps = conn.prepareStatement(sql);
            statements.put(sql, ps);
        }
        return ps;
    }

    private PreparedStatement bind(String sql, Object... args) throws SQLException {
        PreparedStatement ps = prepare(sql);
        for (int i = 0; i < args.length; i++) {
            Object a = args[i];
            if (a == null) {
                ps.setNull(i + 1, Types.NULL);
            } else {
                ps.setObject(i + 1, a);
            }
        }
        return ps;
    }

    private ResultSet query(String sql, Object... args) throws SQLException {
        return bind(sql, args).executeQuery();
    }

    private int update(String sql, Object... args) throws SQLException {
        return bind(sql, args).executeUpdate();
    }

    private long insert(String sql, Object... args) throws SQLException {
        bind(sql, args).executeUpdate();
        try (Statement st = conn.createStatement(); ResultSet rs = st.executeQuery("SELECT last_insert_rowid()")) {
            rs.next();
            return rs.getLong(1);
        }
    }

    @Override
    public synchronized void close() {
        for (PreparedStatement ps : statements.values()) {
            try {
                ps.close();
            } catch (SQLException ignored) {
                // closing: nothing left to protect
            }
        }
        statements.clear();
        try {
            conn.close();
        } catch (SQLException ignored) {
            // closing: nothing left to protect
        }
    }


}
