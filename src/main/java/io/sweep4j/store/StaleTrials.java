package io.sweep4j.store;

import io.sweep4j.store.Storage.WorkerRule;
import io.sweep4j.trial.Attributes;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Finds a study's dead RUNNING trials: those whose liveness can be known (a sweep4j worker record, or a heartbeat row
 * as Optuna writes with heartbeats on) and whose worker is known dead or whose heartbeat, aged on the database's
 * clock, is older than the grace. An Optuna worker's trial without heartbeats is never a suspect.
 */
final class StaleTrials {
    private StaleTrials() {
    }

    static List<Long> find(Sql sql, long studyId, WorkerRule<Duration> grace, WorkerRule<Boolean> dead)
            throws SQLException {
        List<Long> ids = new ArrayList<>();
        try (ResultSet rs = sql.query("SELECT t.trial_id, " + sql.dialect().ageSeconds("h.heartbeat") + ","
                + " t.datetime_start, a.value_json FROM trials t"
                + " LEFT JOIN trial_heartbeats h ON h.trial_id = t.trial_id"
                + " LEFT JOIN trial_system_attributes a ON a.trial_id = t.trial_id AND a.\"key\" = ?"
                + " WHERE t.study_id = ? AND t.state = 'RUNNING' ORDER BY t.trial_id", Attributes.WORKER, studyId)) {
            while (rs.next()) {
                long id = rs.getLong(1);
                double age = rs.getDouble(2);
                boolean hasBeat = !rs.wasNull();
                Object w = Json.read(rs.getString(4));
                String worker = w == null ? null : w.toString();
                if (worker == null && !hasBeat) {
                    // an Optuna worker without heartbeats: its liveness cannot be known, so it is left alone
                    continue;
                }
                if (!hasBeat) {
                    Instant start = OptunaValues.parseTime(rs.getString(3));
                    age = start == null ? Double.MAX_VALUE : Duration.between(start, Instant.now()).toMillis() / 1e3;
                }
                if (Boolean.TRUE.equals(dead.apply(id, worker)) || age * 1000 > grace.apply(id, worker).toMillis()) {
                    ids.add(id);
                }
            }
        }
        return ids;
    }
}
