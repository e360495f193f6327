package io.sweep4j.store;

import io.sweep4j.space.UsageException;
import io.sweep4j.trial.Attributes;
import io.sweep4j.trial.Direction;
import io.sweep4j.trial.FrozenTrial;
import io.sweep4j.trial.History;
import io.sweep4j.trial.StepReport;
import io.sweep4j.trial.TrialDraft;
import io.sweep4j.trial.TrialState;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Optuna's relational schema over JDBC, shared by SQLite and PostgreSQL (their differences are in a
 * {@link Dialect}): one transaction per state change, every statement parameterized, one connection per instance
 * shared by the threads of one process under this object's lock (on PostgreSQL heartbeats have a second one, see
 * {@link Heartbeats}); several processes each open their own instance.
 */
public class JdbcStorage implements Storage {
    /** Sets one intermediate value; arguments: trial id, step, value (null unless finite), its Optuna type. */
    static final String UPSERT_INTERMEDIATE = "INSERT INTO trial_intermediate_values (trial_id, step,"
            + " intermediate_value, intermediate_value_type) VALUES (?, ?, ?, ?) ON CONFLICT (trial_id, step) DO UPDATE"
            + " SET intermediate_value = excluded.intermediate_value,"
            + " intermediate_value_type = excluded.intermediate_value_type";

    /** Rounding of the database's clock between a liveness read and the failing transaction. */
    private static final double STALE_AGE_SLACK_S = 0.001;
    private final String location;
    final Sql sql;
    private final TrialReader reader;
    private final StudyTable studies;
    private final Heartbeats heartbeats;
    private final TrialClaims claims;

    JdbcStorage(Sql sql, String location) {
        this.sql = sql;
        this.location = location;
        this.heartbeats = new Heartbeats(sql, location);
        this.reader = new TrialReader(sql);
        this.studies = new StudyTable(sql);
        this.claims = new TrialClaims(sql, reader);
    }

    /** Opens the SQL storage {@code url} names ({@link Storage#open(StorageUrl, Access)} is the public way). */
    static JdbcStorage open(StorageUrl url, boolean readOnly) {
        if (url instanceof StorageUrl.Sqlite s) {
            return SqliteStorage.open(s.file(), readOnly, s.asked());
        }
        if (url instanceof StorageUrl.Memory) {
            throw new UsageException("storage", url.toString(), "a memory storage has no schema to read or upgrade;"
                    + " give a file (results/x.db) or a PostgreSQL URL");
        }
        return openPostgres((StorageUrl.Postgres) url, readOnly);
    }

    private static JdbcStorage openPostgres(StorageUrl.Postgres url, boolean readOnly) {
        PostgresDialect dialect = new PostgresDialect(url);
        Sql sql = new Sql(dialect, url.toString(), readOnly, dialect.connect());
        try {
            SchemaSetup.prepare(sql, url.toString(), url.asked());
            return new JdbcStorage(sql, url.toString());
        } catch (SQLException e) {
            sql.close();
            throw new StorageException("cannot prepare " + url, e);
        } catch (RuntimeException e) {
            sql.close();
            throw e;
        }
    }

    /**
     * Moves an existing storage to {@code target} (as {@code optuna storage upgrade}); returns its old revision. It is
     * read first without writing, so a storage that is empty, not a study database or already at {@code target} is
     * refused or left as it is, and only a real upgrade opens it for writing.
     */
    public static SchemaRevision upgrade(StorageUrl url, SchemaRevision target) {
        SchemaRevision from;
        try (JdbcStorage s = open(url, true)) {
            from = s.revision();
        }
        SchemaSetup.checkUpgrade(from, target);
        if (from == target) {
            return from;
        }
        try (JdbcStorage s = open(url, false)) {
            return SchemaSetup.upgrade(s.sql, url.toString(), target);
        }
    }

    /** The alembic revision the storage is at. */
    private synchronized SchemaRevision revision() {
        return sql.read(() -> SchemaSetup.revision(sql, location));
    }

    @Override
    public String location() {
        return location;
    }

    // ---------------------------------------------------------------- studies

    @Override
    public synchronized StudyInfo createStudy(String name, List<Direction> directions, Map<String, Object> attrs) {
        Names.check("study name", name);
        List<Direction> checked = OptunaValues.checkedDirections(directions);
        return write(() -> {
            lockCreation();
            if (studies.find(name).isPresent()) {
                throw new UsageException("study", name, "a study of this name already exists in " + location);
            }
            return studies.insert(name, checked, attrs);
        });
    }

