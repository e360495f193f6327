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
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The dashboard on PostgreSQL: a study running in another process shown live in a browser; one connection however
 * often it is polled; a server gone is said, and recovered.
 */
class DashboardPostgresTest {
    @TempDir
    Path tmp;

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
    void aBrowserShowsAStudyRunningInPostgresqlGrowLiveAndATrialsCurve() throws Exception {
        PgTestServer server = PgTestServer.get();
        String url = server.newDatabase();
        String database = ((StorageUrl.Postgres) StorageUrl.parse(url)).database();
        DashboardBrowserTest.seed(url, "pg-live", 2);
        try (Dashboard d = Dashboard.start(StorageUrl.parse(url), "127.0.0.1", 0, Clock.systemUTC());
                Browser b = new Browser(Files.createDirectories(tmp.resolve("profile")))) {
            b.driver.get(d.address() + "study?name=pg-live");
            b.await("the study shows its 2 trials", 30, () -> DashboardBrowserTest.trialCount(b) == 2);
            int marksBefore = DashboardBrowserTest.historyMarks(b);
            b.js("window.notReloaded = true;");
            Process child = DashboardBrowserTest.child(tmp, url, "pg-live", 400);
            try {
                b.await("a trial of the other process shows as running, with its latest epoch", 60, () ->
                        String.valueOf(b.js("var r=document.querySelector('#running tbody tr');"
                                + "return r?r.cells[3].textContent:'';")).matches("\\d+"));
                b.await("the trial count grows without a reload", 90, () -> DashboardBrowserTest.trialCount(b) >= 5);
                assertEquals(Boolean.TRUE, b.js("return window.notReloaded === true;"), "the page was not reloaded");
                assertTrue(DashboardBrowserTest.historyMarks(b) > marksBefore, "the history chart grew");
                assertTrue(b.text("status").startsWith("live · last heard from the storage at"), b.text("status"));
            } finally {
                child.destroy();
                child.waitFor(30, TimeUnit.SECONDS);
            }
            // the worker's connections close with it; the dashboard's one stays
            long end = System.nanoTime() + 20_000_000_000L;
            while (sessions(server, database) > 1 && System.nanoTime() < end) {
                Thread.sleep(200);
            }
            assertEquals(1, sessions(server, database), "one connection to the study's database");
            b.driver.get(d.address() + "trial?study=pg-live&number=2");
            b.await("the trial's page shows its learning curve", 30, () -> ((Number) b.js(
                    "return document.querySelectorAll('#trial-curves figure.chart polyline').length;")).intValue() > 0);
            assertEquals(List.of(), b.consoleProblems(), "the console stays clean");
        }
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
