package io.sweep4j.store;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A real PostgreSQL for tests: the server named by {@code SWEEP4J_TEST_PG} (a superuser URL such as
 * {@code postgresql://postgres:pw@127.0.0.1:5432/postgres}) if set, else a throwaway one this JVM starts from
 * Debian's postgresql-15 binaries ({@code initdb} + {@code pg_ctl} in a temporary directory, trust authentication
 * on loopback, run as the {@code postgres} user when we are root, since initdb refuses root) and stops at exit.
 * Each test gets its own database.
 */
public final class PgTestServer {
    private static final Path BIN = Path.of("/usr/lib/postgresql/15/bin");
    private static final AtomicInteger DATABASES = new AtomicInteger();
    private static final String PASSWORD = "sweep4j-test-pw";
    private static PgTestServer instance;

    private final String host;
    private final int port;
    private final String user;
    private final String password;
    /** The cluster's directory when this JVM started the server (so it can restart and stop it), else null. */
    private final Path dir;
    private final boolean root;

    private PgTestServer(String host, int port, String user, String password, Path dir, boolean root) {
        this.host = host;
        this.port = port;
        this.user = user;
        this.password = password;
        this.dir = dir;
        this.root = root;
    }

    /** The server, started on first use. */
    public static synchronized PgTestServer get() {
        if (instance == null) {
            String given = System.getenv("SWEEP4J_TEST_PG");
            instance = given != null ? fromUrl(given) : start();
        }
        return instance;
    }

    private static PgTestServer fromUrl(String url) {
        StorageUrl.Postgres p = (StorageUrl.Postgres) StorageUrl.parse(url);
        return new PgTestServer(p.host(), p.port(), p.user(), p.password().orElse(null), null, false);
    }

    /**
     * A throwaway server of the caller's own, even when {@code SWEEP4J_TEST_PG} names one: for tests that restart
     * or stop the server under other processes. Stopped at exit like the shared one, or earlier by {@link #stop()}.
     */
    public static PgTestServer startOwn() {
        return start();
    }

    private static PgTestServer start() {
        try {
            boolean root = "root".equals(System.getProperty("user.name"));
            Path dir = Files.createTempDirectory("sweep4j-pg");
            Path data = dir.resolve("data");
            int port;
            try (ServerSocket s = new ServerSocket(0)) {
                port = s.getLocalPort();
            }
            if (root) {
                run(List.of("chown", "postgres:postgres", dir.toString()), false);
            }
            // a password on TCP, as a real server has: the tests for a wrong password need one
            Path pwfile = dir.resolve("pw");
            Files.writeString(pwfile, PASSWORD + "\n");
            if (root) {
                run(List.of("chown", "postgres:postgres", pwfile.toString()), false);
            }
            run(List.of(BIN.resolve("initdb").toString(), "-D", data.toString(), "-U", "postgres", "--auth-local=trust",
                    "--auth-host=scram-sha-256", "--pwfile=" + pwfile, "-E", "UTF8", "--no-sync"), root);
            run(List.of(BIN.resolve("pg_ctl").toString(), "-D", data.toString(), "-l", dir.resolve("log").toString(),
                    "-w", "-o", "-p " + port + " -k " + dir + " -c listen_addresses=127.0.0.1 -c fsync=off"
                            + " -c max_connections=200", "start"), root);
            PgTestServer server = new PgTestServer("127.0.0.1", port, "postgres", PASSWORD, dir, root);
            Runtime.getRuntime().addShutdownHook(new Thread(server::stop));
            return server;
        } catch (IOException e) {
            throw new IllegalStateException("cannot start a throwaway PostgreSQL (is Debian's postgresql-15"
                    + " installed?): " + e.getMessage(), e);
        }
    }

    /**
     * Restarts the server under its clients ({@code pg_ctl restart -m MODE}: {@code fast} ends every session,
     * {@code immediate} is a crash with recovery at start), as an administrator or a failover would.
     */
    public void restart(String mode) throws IOException {
        pgCtl("-m", mode, "-w", "restart");
    }

    /**
     * Runs {@code pg_ctl ARGS} on a server this JVM started (e.g. {@code -m smart -W stop}, {@code -w start}).
     * The log is given again: without it a new postmaster would write to pg_ctl's output, which this JVM reads to
     * its end.
     */
    public void pgCtl(String... args) throws IOException {
        requireOwn();
        List<String> cmd = new ArrayList<>(List.of(BIN.resolve("pg_ctl").toString(), "-D",
                dir.resolve("data").toString(), "-l", dir.resolve("log").toString()));
        cmd.addAll(List.of(args));
        run(cmd, root);
    }

    /** Stops a server this JVM started and deletes its files; does nothing if already stopped. */
    public synchronized void stop() {
        requireOwn();
        Path data = dir.resolve("data");
        if (!Files.exists(data)) {
            return;
        }
        try {
            run(List.of(BIN.resolve("pg_ctl").toString(), "-D", data.toString(), "-m", "immediate", "-w", "stop"),
                    root);
            run(List.of("rm", "-rf", dir.toString()), false);
        } catch (IOException e) {
            System.err.println("could not stop the test PostgreSQL in " + dir + ": " + e);
        }
    }

    private void requireOwn() {
        if (dir == null) {
            throw new IllegalStateException("the server named by SWEEP4J_TEST_PG is not ours to restart or stop");
        }
    }

    private static void run(List<String> cmd, boolean asPostgres) throws IOException {
        List<String> full = new ArrayList<>();
        if (asPostgres) {
            full.addAll(List.of("runuser", "-u", "postgres", "--"));
        }
        full.addAll(cmd);
        Process p = new ProcessBuilder(full).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        try {
            if (!p.waitFor(120, TimeUnit.SECONDS) || p.exitValue() != 0) {
                throw new IOException(String.join(" ", full) + " failed: " + out);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        }
    }

    public String host() {
        return host;
    }

    public int port() {
        return port;
    }

    /** A new empty database; returns its storage URL ({@code postgresql://user@host:port/name}). */
    public String newDatabase() {
        String name = "sweep4j_test_" + ProcessHandle.current().pid() + "_" + DATABASES.incrementAndGet();
        admin("CREATE DATABASE " + name);
        return url(name);
    }

    public String url(String database) {
        return "postgresql://" + user + (password == null ? "" : ":" + password) + "@" + host + ":" + port + "/"
                + database;
    }

    /** A session on the server's {@code postgres} database as the superuser. */
    public Connection adminConnection() throws SQLException {
        return connection("postgres");
    }

    /** A session on {@code database} as the superuser. */
    public Connection connection(String database) throws SQLException {
        java.util.Properties props = new java.util.Properties();
        props.setProperty("user", user);
        if (password != null) {
            props.setProperty("password", password);
        }
        return DriverManager.getConnection("jdbc:postgresql://" + host + ":" + port + "/" + database, props);
    }

    /** Runs a statement on the server's {@code postgres} database as the superuser. */
    public void admin(String statement) {
        try (Connection c = adminConnection(); Statement st = c.createStatement()) {
            st.execute(statement);
        } catch (SQLException e) {
            throw new IllegalStateException(statement + ": " + e.getMessage(), e);
        }
    }
}
