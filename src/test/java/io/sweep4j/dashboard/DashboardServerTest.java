package io.sweep4j.dashboard;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sweep4j.sampler.Samplers;
import io.sweep4j.store.StorageUrl;
import io.sweep4j.study.Budget;
import io.sweep4j.study.Study;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What the dashboard's server answers, over plain HTTP: read-only, to its own host names, under a strict CSP. */
class DashboardServerTest {
    @TempDir
    Path tmp;

    private Path study() {
        Path db = tmp.resolve("s.db");
        Study.named("s").storage(db).minimize("loss").space(s -> s.floatRange("x", 0, 1))
                .sampler(Samplers.random(1)).budget(Budget.trials(3)).objective(t -> t.getDouble("x")).optimize();
        return db;
    }

    /** The raw response to {@code method path} sent with {@code Host: host}. */
    static String request(URI at, String method, String path, String host) throws IOException {
        try (Socket s = new Socket(at.getHost(), at.getPort())) {
            OutputStream out = s.getOutputStream();
            out.write((method + " " + path + " HTTP/1.1\r\nHost: " + host + "\r\nContent-Length: 0\r\n"
                    + "Connection: close\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            out.flush();
            try (InputStream in = s.getInputStream()) {
                return new String(in.readAllBytes(), StandardCharsets.UTF_8);
            }
        }
    }

    @Test
    void itServesOnlyGetAndOnlyToTheNamesOfThisMachine() throws Exception {
        Path db = study();
        String before = DashboardBrowserTest.sha256(db);
        try (Dashboard d = Dashboard.start(StorageUrl.parse(db.toString()), "127.0.0.1", 0, Clock.systemUTC())) {
            URI at = d.address();
            String self = "127.0.0.1:" + at.getPort();
            assertTrue(request(at, "GET", "/api/studies", self).startsWith("HTTP/1.1 200"));
            assertTrue(request(at, "GET", "/", "localhost:" + at.getPort()).startsWith("HTTP/1.1 200"));
            for (String method : List.of("POST", "PUT", "DELETE")) {
                String r = request(at, method, "/api/studies", self);
                assertTrue(r.startsWith("HTTP/1.1 405") && r.contains("read-only"), method + ": " + r);
            }
            // a page on another site whose name was rebound to 127.0.0.1 sends its own name
            String rebound = request(at, "GET", "/api/studies", "evil.example:" + at.getPort());
            assertTrue(rebound.startsWith("HTTP/1.1 403"), rebound);
        }
        assertEquals(before, DashboardBrowserTest.sha256(db), "nothing written");
    }

    @Test
    void everyAnswerCarriesAStrictContentSecurityPolicy() throws Exception {
        Path db = study();
        try (Dashboard d = Dashboard.start(StorageUrl.parse(db.toString()), "127.0.0.1", 0, Clock.systemUTC())) {
            URI at = d.address();
            for (String path : List.of("/", "/study?name=s", "/api/study?name=s", "/dashboard.js", "/nothing")) {
                String r = request(at, "GET", path, "127.0.0.1:" + at.getPort());
                assertTrue(r.toLowerCase(java.util.Locale.ROOT).contains("content-security-policy: default-src 'none';"
                        + " script-src 'self'; style-src 'self';"), path + ": " + r.lines().limit(12).toList());
                assertTrue(r.toLowerCase(java.util.Locale.ROOT).contains("x-content-type-options: nosniff"), path);
            }
            String page = request(at, "GET", "/", "127.0.0.1:" + at.getPort());
            assertTrue(!page.contains("http://") && !page.contains("https://"), "the page loads nothing from elsewhere: "
                    + page);
        }
    }

    @Test
    void aStudyOfTheStoragesIsReadOnceAndThenOnlyWhenItChanged() throws Exception {
        Path db = study();
        try (Dashboard d = Dashboard.start(StorageUrl.parse(db.toString()), "127.0.0.1", 0, Clock.systemUTC())) {
            URI at = d.address();
            String host = "127.0.0.1:" + at.getPort();
            String first = request(at, "GET", "/api/study?name=s", host);
            var m = java.util.regex.Pattern.compile("\"version\":\"([0-9a-f-]+)\"").matcher(first);
            assertTrue(m.find() && first.contains("<section id='running'>"), first);
            String again = request(at, "GET", "/api/study?name=s&v=" + m.group(1), host);
            assertTrue(again.contains("\"html\":null") && again.contains("\"problem\":null"), again);
        }
    }

    @Test
    void aStudyOfTwoObjectivesIsShownWithItsParetoFront() throws Exception {
        Path db = tmp.resolve("mo.db");
        Study.named("mo").storage(db).maximize("accuracy").minimize("size")
                .space(s -> s.floatRange("x", 0, 1)).sampler(Samplers.random(2)).budget(Budget.trials(8))
                .objective(io.sweep4j.study.Objective.named(t -> java.util.Map.of("accuracy", t.getDouble("x"),
                        "size", t.getDouble("x") * t.getDouble("x"))))
                .optimize();
        try (Dashboard d = Dashboard.start(StorageUrl.parse(db.toString()), "127.0.0.1", 0, Clock.systemUTC())) {
            URI at = d.address();
            String page = request(at, "GET", "/api/study?name=mo", "127.0.0.1:" + at.getPort());
            assertTrue(page.contains("id='pareto'") && page.contains("pf-knee"), "the front is drawn: " + page);
            assertTrue(page.contains("size"), "the second objective is named");
            String list = request(at, "GET", "/api/studies", "127.0.0.1:" + at.getPort());
            assertTrue(list.contains("accuracy, size") && list.contains("Pareto front: "), list);
        }
    }
}
