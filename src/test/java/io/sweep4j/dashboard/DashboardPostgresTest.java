package io.sweep4j.dashboard;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sweep4j.sampler.Samplers;
import io.sweep4j.store.PgTestServer;
import io.sweep4j.store.StorageUrl;
import io.sweep4j.study.Budget;
import io.sweep4j.study.Study;
import java.net.URI;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Clock;
import org.junit.jupiter.api.Test;

/** The dashboard on PostgreSQL: one connection however often it is polled; a server gone is said, and recovered. */
class DashboardPostgresTest {

    private static long sessions(PgTestServer server, String database) throws Exception {
        try (Connection c = server.adminConnection();
                PreparedStatement ps = c.prepareStatement("SELECT count(*) FROM pg_stat_activity WHERE datname = ?")) {
            ps.setString(1, database);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    private static String poll(URI at, String until, int seconds) throws Exception {
        long end = System.nanoTime() + seconds * 1_000_000_000L;
        String r = "";
        while (System.nanoTime() < end) {
            r = DashboardServerTest.request(at, "GET", "/api/studies", "127.0.0.1:" + at.getPort());
            if (r.contains(until)) {
                return r;
            }
            Thread.sleep(500);
        }
        throw new AssertionError("no answer with " + until + " within " + seconds + " s; last: " + r);
    }

    @Test
    void itKeepsOneConnectionAndSaysPlainlyWhenTheServerIsGoneThenRecovers() throws Exception {
        PgTestServer server = PgTestServer.startOwn();
        try {
            String url = server.newDatabase();
            String database = ((StorageUrl.Postgres) StorageUrl.parse(url)).database();
            Study.named("pg").storage(url).minimize("loss").space(s -> s.floatRange("x", 0, 1))
                    .sampler(Samplers.random(1)).budget(Budget.trials(3)).objective(t -> t.getDouble("x")).optimize();
            try (Dashboard d = Dashboard.start(StorageUrl.parse(url), "127.0.0.1", 0, Clock.systemUTC())) {
                URI at = d.address();
                for (int i = 0; i < 5; i++) {
                    poll(at, "\"problem\":null", 30);
                    DashboardServerTest.request(at, "GET", "/api/study?name=pg", "127.0.0.1:" + at.getPort());
                    DashboardServerTest.request(at, "GET", "/api/trial?study=pg&number=1", "127.0.0.1:"
                            + at.getPort());
                }
                assertEquals(1, sessions(server, database), "one connection to the study's database");
                server.pgCtl("-m", "fast", "-w", "stop");
                String down = poll(at, "\"problem\":\"", 120);
                assertTrue(down.contains("\"html\":null") || !down.contains("\"html\""), "nothing new shown: " + down);
                // restart, not start: it starts the stopped server with its options (its port) again
                server.pgCtl("-w", "restart");
                poll(at, "\"problem\":null", 120);
                assertEquals(1, sessions(server, database), "one connection again after the server came back");
            }
        } finally {
            server.stop();
        }
    }
}
