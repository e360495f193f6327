package io.sweep4j.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sweep4j.prune.Pruners;
import io.sweep4j.sampler.Samplers;
import io.sweep4j.store.SqliteStorage;
import io.sweep4j.store.StudyInfo;
import io.sweep4j.study.Budget;
import io.sweep4j.study.Study;
import io.sweep4j.study.TrialFailedException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Reports opened in headless Chromium: no script error, every chart drawn with a non-empty size and marks, a
 * screenshot kept under target/report-test/, and a hostile study whose strings run no script and show as text.
 */
class ReportBrowserTest {
    private static final Path WORK = Path.of("target", "report-test").toAbsolutePath();
    static final String XSS1 = "<script>alert(1)</script>";
    static final String XSS2 = "\"><img src=x onerror=alert(2)>";
    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-11-30T06:00:00Z"), ZoneOffset.UTC);
    /** Appended to a copy of a report: logs each chart's drawn size and mark count to the console. */
    private static final String PROBE = "<script>document.querySelectorAll('figure.chart').forEach(function(f){"
            + "var s=f.querySelector('svg');var b=s?s.getBoundingClientRect():{width:0,height:0};"
            + "console.log('CHART '+f.id+' '+Math.round(b.width)+'x'+Math.round(b.height)+' '"
            + "+f.querySelectorAll('circle,polyline,rect:not(.frame)').length);});</script>";

    /** A study with every kind of chart: log, linear, categorical and conditional parameters, 3 metrics, states. */
    static StudyView study(Path dir, String name, String choice, String attr, String reason) {
        Path db = dir.resolve("s.db");
        Study.named(name).storage(db)
                .space(s -> s.logFloat("lr", 1e-4, 1e-1).choice("optimizer", "sgd", "adam", choice)
                        .when("optimizer", "sgd", b -> b.floatRange("momentum", 0.5, 0.99))
                        .intRange("width", 16, 256).floatRange("dropout", 0, 0.5))
                .sampler(Samplers.random(5)).pruner(Pruners.median(4, 1))
                .objective(t -> {
                    double lr = t.getDouble("lr");
                    double q = Math.abs(Math.log10(lr) + 2.5) / 2 + t.getDouble("dropout") / 3;
                    t.setUserAttribute("note", attr);
                    if (t.number() % 9 == 4) {
                        throw new TrialFailedException(reason + " at trial " + t.number());
                    }
                    double acc = 0;
                    for (int e = 0; e < 6; e++) {
                        acc = (0.95 - q * 0.3) * (1 - Math.exp(-(e + 1) / 2.0));
                        t.report(e, Map.of("val_accuracy", acc, "val_loss", 1 - acc, "train_loss", 1.1 - acc));
                        t.report(e, acc);
                        if (t.shouldPrune()) {
                            throw new io.sweep4j.study.TrialPrunedException("pruned at step " + e);
                        }
                    }
                    t.setUserAttribute("test_accuracy", acc - 0.01);
                    return acc;
                })
                .maximize("val_accuracy").parallelism(2).budget(Budget.trials(40)).optimize();
        try (SqliteStorage s = SqliteStorage.openReadOnly(db)) {
            StudyInfo info = s.studies().get(0);
            return StudyView.of(info, s.history(info.studyId()));
        }
    }

    private static Path write(Path dir, String file, String html) throws Exception {
        Files.createDirectories(dir);
        Path p = dir.resolve(file);
        Files.writeString(p, html, StandardCharsets.UTF_8);
        return p;
    }

    @TempDir
    Path tmp;

