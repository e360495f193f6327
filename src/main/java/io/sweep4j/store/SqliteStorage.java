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
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
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
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.temporal.ChronoField;
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
    private static final byte[] SQLITE_MAGIC = "SQLite format 3\0".getBytes(StandardCharsets.US_ASCII);
    private static final DateTimeFormatter WRITE_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss.SSSSSS");
    private static final DateTimeFormatter READ_TIME = new DateTimeFormatterBuilder()
            .appendPattern("yyyy-MM-dd[ ]['T']HH:mm:ss")
            .optionalStart().appendFraction(ChronoField.NANO_OF_SECOND, 0, 9, true).optionalEnd()
            .toFormatter();
    private static final int BUSY_TIMEOUT_MS = 30_000;
    private static final int MAX_ATTEMPTS = 50;

    private final Path path;
    private final boolean readOnly;
    private final Connection conn;
    private final Map<String, PreparedStatement> statements = new HashMap<>();
    private final Map<Long, TrialCache> caches = new HashMap<>();

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
        checkFile(path, file, readOnly);
        SQLiteConfig config = new SQLiteConfig();
        config.setBusyTimeout(BUSY_TIMEOUT_MS);
        config.setTransactionMode(SQLiteConfig.TransactionMode.IMMEDIATE);
        // a WAL file needs its -shm index even to be read, which a read-only connection cannot create: queries open
        // the file read-write when they may (and never write), read-only only when the file is read-only
        config.setReadOnly(readOnly && !Files.isWritable(file));
        if (!readOnly) {
            config.setJournalMode(SQLiteConfig.JournalMode.WAL);
            // WAL + NORMAL: a killed process loses nothing committed; a power cut may lose the last commits, never
            // the file's consistency. FULL would fsync every state change, the cost that dominates Optuna's trials.
            config.setSynchronous(SQLiteConfig.SynchronousMode.NORMAL);
        }
        Connection conn;
        try {
            conn = DriverManager.getConnection("jdbc:sqlite:" + file, config.toProperties());
        } catch (SQLException e) {
            throw new UsageException("storage", path.toString(), "cannot open it as a SQLite database ("
                    + e.getMessage() + "); check the file and its permissions, or choose another path");
        }
        SqliteStorage s = new SqliteStorage(file, readOnly, conn);
        try {
            s.prepareSchema(path);
        } catch (SQLException e) {
            s.close();
            if (e instanceof SQLiteException se && (se.getResultCode() == SQLiteErrorCode.SQLITE_NOTADB
                    || se.getResultCode() == SQLiteErrorCode.SQLITE_CORRUPT)) {
                throw new UsageException("storage", path.toString(), "the file is damaged or not a SQLite database"
                        + " (" + se.getResultCode() + "); restore it from a copy or choose another path");
            }
            if (e instanceof SQLiteException se && se.getResultCode() == SQLiteErrorCode.SQLITE_READONLY) {
                throw new UsageException("storage", path.toString(), "the file (or its directory) is read-only;"
                        + " make it writable, or use a query command such as `sweep trials` to read it");
            }
            throw new StorageException("cannot prepare " + path, e);
        } catch (RuntimeException e) {
            s.close();
            throw e;
        }
        return s;
    }

    private static void checkFile(Path given, Path file, boolean readOnly) {
        Path dir = file.getParent();
        if (Files.isDirectory(file)) {
            throw new UsageException("storage", given.toString(), "this is a directory; give a file path such as "
                    + given.resolve("study.db"));
        }
        if (dir != null && !Files.isDirectory(dir)) {
            throw new UsageException("storage", given.toString(), "the directory " + dir + " does not exist;"
                    + " create it (mkdir -p " + dir + ") or choose another path");
        }
        if (!Files.exists(file)) {
            if (readOnly) {
                throw new UsageException("storage", given.toString(), "no such file; check the path");
            }
            if (!Files.isWritable(dir)) {
                throw new UsageException("storage", given.toString(), "the directory " + dir
                        + " is not writable; choose a writable location");
            }
            return;
        }
        if (!Files.isReadable(file)) {
            throw new UsageException("storage", given.toString(), "the file is not readable; check its permissions");
        }
        try {
            if (Files.size(file) > 0) {
                byte[] head = new byte[SQLITE_MAGIC.length];
                int n;
                try (InputStream in = Files.newInputStream(file)) {
                    n = in.readNBytes(head, 0, head.length);
                }
                if (n < head.length || !java.util.Arrays.equals(head, SQLITE_MAGIC)) {
                    throw new UsageException("storage", given.toString(), "this file is not a SQLite database;"
                            + " choose another file name (nothing was written to it)");
                }
            }
        } catch (IOException e) {
            throw new UsageException("storage", given.toString(), "cannot read the file: " + e.getMessage());
        }
        if (!readOnly && !Files.isWritable(file)) {
            throw new UsageException("storage", given.toString(), "the file is read-only; make it writable (chmod u+w)"
                    + " to run trials, or use `sweep trials` / `sweep best` to read it");
        }
    }

    private void prepareSchema(Path given) throws SQLException {
        Set<String> existing = new java.util.HashSet<>();
        try (Statement st = conn.createStatement();
                ResultSet rs = st.executeQuery("SELECT name FROM sqlite_master WHERE type = 'table'")) {
            while (rs.next()) {
                existing.add(rs.getString(1));
            }
        }
        if (existing.containsAll(OptunaSchema.TABLES)) {
            checkAlembic(given);
            return;
        }
        if (!existing.isEmpty()) {
            throw new UsageException("storage", given.toString(), "this SQLite file holds other tables " + existing
                    + ", not an Optuna/sweep4j study database; choose another file");
        }
        if (readOnly) {
            throw new UsageException("storage", given.toString(), "the file is empty; run a study into it first");
        }
        inTransaction(() -> {
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
        return inTransaction(() -> {
            if (findStudyNoLock(name).isPresent()) {
                throw new UsageException("study", name, "a study of this name already exists in " + path);
            }
            long id = insert("INSERT INTO studies (study_name) VALUES (?)", name);
            update("INSERT INTO study_directions (direction, study_id, objective) VALUES (?, ?, 0)",
                    direction.name(), id);
            for (var e : systemAttributes.entrySet()) {
                update("INSERT INTO study_system_attributes (study_id, \"key\", value_json) VALUES (?, ?, ?)", id,
                        e.getKey(), Json.write(e.getValue()));
            }
            return new StudyInfo(id, name, direction, systemAttributes);
        });
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
     * In one immediate transaction: refreshes the history, checks the budget ({@code maxCounted} counted trials,
     * i.e. finished ones not marked interrupted, plus running ones; negative for none), asks {@code request} what
     * to run, and inserts the new RUNNING trial with its parameters and the sampler's attributes.
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
                    number, studyId, TrialState.RUNNING.name(), formatTime(now));
            Params params = proposal.get().params();
            Map<String, Distribution> dists = new LinkedHashMap<>();
            for (var e : params.asMap().entrySet()) {
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
            update("INSERT INTO trial_heartbeats (trial_id, heartbeat) VALUES (?, ?)", trialId, formatTime(now));
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
                    trialId, step, finiteOrNull(value), intermediateType(value));
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
        inTransaction(() -> {
            update("INSERT INTO " + table + " (trial_id, \"key\", value_json) VALUES (?, ?, ?)"
                    + " ON CONFLICT (trial_id, \"key\") DO UPDATE SET value_json = excluded.value_json",
                    trialId, key, Json.write(value));
            return null;
        });
    }

    /** Refreshes a running trial's heartbeat. */
    public synchronized void heartbeat(long trialId) {
        inTransaction(() -> {
            update("INSERT INTO trial_heartbeats (trial_id, heartbeat) VALUES (?, ?)"
                    + " ON CONFLICT (trial_id) DO UPDATE SET heartbeat = excluded.heartbeat",
                    trialId, formatTime(Instant.now()));
            return null;
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
                    state.name(), formatTime(Instant.now()), trialId, TrialState.RUNNING.name());
            if (n == 0) {
                return false;
            }
            if (value != null) {
                update("INSERT INTO trial_values (trial_id, objective, value, value_type) VALUES (?, 0, ?, ?)",
                        trialId, finiteOrNull(value), valueType(value));
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
        return inTransaction(() -> {
            String cutoff = formatTime(Instant.now().minus(grace));
            List<Long> ids = new ArrayList<>();
            try (ResultSet rs = query("SELECT t.trial_id, h.heartbeat FROM trials t LEFT JOIN trial_heartbeats h"
                    + " ON h.trial_id = t.trial_id WHERE t.study_id = ? AND t.state = 'RUNNING' ORDER BY t.trial_id",
                    studyId)) {
                while (rs.next()) {
                    String beat = rs.getString(2);
                    if (beat == null || beat.compareTo(cutoff) < 0 || knownDead.contains(rs.getLong(1))) {
                        ids.add(rs.getLong(1));
                    }
                }
            }
            List<FrozenTrial> out = new ArrayList<>();
            for (long id : ids) {
                out.add(loadTrial(id));
                update("UPDATE trials SET state = 'FAIL', datetime_complete = ? WHERE trial_id = ?",
                        formatTime(Instant.now()), id);
                for (var e : Map.of(Attributes.FAIL_REASON, "interrupted", Attributes.INTERRUPTED, true).entrySet()) {
                    update("INSERT INTO trial_system_attributes (trial_id, \"key\", value_json) VALUES (?, ?, ?)"
                            + " ON CONFLICT (trial_id, \"key\") DO UPDATE SET value_json = excluded.value_json",
                            id, e.getKey(), Json.write(e.getValue()));
                }
                update("DELETE FROM trial_heartbeats WHERE trial_id = ?", id);
            }
            caches.remove(studyId);
            return out;
        });
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
                FrozenTrial full = cache.finished.get(r.trialId);
                if (full == null) {
                    full = loadTrial(r.trialId);
                    if (full.state().isFinished()) {
                        cache.finished.put(r.trialId, full);
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
                if (row.state.isFinished()) {
                    newlyFinished.add(row.trialId);
                }
            }
        }
        if (!cache.unfinished.isEmpty()) {
            for (Long id : List.copyOf(cache.unfinished)) {
                try (ResultSet rs = query("SELECT state FROM trials WHERE trial_id = ?", id)) {
                    if (rs.next()) {
                        TrialState s = TrialState.valueOf(rs.getString(1));
                        TrialRow old = cache.rows.get(id);
                        if (s != old.state) {
                            cache.put(new TrialRow(id, old.number, s));
                            if (s.isFinished()) {
                                newlyFinished.add(id);
                            }
                        }
                    }
                }
            }
        }
        for (long id : newlyFinished) {
            if (cache.rows.get(id).state == TrialState.FAIL) {
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
            start = parseTime(rs.getString(3));
            complete = parseTime(rs.getString(4));
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
                value = readValue(rs.getObject(1), rs.getString(2));
            }
        }
        SortedMap<Integer, Double> inter = new TreeMap<>();
        try (ResultSet rs = query("SELECT step, intermediate_value, intermediate_value_type"
                + " FROM trial_intermediate_values WHERE trial_id = ?", trialId)) {
            while (rs.next()) {
                inter.put(rs.getInt(1), readValue(rs.getObject(2), rs.getString(3)));
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

    private static Double readValue(Object raw, String type) {
        if (type == null) {
            return raw == null ? null : ((Number) raw).doubleValue();
        }
        return switch (type) {
            case "INF_POS" -> Double.POSITIVE_INFINITY;
            case "INF_NEG" -> Double.NEGATIVE_INFINITY;
            case "NAN" -> Double.NaN;
            default -> raw == null ? null : ((Number) raw).doubleValue();
        };
    }

    private static Double finiteOrNull(double v) {
        return Double.isFinite(v) ? v : null;
    }

    private static String valueType(double v) {
        if (Double.isNaN(v)) {
            throw new IllegalArgumentException("Optuna stores no NaN objective value; fail the trial instead");
        }
        return v == Double.POSITIVE_INFINITY ? "INF_POS" : v == Double.NEGATIVE_INFINITY ? "INF_NEG" : "FINITE";
    }

    private static String intermediateType(double v) {
        return Double.isNaN(v) ? "NAN" : valueType(v);
    }

    static String formatTime(Instant t) {
        // Optuna stores naive local date-times (Python's datetime.now())
        return LocalDateTime.ofInstant(t, ZoneId.systemDefault()).format(WRITE_TIME);
    }

    static Instant parseTime(String s) {
        if (s == null || s.isEmpty()) {
            return null;
        }
        return LocalDateTime.parse(s, READ_TIME).atZone(ZoneId.systemDefault()).toInstant();
    }

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

    /** Runs {@code work} in one immediate transaction, retried with backoff while another process holds the lock. */
    private <T> T inTransaction(Work<T> work) {
        if (readOnly) {
            throw new UsageException("storage", path.toString(), "opened read-only; open it for writing to change it");
        }
        try {
            return withRetry(() -> {
                conn.setAutoCommit(false);
                try {
                    T result = work.run();
                    conn.commit();
                    return result;
                } catch (SQLException | RuntimeException e) {
                    try {
                        conn.rollback();
                    } catch (SQLException ignored) {
                        // the original failure is the one to report
                    }
                    caches.clear();
                    throw e;
                } finally {
                    conn.setAutoCommit(true);
                }
            });
        } catch (SQLException e) {
            throw new StorageException("writing to " + path + " failed", e);
        }
    }

    private <T> T withRetry(Work<T> work) throws SQLException {
        for (int attempt = 1;; attempt++) {
            try {
                return work.run();
            } catch (SQLiteException e) {
                boolean busy = e.getResultCode() == SQLiteErrorCode.SQLITE_BUSY
                        || e.getResultCode() == SQLiteErrorCode.SQLITE_LOCKED
                        || e.getResultCode().code == SQLiteErrorCode.SQLITE_BUSY.code;
                if (!busy || attempt >= MAX_ATTEMPTS) {
                    throw e;
                }
                try {
                    Thread.sleep(Math.min(1000, 5L << Math.min(attempt, 8)) + ThreadLocalRandom.current().nextInt(10));
                } catch (InterruptedException ie) {
                    Thread.currentThread().interrupt();
                    throw e;
                }
            }
        }
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

    /** A trial's key facts, enough to count and number trials without loading them. */
    private record TrialRow(long trialId, int number, TrialState state) {
    }

    /** What this process knows of a study's trials; finished trials never change, so they are read once. */
    private static final class TrialCache {
        final Direction direction;
        final TreeMap<Long, TrialRow> rows = new TreeMap<>();
        final Map<Long, FrozenTrial> finished = new HashMap<>();
        final Set<Long> unfinished = new java.util.LinkedHashSet<>();
        final Set<Long> interrupted = new java.util.HashSet<>();
        final Set<Long> waiting = new java.util.HashSet<>();
        long lastTrialId;
        int maxNumber = -1;

        TrialCache(Direction direction) {
            this.direction = direction;
        }

        void put(TrialRow row) {
            rows.put(row.trialId, row);
            lastTrialId = Math.max(lastTrialId, row.trialId);
            maxNumber = Math.max(maxNumber, row.number);
            if (row.state.isFinished()) {
                unfinished.remove(row.trialId);
            } else {
                unfinished.add(row.trialId);
            }
            if (row.state == TrialState.WAITING) {
                waiting.add(row.trialId);
            } else {
                waiting.remove(row.trialId);
            }
        }

        void addOwnRunning(FrozenTrial t) {
            put(new TrialRow(t.trialId(), t.number(), t.state()));
        }

        int nextNumber() {
            return maxNumber + 1;
        }

        int counted() {
            return rows.size() - waiting.size() - interrupted.size();
        }
    }
}
