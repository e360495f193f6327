package io.sweep4j.store;

import io.sweep4j.space.UsageException;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;

/**
 * PostgreSQL through pgjdbc: Optuna's native enum types, a claim locks the study row as Optuna's trial creation
 * does (so numbers stay dense and unique across sweep4j and Optuna workers), WAITING trials are taken with
 * {@code FOR UPDATE SKIP LOCKED}, heartbeats on the server's clock, lost connections reopened.
 */
final class PostgresDialect implements Dialect {
    /** How long a connection waits for a server that is restarting (shutting down, then starting up). */
    private static final long RESTART_WAIT_NANOS = 60_000_000_000L;
    private final StorageUrl.Postgres url;

    PostgresDialect(StorageUrl.Postgres url) {
        this.url = url;
    }

    @Override
    public Connection connect() {
        Properties props = new Properties();
        String user = url.user() != null ? url.user() : System.getProperty("user.name");
        props.setProperty("user", user);
        String password = url.password().orElse(System.getenv("PGPASSWORD"));
        if (password != null) {
            props.setProperty("password", password);
        }
        // enum columns take the strings we bind; without this pgjdbc sends them as varchar and the server refuses
        props.setProperty("stringtype", "unspecified");
        props.setProperty("ApplicationName", "sweep4j");
        props.setProperty("connectTimeout", "10");
        boolean serverAnswered = false;
        long deadline = System.nanoTime() + RESTART_WAIT_NANOS;
        for (int attempt = 1;; attempt++) {
            try {
                return DriverManager.getConnection("jdbc:postgresql://" + url.host() + ":" + url.port() + "/"
                        + url.database(), props);
            } catch (SQLException e) {
                String state = e.getSQLState() == null ? "" : e.getSQLState();
                // a server shutting down or starting up (a restart, a failover) says so: wait for it, also through the
                // moment it refuses connections in between. A server that never answered is a wrong URL: say so now
                serverAnswered |= state.startsWith("57P");
                boolean restarting = state.startsWith("57P") || (serverAnswered && state.startsWith("08"));
                if (!restarting || System.nanoTime() > deadline) {
                    throw refusal(e, user);
                }
                sleep(Math.min(1000, 10L << Math.min(attempt, 7)));
            }
        }
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException ie) {
            Thread.currentThread().interrupt();
            throw new StorageException("interrupted while waiting for the PostgreSQL server to come back", ie);
        }
    }

    /** The server's refusal as a usage error: what, the value (never a password), and the fix. */
    private UsageException refusal(SQLException e, String user) {
        String state = e.getSQLState() == null ? "" : e.getSQLState();
        String fix = switch (state) {
            case "28P01", "28000" -> "the server refused user \"" + user + "\" (wrong or missing password); give the"
                    + " password in the URL, in PGPASSWORD or in ~/.pgpass";
            case "3D000" -> "the database \"" + url.database() + "\" does not exist; create it (createdb "
                    + url.database() + ") or name another";
            default -> state.startsWith("08") || state.isEmpty()
                    ? "cannot reach a PostgreSQL server at " + url.host() + ":" + url.port() + "; start it"
                            + " (pg_ctlcluster 15 main start) or check the host and port"
                    : "the server refused the connection (SQLSTATE " + state + "); check the URL";
        };
        return new UsageException("storage", url.toString(), fix);
    }

    @Override
    public void configure(Connection conn) throws SQLException {
        // a lost lock or a stuck peer must not hang a worker forever
        try (Statement st = conn.createStatement()) {
            st.execute("SET lock_timeout = '60s'");
        }
    }

    @Override
    public String begin() {
        return null; // pgjdbc sends BEGIN with the first statement when auto-commit is off
    }

    @Override
    public Set<String> tableNames(Connection conn) throws SQLException {
        Set<String> names = new HashSet<>();
        try (Statement st = conn.createStatement(); ResultSet rs = st.executeQuery("SELECT table_name FROM"
                + " information_schema.tables WHERE table_schema = current_schema()")) {
            while (rs.next()) {
                names.add(rs.getString(1));
            }
        }
        return names;
    }

    @Override
    public List<String> ddl(SchemaRevision revision) {
        return OptunaSchema.postgres(revision);
    }

    @Override
    public String lockStudy() {
        return "SELECT study_id FROM studies WHERE study_id = ? FOR UPDATE";
    }

    @Override
    public String beginSnapshot() {
        return "SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY";
    }

    @Override
    public String lockStudyForReservation() {
        return "SELECT set_config('synchronous_commit', 'off', true) FROM studies WHERE study_id = ? FOR UPDATE";
    }

    @Override
    public long insertRunning(Sql sql, int number, long studyId, String now, Map<String, Object> attrs)
            throws SQLException {
        return PostgresWrites.insertRunningWith(sql, number, studyId, now, List.of(), attrs);
    }

    @Override
    public boolean writeProposal(Sql sql, long trialId, List<Object> paramRows, int params, Map<String, Object> attrs)
            throws SQLException {
        return PostgresWrites.proposalAndCommit(sql, trialId, paramRows, params, attrs);
    }

    @Override
    public boolean writesSeveralTablesAtOnce() {
        return true;
    }

    @Override
    public String skipLocked() {
        return " FOR UPDATE SKIP LOCKED";
    }

    @Override
    public String ageSeconds(String column) {
        return "EXTRACT(EPOCH FROM (" + now() + " - " + column + "))";
    }

    /**
     * The wall clock now, as a naive time in the session's zone (as LOCALTIMESTAMP, which is the transaction's
     * <em>start</em>: a claim that waited seconds for the study row wrote a heartbeat that old, and the other workers
     * declared its fresh trial dead).
     */
    @Override
    public String now() {
        return "CAST(clock_timestamp() AS timestamp)";
    }

    @Override
    public boolean isTransient(SQLException e) {
        String s = e.getSQLState();
        // serialization failure, deadlock, lock timeout, and a server that went away (restart, failover)
        return s != null && (s.equals("40001") || s.equals("40P01") || s.equals("55P03") || isLost(s));
    }

    @Override
    public boolean isConnectionLost(SQLException e) {
        return e.getSQLState() != null && isLost(e.getSQLState());
    }

    private static boolean isLost(String state) {
        return state.startsWith("08") || state.equals("57P01") || state.equals("57P02") || state.equals("57P03");
    }

    /** Read committed lets two creations both find none: one transaction-scoped lock, then they look again. */
    @Override
    public void lockCreation(Sql sql) throws SQLException {
        sql.query("SELECT pg_advisory_xact_lock(7291504)").close();
    }

    @Override
    public boolean finishTrial(Sql sql, long trialId, String state, String completedAt, List<Double> values,
            Map<String, Object> attrs) throws SQLException {
        return PostgresWrites.finishAndCommit(sql, trialId, state, completedAt, values, attrs);
    }

    /**
     * Beats go through a connection of their own ({@link Heartbeats}): on the storage's one connection a claim waiting
     * for the study row (other workers claiming, all of them after a server restart) held back the beats of the
     * process's other running trials until other workers declared them dead.
     */
    @Override
    public boolean heartbeatsShareTheConnection() {
        return false;
    }
}
