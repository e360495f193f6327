package io.sweep4j.store;

import io.sweep4j.space.Distribution;
import io.sweep4j.space.Params;
import io.sweep4j.trial.FrozenTrial;
import io.sweep4j.trial.TrialState;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * Many trials of one study read with one query per table instead of six per trial: what a study's first history
 * read, or the end of a run over a large study, needs (100 000 trials one by one are 600 000 round trips).
 */
final class TrialBulkRead {
    private final Sql sql;
    private final long studyId;
    private final Set<Long> wanted;
    private final Map<Long, Row> rows = new LinkedHashMap<>();
    /** Most trials share a handful of distributions: parsed once each. */
    private final Map<String, Distribution> parsed = new HashMap<>();
    /**
     * Parameter names, attribute keys and text values recur in every trial (a worker's record in each of its
     * trials): one copy each, so that a history of 100 000 trials does not hold millions of equal strings.
     */
    private final Map<String, String> texts = new HashMap<>();

    private TrialBulkRead(Sql sql, long studyId, Set<Long> wanted) {
        this.sql = sql;
        this.studyId = studyId;
        this.wanted = wanted;
    }

    /** The trials of {@code studyId} whose ids are in {@code wanted}, by id. */
    static Map<Long, FrozenTrial> read(Sql sql, long studyId, Set<Long> wanted) throws SQLException {
        return new TrialBulkRead(sql, studyId, wanted).run();
    }

    /** One trial's columns as they are read, table by table. */
    private static final class Row {
        final int number;
        final TrialState state;
        final Instant start;
        final Instant complete;
        final Map<String, Object> values = new LinkedHashMap<>();
        final Map<String, Distribution> distributions = new LinkedHashMap<>();
        final SortedMap<Integer, Double> intermediate = new TreeMap<>();
        final Map<String, Object> userAttrs = new LinkedHashMap<>();
        final Map<String, Object> systemAttrs = new LinkedHashMap<>();
        final SortedMap<Integer, Double> objectiveValues = new TreeMap<>();

        Row(int number, TrialState state, Instant start, Instant complete) {
            this.number = number;
            this.state = state;
            this.start = start;
            this.complete = complete;
        }
    }

    /**
     * Trials read per round of queries: a round's rows are what the driver holds at once (PostgreSQL's driver reads
     * a whole result into memory), so a history of 100 000 trials is read in bounded memory.
     */
    private static final int TRIALS_PER_ROUND = 5000;

    private Map<Long, FrozenTrial> run() throws SQLException {
        List<Long> ids = new ArrayList<>(wanted);
        Collections.sort(ids);
        Map<Long, FrozenTrial> out = new LinkedHashMap<>();
        for (int from = 0; from < ids.size(); from += TRIALS_PER_ROUND) {
            long low = ids.get(from);
            long high = ids.get(Math.min(ids.size(), from + TRIALS_PER_ROUND) - 1);
            readRound(low, high, out);
        }
        return out;
    }

    /** Reads the wanted trials with ids from {@code low} to {@code high} into {@code out}. */
    private void readRound(long low, long high, Map<Long, FrozenTrial> out) throws SQLException {
        // the trials table first: a trial read as finished has every other row in place (a finish is one transaction)
        try (ResultSet rs = sql.query("SELECT trial_id, number, state, datetime_start, datetime_complete FROM trials"
                + " WHERE study_id = ? AND trial_id >= ? AND trial_id <= ?", studyId, low, high)) {
            while (rs.next()) {
                if (wanted.contains(rs.getLong(1))) {
                    rows.put(rs.getLong(1), new Row(rs.getInt(2), TrialState.valueOf(rs.getString(3)),
                            OptunaValues.parseTime(rs.getString(4)), OptunaValues.parseTime(rs.getString(5))));
                }
            }
        }
        // rows of other studies' trials in the range are skipped: only this study's wanted trials are in rows
        forEach("SELECT trial_id, param_name, param_value, distribution_json FROM trial_params"
                + " WHERE trial_id >= ? AND trial_id <= ? ORDER BY param_id", low, high, (r, rs) -> {
                    Distribution d = parsed.computeIfAbsent(rs.getString(4), DistributionJson::read);
                    String name = text(rs.getString(2));
                    r.distributions.put(name, d);
                    r.values.put(name, d.toExternal(rs.getDouble(3)));
                });
        forEach("SELECT trial_id, objective, value, value_type FROM trial_values WHERE trial_id >= ? AND trial_id <= ?",
                low, high, (r, rs) -> OptunaValues.putValue(r.objectiveValues, rs.getInt(2), rs.getObject(3),
                        rs.getString(4)));
        forEach("SELECT trial_id, step, intermediate_value, intermediate_value_type FROM trial_intermediate_values"
                + " WHERE trial_id >= ? AND trial_id <= ?", low, high,
                (r, rs) -> r.intermediate.put(rs.getInt(2), OptunaValues.readValue(rs.getObject(3), rs.getString(4))));
        forEach("SELECT trial_id, \"key\", value_json FROM trial_user_attributes WHERE trial_id >= ? AND trial_id <= ?",
                low, high, (r, rs) -> r.userAttrs.put(text(rs.getString(2)), attribute(rs.getString(3))));
        forEach("SELECT trial_id, \"key\", value_json FROM trial_system_attributes"
                + " WHERE trial_id >= ? AND trial_id <= ?", low, high,
                (r, rs) -> r.systemAttrs.put(text(rs.getString(2)), attribute(rs.getString(3))));
        rows.forEach((id, r) -> out.put(id, new FrozenTrial(id, r.number, r.state,
                List.copyOf(r.objectiveValues.values()), Params.of(r.values),
                r.distributions, r.intermediate, r.userAttrs, r.systemAttrs, r.start, r.complete)));
        rows.clear();
    }

    private String text(String s) {
        return s == null ? null : texts.computeIfAbsent(s, k -> k);
    }

    private Object attribute(String json) {
        Object v = Json.read(json);
        return v instanceof String s ? text(s) : v;
    }

    @FunctionalInterface
    private interface RowReader {
        void read(Row row, ResultSet rs) throws SQLException;
    }

    private void forEach(String query, long low, long high, RowReader reader) throws SQLException {
        try (ResultSet rs = sql.query(query, low, high)) {
            while (rs.next()) {
                Row r = rows.get(rs.getLong(1));
                if (r != null) {
                    reader.read(r, rs);
                }
            }
        }
    }
}