    @Override
    public synchronized StudyInfo findOrCreateStudy(String name, List<Direction> directions,
            Map<String, Object> attrs) {
        Names.check("study name", name);
        List<Direction> checked = OptunaValues.checkedDirections(directions);
        Optional<StudyInfo> found = findStudy(name);
        if (found.isPresent()) {
            return found.get();
        }
        return write(() -> {
            lockCreation();
            Optional<StudyInfo> again = studies.find(name);
            return again.isPresent() ? again.get() : studies.insert(name, checked, attrs);
        });
    }

    @Override
    public synchronized Optional<StudyInfo> findStudy(String name) {
        return sql.read(() -> studies.find(name));
    }

    @Override
    public synchronized List<StudyInfo> studies() {
        return sql.read(studies::all);
    }

    @Override
    public synchronized void setStudySystemAttribute(long studyId, String key, Object value) {
        Names.check("study system attribute key", key);
        write(() -> {
            AttributeRows.upsert(sql, "study_system_attributes", studyId, key, value);
            return null;
        });
    }

    /** Two workers starting at once would both find no study and one insert would fail on the unique name. */
    private void lockCreation() throws SQLException {
        sql.dialect().lockCreation(sql);
    }

    // ---------------------------------------------------------------- trials

    @Override
    public synchronized ClaimOutcome reserve(long studyId, Reservation reservation) {
        return claims.reserve(studyId, reservation);
    }

    @Override
    public synchronized ClaimOutcome storeProposal(long studyId, FrozenTrial reserved, TrialDraft draft,
            Set<String> uniqueKeys) {
        return claims.storeProposal(studyId, reserved, draft, uniqueKeys);
    }

    @Override
    public synchronized FrozenTrial enqueue(long studyId, Map<String, Object> params, Map<String, Object> userAttrs) {
        return claims.enqueue(studyId, params, userAttrs);
    }

    @Override
    public synchronized void reportIntermediate(long trialId, int step, double value) {
        write(() -> upsertIntermediate(trialId, step, value));
    }

    @Override
    public synchronized void report(long trialId, StepReport report) {
        report.userAttributes().keySet().forEach(k -> Names.check("attribute key", k));
        report.systemAttributes().keySet().forEach(k -> Names.check("attribute key", k));
        if (sql.dialect().writesSeveralTablesAtOnce()) {
            write(() -> {
                PostgresWrites.reportAndCommit(sql, trialId, report);
                return null;
            });
            return;
        }
        write(() -> {
            if (report.value().isPresent()) {
                upsertIntermediate(trialId, report.step(), report.value().getAsDouble());
            }
            AttributeRows.upsertAll(sql, "trial_user_attributes", trialId, report.userAttributes());
            AttributeRows.upsertAll(sql, "trial_system_attributes", trialId, report.systemAttributes());
            return null;
        });
    }

    private int upsertIntermediate(long trialId, int step, double value) throws SQLException {
        return sql.update(UPSERT_INTERMEDIATE, trialId, step, OptunaValues.finiteOrNull(value),
                OptunaValues.intermediateType(value));
    }

    @Override
    public synchronized void setTrialUserAttribute(long trialId, String key, Object value) {
        Names.check("attribute key", key);
        write(() -> AttributeRows.upsert(sql, "trial_user_attributes", trialId, key, value));
        reader.forget(trialId);
    }

    @Override
    public synchronized void setTrialSystemAttribute(long trialId, String key, Object value) {
        Names.check("attribute key", key);
        write(() -> AttributeRows.upsert(sql, "trial_system_attributes", trialId, key, value));
        reader.forget(trialId);
    }

    /** Refreshes a running trial's heartbeat. */
    public void heartbeat(long trialId) {
        heartbeat(List.of(trialId));
    }

    @Override
    public Set<Long> heartbeat(Collection<Long> trialIds) {
        if (trialIds.isEmpty()) {
            return Set.of();
        }
        if (heartbeats.shareTheConnection()) {
            synchronized (this) {
                return heartbeats.beat(trialIds);
            }
        }
        return heartbeats.beat(trialIds);
    }

