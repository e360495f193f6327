package io.sweep4j.store;

import io.sweep4j.space.Distribution;
import io.sweep4j.space.Params;
import io.sweep4j.trial.Attributes;
import io.sweep4j.trial.Direction;
import io.sweep4j.trial.FrozenTrial;
import io.sweep4j.trial.History;
import io.sweep4j.trial.TrialState;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * Reads trials from Optuna's tables, incrementally: finished trials change only in their attributes (a model deleted,
 * a refit's score), which this process's writes make it read again, so each is read once per process otherwise; new
 * rows are found by trial id (claims insert under a lock, so ids commit in order).
 */
final class TrialReader {
    private final Sql sql;
    private final Map<Long, TrialCache> caches = new HashMap<>();

    TrialReader(Sql sql) {
        this.sql = sql;
    }

    /** Forgets what was read: after a rolled-back transaction the cache may hold rows that never were. */
    void clear() {
        caches.clear();
    }

    /** Forgets one trial's full record, so the next history reads it again: its attributes were just changed. */
    void forget(long trialId) {
        for (TrialCache cache : caches.values()) {
            cache.finished.remove(trialId);
        }
    }

    TrialCache cached(long studyId) {
        return caches.get(studyId);
    }

    /** The number of objectives of the study of a trial this process has read, or null if it read none. */
    Integer objectivesOf(long trialId) {
        for (TrialCache cache : caches.values()) {
            if (cache.rows.containsKey(trialId)) {
                return cache.directions.size();
            }
        }
        return null;
    }

    /** Past this many trials to read, a history is read table by table ({@link TrialBulkRead}), not trial by trial. */
    private static final int BULK_FROM = 32;

    History history(long studyId, TrialCache cache) throws SQLException {
        Set<Long> missing = new HashSet<>();
        for (TrialRow r : cache.rows.values()) {
            if (!cache.finished.containsKey(r.trialId())) {
                missing.add(r.trialId());
            }
        }
        Map<Long, FrozenTrial> bulk = missing.size() >= BULK_FROM ? TrialBulkRead.read(sql, studyId, missing)
                : Map.of();
        List<FrozenTrial> trials = new ArrayList<>(cache.rows.size());
        for (TrialRow r : cache.rows.values()) {
            FrozenTrial full = cache.finished.get(r.trialId());
            if (full == null) {
                full = bulk.containsKey(r.trialId()) ? bulk.get(r.trialId()) : load(r.trialId());
                if (full.state().isFinished()) {
                    cache.finished.put(r.trialId(), full);
                }
            }
            trials.add(full);
        }
        trials.sort(Comparator.comparingInt(FrozenTrial::number));
        return new History(cache.directions, trials);
    }

    /**
     * The states of unfinished trials are read this many at a time, in statements of a few fixed sizes (a power of
     * two, the last id repeated), so one statement per claim reads them and few statements are kept prepared.
     */
    private static final int STATES_PER_QUERY = 64;

    private static int roundedUp(int n) {
        return Math.max(1, Integer.highestOneBit(n - 1) << 1);
    }

    private static String placeholders(int n) {
        return String.join(", ", Collections.nCopies(roundedUp(n), "?"));
    }

    private static Object[] padded(List<Long> ids) {
        Object[] out = new Object[roundedUp(ids.size())];
        for (int i = 0; i < out.length; i++) {
            out[i] = ids.get(Math.min(i, ids.size() - 1));
        }
        return out;
    }

    TrialCache refreshed(long studyId) throws SQLException {
        return refreshed(studyId, null);
    }

