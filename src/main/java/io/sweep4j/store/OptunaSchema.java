package io.sweep4j.store;

import java.util.List;

/**
 * The tables Optuna creates (schema version 12; alembic {@code v3.0.0.d} for Optuna 3.1, {@code v3.2.0.a} for 3.2 to
 * 5.0, which adds one index), statement for statement as in ../shared/optuna-*-schema.sql, so Optuna's Python API,
 * CLI and dashboard read sweep4j's storages as their own. PostgreSQL gets Optuna's native enum types.
 */
final class OptunaSchema {
    /** What v3.2.0.a adds to v3.0.0.d. */
    static final String TRIALS_STUDY_INDEX = "CREATE INDEX ix_trials_study_id ON trials (study_id)";

    static final List<String> TABLES = List.of("studies", "version_info", "study_directions",
            "study_user_attributes", "study_system_attributes", "trials", "trial_user_attributes",
            "trial_system_attributes", "trial_params", "trial_values", "trial_intermediate_values",
            "trial_heartbeats", "alembic_version");

    private static final List<String> SQLITE = List.of("""
            CREATE TABLE studies (
            \tstudy_id INTEGER NOT NULL,\s
            \tstudy_name VARCHAR(512) NOT NULL,\s
            \tPRIMARY KEY (study_id)
            )""",
            "CREATE UNIQUE INDEX ix_studies_study_name ON studies (study_name)",
            """
            CREATE TABLE version_info (
            \tversion_info_id INTEGER NOT NULL,\s
            \tschema_version INTEGER,\s
            \tlibrary_version VARCHAR(256),\s
            \tPRIMARY KEY (version_info_id),\s
            \tCHECK (version_info_id=1)
            )""",
            """
            CREATE TABLE study_directions (
            \tstudy_direction_id INTEGER NOT NULL,\s
            \tdirection VARCHAR(8) NOT NULL,\s
            \tstudy_id INTEGER NOT NULL,\s
            \tobjective INTEGER NOT NULL,\s
            \tPRIMARY KEY (study_direction_id),\s
            \tUNIQUE (study_id, objective),\s
            \tFOREIGN KEY(study_id) REFERENCES studies (study_id)
            )""",
            """
            CREATE TABLE study_user_attributes (
            \tstudy_user_attribute_id INTEGER NOT NULL,\s
            \tstudy_id INTEGER,\s
            \t"key" VARCHAR(512),\s
            \tvalue_json TEXT,\s
            \tPRIMARY KEY (study_user_attribute_id),\s
            \tUNIQUE (study_id, "key"),\s
            \tFOREIGN KEY(study_id) REFERENCES studies (study_id)
            )""",
            """
            CREATE TABLE study_system_attributes (
            \tstudy_system_attribute_id INTEGER NOT NULL,\s
            \tstudy_id INTEGER,\s
            \t"key" VARCHAR(512),\s
            \tvalue_json TEXT,\s
            \tPRIMARY KEY (study_system_attribute_id),\s
            \tUNIQUE (study_id, "key"),\s
            \tFOREIGN KEY(study_id) REFERENCES studies (study_id)
            )""",
            """
            CREATE TABLE trials (
            \ttrial_id INTEGER NOT NULL,\s
            \tnumber INTEGER,\s
            \tstudy_id INTEGER,\s
            \tstate VARCHAR(8) NOT NULL,\s
            \tdatetime_start DATETIME,\s
            \tdatetime_complete DATETIME,\s
            \tPRIMARY KEY (trial_id),\s
            \tFOREIGN KEY(study_id) REFERENCES studies (study_id)
            )""",
            """
            CREATE TABLE trial_user_attributes (
            \ttrial_user_attribute_id INTEGER NOT NULL,\s
            \ttrial_id INTEGER,\s
            \t"key" VARCHAR(512),\s
            \tvalue_json TEXT,\s
            \tPRIMARY KEY (trial_user_attribute_id),\s
            \tUNIQUE (trial_id, "key"),\s
            \tFOREIGN KEY(trial_id) REFERENCES trials (trial_id)
            )""",
            """
            CREATE TABLE trial_system_attributes (
            \ttrial_system_attribute_id INTEGER NOT NULL,\s
            \ttrial_id INTEGER,\s
            \t"key" VARCHAR(512),\s
            \tvalue_json TEXT,\s
            \tPRIMARY KEY (trial_system_attribute_id),\s
            \tUNIQUE (trial_id, "key"),\s
            \tFOREIGN KEY(trial_id) REFERENCES trials (trial_id)
            )""",
            """
            CREATE TABLE trial_params (
            \tparam_id INTEGER NOT NULL,\s
            \ttrial_id INTEGER,\s
            \tparam_name VARCHAR(512),\s
            \tparam_value FLOAT,\s
            \tdistribution_json TEXT,\s
            \tPRIMARY KEY (param_id),\s
            \tUNIQUE (trial_id, param_name),\s
            \tFOREIGN KEY(trial_id) REFERENCES trials (trial_id)
            )""",
            """
            CREATE TABLE trial_values (
            \ttrial_value_id INTEGER NOT NULL,\s
            \ttrial_id INTEGER NOT NULL,\s
            \tobjective INTEGER NOT NULL,\s
            \tvalue FLOAT,\s
            \tvalue_type VARCHAR(7) NOT NULL,\s
            \tPRIMARY KEY (trial_value_id),\s
            \tUNIQUE (trial_id, objective),\s
            \tFOREIGN KEY(trial_id) REFERENCES trials (trial_id)
            )""",
            """
            CREATE TABLE trial_intermediate_values (
            \ttrial_intermediate_value_id INTEGER NOT NULL,\s
            \ttrial_id INTEGER NOT NULL,\s
            \tstep INTEGER NOT NULL,\s
            \tintermediate_value FLOAT,\s
            \tintermediate_value_type VARCHAR(7) NOT NULL,\s
            \tPRIMARY KEY (trial_intermediate_value_id),\s
            \tUNIQUE (trial_id, step),\s
            \tFOREIGN KEY(trial_id) REFERENCES trials (trial_id)
            )""",
            """
            CREATE TABLE trial_heartbeats (
            \ttrial_heartbeat_id INTEGER NOT NULL,\s
            \ttrial_id INTEGER NOT NULL,\s
            \theartbeat DATETIME NOT NULL,\s
            \tPRIMARY KEY (trial_heartbeat_id),\s
            \tUNIQUE (trial_id),\s
            \tFOREIGN KEY(trial_id) REFERENCES trials (trial_id)
            )""",
            """
            CREATE TABLE alembic_version (
            \tversion_num VARCHAR(32) NOT NULL,\s
            \tCONSTRAINT alembic_version_pkc PRIMARY KEY (version_num)
            )""");

