package io.sweep4j.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sweep4j.sampler.Samplers;
import io.sweep4j.space.Params;
import io.sweep4j.space.SearchSpace;
import io.sweep4j.space.UsageException;
import io.sweep4j.store.PgTestServer;
import io.sweep4j.store.Storage;
import io.sweep4j.store.TestClaims;
import io.sweep4j.study.Budget;
import io.sweep4j.study.Study;
import io.sweep4j.trial.Direction;
import io.sweep4j.trial.TrialDraft;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Storages that cannot be used: a clear message naming what, the value and the fix, exit 2, nothing written. */
class StorageBadInputTest {
    @TempDir
    Path dir;

    private static Study quadratic(String storage) {
        return Study.named("q").storage(storage).space(s -> s.floatRange("x", 0, 1))
                .sampler(Samplers.random(1)).objective(t -> t.getDouble("x")).minimize("loss")
                .budget(Budget.trials(2));
    }

    @Test
    void anUnknownSchemeIsNamedWithoutThePassword() {
        CliRun r = CliRun.of("trials", "mysql://me:s3cret-pw@db.example:3306/optuna");
        assertEquals(2, r.exit());
        assertTrue(r.err().contains("unknown scheme \"mysql\""), r.err());
        assertTrue(r.err().contains("postgresql://"), "names what works: " + r.err());
        assertFalse(r.err().contains("s3cret-pw"), r.err());
    }

    @Test
    void anUnreachableServerIsNamedWithTheFix() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        CliRun r = CliRun.of("studies", "postgresql://me:s3cret-pw@127.0.0.1:" + port + "/optuna");
        assertEquals(2, r.exit());
        assertTrue(r.err().contains("cannot reach a PostgreSQL server at 127.0.0.1:" + port), r.err());
        assertFalse(r.err().contains("s3cret-pw"), r.err());
        assertThrows(UsageException.class, () -> quadratic("postgresql://me:s3cret-pw@127.0.0.1:" + port + "/optuna")
                .optimize());
    }

    @Test
    void aWrongPasswordIsRefusedAndNeverEchoed() {
        PgTestServer pg = PgTestServer.get();
        String url = pg.newDatabase();
        String db = url.substring(url.lastIndexOf('/') + 1);
        CliRun r = CliRun.of("trials", "postgresql+psycopg2://postgres:not-the-pw-42@" + pg.host() + ":" + pg.port()
                + "/" + db);
        assertEquals(2, r.exit());
        assertTrue(r.err().contains("wrong or missing password"), r.err());
        assertTrue(r.err().contains("PGPASSWORD"), r.err());
        assertFalse(r.err().contains("not-the-pw-42"), r.err());
    }

    @Test
    void aDatabaseHoldingOtherTablesIsRefusedUntouched() throws Exception {
        String url = PgTestServer.get().newDatabase();
        try (Connection c = connect(url); Statement st = c.createStatement()) {
            st.execute("CREATE TABLE inventory (id INTEGER PRIMARY KEY, item TEXT)");
        }
        CliRun r = CliRun.of("studies", url);
        assertEquals(2, r.exit());
        assertTrue(r.err().contains("holds other tables [inventory]"), r.err());
        UsageException e = assertThrows(UsageException.class, () -> quadratic(url).optimize());
        assertTrue(e.getMessage().contains("nothing was written"), e.getMessage());
        try (Connection c = connect(url); Statement st = c.createStatement();
                var rs = st.executeQuery("SELECT count(*) FROM information_schema.tables"
                        + " WHERE table_schema = 'public'")) {
            rs.next();
            assertEquals(1, rs.getInt(1), "no table was added");
        }
    }

    @Test
    void anUnknownNewerRevisionIsRefusedAndTheFileKeepsItsBytes() throws Exception {
        Path db = dir.resolve("newer.db");
        quadratic(db.toString()).optimize();
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db); Statement st = c.createStatement()) {
            st.execute("UPDATE alembic_version SET version_num = 'v5.1.0.a'");
        }
        byte[] before = Files.readAllBytes(db);
        CliRun r = CliRun.of("best", db.toString());
        assertEquals(2, r.exit());
        assertTrue(r.err().contains("revision is v5.1.0.a"), r.err());
        UsageException e = assertThrows(UsageException.class, () -> quadratic(db.toString()).optimize());
        assertTrue(e.getMessage().contains("v3.0.0.d and v3.2.0.a"), e.getMessage());
        assertArrayEquals(before, Files.readAllBytes(db));
    }

    @Test
    void aStudyWhoseStoredDistributionDiffersFromTheSpaceIsRefused() {
        Path db = dir.resolve("theirs.db");
        SearchSpace theirs = SearchSpace.builder().intRange("x", 0, 10).build();
        try (Storage s = Storage.open(db.toString())) {
            long id = s.createStudy("q", Direction.MINIMIZE, Map.of()).studyId();
            TestClaims.claim(s, id, -1, (n, h, fixed) -> Optional.of(TrialDraft.of(theirs, Params.of(Map.of("x", 3L)),
                    Map.of())));
        }
        UsageException e = assertThrows(UsageException.class, () -> quadratic(db.toString()).optimize());
        assertTrue(e.getMessage().startsWith("search space = \"x\""), e.getMessage());
        assertTrue(e.getMessage().contains("IntDistribution") || e.getMessage().contains("Int"), e.getMessage());
        try (Storage s = Storage.open(db.toString())) {
            assertEquals(1, s.history(s.findStudy("q").orElseThrow().studyId()).trials().size());
        }
    }

    private static Connection connect(String url) throws Exception {
        var p = (io.sweep4j.store.StorageUrl.Postgres) io.sweep4j.store.StorageUrl.parse(url);
        return DriverManager.getConnection("jdbc:postgresql://" + p.host() + ":" + p.port() + "/" + p.database(),
                p.user(), p.password().orElse(null));
    }
}
