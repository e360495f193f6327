package io.sweep4j.store;

import io.sweep4j.space.Distribution;
import io.sweep4j.trial.Attributes;
import io.sweep4j.trial.FrozenTrial;
import io.sweep4j.trial.History;
import io.sweep4j.trial.TrialDraft;
import io.sweep4j.trial.TrialState;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Supplier;

/**
 * How a JDBC storage hands out trials: under the study's lock (PostgreSQL's row lock, which Optuna's workers take
 * too; SQLite's write lock on the whole file) the budget is checked, a WAITING trial or the next number is taken
 * and the trial's row written, so budgets, numbers and enqueued trials stay exact across processes. Where the
 * dialect allows and the request agrees, the sampler's proposal is made after that lock is released, as Optuna
 * samples after creating the trial, so workers do not wait for each other's sampling. Not thread-safe: the
 * storage serializes calls.
 */
final class TrialClaims {
    private final Sql sql;
    private final TrialReader reader;

    TrialClaims(Sql sql, TrialReader reader) {
        this.sql = sql;
        this.reader = reader;
    }

    ClaimOutcome claim(long studyId, int maxCounted, ClaimRequest request) {
        boolean deferrable = sql.dialect().proposesOutsideLock() && request.mayProposeLater();
        Object decided = write(() -> {
            TrialCache cache = reader.refreshed(studyId,
                    deferrable ? sql.dialect().lockStudyForReservation() : sql.dialect().lockStudy());
            int counted = cache.counted();
            if (maxCounted >= 0 && counted >= maxCounted) {
                return new ClaimOutcome.BudgetReached(counted);
            }
            Slot slot = nextSlot(studyId, cache);
            Supplier<History> history = () -> history(studyId, cache);
            Optional<ClaimRequest.Later> later = deferrable
                    ? request.later(slot.number, history, slot.fixed) : Optional.empty();
            if (later.isPresent()) {
                // committed without waiting for the disk; the parameters' synchronous commit right after flushes
                // this too, and a server crash in between loses only a trial no one has run (its parameters then
                // fail to store, and the claim fails)
                long trialId = start(studyId, slot, cache);
                return new Reserved(trialId, slot, later.get());
            }
            if (deferrable && sql.dialect().commitWithFlush() != null) {
                sql.execute(sql.dialect().commitWithFlush()); // this transaction holds the trial's parameters
            }
            Optional<TrialDraft> draft = request.propose(slot.number, history, slot.fixed);
            if (draft.isEmpty()) {
                return new ClaimOutcome.Exhausted();
            }
            if (!slot.fromWaiting() && sql.dialect().writesSeveralTablesAtOnce()) {
                return new ClaimOutcome.Claimed(startWith(studyId, slot, cache, draft.get()));
            }
            long trialId = start(studyId, slot, cache);
            return new ClaimOutcome.Claimed(writeDraft(trialId, slot, draft.get()));
        });
        if (decided instanceof Reserved r) {
            return proposeReserved(studyId, r);
        }
        return (ClaimOutcome) decided;
    }

    /** Stores a WAITING trial that fixes {@code params}, numbered like a claim. */
    FrozenTrial enqueue(long studyId, Map<String, Object> params, Map<String, Object> userAttrs) {
        return write(() -> {
            lock(sql.dialect().lockStudy(), studyId);
            TrialCache cache = reader.refreshed(studyId);
            int number = cache.nextNumber();
            long trialId = sql.insert("INSERT INTO trials (number, study_id, state) VALUES (?, ?, 'WAITING')",
                    "trial_id", number, studyId);
            AttributeRows.upsert(sql, "trial_system_attributes", trialId, Attributes.FIXED_PARAMS, params);
            for (var e : userAttrs.entrySet()) {
                AttributeRows.upsert(sql, "trial_user_attributes", trialId, e.getKey(), e.getValue());
            }
            cache.put(new TrialRow(trialId, number, TrialState.WAITING));
            return reader.load(trialId);
        });
    }

    /** The trial a claim takes: the first enqueued (WAITING) one no other claim holds, else the next number. */
    private record Slot(long waitingTrialId, int number, Map<String, Object> fixed) {
        boolean fromWaiting() {
            return waitingTrialId >= 0;
        }
    }

