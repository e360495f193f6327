package io.sweep4j.store;

import java.util.List;

/**
 * The tables Optuna 3.x creates in SQLite (schema version 12, alembic head {@code v3.0.0.d}), statement for
 * statement, so Optuna's Python API, CLI and dashboard read sweep4j's files as their own.
 */
final class OptunaSchema {
    static final String ALEMBIC_VERSION = "v3.0.0.d";
    static final int SCHEMA_VERSION = 12;
    static final String LIBRARY_VERSION = "3.1.0";

    static final List<String> TABLES = List.of("studies", "version_info", "study_directions",
            "study_user_attributes", "study_system_attributes", "trials", "trial_user_attributes",
            "trial_system_attributes", "trial_params", "trial_values", "trial_intermediate_values",
            "trial_heartbeats", "alembic_version");

    static final List<String> DDL = List.of("""
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

    private OptunaSchema() {
    }
}
