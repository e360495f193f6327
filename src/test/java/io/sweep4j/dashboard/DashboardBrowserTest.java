package io.sweep4j.dashboard;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sweep4j.resume.ChildStudy;
import io.sweep4j.sampler.Samplers;
import io.sweep4j.store.StorageUrl;
import io.sweep4j.study.Budget;
import io.sweep4j.study.Study;
import io.sweep4j.study.TrialFailedException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Clock;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code sweep dashboard} in a real browser (Debian's Chromium through Selenium): a study running in another process
 * grows on the open page without a reload, a trial's page shows its curve, hostile strings stay text, the storage
 * going away is said and recovered from, the console stays clean, and the file read is left byte for byte as it was.
 */
class DashboardBrowserTest {
    static final String XSS1 = "<script>alert(1)</script>";
    static final String XSS2 = "\"><img src=x onerror=alert(2)>";
    /** Screenshots of the live pages, kept for a look (not compared). */
    private static final Path SHOTS = Path.of("target", "dashboard-test").toAbsolutePath();
    private static final Pattern TRIALS = Pattern.compile("(\\d+) trials");

    @TempDir
    Path tmp;

    /** The space and direction of {@link ChildStudy}, so a child process continues the study made here. */
    static void seed(String storage, String name, int trials) {
        Study.named(name).storage(storage).minimize("loss").space(s -> s.floatRange("x", -5, 5).intRange("n", 1, 4))
                .sampler(Samplers.random(3)).budget(Budget.trials(trials)).objective(t -> {
                    for (int e = 0; e < 4; e++) {
                        t.report(e, t.getDouble("x") + 4 - e);
                    }
                    return t.getDouble("x");
                }).optimize();
    }

    static int trialCount(Browser b) {
        Object meta = b.js("var e=document.querySelector('#live p.meta');return e?e.textContent:'';");
        Matcher m = TRIALS.matcher(String.valueOf(meta));
        return m.find() ? Integer.parseInt(m.group(1)) : -1;
    }

    /** The trial numbers of the trial table's rows, top to bottom. */
    @SuppressWarnings("unchecked")
    private static List<Long> tableNumbers(Browser b) {
        return ((List<Object>) b.js("return Array.prototype.map.call("
                + "document.querySelectorAll('#trial-table tbody tr'),"
                + "function(r){return parseInt(r.cells[0].getAttribute('data-v'),10);});")).stream()
                .map(o -> ((Number) o).longValue()).toList();
    }

    static int historyMarks(Browser b) {
        Object marks = b.js("var e=document.getElementById('history');return e?e.getAttribute('data-marks'):'-1';");
        return Integer.parseInt(String.valueOf(marks));
    }

    @Test
    void aStudyRunningElsewhereGrowsOnTheOpenPageAndATrialPageShowsItsCurve() throws Exception {
        Path db = tmp.resolve("live.db");
        seed(db.toString(), "live", 2);
        try (Dashboard d = Dashboard.start(StorageUrl.parse(db.toString()), "127.0.0.1", 0, Clock.systemUTC());
                Browser b = new Browser(Files.createDirectories(tmp.resolve("profile")))) {
            b.driver.get(d.address() + "study?name=live");
            b.await("the study shows its 2 trials", 30, () -> trialCount(b) == 2);
            int marksBefore = historyMarks(b);
            b.js("window.notReloaded = true;");
            // a budget the child does not reach before it is stopped below: it keeps trials running however long
            // the page waits between renders (up to five times its last render's time: seconds on a loaded machine)
            Process child = child(tmp, db.toString(), "live", 400);
            try {
                b.await("a trial of the other process shows as running, with its latest epoch", 60, () ->
                        String.valueOf(b.js("var r=document.querySelector('#running tbody tr');"
                                + "return r?r.cells[3].textContent:'';")).matches("\\d+"));
                // the user sorts the trial table, newest first: the live updates that follow keep that order
                b.js("var th=Array.prototype.find.call(document.querySelectorAll('#trial-table th'),"
                        + "function(h){return h.textContent==='number';});th.click();th.click();");
                int sortedAt = trialCount(b);
                b.await("the trial count grows without a reload", 90, () -> trialCount(b) >= Math.max(6, sortedAt + 1));
                assertEquals("desc", b.js("var th=Array.prototype.find.call(document.querySelectorAll("
                        + "'#trial-table th'),function(h){return h.textContent==='number';});return th.className;"),
                        "the sort survives the update");
                List<Long> numbers = tableNumbers(b);
                assertEquals(numbers.stream().sorted(java.util.Comparator.reverseOrder()).toList(), numbers,
                        "the rows are still newest first after the update");
                assertEquals(trialCount(b) - 1L, numbers.get(0), "and the newest trial is on top");
                assertEquals(Boolean.TRUE, b.js("return window.notReloaded === true;"), "the page was not reloaded");
                assertTrue(historyMarks(b) > marksBefore, "the history chart grew: " + marksBefore + " -> "
                        + historyMarks(b));
                assertTrue(b.text("status").startsWith("live · last heard from the storage at"), b.text("status"));
                Files.write(Files.createDirectories(SHOTS).resolve("study.png"),
                        b.driver.getScreenshotAs(org.openqa.selenium.OutputType.BYTES));
            } finally {
                child.destroy();
                child.waitFor(30, TimeUnit.SECONDS);
            }
            // trial 2 is the first the other process ran: ten epochs
            b.driver.get(d.address() + "trial?study=live&number=2");
            b.await("the trial's page shows its learning curve", 30, () -> ((Number) b.js(
                    "return document.querySelectorAll('#trial-curves figure.chart polyline').length;")).intValue() > 0);
            Files.write(Files.createDirectories(SHOTS).resolve("trial.png"),
                    b.driver.getScreenshotAs(org.openqa.selenium.OutputType.BYTES));
            assertTrue(b.text("trial-facts").contains("worker"), b.text("trial-facts"));
            assertTrue(b.text("trial-params").contains("x"), b.text("trial-params"));
            assertEquals(List.of(), b.consoleProblems(), "the console stays clean");
        }
    }

    @Test
    void hostileStringsStayTextAndTheFileIsLeftByteForByte() throws Exception {
        Path dir = Files.createDirectories(tmp.resolve("xss"));
        Path db = dir.resolve("x.db");
        String name = "x" + XSS1 + XSS2;
        Study.named(name).storage(db).minimize("loss")
                .space(s -> s.floatRange("lr", 0, 1).choice("opt" + XSS2, "sgd", XSS1 + XSS2))
                .sampler(Samplers.random(5)).budget(Budget.trials(6)).objective(t -> {
                    t.setUserAttribute("note" + XSS1, XSS2 + XSS1);
                    if (t.number() == 3) {
                        throw new TrialFailedException(XSS1 + " " + XSS2);
                    }
                    t.report(0, t.getDouble("lr"));
                    return t.getDouble("lr");
                }).optimize();
        String before = sha256(db);
        List<Path> filesBefore = listing(dir);
        try (Dashboard d = Dashboard.start(StorageUrl.parse(db.toString()), "127.0.0.1", 0, Clock.systemUTC());
                Browser b = new Browser(Files.createDirectories(tmp.resolve("profile")))) {
            String study = java.net.URLEncoder.encode(name, java.nio.charset.StandardCharsets.UTF_8);
            for (String page : List.of("", "study?name=" + study, "trial?study=" + study + "&number=3")) {
                b.driver.get(d.address() + page);
                b.await("the page " + page + " shows the study", 30, () -> b.text("live").contains(XSS1 + XSS2)
                        || b.text("live").contains(XSS1 + " " + XSS2));
                assertEquals(0L, b.js("return document.getElementsByTagName('img').length;"), "no injected image");
                assertEquals(1L, b.js("return document.getElementsByTagName('script').length;"),
                        "only the dashboard's own script element");
                assertFalse(String.valueOf(b.js("return document.documentElement.outerHTML;"))
                        .matches("(?s).*<[a-zA-Z][^<>]*\\son[a-z]+\\s*=.*"), "no handler attribute on " + page);
            }
            assertTrue(b.text("live").contains(XSS2 + XSS1), "the user attribute shown as text on the trial page");
            assertEquals(List.of(), b.consoleProblems(), "the console stays clean");
        }
        assertEquals(before, sha256(db), "the dashboard wrote nothing into the file it watched");
        assertEquals(filesBefore, listing(dir), "and left no file beside it");
    }

    @Test
    void theStorageGoingAwayIsSaidPlainlyAndRecoveredFrom() throws Exception {
        Path db = tmp.resolve("away.db");
        seed(db.toString(), "away", 3);
        Path moved = tmp.resolve("moved.db");
        try (Dashboard d = Dashboard.start(StorageUrl.parse(db.toString()), "127.0.0.1", 0, Clock.systemUTC());
                Browser b = new Browser(Files.createDirectories(tmp.resolve("profile")))) {
            b.driver.get(d.address().toString());
            b.await("the study list shows live", 30, () -> b.text("status").startsWith("live ·")
                    && b.text("studies").contains("away"));
            Files.move(db, moved);
            b.await("the page says the storage is unreachable", 30, () ->
                    b.text("status").startsWith("The storage is unreachable: ")
                            && b.text("status").contains(db.toString()));
            assertTrue(b.text("studies").contains("away"), "what it held is still shown");
            Files.move(moved, db);
            b.await("the page recovers", 30, () -> b.text("status").startsWith("live ·"));
            assertEquals(List.of(), b.consoleProblems(), "the console stays clean");
        }
    }

    /**
     * {@link ChildStudy} in another JVM on {@code storage} (a file or a URL): ten 100 ms epochs a trial, two at a
     * time, up to {@code budget} trials; its output in {@code tmp}.
     */
    static Process child(Path tmp, String storage, String name, int budget) throws IOException {
        List<String> cmd = List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-cp", System.getProperty("java.class.path"),
                ChildStudy.class.getName(), storage, name, "slow", Integer.toString(budget), "2");
        return new ProcessBuilder(cmd).directory(tmp.toFile()).redirectOutput(tmp.resolve("child.out").toFile())
                .redirectError(tmp.resolve("child.err").toFile()).start();
    }

    static String sha256(Path file) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(file)));
    }

    private static List<Path> listing(Path dir) throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.sorted().toList();
        }
    }
}
