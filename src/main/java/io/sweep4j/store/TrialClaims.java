package io.sweep4j.store;

import io.sweep4j.space.Distribution;
import io.sweep4j.space.Params;
import io.sweep4j.trial.Attributes;
import io.sweep4j.trial.FrozenTrial;
import io.sweep4j.trial.TrialDraft;
import io.sweep4j.trial.TrialState;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * How a JDBC storage hands out trials, in two transactions with the engine's proposal between them. The reservation,
 * under the study's lock (PostgreSQL's row lock, which Optuna's workers take too; SQLite's write lock on the whole
 * file), checks the budget, takes a WAITING trial or the next number and stores the trial RUNNING with
 * {@code sweep4j:reserved}, so budgets, numbers and enqueued trials stay exact across processes; only constant-time
 * choices from the engine's data are made there (unique values such as a retry's original or a grid point are checked
 * among the trials newer than those the engine decided from). The proposal's store writes the parameters and drops
 * the mark. Nothing here calls the engine. Not thread-safe: the storage serializes calls.
 */
final class TrialClaims {
    private final Sql sql;
    private final TrialReader reader;

    TrialClaims(Sql sql, TrialReader reader) {
        this.sql = sql;
        this.reader = reader;
    }

    ClaimOutcome reserve(long studyId, Reservation r) {
        return write(() -> {
            // the reservation commits without waiting for the disk where the dialect allows; the parameters'
            // synchronous commit right after flushes it too, and a server crash in between loses only a trial no one
            // has run (its parameters then fail to store, and the claim fails)
            TrialCache cache = reader.refreshed(studyId, sql.dialect().lockStudyForReservation());
            int counted = cache.counted();
            if (r.maxCounted() >= 0 && counted >= r.maxCounted()) {
                return new ClaimOutcome.BudgetReached(counted);
            }
            if (r.knownInterrupted() >= 0 && cache.interrupted.size() > r.knownInterrupted()) {
                return new ClaimOutcome.Outdated(cache.interrupted.size());
            }
            for (String key : r.uniqueKeys()) {
                // the engine vouches for the trials it decided from; only newer ones are read (a short range scan)
                if (heldByAnother(studyId, r.knownTrials(), -1, key, r.attributes().get(key))) {
                    return new ClaimOutcome.Taken(key, r.attributes().get(key));
                }
            }
            Map<String, Object> attrs = new LinkedHashMap<>(r.attributes());
            attrs.put(Attributes.RESERVED, true);
            Slot slot = r.uniqueKeys().isEmpty() ? nextSlot(studyId, cache) : new Slot(-1, cache.nextNumber());
            String now = OptunaValues.formatTime(Instant.now());
            if (slot.fromWaiting()) {
                sql.update("UPDATE trials SET state = 'RUNNING', datetime_start = ? WHERE trial_id = ?"
                        + " AND state = 'WAITING'", now, slot.waitingTrialId);
                Heartbeats.write(sql, slot.waitingTrialId);
                AttributeRows.upsertAll(sql, "trial_system_attributes", slot.waitingTrialId, attrs);
                cache.put(new TrialRow(slot.waitingTrialId, slot.number, TrialState.RUNNING));
                return new ClaimOutcome.Reserved(reader.load(slot.waitingTrialId)); // fixed params, user attributes
            }
            long trialId = sql.dialect().insertRunning(sql, slot.number, studyId, now, attrs);
            cache.put(new TrialRow(trialId, slot.number, TrialState.RUNNING));
            return new ClaimOutcome.Reserved(new FrozenTrial(trialId, slot.number, TrialState.RUNNING, List.of(),
                    Params.empty(), Map.of(), new TreeMap<>(), Map.of(), attrs, Instant.now(), null));
        });
    }

    /**
     * Stores the draft's parameters and system attributes on {@code reserved} and drops its mark, unless another
     * trial of the study holds one of the draft's {@code uniqueKeys} values ({@code Taken}) or the reservation was
     * ended elsewhere ({@code Lost}); then nothing is written.
     */
    ClaimOutcome storeProposal(long studyId, FrozenTrial reserved, TrialDraft draft, Set<String> uniqueKeys) {
        return write(() -> {
            if (!uniqueKeys.isEmpty()) {
                lock(sql.dialect().lockStudy(), studyId);
                for (String key : uniqueKeys) {
                    Object value = draft.systemAttributes().get(key);
                    if (value != null && heldByAnother(studyId, 0, reserved.trialId(), key, value)) {
                        return new ClaimOutcome.Taken(key, value);
                    }
                }
            }
            // one statement for all parameters where the dialect can: a claim's round trips are what workers wait on
            if (!sql.dialect().writeProposal(sql, reserved.trialId(), paramRows(draft, reserved.trialId()),
                    draft.params().size(), draft.systemAttributes())) {
                return new ClaimOutcome.Lost(reserved.trialId());
            }
            Map<String, Object> attrs = new LinkedHashMap<>(reserved.systemAttributes());
            attrs.remove(Attributes.RESERVED);
            attrs.putAll(draft.systemAttributes());
            return new ClaimOutcome.Claimed(new FrozenTrial(reserved.trialId(), reserved.number(),
                    TrialState.RUNNING, List.of(), draft.params(), draft.distributions(), new TreeMap<>(),
                    reserved.userAttributes(), attrs, reserved.start(), null));
        });
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
    private record Slot(long waitingTrialId, int number) {
        boolean fromWaiting() {
            return waitingTrialId >= 0;
        }
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
            return new Slot(-1, cache.nextNumber());
        }
        try (ResultSet rs = sql.query("SELECT trial_id, number FROM trials WHERE study_id = ? AND state = 'WAITING'"
                + " ORDER BY number, trial_id LIMIT 1" + sql.dialect().skipLocked(), studyId)) {
            if (rs.next()) {
                return new Slot(rs.getLong(1), rs.getInt(2));
            }
        }
        return new Slot(-1, cache.nextNumber());
    }

    /**
     * Whether a trial of the study with an id above {@code after}, other than {@code trialId}, holds the system
     * attribute {@code key = value}.
     */
    private boolean heldByAnother(long studyId, long after, long trialId, String key, Object value)
            throws SQLException {
        try (ResultSet rs = sql.query("SELECT 1 FROM trials t JOIN trial_system_attributes a ON a.trial_id ="
                + " t.trial_id AND a.\"key\" = ? WHERE t.trial_id > ? AND t.study_id = ? AND a.value_json = ?"
                + " AND t.trial_id <> ? LIMIT 1", key, after, studyId, Json.write(value), trialId)) {
            return rs.next();
        }
    }

    /** For each parameter: its trial id, name, internal value and distribution JSON, as one flat list. */
    private static List<Object> paramRows(TrialDraft draft, long trialId) {
        Map<String, Object> params = draft.params().asMap();
        List<Object> args = new ArrayList<>(4 * params.size());
        for (var e : params.entrySet()) {
            Names.check("parameter name", e.getKey());
            Distribution d = draft.distributions().get(e.getKey());
            args.addAll(List.of(trialId, e.getKey(), d.toInternal(e.getValue()), DistributionJson.write(d)));
        }
        return args;
    }

    private <T> T write(Sql.Work<T> work) {
        return sql.inTransaction(work, reader::clear);
    }
}
