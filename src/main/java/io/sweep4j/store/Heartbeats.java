package io.sweep4j.store;

import io.sweep4j.trial.TrialState;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Collection;
import java.util.HashSet;
import java.util.Set;

/**
 * Writes heartbeats. On PostgreSQL they go through a connection of their own, opened at the first beat: on the
 * storage's one connection a claim waiting for the study row (other workers claiming, all of them after a server
 * restart) held back the beats of the process's other running trials until other workers declared them dead.
 */
final class Heartbeats implements AutoCloseable {
    private final Sql main;
    private final String location;
    /** The main session's time zone: heartbeats are naive times, read against the main session's clock. */
    private final String timeZone;
    private Sql own;

    Heartbeats(Sql main, String location) {
        this.main = main;
        this.location = location;
        this.timeZone = shareTheConnection() ? null : main.read(() -> {
            try (ResultSet rs = main.query("SELECT current_setting('TimeZone')")) {
                rs.next();
                return rs.getString(1);
            }
        });
    }

    /** Whether beats need the storage's lock (they share its connection) or take only their own. */
    boolean shareTheConnection() {
        return main.dialect().heartbeatsShareTheConnection();
    }

    /** Beats for the trials still RUNNING, in one transaction; returns those that have ended. */
    synchronized Set<Long> beat(Collection<Long> trialIds) {
        Sql sql = connection();
        return sql.inTransaction(() -> {
            Set<Long> ended = new HashSet<>();
            for (long id : trialIds) {
                boolean isRunning;
                try (ResultSet rs = sql.query("SELECT state FROM trials WHERE trial_id = ?", id)) {
                    isRunning = rs.next() && TrialState.RUNNING.name().equals(rs.getString(1));
                }
                if (isRunning) {
                    write(sql, id);
                } else {
                    ended.add(id);
                }
            }
            return ended;
        }, null);
    }

    /** A heartbeat on the database's clock, as Optuna writes them, in {@code sql}'s open transaction. */
    static void write(Sql sql, long trialId) throws SQLException {
        sql.update("INSERT INTO trial_heartbeats (trial_id, heartbeat) VALUES (?, " + sql.dialect().now() + ")"
                + " ON CONFLICT (trial_id) DO UPDATE SET heartbeat = excluded.heartbeat", trialId);
    }

    private Sql connection() {
        if (shareTheConnection()) {
            return main;
        }
        if (own == null) {
            Dialect d = main.dialect();
            own = new Sql(d, location, main.readOnly(), d.connect());
            try {
                d.configure(own.connection());
                own.query("SELECT set_config('TimeZone', ?, false)", timeZone).close();
            } catch (SQLException e) {
                own.close();
                own = null;
                throw new StorageException("cannot open a connection for heartbeats", e);
            }
        }
        return own;
    }

    @Override
    public synchronized void close() {
        if (own != null) {
            own.close();
            own = null;
        }
    }
}
