package io.sweep4j.store;

import io.sweep4j.trial.Attributes;
import io.sweep4j.trial.StepReport;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Map;

/**
 * A trial's start (a reservation, with its attributes), a reserved trial's parameters, a step's report and a
 * trial's end as one statement each on PostgreSQL, whose data-modifying {@code WITH} clauses write several tables at
 * once: a shared server's workers wait on each other's round trips, the start's under the study's lock. SQLite,
 * local and without such clauses, writes row by row.
 */
final class PostgresWrites {
    private PostgresWrites() {
    }

    /**
     * Inserts a RUNNING trial with its first heartbeat on the database's clock, its parameters ({@code params}: name,
     * internal value, distribution JSON, for each) and its system attributes (either may be empty: a reservation);
     * its id. A whole claim's writes and its commit in one round trip: the study's lock, held since the claim
     * read the study, is released without waiting for this client again. The transaction's last statement.
     */
    static long insertRunningWith(Sql sql, int number, long studyId, String now, List<Object> params,
            Map<String, Object> attrs) throws SQLException {
        List<Object> args = new ArrayList<>(List.of(number, studyId, now));
        StringBuilder q = new StringBuilder("WITH t AS (INSERT INTO trials (number, study_id, state, datetime_start)"
                + " VALUES (?, ?, 'RUNNING', ?) RETURNING trial_id), h AS (INSERT INTO trial_heartbeats (trial_id,"
                + " heartbeat) SELECT trial_id, " + sql.dialect().now() + " FROM t)");
        if (!params.isEmpty()) {
            q.append(", p AS (INSERT INTO trial_params (trial_id, param_name, param_value, distribution_json)"
                    + " SELECT t.trial_id, v.n, v.x, v.d FROM t, (VALUES ")
                    .append(String.join(", ", Collections.nCopies(params.size() / 3,
                            "(CAST(? AS VARCHAR), CAST(? AS DOUBLE PRECISION), CAST(? AS TEXT))")))
                    .append(") AS v(n, x, d))");
            args.addAll(params);
        }
        if (!attrs.isEmpty()) {
            q.append(", a AS (").append(attributesOf("t", attrs, args)).append(")");
        }
        try (ResultSet rs = sql.queryThenCommit(q.append(" SELECT trial_id FROM t").toString(), args.toArray())) {
            rs.next();
            return rs.getLong(1);
        }
    }

    /**
     * Ends a RUNNING trial and commits, in one round trip: its state, its value of each objective if any, its system
     * attributes, no more heartbeat; false if it was not RUNNING (another worker judged it dead), and then nothing is
     * written.
     */
    static boolean finishAndCommit(Sql sql, long trialId, String state, String completedAt,
            List<Double> objectiveValues, Map<String, Object> attrs) throws SQLException {
        List<Object> args = new ArrayList<>(List.of(state, completedAt, trialId));
        String values = "";
        if (!objectiveValues.isEmpty()) {
            values = " v AS (INSERT INTO trial_values (trial_id, objective, value, value_type) SELECT ended.trial_id,"
                    + " ov.o, ov.x, ov.t FROM ended, (VALUES " + String.join(", ", Collections.nCopies(
                            objectiveValues.size(), "(CAST(? AS INTEGER), CAST(? AS DOUBLE PRECISION),"
                                    + " CAST(? AS trialvaluetype))")) + ") AS ov(o, x, t)),";
            for (int k = 0; k < objectiveValues.size(); k++) {
                double v = objectiveValues.get(k);
                args.add(k);
                args.add(OptunaValues.finiteOrNull(v));
                args.add(OptunaValues.valueType(v));
            }
        }
        String attributes = attrs.isEmpty() ? "" : " a AS (" + attributesOf("ended", attrs, args) + "),";
        try (ResultSet rs = sql.queryThenCommit("WITH ended AS (UPDATE trials SET state = ?, datetime_complete = ?"
                + " WHERE trial_id = ? AND state = 'RUNNING' RETURNING trial_id)," + values + attributes
                + " h AS (DELETE FROM trial_heartbeats WHERE trial_id IN (SELECT trial_id FROM ended))"
                + " SELECT count(*) FROM ended", args.toArray())) {
            rs.next();
            return rs.getInt(1) > 0;
        }
    }