    private static final List<String> POSTGRES = List.of(
            "CREATE TYPE studydirection AS ENUM ('NOT_SET', 'MINIMIZE', 'MAXIMIZE')",
            "CREATE TYPE trialintermediatevaluetype AS ENUM ('FINITE', 'INF_POS', 'INF_NEG', 'NAN')",
            "CREATE TYPE trialstate AS ENUM ('RUNNING', 'COMPLETE', 'PRUNED', 'FAIL', 'WAITING')",
            "CREATE TYPE trialvaluetype AS ENUM ('FINITE', 'INF_POS', 'INF_NEG')",
            "CREATE TABLE studies (study_id SERIAL NOT NULL, study_name VARCHAR(512) NOT NULL, PRIMARY KEY (study_id))",
            "CREATE UNIQUE INDEX ix_studies_study_name ON studies (study_name)",
            "CREATE TABLE version_info (version_info_id INTEGER NOT NULL, schema_version INTEGER,"
                    + " library_version VARCHAR(256), PRIMARY KEY (version_info_id), CHECK (version_info_id=1))",
            "CREATE TABLE study_directions (study_direction_id SERIAL NOT NULL, direction studydirection NOT NULL,"
                    + " study_id INTEGER NOT NULL, objective INTEGER NOT NULL, PRIMARY KEY (study_direction_id),"
                    + " UNIQUE (study_id, objective), FOREIGN KEY(study_id) REFERENCES studies (study_id))",
            attributes("study_user_attributes", "study_user_attribute_id", "study_id", "studies"),
            attributes("study_system_attributes", "study_system_attribute_id", "study_id", "studies"),
            "CREATE TABLE trials (trial_id SERIAL NOT NULL, number INTEGER, study_id INTEGER, state trialstate NOT NULL,"
                    + " datetime_start TIMESTAMP WITHOUT TIME ZONE, datetime_complete TIMESTAMP WITHOUT TIME ZONE,"
                    + " PRIMARY KEY (trial_id), FOREIGN KEY(study_id) REFERENCES studies (study_id))",
            attributes("trial_user_attributes", "trial_user_attribute_id", "trial_id", "trials"),
            attributes("trial_system_attributes", "trial_system_attribute_id", "trial_id", "trials"),
            "CREATE TABLE trial_params (param_id SERIAL NOT NULL, trial_id INTEGER, param_name VARCHAR(512),"
                    + " param_value DOUBLE PRECISION, distribution_json TEXT, PRIMARY KEY (param_id),"
                    + " UNIQUE (trial_id, param_name), FOREIGN KEY(trial_id) REFERENCES trials (trial_id))",
            "CREATE TABLE trial_values (trial_value_id SERIAL NOT NULL, trial_id INTEGER NOT NULL,"
                    + " objective INTEGER NOT NULL, value DOUBLE PRECISION, value_type trialvaluetype NOT NULL,"
                    + " PRIMARY KEY (trial_value_id), UNIQUE (trial_id, objective),"
                    + " FOREIGN KEY(trial_id) REFERENCES trials (trial_id))",
            "CREATE TABLE trial_intermediate_values (trial_intermediate_value_id SERIAL NOT NULL,"
                    + " trial_id INTEGER NOT NULL, step INTEGER NOT NULL, intermediate_value DOUBLE PRECISION,"
                    + " intermediate_value_type trialintermediatevaluetype NOT NULL,"
                    + " PRIMARY KEY (trial_intermediate_value_id), UNIQUE (trial_id, step),"
                    + " FOREIGN KEY(trial_id) REFERENCES trials (trial_id))",
            "CREATE TABLE trial_heartbeats (trial_heartbeat_id SERIAL NOT NULL, trial_id INTEGER NOT NULL,"
                    + " heartbeat TIMESTAMP WITHOUT TIME ZONE NOT NULL, PRIMARY KEY (trial_heartbeat_id),"
                    + " UNIQUE (trial_id), FOREIGN KEY(trial_id) REFERENCES trials (trial_id))",
            "CREATE TABLE alembic_version (version_num VARCHAR(32) NOT NULL,"
                    + " CONSTRAINT alembic_version_pkc PRIMARY KEY (version_num))");

    private OptunaSchema() {
    }

    static List<String> sqlite(SchemaRevision revision) {
        return withIndex(SQLITE, revision);
    }

    static List<String> postgres(SchemaRevision revision) {
        return withIndex(POSTGRES, revision);
    }

    private static List<String> withIndex(List<String> tables, SchemaRevision revision) {
        List<String> out = new java.util.ArrayList<>(tables);
        if (revision == SchemaRevision.V3_2_0_A) {
            out.add(TRIALS_STUDY_INDEX);
        }
        return out;
    }

    private static String attributes(String table, String idColumn, String owner, String ownerTable) {
        return "CREATE TABLE " + table + " (" + idColumn + " SERIAL NOT NULL, " + owner + " INTEGER,"
                + " key VARCHAR(512), value_json TEXT, PRIMARY KEY (" + idColumn + "), UNIQUE (" + owner + ", key),"
                + " FOREIGN KEY(" + owner + ") REFERENCES " + ownerTable + " (" + owner + "))";
    }
}
