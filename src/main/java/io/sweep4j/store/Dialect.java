package io.sweep4j.store;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What differs between the SQL backends of Optuna's schema: opening a connection, the DDL, the locks a claim and a
 * creation take, how a trial's end is written, where heartbeats are written, which errors are worth another attempt,
 * and the database's clock.
 */
sealed interface Dialect permits SqliteDialect, PostgresDialect {

    /** Opens a connection, translating a refusal into a message naming the storage and the fix. */
    Connection connect();

    /** Prepares a freshly opened connection (pragmas, session settings); the storage is known to be ours. */
    void configure(Connection conn) throws SQLException;

    /**
     * Changes what the storage itself keeps (SQLite's journal mode), once per connection, just before its first write
     * transaction: a storage opened for writing and then refused, or only read, stays as it was.
     */
    default void beforeFirstWrite(Connection conn) throws SQLException {
    }

    /**
     * The statement that opens a write transaction, or null where the driver opens it with the transaction's first
     * statement (JDBC auto-commit off), which saves a round trip.
     */
    String begin();

    /** The statement that opens a read-only transaction seeing one snapshot of the whole storage. */
    String beginSnapshot();

    /** Names of the tables in the storage's schema. */
    Set<String> tableNames(Connection conn) throws SQLException;

    /** The statements that create Optuna's tables at {@code revision}. */
    List<String> ddl(SchemaRevision revision);

    /** Taken first in a claim: serializes claims (and Optuna's trial creation) on one study; null if none needed. */
    String lockStudy();

    /**
     * A reservation's lock, which also lets its transaction commit without waiting for the disk where the backend
     * can (the synchronous commit of its parameters moments later makes it durable); null if none needed. One
     * statement, as every round trip under the lock is one all workers wait on.
     */
    String lockStudyForReservation();

    /**
     * Inserts a new RUNNING trial numbered {@code number} with its first heartbeat and {@code attrs} as system
     * attributes; its id. The transaction's last statement (a dialect may commit with it).
     */
    long insertRunning(Sql sql, int number, long studyId, String now, Map<String, Object> attrs) throws SQLException;

    /**
     * Removes {@code sweep4j:reserved} from a RUNNING trial and writes its parameter rows ({@code paramRows}: trial id,
     * name, internal value, distribution JSON, for each of {@code params}) and its system attributes; false, writing
     * nothing, if the trial is no longer RUNNING and reserved. The transaction's last statement (a dialect may commit
     * with it).
     */
    boolean writeProposal(Sql sql, long trialId, List<Object> paramRows, int params, Map<String, Object> attrs)
            throws SQLException;

    /**
     * Whether one statement may write several tables ({@code WITH … AS (INSERT …)}): a trial's end then takes one
     * round trip ({@link PostgresWrites}).
     */
    boolean writesSeveralTablesAtOnce();

    /** Appended to a SELECT of a WAITING trial, so two claims never take the same one. */
    String skipLocked();

    /** An SQL expression: seconds from the timestamp column {@code column} to the database's now. */
    String ageSeconds(String column);

    /** An SQL expression for the database's now, as Optuna stores heartbeats. */
    String now();

    /** Whether the failed statement or transaction may succeed if tried again (a lock, a lost connection). */
    boolean isTransient(SQLException e);

    /** Whether the connection is gone (a server restart) and must be opened again before a retry. */
    boolean isConnectionLost(SQLException e);

    /**
     * Serializes, in {@code sql}'s open write transaction, the creation of the schema and of studies: two workers
     * starting at once must not both find none and both create it. Where the transaction's start already takes the
     * one write lock (SQLite) there is nothing to do; under PostgreSQL's read committed there is.
     */
    void lockCreation(Sql sql) throws SQLException;

    /**
     * Ends a RUNNING trial in {@code sql}'s open write transaction: its state, its value if any, its system attributes,
     * no more heartbeat; false if it was not RUNNING (another worker judged it dead), and then nothing is written. The
     * dialects differ in round trips: PostgreSQL, a shared server whose workers wait on each other's, writes it and
     * commits in one statement; SQLite, local and without data-modifying {@code WITH}, row by row.
     */
    boolean finishTrial(Sql sql, long trialId, String state, String completedAt, List<Double> values,
            Map<String, Object> attrs) throws SQLException;

    /**
     * Whether heartbeats are written on the storage's one connection (under its lock) rather than a connection of
     * their own. SQLite has one write lock per file, which a second connection would wait on all the same; on a
     * PostgreSQL connection of its own a beat no longer waits behind a claim waiting for the study row.
     */
    boolean heartbeatsShareTheConnection();
}
