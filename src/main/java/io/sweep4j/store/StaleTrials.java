package io.sweep4j.store;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads a study's RUNNING trials with what their liveness is judged by: the worker record, and the heartbeat's age on
 * the database's clock (the start's when the trial has no heartbeat row). The engine judges; the storage only reads.
 */
final class StaleTrials {
    private StaleTrials() {
    }

    static List<RunningTrial> running(Sql sql, long studyId) throws SQLException {
        List<RunningTrial> out = new ArrayList<>();
        try (ResultSet rs = sql.query("SELECT t.trial_id, " + sql.dialect().ageSeconds("h.heartbeat") + ","
                + " t.datetime_start, a.value_json FROM trials t"
                + " LEFT JOIN trial_heartbeats h ON h.trial_id = t.trial_id"
                + " LEFT JOIN trial_system_attributes a ON a.trial_id = t.trial_id AND a.\"key\" = ?"
                + " WHERE t.study_id = ? AND t.state = 'RUNNING' ORDER BY t.trial_id",
                io.sweep4j.trial.Attributes.WORKER, studyId)) {
            while (rs.next()) {
                long id = rs.getLong(1);
                double age = rs.getDouble(2);
                boolean hasBeat = !rs.wasNull();
                Object w = Json.read(rs.getString(4));
                if (!hasBeat) {
                    Instant start = OptunaValues.parseTime(rs.getString(3));
                    age = start == null ? Double.MAX_VALUE : Duration.between(start, Instant.now()).toMillis() / 1e3;
                }
                out.add(new RunningTrial(id, w == null ? null : w.toString(), hasBeat, age));
            }
        }
        return out;
    }
}
