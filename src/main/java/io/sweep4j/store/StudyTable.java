package io.sweep4j.store;

import io.sweep4j.trial.Direction;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Studies in Optuna's tables: name, directions (one per objective) and system attributes. */
final class StudyTable {
    private final Sql sql;

    StudyTable(Sql sql) {
        this.sql = sql;
    }

    StudyInfo insert(String name, List<Direction> directions, Map<String, Object> systemAttributes)
            throws SQLException {
        long id = sql.insert("INSERT INTO studies (study_name) VALUES (?)", "study_id", name);
        for (int k = 0; k < directions.size(); k++) {
            sql.update("INSERT INTO study_directions (direction, study_id, objective) VALUES (?, ?, ?)",
                    directions.get(k).name(), id, k);
        }
        for (var e : systemAttributes.entrySet()) {
            Names.check("study system attribute key", e.getKey());
            sql.update("INSERT INTO study_system_attributes (study_id, \"key\", value_json) VALUES (?, ?, ?)", id,
                    e.getKey(), Json.write(e.getValue()));
        }
        return new StudyInfo(id, name, directions, systemAttributes);
    }

    Optional<StudyInfo> find(String name) throws SQLException {
        Long id = null;
        try (ResultSet rs = sql.query("SELECT study_id FROM studies WHERE study_name = ?", name)) {
            if (rs.next()) {
                id = rs.getLong(1);
            }
        }
        return id == null ? Optional.empty() : Optional.of(load(id, name));
    }

    List<StudyInfo> all() throws SQLException {
        Map<Long, String> rows = new LinkedHashMap<>();
        try (ResultSet rs = sql.query("SELECT study_id, study_name FROM studies ORDER BY study_id")) {
            while (rs.next()) {
                rows.put(rs.getLong(1), rs.getString(2));
            }
        }
        List<StudyInfo> out = new ArrayList<>();
        for (var r : rows.entrySet()) {
            out.add(load(r.getKey(), r.getValue()));
        }
        return out;
    }

    private StudyInfo load(long id, String name) throws SQLException {
        List<Direction> directions = directions(sql, id);
        Map<String, Object> attrs = new LinkedHashMap<>();
        try (ResultSet rs = sql.query("SELECT \"key\", value_json FROM study_system_attributes WHERE study_id = ?",
                id)) {
            while (rs.next()) {
                Object v = Json.read(rs.getString(2));
                if (v != null) {
                    attrs.put(rs.getString(1), v);
                }
            }
        }
        return new StudyInfo(id, name, directions, attrs);
    }

    /** The study's direction of each objective, objective 0 first (minimize where none is stored, as Optuna). */
    static List<Direction> directions(Sql sql, long studyId) throws SQLException {
        List<Direction> directions = new ArrayList<>();
        try (ResultSet rs = sql.query("SELECT direction FROM study_directions WHERE study_id = ? ORDER BY objective",
                studyId)) {
            while (rs.next()) {
                String d = rs.getString(1);
                // NOT_SET: a direction Optuna never fixed; minimize is what Optuna then assumes
                directions.add(d.equals("NOT_SET") ? Direction.MINIMIZE : Direction.valueOf(d));
            }
        }
        if (directions.isEmpty()) {
            directions.add(Direction.MINIMIZE);
        }
        return directions;
    }
}
