package io.sweep4j.store;

import io.sweep4j.space.UsageException;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;

/**
 * One connection with its prepared statements, transactions and retries. Not thread-safe: its owner serializes
 * calls.
 *
 * <p>BEGIN/COMMIT are issued as statements, not through JDBC's {@code setAutoCommit(false)}: sqlite-jdbc's
 * {@code commit()} immediately opens the next transaction ({@code COMMIT; BEGIN IMMEDIATE}), which takes the write
 * lock a second time per change and can fail with SQLITE_BUSY <em>after</em> the data was committed, so a retry would
 * apply the change twice. Here a transaction is retried only if it did not commit. On SQLite, IMMEDIATE takes the
 * write lock before the first read, so a transaction never upgrades a read snapshot to a write one. On PostgreSQL
 * (no BEGIN statement in its dialect) auto-commit is turned off for the transaction instead: pgjdbc sends BEGIN with
 * the transaction's first statement, which saves a round trip per transaction, and its {@code commit()} opens
 * nothing after it.
 */
final class Sql implements AutoCloseable {
    private static final int MAX_ATTEMPTS = 50;

    private final Dialect dialect;
    private final String location;
    private final boolean readOnly;
    private final Map<String, PreparedStatement> statements = new HashMap<>();
    private Connection conn;
    private boolean writtenBefore;

    Sql(Dialect dialect, String location, boolean readOnly, Connection conn) {
        this.dialect = dialect;
        this.location = location;
        this.readOnly = readOnly;
        this.conn = conn;
    }

    /** A unit of work on the connection. */
    @FunctionalInterface
    interface Work<T> {
        T run() throws SQLException;
    }

    Connection connection() {
        return conn;
    }

    Dialect dialect() {
        return dialect;
    }

    boolean readOnly() {
        return readOnly;
    }

    /** Runs reads, retried while transient failures last. */
    <T> T read(Work<T> work) {
        try {
            return withRetry(work, null);
        } catch (SQLException e) {
            throw new StorageException("reading " + location + " failed", e);
        }
    }

    /**
     * Runs reads that must see one moment of the storage (a history, read table by table while other workers commit
     * trials' parameters), in one read-only transaction, retried while transient failures last.
     */
    <T> T snapshot(Work<T> work) {
        try {
            return withRetry(() -> {
                if (dialect.begin() == null) {
                    conn.setAutoCommit(false);
                }
                execute(dialect.beginSnapshot());
                boolean ended = false;
                try {
                    T result = work.run();
                    commit();
                    ended = true;
                    return result;
                } finally {
                    if (!ended) {
                        rollbackQuietly();
                    }
                }
            }, null);
        } catch (SQLException e) {
            throw new StorageException("reading " + location + " failed", e);
        }
    }

    /** Runs {@code work} in one write transaction, retried with backoff if it failed for a transient reason. */
    <T> T inTransaction(Work<T> work, Runnable onRollback) {
        if (readOnly) {
            throw new UsageException("storage", location, "opened read-only; open it for writing to change it");
        }
        try {
            return withRetry(() -> {
                if (!writtenBefore) {
                    dialect.beforeFirstWrite(conn);
                    writtenBefore = true;
                }
                begin();
                boolean committed = false;
                try {
                    T result = work.run();
                    commit();
                    committed = true;
                    return result;
                } finally {
                    if (!committed) {
                        rollbackQuietly();
                        if (onRollback != null) {
                            onRollback.run();
                        }
                    }
                }
            }, onRollback);
        } catch (SQLException e) {
            throw new StorageException("writing to " + location + " failed", e);
        }
    }

    <T> T withRetry(Work<T> work, Runnable onRetry) throws SQLException {
        for (int attempt = 1;; attempt++) {
            try {
                return work.run();
            } catch (SQLException | StorageException e) {
                // code called back inside the work (a sampler reading the history during a claim) cannot throw
                // SQLException and wraps it: a session ended by a server restart there is as transient as anywhere
                SQLException cause = e instanceof SQLException s ? s
                        : e.getCause() instanceof SQLException s ? s : null;
                if (cause == null || !dialect.isTransient(cause) || attempt >= MAX_ATTEMPTS) {
                    throw e;
                }
                try {
                    Thread.sleep(Math.min(1000, 5L << Math.min(attempt, 8)) + ThreadLocalRandom.current().nextInt(10));
                } catch (InterruptedException ie) {
                    Thread.currentThread().interrupt();
                    throw e;
                }
                if (dialect.isConnectionLost(cause)) {
                    reconnect();
                }
                if (onRetry != null) {
                    onRetry.run();
                }
            }
        }
    }

    private void reconnect() {
        closeStatements();
        try {
            conn.close();
        } catch (SQLException ignored) {
            // the old connection is broken already
        }
        try {
            conn = dialect.connect();
            writtenBefore = false;
            dialect.configure(conn);
        } catch (RuntimeException | SQLException e) {
            // the server is still down: the next attempt fails as lost again and comes back here
            conn = lostConnection();
        }
    }

