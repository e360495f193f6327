package io.sweep4j.bench;

import io.sweep4j.dashboard.Dashboard;
import io.sweep4j.store.StorageUrl;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Whether an open dashboard slows a study on a SQLite file: four worker processes ({@link StorageBenchWorker}) run
 * one study on a fresh file, without a dashboard and with one whose pages poll it, the two alternated round by round
 * (drift on a shared machine hits both alike). The dashboard is polled as {@code --tabs} open browser tabs would
 * poll it, each a study page and a study list every {@code --every} ms (a page polls every 2 s). Trials per second
 * from the start line (every worker started and warmed up) to the last worker's end.
 *
 * <pre>./sweep bench dashboard [--rounds 3] [--trials 150] [--sleep 20] [--tabs 1] [--every 2000]</pre>
 */
public final class DashboardBenchmark {
    private DashboardBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        int rounds = 3;
        int each = 150;
        int sleepMs = 20;
        int tabs = 1;
        int everyMs = 2000;
        int copies = 0;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--rounds" -> rounds = BenchArgs.positive(args, i++);
                case "--trials" -> each = BenchArgs.positive(args, i++);
                case "--sleep" -> sleepMs = BenchArgs.positive(args, i++);
                case "--tabs" -> tabs = BenchArgs.positive(args, i++);
                case "--every" -> everyMs = BenchArgs.positive(args, i++);
                case "--large" -> copies = BenchArgs.positive(args, i++);
                default -> throw BenchArgs.unknown(args[i], "--rounds N, --trials N (per worker), --sleep MS,"
                        + " --tabs N, --every MS, --large COPIES");
            }
        }
        Path dir = Files.createTempDirectory("sweep4j-dashboard-bench");
        if (copies > 0) {
            large(dir, copies);
            return;
        }
        int workers = 4;
        List<Double> without = new ArrayList<>();
        List<Double> with = new ArrayList<>();
        List<String> polls = new ArrayList<>();
        for (int r = 0; r < rounds; r++) {
            for (boolean dashboard : r % 2 == 0 ? new boolean[] {false, true} : new boolean[] {true, false}) {
                Path db = dir.resolve("r" + r + (dashboard ? "-with" : "-without") + ".db");
                AtomicInteger answered = new AtomicInteger();
                double rate = round(db, workers, each, sleepMs, dashboard, tabs, everyMs, answered);
                (dashboard ? with : without).add(rate);
                if (dashboard) {
                    polls.add(Integer.toString(answered.get()));
                }
                System.out.printf(Locale.ROOT, "round %d %s dashboard: %.1f trials/s%s%n", r + 1,
                        dashboard ? "with" : "without", rate, dashboard ? " (" + answered.get() + " polls answered)"
                                : "");
            }
        }
        double a = mean(without);
        double b = mean(with);
        System.out.printf(Locale.ROOT, "%n| workers | trials | objective | pages polled | without dashboard"
                + " | with dashboard | with ÷ without | polls answered per round |%n|---|---|---|---|---|---|---|---|%n"
                + "| %d | %d | %d ms | %d × (study, list) every %d ms | %.1f trials/s (%s) | %.1f trials/s (%s)"
                + " | %.3f | %s |%n", workers, workers * each, sleepMs, tabs, everyMs, a, list(without), b, list(with),
                b / a, String.join(", ", polls));
    }

    private static double round(Path db, int workers, int each, int sleepMs, boolean dashboard, int tabs,
            int everyMs, AtomicInteger answered) throws Exception {
        StartLine start = new StartLine();
        List<Process> ps = new ArrayList<>();
        for (int w = 0; w < workers; w++) {
            String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
            ps.add(new ProcessBuilder(java, "-Xmx256m", "-Dorg.slf4j.simpleLogger.defaultLogLevel=warn", "-cp",
                    System.getProperty("java.class.path"), StorageBenchWorker.class.getName(), db.toString(),
                    String.valueOf(workers * each), String.valueOf(sleepMs), String.valueOf(w + 1), start.dir(), "20",
                    String.valueOf(workers)).inheritIO().start());
        }
        // both sides start the clock with every worker at the start line (started, warmed up); the warm-up study
        // has created the file by then, so the dashboard can open it
        waitForReady(start, workers);
        Dashboard d = null;
        AtomicBoolean stop = new AtomicBoolean();
        List<Thread> pollers = new ArrayList<>();
        if (dashboard) {
            d = Dashboard.start(StorageUrl.parse(db.toString()), "127.0.0.1", 0, Clock.systemUTC());
            HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
            List<String> pages = new ArrayList<>();
            for (int t = 0; t < tabs; t++) {
                pages.add("api/study?name=bench");
                pages.add("api/studies");
            }
            for (String page : pages) {
                URI uri = d.address().resolve(page);
                Thread t = new Thread(() -> {
                    while (!stop.get()) {
                        try {
                            http.send(HttpRequest.newBuilder(uri).build(), HttpResponse.BodyHandlers.discarding());
                            answered.incrementAndGet();
                            Thread.sleep(everyMs);
                        } catch (InterruptedException e) {
                            return;
                        } catch (java.io.IOException e) {
                            // counted as unanswered
                        }
                    }
                });
                t.setDaemon(true);
                t.start();
                pollers.add(t);
            }
        }
        long t0 = System.nanoTime();
        start.release(ps);
        for (Process p : ps) {
            if (!p.waitFor(30, TimeUnit.MINUTES) || p.exitValue() != 0) {
                throw new IllegalStateException("a worker failed or hung");
            }
        }
        double seconds = (System.nanoTime() - t0) / 1e9;
        stop.set(true);
        for (Thread t : pollers) {
            t.join(5_000);
        }
        if (d != null) {
            d.close();
        }
        return workers * each / seconds;
    }

    /**
     * {@code --large N}: how long a study of {@code 1000 × N} trials (the report benchmark's, copied in SQL) takes to
     * open in the dashboard: its start, the first answer for the study's page (a first look: the storage's counts and
     * a sample, its model and render), the first answer drawn from every trial (the full read done in the
     * background, then the model and render), and a later answer once nothing changed.
     */
    private static void large(Path dir, int copies) throws Exception {
        Path db = dir.resolve("large.db");
        ReportBenchmark.run(db, 1000);
        ReportBenchmark.replicate(db, copies);
        HttpClient http = HttpClient.newHttpClient();
        long a = System.nanoTime();
        try (Dashboard d = Dashboard.start(StorageUrl.parse(db.toString()), "127.0.0.1", 0, Clock.systemUTC())) {
            long b = System.nanoTime();
            URI study = d.address().resolve("api/study?name=bench-report");
            String first = http.send(HttpRequest.newBuilder(study).build(), HttpResponse.BodyHandlers.ofString())
                    .body();
            long c = System.nanoTime();
            java.util.regex.Matcher m = java.util.regex.Pattern.compile("drawn from (\\d+) of the (\\d+) trials")
                    .matcher(first);
            String shows = m.find() ? m.group(1) + " of " + m.group(2) + " trials (first look)" : "every trial";
            String full = first;
            while (full.contains("\"loading\":") && !full.contains("\"loading\":null")) {
                Thread.sleep(200);
                full = http.send(HttpRequest.newBuilder(study).build(), HttpResponse.BodyHandlers.ofString()).body();
            }
            long e = System.nanoTime();
            Thread.sleep(Dashboard.MIN_INTERVAL.toMillis() + 100);
            long f = System.nanoTime();
            String again = http.send(HttpRequest.newBuilder(study).build(), HttpResponse.BodyHandlers.ofString())
                    .body();
            long g = System.nanoTime();
            System.out.printf(Locale.ROOT, "%n| trials | dashboard start | first answer for the study page | it shows"
                    + " | first answer from every trial | answer once read (nothing changed) | first answer's size"
                    + " |%n|---|---|---|---|---|---|---|%n| %d | %.0f ms | %.2f s | %s | %.1f s | %.0f ms | %.2f MB |%n",
                    1000 * copies, (b - a) / 1e6, (c - b) / 1e9, shows, (e - b) / 1e9, (g - f) / 1e6,
                    first.length() / 1e6);
            if (!again.contains("\"problem\":null") || !again.contains("\"loading\":null")) {
                throw new IllegalStateException("the dashboard did not read the study: " + again);
            }
        }
    }

    private static void waitForReady(StartLine start, int workers) throws Exception {
        Path dir = Path.of(start.dir());
        while (true) {
            try (var s = Files.list(dir)) {
                if (s.filter(p -> p.getFileName().toString().startsWith("ready-")).count() >= workers) {
                    return;
                }
            }
            Thread.sleep(10);
        }
    }

    private static double mean(List<Double> xs) {
        return xs.stream().mapToDouble(Double::doubleValue).average().orElse(Double.NaN);
    }

    private static String list(List<Double> xs) {
        return String.join(", ", xs.stream().map(x -> String.format(Locale.ROOT, "%.1f", x)).toList());
    }
}