    /**
     * Stores one step's report and commits, in one round trip: its intermediate value if it has one, its user and
     * system attributes. The transaction's last statement.
     */
    static void reportAndCommit(Sql sql, long trialId, StepReport report) throws SQLException {
        List<Object> args = new ArrayList<>();
        List<String> writes = new ArrayList<>();
        report.value().ifPresent(v -> {
            writes.add(JdbcStorage.UPSERT_INTERMEDIATE);
            args.addAll(Arrays.asList(trialId, report.step(), OptunaValues.finiteOrNull(v),
                    OptunaValues.intermediateType(v)));
        });
        if (!report.userAttributes().isEmpty()) {
            writes.add(AttributeRows.upsertAll("trial_user_attributes", trialId, report.userAttributes(), args));
        }
        if (!report.systemAttributes().isEmpty()) {
            writes.add(AttributeRows.upsertAll("trial_system_attributes", trialId, report.systemAttributes(), args));
        }
        if (writes.isEmpty()) {
            return;
        }
        StringBuilder q = new StringBuilder();
        for (int i = 0; i < writes.size() - 1; i++) {
            q.append(i == 0 ? "WITH " : ", ").append("w").append(i).append(" AS (").append(writes.get(i)).append(")");
        }
        sql.updateThenCommit(q.append(q.length() == 0 ? "" : " ").append(writes.get(writes.size() - 1)).toString(),
                args.toArray());
    }

    /**
     * Drops a RUNNING trial's {@code sweep4j:reserved} and writes its parameters ({@code paramRows}: trial id, name,
     * internal value, distribution JSON, for each; kept if already there) and system attributes, and commits, in one
     * round trip; false if the trial was not RUNNING and reserved, and then nothing is written.
     */
    static boolean proposalAndCommit(Sql sql, long trialId, List<Object> paramRows, int params,
            Map<String, Object> attrs) throws SQLException {
        List<Object> args = new ArrayList<>(List.of(trialId, Attributes.RESERVED, trialId));
        StringBuilder q = new StringBuilder("WITH d AS (DELETE FROM trial_system_attributes WHERE trial_id = ? AND"
                + " \"key\" = ? AND trial_id IN (SELECT trial_id FROM trials WHERE trial_id = ? AND state = 'RUNNING')"
                + " RETURNING trial_id)");
        if (params > 0) {
            q.append(", p AS (INSERT INTO trial_params (trial_id, param_name, param_value, distribution_json)"
                    + " SELECT d.trial_id, v.n, v.x, v.j FROM d, (VALUES ")
                    .append(String.join(", ", Collections.nCopies(params,
                            "(CAST(? AS VARCHAR), CAST(? AS DOUBLE PRECISION), CAST(? AS TEXT))")))
                    .append(") AS v(n, x, j) ON CONFLICT (trial_id, param_name) DO NOTHING)");
            for (int i = 0; i < paramRows.size(); i += 4) {
                args.addAll(paramRows.subList(i + 1, i + 4)); // the trial id comes from d
            }
        }
        if (!attrs.isEmpty()) {
            q.append(", a AS (").append(attributesOf("d", attrs, args)).append(")");
        }
        try (ResultSet rs = sql.queryThenCommit(q.append(" SELECT count(*) FROM d").toString(), args.toArray())) {
            rs.next();
            return rs.getInt(1) > 0;
        }
    }

    /**
     * An INSERT of {@code attrs} as system attributes of the trial that the CTE {@code trial} returns (replacing any
     * already there); adds its arguments (key and value JSON, for each) to {@code args}.
     */
    private static String attributesOf(String trial, Map<String, Object> attrs, List<Object> args) {
        for (var e : attrs.entrySet()) {
            args.add(e.getKey());
            args.add(Json.write(e.getValue()));
        }
        return "INSERT INTO trial_system_attributes (trial_id, \"key\", value_json) SELECT " + trial + ".trial_id,"
                + " v.k, v.j FROM " + trial + ", (VALUES "
                + String.join(", ", Collections.nCopies(attrs.size(), "(CAST(? AS VARCHAR), CAST(? AS TEXT))"))
                + ") AS v(k, j) ON CONFLICT (trial_id, \"key\") DO UPDATE SET value_json = excluded.value_json";
    }
}
