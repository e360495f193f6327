package io.sweep4j.store;

import io.sweep4j.trial.Direction;
import io.sweep4j.trial.FrozenTrial;
import io.sweep4j.trial.History;
import io.sweep4j.trial.TrialState;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * {@link Storage#glimpse} on Optuna's tables: the counts and the last activity by one aggregate, the sample's trial
 * ids by a few bounded queries (the database sorts; nothing is read for the trials left out), then those trials by
 * id ({@link TrialBulkRead}): a few hundred trials read where the full read reads all of them.
 */
final class GlimpseRead {
    private GlimpseRead() {
    }

    static StudyGlimpse read(Sql sql, long studyId, int limit) throws SQLException {
        List<Direction> directions = new ArrayList<>();
        try (ResultSet rs = sql.query("SELECT direction FROM study_directions WHERE study_id = ? ORDER BY objective",
                studyId)) {
            while (rs.next()) {
                directions.add(Direction.valueOf(rs.getString(1)));
            }
        }
        if (directions.isEmpty()) {
            directions.add(Direction.MINIMIZE);
        }
        // several objectives: the best picks are the first objective's, a sample of the front's side of the study
        Direction direction = directions.get(0);
        Map<TrialState, Integer> counts = new EnumMap<>(TrialState.class);
        Instant last = null;
        try (ResultSet rs = sql.query("SELECT state, COUNT(*), MAX(datetime_start), MAX(datetime_complete)"
                + " FROM trials WHERE study_id = ? GROUP BY state", studyId)) {
            while (rs.next()) {
                counts.put(TrialState.valueOf(rs.getString(1)), rs.getInt(2));
                for (int c = 3; c <= 4; c++) {
                    Instant i = OptunaValues.parseTime(rs.getString(c));
                    if (i != null && (last == null || i.isAfter(last))) {
                        last = i;
                    }
                }
            }
        }
        int total = counts.values().stream().mapToInt(Integer::intValue).sum();
        Set<Long> ids = new LinkedHashSet<>();
        if (total <= limit) {
            ids(sql, ids, "SELECT trial_id FROM trials WHERE study_id = ?", studyId);
        } else {
            StudyGlimpse.Picks p = StudyGlimpse.picks(total, limit);
            ids(sql, ids, "SELECT trial_id FROM trials WHERE study_id = ? AND state IN ('RUNNING', 'WAITING')"
                    + " ORDER BY trial_id DESC LIMIT ?", studyId, p.unfinished());
            // the order History.ranked() has: infinite values beyond every finite one, ties by number
            String first = direction == Direction.MAXIMIZE ? "INF_POS" : "INF_NEG";
            ids(sql, ids, "SELECT t.trial_id FROM trials t JOIN trial_values v ON v.trial_id = t.trial_id"
                    + " AND v.objective = 0 WHERE t.study_id = ? AND t.state = 'COMPLETE'"
                    + " ORDER BY CASE WHEN v.value_type = '" + first + "' THEN 0 WHEN v.value_type = 'FINITE' THEN 1"
                    + " ELSE 2 END, v.value " + (direction == Direction.MAXIMIZE ? "DESC" : "ASC") + ", t.number"
                    + " LIMIT ?", studyId, p.best());
            // the latest by id, which the study index holds in order (ids are taken in number order; see TrialReader)
            ids(sql, ids, "SELECT trial_id FROM trials WHERE study_id = ? ORDER BY trial_id DESC LIMIT ?", studyId,
                    p.latest());
            ids(sql, ids, "SELECT trial_id FROM trials WHERE study_id = ? AND number % ? = 0", studyId,
                    p.spreadStep());
        }
        List<FrozenTrial> sample = new ArrayList<>(TrialBulkRead.read(sql, studyId, ids).values());
        sample.sort(Comparator.comparingInt(FrozenTrial::number));
        return new StudyGlimpse(counts, last, new History(directions, sample));
    }

    private static void ids(Sql sql, Set<Long> into, String query, Object... args) throws SQLException {
        try (ResultSet rs = sql.query(query, args)) {
            while (rs.next()) {
                into.add(rs.getLong(1));
            }
        }
    }
}