    /** A trial started under the lock whose proposal is still to be made. */
    private record Reserved(long trialId, Slot slot, ClaimRequest.Later later) {
    }

    private void lock(String statement, long studyId) throws SQLException {
        if (statement != null) {
            sql.query(statement, studyId).close();
        }
    }

    private Slot nextSlot(long studyId, TrialCache cache) throws SQLException {
        if (cache.waiting.isEmpty()) {
            // every trial row is inserted under the study's lock (Optuna's enqueue too), and the cache was refreshed
            // under it: no WAITING trial exists, and the query (a scan of the study's trials) is not needed
            return new Slot(-1, cache.nextNumber(), Map.of());
        }
        try (ResultSet rs = sql.query("SELECT trial_id, number FROM trials WHERE study_id = ? AND state = 'WAITING'"
                + " ORDER BY number, trial_id LIMIT 1" + sql.dialect().skipLocked(), studyId)) {
            if (rs.next()) {
                long trialId = rs.getLong(1);
                int number = rs.getInt(2);
                rs.close();
                return new Slot(trialId, number, fixedParams(trialId));
            }
        }
        return new Slot(-1, cache.nextNumber(), Map.of());
    }

    /** Makes the slot's trial RUNNING with a first heartbeat; its id. */
    private long start(long studyId, Slot slot, TrialCache cache) throws SQLException {
        String now = OptunaValues.formatTime(Instant.now());
        long trialId;
        if (slot.fromWaiting()) {
            trialId = slot.waitingTrialId;
            sql.update("UPDATE trials SET state = 'RUNNING', datetime_start = ? WHERE trial_id = ? AND state = 'WAITING'",
                    now, trialId);
        } else if (sql.dialect().writesSeveralTablesAtOnce()) {
            trialId = PostgresWrites.insertRunningWith(sql, slot.number, studyId, now, List.of(), Map.of());
            cache.put(new TrialRow(trialId, slot.number, TrialState.RUNNING));
            return trialId;
        } else {
            trialId = sql.insert("INSERT INTO trials (number, study_id, state, datetime_start) VALUES (?, ?, ?, ?)",
                    "trial_id", slot.number, studyId, TrialState.RUNNING.name(), now);
        }
        Heartbeats.write(sql, trialId);
        cache.put(new TrialRow(trialId, slot.number, TrialState.RUNNING));
        return trialId;
    }

    /** Starts a new trial with the draft's parameters and attributes in one statement (where the dialect can). */
    private FrozenTrial startWith(long studyId, Slot slot, TrialCache cache, TrialDraft draft) throws SQLException {
        long trialId = PostgresWrites.insertRunningWith(sql, slot.number, studyId,
                OptunaValues.formatTime(Instant.now()), paramRows(draft, null), draft.systemAttributes());
        cache.put(new TrialRow(trialId, slot.number, TrialState.RUNNING));
        return stored(trialId, slot, draft);
    }

    /** For each parameter: its trial id (if given), name, internal value and distribution JSON, as one flat list. */
    private static List<Object> paramRows(TrialDraft draft, Long trialId) {
        Map<String, Object> params = draft.params().asMap();
        List<Object> args = new ArrayList<>(4 * params.size());
        for (var e : params.entrySet()) {
            Names.check("parameter name", e.getKey());
            Distribution d = draft.distributions().get(e.getKey());
            if (trialId != null) {
                args.add(trialId);
            }
            args.addAll(List.of(e.getKey(), d.toInternal(e.getValue()), DistributionJson.write(d)));
        }
        return args;
    }