    @Test
    void everyChartIsDrawnWithoutScriptErrorsAndAScreenshotIsKept() throws Exception {
        Path dir = WORK.resolve("plain");
        Files.createDirectories(dir);
        StudyView view = study(Files.createTempDirectory(tmp, "db"), "browser-study", "rmsprop", "ok", "diverged");
        String html = HtmlReport.render(ReportModel.of(view, CLOCK));
        Path page = write(dir, "report.html", html);
        // with the CSP removed, so the probe may run; the report's own script runs either way
        Path probed = write(dir, "probed.html", html.replaceFirst("<meta http-equiv='Content-Security-Policy'[^>]*>",
                "").replace("</body>", PROBE + "</body>"));
        String out = Chromium.run(probed, dir, "--dump-dom");
        List<String> console = Chromium.console(out);
        assertTrue(console.stream().noneMatch(l -> l.contains("Uncaught") || l.contains("Error")),
                "errors: " + console);
        Matcher m = Pattern.compile("CHART (\\S+) (\\d+)x(\\d+) (\\d+)").matcher(String.join("\n", console));
        java.util.Set<String> charts = new java.util.TreeSet<>();
        while (m.find()) {
            charts.add(m.group(1));
            assertTrue(Integer.parseInt(m.group(2)) > 100 && Integer.parseInt(m.group(3)) > 50,
                    "drawn size: " + m.group());
            assertTrue(Integer.parseInt(m.group(4)) > 0, "marks in " + m.group());
        }
        for (String id : List.of("history", "edf", "importance", "contour", "parallel", "slice-0", "slice-1", "slice-2",
                "slice-3", "slice-4", "curves-0", "curves-1", "curves-2", "timeline")) {
            assertTrue(charts.contains(id), id + " drawn; got " + charts);
        }
        // the page's own table script ran: it wrote how many rows it shows
        assertTrue(out.contains("40 of 40 rows"), "table script ran");
        // the unmodified report under its CSP: no violation, no error
        String plain = Chromium.run(page, dir, "--screenshot=" + dir.resolve("report.png"), "--window-size=1400,5200");
        assertTrue(Chromium.console(plain).isEmpty(), "console of the report: " + Chromium.console(plain));
        assertTrue(Files.size(dir.resolve("report.png")) > 50_000, "screenshot kept at " + dir.resolve("report.png"));
    }

    @Test
    void hostileStringsRunNoScriptAndShowAsText() throws Exception {
        Path dir = WORK.resolve("xss");
        Files.createDirectories(dir);
        StudyView view = study(Files.createTempDirectory(tmp, "db"), "x" + XSS1 + XSS2, XSS1 + XSS2, XSS2 + XSS1,
                XSS1 + " " + XSS2);
        String html = HtmlReport.render(ReportModel.of(view, CLOCK));
        // escaping alone must hold: check the page without its CSP too
        Path bare = write(dir, "no-csp.html",
                html.replaceFirst("<meta http-equiv='Content-Security-Policy'[^>]*>", ""));
        Path page = write(dir, "report.html", html);
        for (Path p : List.of(bare, page)) {
            String dom = Chromium.run(p, dir, "--dump-dom");
            assertFalse(Chromium.console(dom).stream().anyMatch(l -> l.contains("Uncaught")), Chromium.console(dom)
                    .toString());
            String body = dom.substring(dom.indexOf("<html"));
            assertEquals(1, count(body, "<script"), "only the report's own script element");
            assertEquals(0, count(body, "<img"), "no injected image");
            assertFalse(Pattern.compile("<[a-zA-Z][^<>]*\\son[a-z]+\\s*=").matcher(body).find(),
                    "no handler attribute");
            assertTrue(body.contains("&lt;script&gt;alert(1)&lt;/script&gt;"), "shown as text");
            assertTrue(body.contains("\"&gt;&lt;img src=x onerror=alert(2)&gt;"), "shown as text");
        }
        Chromium.run(page, dir, "--screenshot=" + dir.resolve("report.png"), "--window-size=1400,3000");
        // every place a user string goes: name, parameter value, attribute, failure reason
        assertTrue(html.contains("<h1>x&lt;script&gt;alert(1)&lt;/script&gt;&quot;&gt;&lt;img"), "name escaped");
        assertTrue(html.contains("&lt;script&gt;alert(1)&lt;/script&gt; &quot;&gt;&lt;img src=x onerror=alert(2)&gt;"
                + " at trial 4"), "failure reason escaped");
        assertTrue(html.contains("&quot;&gt;&lt;img src=x onerror=alert(2)&gt;&lt;script&gt;alert(1)&lt;/script&gt;"),
                "user attribute escaped");
        assertTrue(html.contains("&lt;script&gt;alert(1)&lt;/script&gt;&quot;&gt;&lt;img src=x onerror=alert(2)&gt;"
                + "</td>") || html.contains(">&lt;script&gt;alert(1)&lt;/script&gt;&quot;&gt;&lt;img"),
                "parameter value escaped");
    }

    private static int count(String s, String what) {
        int n = 0;
        for (int i = s.indexOf(what); i >= 0; i = s.indexOf(what, i + 1)) {
            n++;
        }
        return n;
    }

    @Test
    void twoBuildsOfOneStudyAreEqual() throws Exception {
        StudyView view = study(Files.createTempDirectory(tmp, "db"), "same", "rmsprop", "a",
                "b");
        ReportModel a = ReportModel.of(view, CLOCK);
        ReportModel b = ReportModel.of(view, CLOCK);
        assertEquals(a, b);
        assertEquals(HtmlReport.render(a), HtmlReport.render(b));
        assertTrue(HtmlReport.render(a).contains("generated 2026-11-30T06:00:00Z"));
    }
}