    @Override
    public synchronized boolean finish(long trialId, TrialState state, List<Double> values,
            Map<String, Object> attrs) {
        state.requireFinished();
        List<Double> checked = OptunaValues.checkedValues(trialId, state, values, objectives(trialId));
        String completedAt = OptunaValues.formatTime(Instant.now());
        return write(() -> sql.dialect().finishTrial(sql, trialId, state.name(), completedAt, checked, attrs));
    }

    /** How many objectives the trial's study has: known from a read of the study, else read. */
    private int objectives(long trialId) {
        Integer known = reader.objectivesOf(trialId);
        return known != null ? known : sql.read(() -> {
            try (ResultSet rs = sql.query("SELECT study_id FROM trials WHERE trial_id = ?", trialId)) {
                if (!rs.next()) {
                    throw new StorageException("no trial with id " + trialId, null);
                }
                return StudyTable.directions(sql, rs.getLong(1)).size();
            }
        });
    }

    @Override
    public synchronized List<RunningTrial> runningTrials(long studyId) {
        return sql.read(() -> StaleTrials.running(sql, studyId));
    }

    @Override
    public synchronized List<FrozenTrial> failStale(long studyId, Map<Long, Double> judged) {
        if (judged.isEmpty()) {
            return List.of();
        }
        return write(() -> {
            List<FrozenTrial> out = new ArrayList<>();
            for (RunningTrial r : StaleTrials.running(sql, studyId)) {
                Double seen = judged.get(r.trialId());
                // a heartbeat refreshed since the judgement is younger now: that trial lives
                if (seen != null && r.ageSeconds() >= seen - STALE_AGE_SLACK_S) {
                    FrozenTrial t = reader.load(r.trialId());
                    out.add(t);
                    markInterrupted(r.trialId(), staleReason(t));
                }
            }
            return out;
        });
    }

    @Override
    public synchronized int abandon(long studyId, String worker, String reason) {
        return write(() -> {
            List<Long> ids = new ArrayList<>();
            try (ResultSet rs = sql.query("SELECT t.trial_id FROM trials t JOIN trial_system_attributes a"
                    + " ON a.trial_id = t.trial_id AND a.\"key\" = ? WHERE t.study_id = ? AND t.state = 'RUNNING'"
                    + " AND a.value_json = ?", Attributes.WORKER, studyId, Json.write(worker))) {
                while (rs.next()) {
                    ids.add(rs.getLong(1));
                }
            }
            for (long id : ids) {
                markInterrupted(id, reason);
                AttributeRows.upsert(sql, "trial_system_attributes", id, Attributes.STOPPED, true);
            }
            return ids.size();
        });
    }

    /** Why a dead trial is failed: a reservation that never got its parameters did not run, and is not counted. */
    static String staleReason(FrozenTrial t) {
        return t.systemAttributes().containsKey(Attributes.RESERVED) ? Storage.NEVER_PROPOSED : "interrupted";
    }

    private void markInterrupted(long trialId, String reason) throws SQLException {
        sql.update("UPDATE trials SET state = 'FAIL', datetime_complete = ? WHERE trial_id = ? AND state = 'RUNNING'",
                OptunaValues.formatTime(Instant.now()), trialId);
        AttributeRows.upsert(sql, "trial_system_attributes", trialId, Attributes.FAIL_REASON, reason);
        AttributeRows.upsert(sql, "trial_system_attributes", trialId, Attributes.INTERRUPTED, true);
        sql.update("DELETE FROM trial_heartbeats WHERE trial_id = ?", trialId);
    }

    @Override
    public synchronized int runningCount(long studyId) {
        TrialCache cache = reader.cached(studyId);
        return cache == null ? 0 : cache.unfinished.size() - cache.waiting.size();
    }

    @Override
    public synchronized int interruptedCount(long studyId) {
        TrialCache cache = reader.cached(studyId);
        return cache == null ? 0 : cache.interrupted.size();
    }

    @Override
    public synchronized History history(long studyId) {
        // one snapshot: a trial's parameters are stored after its row (its reservation), and must not be read as absent
        // while its later attributes are read as present
        return sql.snapshot(() -> reader.history(studyId, reader.refreshed(studyId)));
    }

    @Override
    public synchronized FrozenTrial trial(long trialId) {
        return sql.read(() -> reader.load(trialId));
    }

    private <T> T write(Sql.Work<T> work) {
        return sql.inTransaction(work, reader::clear);
    }

    @Override
    public synchronized void close() {
        heartbeats.close();
        sql.close();
    }
}