    /** Writes the draft's parameters and system attributes on a started trial; the trial as stored. */
    private FrozenTrial writeDraft(long trialId, Slot slot, TrialDraft draft) throws SQLException {
        Map<String, Object> params = draft.params().asMap();
        // one statement for all parameters: a claim's round trips are what a shared server's workers wait on
        List<Object> args = paramRows(draft, trialId);
        if (!params.isEmpty() && !draft.systemAttributes().isEmpty() && sql.dialect().writesSeveralTablesAtOnce()) {
            // an enqueued trial is read back after this, in the same transaction
            PostgresWrites.paramsAndAttributes(sql, args, params.size(), trialId, draft.systemAttributes(),
                    !slot.fromWaiting());
        } else {
            if (!params.isEmpty()) {
                // DO NOTHING: if a lost connection hid this commit, the retry finds the rows written, not an error
                sql.update("INSERT INTO trial_params (trial_id, param_name, param_value, distribution_json) VALUES "
                        + String.join(", ", Collections.nCopies(params.size(), "(?, ?, ?, ?)"))
                        + " ON CONFLICT (trial_id, param_name) DO NOTHING", args.toArray());
            }
            AttributeRows.upsertAll(sql, "trial_system_attributes", trialId, draft.systemAttributes());
        }
        return stored(trialId, slot, draft);
    }

    private FrozenTrial stored(long trialId, Slot slot, TrialDraft draft) throws SQLException {
        if (slot.fromWaiting()) {
            return reader.load(trialId); // an enqueued trial may hold more (user attributes)
        }
        // a new trial is exactly what was just written
        return new FrozenTrial(trialId, slot.number, TrialState.RUNNING, null, draft.params(),
                draft.distributions(), new TreeMap<>(), Map.of(), draft.systemAttributes(), Instant.now(), null);
    }

    /**
     * The reserved trial's proposal, made with the lock released and written in a transaction of its own. A
     * proposal that fails or is empty ends the reserved trial FAIL (not interrupted, so it is not retried): it was
     * counted, and its number must stay taken for Optuna's numbering.
     */
    private ClaimOutcome proposeReserved(long studyId, Reserved r) {
        Optional<TrialDraft> draft = reservedProposal(studyId, r);
        if (draft.isEmpty()) {
            failReserved(r.trialId, "the sampler proposed nothing");
            return new ClaimOutcome.Exhausted();
        }
        try {
            return new ClaimOutcome.Claimed(write(() -> writeDraft(r.trialId, r.slot, draft.get())));
        } catch (RuntimeException e) {
            failReserved(r.trialId, "its parameters could not be stored: " + e.getMessage());
            throw e;
        }
    }

    private Optional<TrialDraft> reservedProposal(long studyId, Reserved r) {
        try {
            // the history as an exclusive claim would see it: without the trial being proposed
            return r.later.propose(() -> {
                History h = sqlHistory(studyId);
                return new History(h.direction(), h.trials().stream().filter(t -> t.trialId() != r.trialId).toList());
            });
        } catch (RuntimeException | Error e) {
            failReserved(r.trialId, "the sampler failed: " + e);
            throw e;
        }
    }

    private void failReserved(long trialId, String reason) {
        try {
            write(() -> {
                sql.update("UPDATE trials SET state = 'FAIL', datetime_complete = ? WHERE trial_id = ?"
                        + " AND state = 'RUNNING'", OptunaValues.formatTime(Instant.now()), trialId);
                AttributeRows.upsert(sql, "trial_system_attributes", trialId, Attributes.FAIL_REASON, reason);
                sql.update("DELETE FROM trial_heartbeats WHERE trial_id = ?", trialId);
                return null;
            });
        } catch (RuntimeException ignored) {
            // the storage is unreachable: its heartbeat stops and another worker's sweep ends the trial
        }
    }

    private Map<String, Object> fixedParams(long trialId) throws SQLException {
        try (ResultSet rs = sql.query("SELECT value_json FROM trial_system_attributes WHERE trial_id = ?"
                + " AND \"key\" = ?", trialId, Attributes.FIXED_PARAMS)) {
            if (rs.next() && Json.read(rs.getString(1)) instanceof Map<?, ?> m) {
                Map<String, Object> out = new LinkedHashMap<>();
                m.forEach((k, v) -> out.put(String.valueOf(k), v));
                return out;
            }
        }
        return Map.of();
    }

    private History sqlHistory(long studyId) {
        return sql.read(() -> reader.history(studyId, reader.refreshed(studyId)));
    }

    private History history(long studyId, TrialCache cache) {
        try {
            return reader.history(studyId, cache);
        } catch (SQLException e) {
            throw new StorageException("cannot read the history of study " + studyId, e);
        }
    }

    private <T> T write(Sql.Work<T> work) {
        return sql.inTransaction(work, reader::clear);
    }
}