    /** Stands in for a connection that could not be opened again: every use fails as a lost connection. */
    private static Connection lostConnection() {
        return (Connection) Proxy.newProxyInstance(Sql.class.getClassLoader(), new Class<?>[] {Connection.class},
                (proxy, method, args) -> {
                    if (method.getName().equals("close")) {
                        return null;
                    }
                    throw new SQLException("the database server is unreachable", "08003");
                });
    }

    void execute(String sql) throws SQLException {
        prepare(sql).execute();
    }

    private void begin() throws SQLException {
        if (dialect.begin() != null) {
            execute(dialect.begin());
        } else {
            conn.setAutoCommit(false);
        }
    }

    private void commit() throws SQLException {
        if (dialect.begin() != null) {
            execute("COMMIT");
        } else {
            conn.commit();
            conn.setAutoCommit(true); // no transaction is open: nothing is sent
        }
    }

    private void rollbackQuietly() {
        try {
            if (dialect.begin() != null) {
                execute("ROLLBACK");
            } else {
                conn.rollback();
            }
        } catch (SQLException ignored) {
            // no transaction was open (BEGIN failed) or it is gone already; the original failure is the one to report
        }
        if (dialect.begin() == null) {
            try {
                conn.setAutoCommit(true);
            } catch (SQLException ignored) {
                // the connection is gone; a retry opens a new one, in auto-commit
            }
        }
    }

    private PreparedStatement prepare(String sql) throws SQLException {
        PreparedStatement ps = statements.get(sql);
        if (ps == null) {
            ps = conn.prepareStatement(sql);
            statements.put(sql, ps);
        }
        return ps;
    }

    private PreparedStatement bind(String sql, Object... args) throws SQLException {
        PreparedStatement ps = prepare(sql);
        for (int i = 0; i < args.length; i++) {
            Object a = args[i];
            if (a == null) {
                ps.setNull(i + 1, Types.NULL);
            } else {
                ps.setObject(i + 1, a);
            }
        }
        return ps;
    }

    ResultSet query(String sql, Object... args) throws SQLException {
        return bind(sql, args).executeQuery();
    }

    /**
     * Runs {@code first} then {@code second} in one round trip (pgjdbc sends both before it waits for the server) and
     * returns the second's rows; {@code args} bind the first's parameters, then the second's. Each statement of the
     * pair takes its own snapshot, so the second sees what committed while the first waited for a lock.
     */
    ResultSet queryAfter(String first, String second, Object... args) throws SQLException {
        PreparedStatement ps = bind(first + "; " + second, args);
        ps.execute();
        if (!ps.getMoreResults()) {
            throw new SQLException("no rows from the second of two statements: " + second);
        }
        return ps.getResultSet();
    }

    /**
     * Runs {@code sql} and then COMMIT in one round trip (pgjdbc sends both before it waits) and returns the first's
     * rows: the transaction's locks are released as soon as the server has run {@code sql}, not one more round trip
     * later, which a study's other workers would wait through. For PostgreSQL (auto-commit off) only, and as the
     * transaction's last statement: the transaction's own commit then finds nothing open and sends nothing.
     */
    ResultSet queryThenCommit(String sql, Object... args) throws SQLException {
        PreparedStatement ps = bind(sql + "; COMMIT", args);
        ps.execute();
        ResultSet rs = ps.getResultSet();
        if (rs == null) {
            throw new SQLException("no rows from a statement that returns rows: " + sql);
        }
        return rs;
    }

    /** {@link #queryThenCommit} for a statement that returns no rows. */
    void updateThenCommit(String sql, Object... args) throws SQLException {
        bind(sql + "; COMMIT", args).execute();
    }

    int update(String sql, Object... args) throws SQLException {
        return bind(sql, args).executeUpdate();
    }

    /** Inserts one row and returns its key column {@code key} (RETURNING: SQLite 3.35+ and PostgreSQL). */
    long insert(String sql, String key, Object... args) throws SQLException {
        try (ResultSet rs = query(sql + " RETURNING " + key, args)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    /** Runs statements that change the schema (DDL), not cached. */
    void executeAll(Iterable<String> ddl) throws SQLException {
        try (Statement st = conn.createStatement()) {
            for (String s : ddl) {
                st.execute(s);
            }
        }
    }

    private void closeStatements() {
        for (PreparedStatement ps : statements.values()) {
            try {
                ps.close();
            } catch (SQLException ignored) {
                // closing: nothing left to protect
            }
        }
        statements.clear();
    }

    @Override
    public void close() {
        closeStatements();
        try {
            conn.close();
        } catch (SQLException ignored) {
            // closing: nothing left to protect
        }
    }
}