    /**
     * The study's cache brought up to date; {@code lockFirst} (a statement whose one parameter is the study id, or
     * null) is run first, in the same round trip as the read where it can be: a claim's lock and its read of what the
     * last holder wrote then cost one round trip, not two, while every other claimant waits.
     */
    TrialCache refreshed(long studyId, String lockFirst) throws SQLException {
        TrialCache cache = caches.get(studyId);
        if (cache == null && lockFirst != null) {
            sql.query(lockFirst, studyId).close();
            lockFirst = null;
        }
        if (cache == null) {
            cache = new TrialCache(StudyTable.directions(sql, studyId));
            caches.put(studyId, cache);
        }
        List<Long> newlyFinished = new ArrayList<>();
        long last = cache.lastTrialId;
        List<Long> unfinished = List.copyOf(cache.unfinished);
        // the new rows and the states of the first unfinished trials in one statement (on a server, a claim does this
        // under the study's lock, where every round trip is one all workers wait on)
        List<Long> first = unfinished.subList(0, Math.min(unfinished.size(), STATES_PER_QUERY));
        List<Object> args = new ArrayList<>();
        if (lockFirst != null) {
            args.add(studyId);
        }
        args.addAll(List.of(last, studyId));
        args.addAll(first.isEmpty() ? List.of() : List.of(padded(first)));
        String read = "SELECT trial_id, number, state FROM trials WHERE (trial_id > ? AND study_id = ?)"
                + (first.isEmpty() ? "" : " OR trial_id IN (" + placeholders(first.size()) + ")")
                + " ORDER BY trial_id";
        try (ResultSet rs = lockFirst == null ? sql.query(read, args.toArray())
                : sql.queryAfter(lockFirst, read, args.toArray())) {
            while (rs.next()) {
                TrialRow row = new TrialRow(rs.getLong(1), rs.getInt(2), TrialState.valueOf(rs.getString(3)));
                if (updated(cache, row, row.trialId() > last)) {
                    newlyFinished.add(row.trialId());
                }
            }
        }
        for (int from = STATES_PER_QUERY; from < unfinished.size(); from += STATES_PER_QUERY) {
            List<Long> ids = unfinished.subList(from, Math.min(unfinished.size(), from + STATES_PER_QUERY));
            try (ResultSet rs = sql.query("SELECT trial_id, number, state FROM trials WHERE trial_id IN ("
                    + placeholders(ids.size()) + ")", padded(ids))) {
                while (rs.next()) {
                    TrialRow row = new TrialRow(rs.getLong(1), rs.getInt(2), TrialState.valueOf(rs.getString(3)));
                    if (updated(cache, row, false)) {
                        newlyFinished.add(row.trialId());
                    }
                }
            }
        }
        for (long id : newlyFinished) {
            if (cache.rows.get(id).state() == TrialState.FAIL) {
                try (ResultSet rs = sql.query("SELECT 1 FROM trial_system_attributes WHERE trial_id = ? AND"
                        + " \"key\" = ?", id, Attributes.INTERRUPTED)) {
                    if (rs.next()) {
                        cache.interrupted.add(id);
                    }
                }
            }
        }
        return cache;
    }

    /** Puts a read row in the cache if it is new or its state changed; whether it has just finished. */
    private static boolean updated(TrialCache cache, TrialRow row, boolean isNew) {
        if (!isNew && row.state() == cache.rows.get(row.trialId()).state()) {
            return false;
        }
        cache.put(row);
        return row.state().isFinished();
    }

    FrozenTrial load(long trialId) throws SQLException {
        int number;
        TrialState state;
        Instant start;
        Instant complete;
        try (ResultSet rs = sql.query("SELECT number, state, datetime_start, datetime_complete FROM trials"
                + " WHERE trial_id = ?", trialId)) {
            if (!rs.next()) {
                throw new StorageException("no trial with id " + trialId, null);
            }
            number = rs.getInt(1);
            state = TrialState.valueOf(rs.getString(2));
            start = OptunaValues.parseTime(rs.getString(3));
            complete = OptunaValues.parseTime(rs.getString(4));
        }
        Map<String, Object> params = new LinkedHashMap<>();
        Map<String, Distribution> dists = new LinkedHashMap<>();
        try (ResultSet rs = sql.query("SELECT param_name, param_value, distribution_json FROM trial_params"
                + " WHERE trial_id = ? ORDER BY param_id", trialId)) {
            while (rs.next()) {
                Distribution d = DistributionJson.read(rs.getString(3));
                dists.put(rs.getString(1), d);
                params.put(rs.getString(1), d.toExternal(rs.getDouble(2)));
            }
        }
        SortedMap<Integer, Double> values = new TreeMap<>();
        try (ResultSet rs = sql.query("SELECT objective, value, value_type FROM trial_values WHERE trial_id = ?",
                trialId)) {
            while (rs.next()) {
                OptunaValues.putValue(values, rs.getInt(1), rs.getObject(2), rs.getString(3));
            }
        }
        SortedMap<Integer, Double> inter = new TreeMap<>();
        try (ResultSet rs = sql.query("SELECT step, intermediate_value, intermediate_value_type"
                + " FROM trial_intermediate_values WHERE trial_id = ?", trialId)) {
            while (rs.next()) {
                inter.put(rs.getInt(1), OptunaValues.readValue(rs.getObject(2), rs.getString(3)));
            }
        }
        return new FrozenTrial(trialId, number, state, List.copyOf(values.values()), Params.of(params), dists, inter,
                attributes("trial_user_attributes", trialId), attributes("trial_system_attributes", trialId),
                start, complete);
    }

    private Map<String, Object> attributes(String table, long trialId) throws SQLException {
        Map<String, Object> out = new LinkedHashMap<>();
        try (ResultSet rs = sql.query("SELECT \"key\", value_json FROM " + table + " WHERE trial_id = ?", trialId)) {
            while (rs.next()) {
                out.put(rs.getString(1), Json.read(rs.getString(2)));
            }
        }
        return out;
    }
}
