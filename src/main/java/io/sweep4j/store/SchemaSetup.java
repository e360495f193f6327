package io.sweep4j.store;

import io.sweep4j.space.UsageException;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Opens Optuna's schema in a storage: refuses one that holds other tables or an unknown revision before anything
 * is written, creates the tables in an empty one at the requested revision, and upgrades on request only.
 */
final class SchemaSetup {
    static final List<String> TABLES = List.of("studies", "version_info", "study_directions",
            "study_user_attributes", "study_system_attributes", "trials", "trial_user_attributes",
            "trial_system_attributes", "trial_params", "trial_values", "trial_intermediate_values",
            "trial_heartbeats", "alembic_version");

    private SchemaSetup() {
    }

    /**
     * Checks the storage is ours (or empty) and at the {@code asked} revision if one was asked for, configures the
     * connection, and creates the tables (at {@code asked}, or the default) if needed.
     */
    static void prepare(Sql sql, String given, Optional<SchemaRevision> asked) throws SQLException {
        Dialect dialect = sql.dialect();
        Set<String> existing = sql.withRetry(() -> dialect.tableNames(sql.connection()), null);
        if (!existing.isEmpty() && !existing.containsAll(TABLES)) {
            throw new UsageException("storage", given, "it holds other tables " + new java.util.TreeSet<>(existing)
                    + ", not an Optuna/sweep4j study database; choose another one (nothing was written to it)");
        }
        if (existing.isEmpty() && sql.readOnly()) {
            throw new UsageException("storage", given, "it holds no study yet; run a study into it first");
        }
        if (!existing.isEmpty()) {
            check(storedRevision(sql), asked, given);
        }
        if (sql.readOnly()) {
            return;
        }
        // only now, with the storage known to be ours (or empty), may the session's settings change; what the file
        // keeps (SQLite's journal mode) changes only before the first write (Dialect.beforeFirstWrite)
        sql.withRetry(() -> {
            dialect.configure(sql.connection());
            return null;
        }, null);
        if (existing.isEmpty()) {
            sql.inTransaction(() -> {
                dialect.lockCreation(sql);
                // several processes may start on a new storage at once: the first to get the lock creates it
                if (!dialect.tableNames(sql.connection()).isEmpty()) {
                    return null;
                }
                SchemaRevision revision = asked.orElse(SchemaRevision.DEFAULT);
                sql.executeAll(dialect.ddl(revision));
                sql.update("INSERT INTO version_info (version_info_id, schema_version, library_version)"
                        + " VALUES (1, ?, ?)", SchemaRevision.SCHEMA_VERSION, revision.libraryVersion());
                sql.update("INSERT INTO alembic_version (version_num) VALUES (?)", revision.alembic());
                return null;
            }, null);
        }
    }

    /** The stored revision; an unknown one (a newer Optuna's) is refused naming the fix. */
    static SchemaRevision revision(Sql sql, String given) throws SQLException {
        return known(storedRevision(sql), given);
    }

    private static String storedRevision(Sql sql) throws SQLException {
        try (ResultSet rs = sql.query("SELECT version_num FROM alembic_version")) {
            return rs.next() ? rs.getString(1) : null;
        }
    }

    /**
     * The stored revision {@code v}, refused if sweep4j does not know it or it is not the one {@code asked} for: an
     * existing storage keeps its revision, so a request for another one can only be a mistake (or an upgrade).
     */
    static SchemaRevision check(String v, Optional<SchemaRevision> asked, String given) {
        SchemaRevision stored = known(v, given);
        if (asked.isPresent() && asked.get() != stored) {
            String fix = stored.compareTo(asked.get()) < 0
                    ? "move it with `sweep upgrade " + given + "` (Optuna 3.1 cannot read it then)"
                    : "revisions only move forward, so for Optuna 3.1 create a new storage";
            throw new UsageException("storage", given, "it is at schema revision " + stored + ", not the "
                    + asked.get() + " asked for (?revision= or .schemaRevision()); an existing storage keeps its"
                    + " revision: drop the request to use it as it is, or " + fix + "; nothing was written to it");
        }
        return stored;
    }

    /** {@code v} as a revision sweep4j reads; any other (a newer Optuna's) is refused naming the fix. */
    static SchemaRevision known(String v, String given) {
        for (SchemaRevision r : SchemaRevision.values()) {
            if (r.alembic().equals(v)) {
                return r;
            }
        }
        throw new UsageException("storage", given, "its Optuna schema revision is " + v + ", which sweep4j does not"
                + " know (it reads v3.0.0.d and v3.2.0.a, Optuna 3.0 to 5.0); use the Optuna that wrote it, or a"
                + " sweep4j that knows that revision (nothing was written to it)");
    }

    /** Refuses to move a storage at {@code from} back to {@code target}. */
    static void checkUpgrade(SchemaRevision from, SchemaRevision target) {
        if (from.compareTo(target) > 0) {
            throw new UsageException("--to", target.alembic(), "the storage is at " + from.alembic()
                    + " already; revisions only move forward (Optuna 3.1 cannot read it: use Optuna 3.2 or later;"
                    + " nothing was written to it)");
        }
    }

    /**
     * Moves the storage to {@code target} in one transaction, as {@code optuna storage upgrade} does; returns the
     * revision it had. Only upgrades: Optuna's revisions add, so going back would leave the index behind.
     */
    static SchemaRevision upgrade(Sql sql, String given, SchemaRevision target) {
        return sql.inTransaction(() -> {
            SchemaRevision from = revision(sql, given);
            checkUpgrade(from, target);
            if (from == SchemaRevision.V3_0_0_D && target == SchemaRevision.V3_2_0_A) {
                sql.executeAll(List.of(OptunaSchema.TRIALS_STUDY_INDEX));
                sql.update("UPDATE alembic_version SET version_num = ?", target.alembic());
                sql.update("UPDATE version_info SET library_version = ?", target.libraryVersion());
            }
            return from;
        }, null);
    }
}
