package io.sweep4j.store;

import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Optuna's four attribute tables: one row per owner and key, its value as JSON. */
final class AttributeRows {
    private AttributeRows() {
    }

    /** Sets {@code key} of the study or trial {@code ownerId} in {@code table} (owner column from the table name). */
    static int upsert(Sql sql, String table, long ownerId, String key, Object value) throws SQLException {
        String owner = table.startsWith("study_") ? "study_id" : "trial_id";
        return sql.update("INSERT INTO " + table + " (" + owner + ", \"key\", value_json) VALUES (?, ?, ?)"
                + " ON CONFLICT (" + owner + ", \"key\") DO UPDATE SET value_json = excluded.value_json",
                ownerId, key, Json.write(value));
    }

    /** Sets every entry of {@code attrs} in one statement (a claim's attributes: one round trip, not one each). */
    static void upsertAll(Sql sql, String table, long ownerId, Map<String, Object> attrs) throws SQLException {
        if (attrs.isEmpty()) {
            return;
        }
        List<Object> args = new ArrayList<>(3 * attrs.size());
        sql.update(upsertAll(table, ownerId, attrs, args), args.toArray());
    }

    /** The statement that sets every entry of {@code attrs} (not empty); adds its arguments to {@code args}. */
    static String upsertAll(String table, long ownerId, Map<String, Object> attrs, List<Object> args) {
        String owner = table.startsWith("study_") ? "study_id" : "trial_id";
        for (var e : attrs.entrySet()) {
            args.add(ownerId);
            args.add(e.getKey());
            args.add(Json.write(e.getValue()));
        }
        return "INSERT INTO " + table + " (" + owner + ", \"key\", value_json) VALUES "
                + String.join(", ", java.util.Collections.nCopies(attrs.size(), "(?, ?, ?)"))
                + " ON CONFLICT (" + owner + ", \"key\") DO UPDATE SET value_json = excluded.value_json";
    }
}
