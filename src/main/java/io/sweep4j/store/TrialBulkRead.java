package io.sweep4j.store;

import io.sweep4j.space.Distribution;
import io.sweep4j.space.Params;
import io.sweep4j.trial.FrozenTrial;
import io.sweep4j.trial.TrialState;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashMap;
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
        Double value;

        Row(int number, TrialState state, Instant start, Instant complete) {
            this.number = number;
            this.state = state;
            this.start = start;
            this.complete = complete;
        }
    }

    private Map<Long, FrozenTrial> run() throws SQLException {
        // the trials table first: a trial read as finished has every other row in place (a finish is one transaction)
        try (ResultSet rs = sql.query("SELECT trial_id, number, state, datetime_start, datetime_complete FROM trials"
                + " WHERE study_id = ?", studyId)) {
            while (rs.next()) {
                if (wanted.contains(rs.getLong(1))) {
                    rows.put(rs.getLong(1), new Row(rs.getInt(2), TrialState.valueOf(rs.getString(3)),
                            OptunaValues.parseTime(rs.getString(4)), OptunaValues.parseTime(rs.getString(5))));
                }
            }
        }
        forEach("SELECT x.trial_id, x.param_name, x.param_value, x.distribution_json FROM trial_params x"
                + " JOIN trials t ON t.trial_id = x.trial_id WHERE t.study_id = ? ORDER BY x.param_id", (r, rs) -> {
                    Distribution d = parsed.computeIfAbsent(rs.getString(4), DistributionJson::read);
                    r.distributions.put(rs.getString(2), d);
                    r.values.put(rs.getString(2), d.toExternal(rs.getDouble(3)));
                });
        forEach("SELECT x.trial_id, x.value, x.value_type FROM trial_values x JOIN trials t ON t.trial_id = x.trial_id"
                + " WHERE t.study_id = ? AND x.objective = 0",
                (r, rs) -> r.value = OptunaValues.readValue(rs.getObject(2), rs.getString(3)));
        forEach("SELECT x.trial_id, x.step, x.intermediate_value, x.intermediate_value_type"
                + " FROM trial_intermediate_values x JOIN trials t ON t.trial_id = x.trial_id WHERE t.study_id = ?",
                (r, rs) -> r.intermediate.put(rs.getInt(2), OptunaValues.readValue(rs.getObject(3), rs.getString(4))));
        forEach("SELECT x.trial_id, x.\"key\", x.value_json FROM trial_user_attributes x"
                + " JOIN trials t ON t.trial_id = x.trial_id WHERE t.study_id = ?",
                (r, rs) -> r.userAttrs.put(rs.getString(2), Json.read(rs.getString(3))));
        forEach("SELECT x.trial_id, x.\"key\", x.value_json FROM trial_system_attributes x"
                + " JOIN trials t ON t.trial_id = x.trial_id WHERE t.study_id = ?",
                (r, rs) -> r.systemAttrs.put(rs.getString(2), Json.read(rs.getString(3))));
        Map<Long, FrozenTrial> out = new LinkedHashMap<>();
        rows.forEach((id, r) -> out.put(id, new FrozenTrial(id, r.number, r.state, r.value, Params.of(r.values),
                r.distributions, r.intermediate, r.userAttrs, r.systemAttrs, r.start, r.complete)));
        return out;
    }

    @FunctionalInterface
    private interface RowReader {
        void read(Row row, ResultSet rs) throws SQLException;
    }

    private void forEach(String query, RowReader reader) throws SQLException {
        try (ResultSet rs = sql.query(query, studyId)) {
            while (rs.next()) {
                Row r = rows.get(rs.getLong(1));
                if (r != null) {
                    reader.read(r, rs);
                }
            }
        }
    }
}
