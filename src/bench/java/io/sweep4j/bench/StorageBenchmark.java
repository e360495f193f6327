package io.sweep4j.bench;

import io.sweep4j.space.UsageException;
import io.sweep4j.store.Storage;
import io.sweep4j.store.StorageUrl;
import io.sweep4j.trial.History;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * sweep4j on PostgreSQL against Optuna 4.9's RDBStorage on the same server, in one run: N worker processes on one
 * study, (a) a trivial objective (framework cost per trial) and (b) one sleeping 20 ms (weak scaling against the
 * ideal N / 20 ms). Wall time includes process start on both sides; the workers of each row wait at a
 * {@link StartLine} until all have started, so the active span (first trial's start to last trial's end) holds
 * trials only. Each side's study is checked afterwards.
 *
 * <p>Run: {@code ./sweep bench storage --url postgresql://user:pw@host:5432/postgres [--workers 1,2,4,8]
 * [--trials 1000] [--sleep-trials 100] [--warmup N] [--sweep4j-only] [--out FILE]}; the user must be allowed to
 * create databases. {@code --warmup N}: each worker first runs N trivial trials, a side's workers together on one
 * warm-up study, on both sides.
 *
 * <p>{@code --growth N} runs (c) instead: one sweep4j worker grows one study to N trials (trivial objective), and
 * the milliseconds per trial of the first and the last tenth are read from the trials' stored times.
 */
public final class StorageBenchmark {
    private static final Path OPTUNA_49 = Path.of("src", "test", "python", "third_party", "optuna-4.9.0").toAbsolutePath()
            .normalize();

    private StorageBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        String url = null;
        List<Integer> workers = List.of(1, 2, 4, 8);
        int trials = 1000;
        int sleepTrials = 100;
        int growth = 0;
        int warmup = 0;
        boolean sweep4jOnly = false;
        Path out = null;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--url" -> url = BenchArgs.valueOf(args, i++);
                case "--workers" -> workers = parseList(BenchArgs.valueOf(args, i++));
                case "--trials" -> trials = BenchArgs.positive(args, i++);
                case "--sleep-trials" -> sleepTrials = BenchArgs.positive(args, i++);
                case "--out" -> out = Path.of(BenchArgs.valueOf(args, i++));
                case "--growth" -> growth = BenchArgs.positive(args, i++);
                case "--warmup" -> warmup = BenchArgs.positive(args, i++);
                case "--sweep4j-only" -> sweep4jOnly = true;
                default -> throw BenchArgs.unknown(args[i],
                        "--url, --workers, --trials, --sleep-trials, --warmup, --sweep4j-only, --growth, --out");
            }
        }
        if (url == null || !(StorageUrl.parse(url) instanceof StorageUrl.Postgres server)) {
            throw new UsageException("--url", url, "give a PostgreSQL server URL whose user may create databases,"
                    + " e.g. --url postgresql://postgres:pw@127.0.0.1:5432/postgres");
        }
        if (growth > 0) {
            growth(server, growth, out != null ? out : Path.of("results/benchmarks/storage-growth.md"));
            return;
        }
        if (out == null) {
            out = Path.of("results/benchmarks/storage.md");
        }
        StringBuilder md = new StringBuilder();
        md.append("# Storage on PostgreSQL: sweep4j vs Optuna 4.9 RDBStorage (same server, same run)\n\n")
                .append("Date: ").append(Instant.now()).append("  \nCommand: `./sweep bench storage --url ")
                .append(server).append(" --workers ").append(join(workers)).append(" --trials ").append(trials)
                .append(" --sleep-trials ").append(sleepTrials).append(warmup > 0 ? " --warmup " + warmup : "")
                .append(sweep4jOnly ? " --sweep4j-only" : "")
                .append("`  \nMachine: ")
                .append(Runtime.getRuntime().availableProcessors()).append(" cores;")
                .append(" random sampler, six parameters, N worker processes on one study, wall time from the")
                .append(" first process start to the last exit; \"active\" is the study's span in the database,")
                .append(" from the first trial's start to the last trial's end, the workers having waited at a start")
                .append(" line until all had started (so no process start-up overlaps it), on which the")
                .append(" per-trial figures and the ratio are computed.")
                .append(warmup == 0 ? "" : " Before the start line every worker, on both sides, ran " + warmup
                        + " trivial trials, all of a side's workers on one shared warm-up study at once (so the paths"
                        + " a shared study takes, other workers' rows and waits for its lock, are compiled too): the"
                        + " JVM's compiler has then done its work, as in a JVM benchmark's warm-up, and the rows"
                        + " measure trials in steady state.")
                .append("\n\n")
                .append("| workers | objective | trials | sweep4j wall s | sweep4j active s | sweep4j ms/trial/worker |")
                .append(" Optuna wall s | Optuna active s | Optuna ms/trial/worker | Optuna/sweep4j per trial |")
                .append(" sweep4j % of ideal | Optuna % of ideal |\n|---|---|---|---|---|---|---|---|---|---|---|---|\n");
        StringBuilder spans = new StringBuilder("\nWhere sweep4j's time goes, per worker from its own trials' stored"
                + " times (a trial's start is taken just before the claim's insert, its end just before the finish):"
                + " a trial's span, and the gap from its end to the same worker's next start (finish, next claim, lock"
                + " wait); and study-wide, the time between consecutive trials' starts, whatever their worker: each"
                + " start is taken under the study's lock, so the short ones (p10) show how long one claim holds"
                + " it.\n\n"
                + "| workers | objective | span mean ms (p50) | gap mean ms (p50, p90) | starts apart ms p10 (p50) |\n"
                + "|---|---|---|---|---|\n");
        for (int sleepMs : new int[] {0, 20}) {
            int each = sleepMs == 0 ? trials : sleepTrials;
            for (int n : workers) {
                double[] o = sweep4j(server, n, each, sleepMs, warmup);
                spans.append(String.format(Locale.ROOT, "| %d | %s | %.2f (%.2f) | %.2f (%.2f, %.2f) | %.2f (%.2f) |%n",
                        n, sleepMs == 0 ? "trivial" : "sleep 20 ms", o[2], o[3], o[4], o[5], o[6], o[7], o[8]));
                // --sweep4j-only: a quick look at sweep4j's own figures while changing it; no ratio without Optuna
                double[] t = sweep4jOnly ? new double[] {Double.NaN, Double.NaN}
                        : optuna(server, n, each, sleepMs, warmup);
                double ours = o[1];
                double theirs = t[1];
                int total = n * each;
                double ideal = n * 1000.0 / Math.max(sleepMs, 1);
                md.append(String.format(Locale.ROOT, "| %d | %s | %d | %.1f | %.1f | %.2f | %.1f | %.1f | %.2f | %.1f× |"
                        + " %s | %s |%n", n, sleepMs == 0 ? "trivial" : "sleep 20 ms", total, o[0], ours,
                        ours * 1000 * n / total, t[0], theirs, theirs * 1000 * n / total, theirs / ours,
                        sleepMs == 0 ? "-" : String.format(Locale.ROOT, "%.0f %%", 100 * total / ours / ideal),
                        sleepMs == 0 ? "-" : String.format(Locale.ROOT, "%.0f %%", 100 * total / theirs / ideal)));
                System.out.print(md.substring(md.lastIndexOf("| " + n + " |")));
            }
        }
        md.append(spans);
        System.out.print(spans);
        Files.createDirectories(out.toAbsolutePath().getParent());
        Files.writeString(out, md.toString(), StandardCharsets.UTF_8);
        System.out.println("written to " + out);
    }

    /**
     * Wall and active seconds for {@code n} sweep4j worker JVMs to run {@code n * each} trials; checks the study
     * afterwards.
     */
    private static double[] sweep4j(StorageUrl.Postgres server, int n, int each, int sleepMs, int warmup)
            throws Exception {
        String db = freshDatabase(server, "sweep4j", n, sleepMs);
        List<Process> ps = new ArrayList<>();
        StartLine start = new StartLine();
        long t0 = System.nanoTime();
        for (int w = 0; w < n; w++) {
            ps.add(workerProcess(db, n * each, sleepMs, w + 1, start, warmup, n));
        }
        start.release(ps);
        await(ps, "sweep4j worker");
        double seconds = (System.nanoTime() - t0) / 1e9;
        double active = activeSeconds(db);
        try (Storage s = Storage.open(StorageUrl.parse(db), Storage.Access.READ_ONLY)) {
            History h = s.history(s.findStudy("bench").orElseThrow().studyId());
            Set<Integer> numbers = new HashSet<>();
            h.trials().forEach(t -> numbers.add(t.number()));
            long complete = h.completed().size();
            if (complete != (long) n * each || numbers.size() != h.trials().size()) {
                throw new IllegalStateException("sweep4j study unsound: " + complete + " complete of " + n * each
                        + ", " + numbers.size() + " numbers for " + h.trials().size() + " trials");
            }
        }
        double[] spans = workerSpans(db);
        return new double[] {seconds, active, spans[0], spans[1], spans[2], spans[3], spans[4], spans[5], spans[6]};
    }

    /**
     * Per worker, trial span and gap to the next start (ms): span mean and p50, gap mean, p50 and p90; then the
     * study's consecutive starts apart (ms), p10 and p50.
     */
    private static double[] workerSpans(String db) throws SQLException {
        String query = "WITH t AS (SELECT tr.datetime_start s, tr.datetime_complete c, a.value_json w FROM trials tr"
                + " JOIN trial_system_attributes a ON a.trial_id = tr.trial_id AND a.\"key\" = 'sweep4j:worker'"
                + " WHERE tr.study_id = (SELECT study_id FROM studies WHERE study_name = 'bench')),"
                + " g AS (SELECT EXTRACT(EPOCH FROM c - s) * 1000 AS span,"
                + " EXTRACT(EPOCH FROM lead(s) OVER (PARTITION BY w ORDER BY s) - c) * 1000 AS gap FROM t)"
                + " SELECT avg(span), percentile_cont(0.5) WITHIN GROUP (ORDER BY span), avg(gap),"
                + " percentile_cont(0.5) WITHIN GROUP (ORDER BY gap), percentile_cont(0.9) WITHIN GROUP (ORDER BY gap)"
                + " FROM g WHERE gap IS NOT NULL";
        String apart = "WITH s AS (SELECT EXTRACT(EPOCH FROM datetime_start - lag(datetime_start) OVER"
                + " (ORDER BY datetime_start)) * 1000 AS d FROM trials"
                + " WHERE study_id = (SELECT study_id FROM studies WHERE study_name = 'bench'))"
                + " SELECT percentile_cont(0.1) WITHIN GROUP (ORDER BY d),"
                + " percentile_cont(0.5) WITHIN GROUP (ORDER BY d)"
                + " FROM s WHERE d IS NOT NULL";
        try (Connection c = connect(db); Statement st = c.createStatement(); var rs = st.executeQuery(query);
                var rs2 = c.createStatement().executeQuery(apart)) {
            rs.next();
            rs2.next();
            return new double[] {rs.getDouble(1), rs.getDouble(2), rs.getDouble(3), rs.getDouble(4), rs.getDouble(5),
                    rs2.getDouble(1), rs2.getDouble(2)};
        }
    }

    /**
     * (c): one worker grows one study to {@code total} trials; ms per trial over the first and the last tenth (by
     * trial number, from the first start to the last end of each tenth, as stored by the database).
     */
    private static void growth(StorageUrl.Postgres server, int total, Path out) throws Exception {
        String db = freshDatabase(server, "growth", 1, 0);
        StartLine start = new StartLine();
        long t0 = System.nanoTime();
        List<Process> worker = List.of(workerProcess(db, total, 0, 1, start, 0, 1));
        start.release(worker);
        await(worker, "sweep4j worker");
        double wall = (System.nanoTime() - t0) / 1e9;
        int tenth = Math.max(1, total / 10);
        double first;
        double last;
        long complete;
        long distinctNumbers;
        try (Connection c = connect(db); Statement st = c.createStatement()) {
            first = tenthSeconds(st, 0, tenth);
            last = tenthSeconds(st, total - tenth, total);
            try (var rs = st.executeQuery("SELECT count(*) FILTER (WHERE state = 'COMPLETE'), count(DISTINCT number)"
                    + " FROM trials")) {
                rs.next();
                complete = rs.getLong(1);
                distinctNumbers = rs.getLong(2);
            }
        }
        if (complete != total || distinctNumbers != total) {
            throw new IllegalStateException("study unsound: " + complete + " complete, " + distinctNumbers
                    + " numbers, of " + total);
        }
        double firstMs = first * 1000 / tenth;
        double lastMs = last * 1000 / tenth;
        String md = String.format(Locale.ROOT, """
                # One study grown to %d trials on PostgreSQL (issue #10 (c))

                Date: %s  \nCommand: `./sweep bench storage --url %s --growth %d`  \nOne sweep4j worker process,
                random sampler, six parameters, trivial objective; ms per trial over the first and the last %d trials
                (by number), from the first start to the last end of each, as the database stored them.

                | trials | wall s | first 10 %% ms/trial | last 10 %% ms/trial | last / first | target |
                |---|---|---|---|---|---|
                | %d | %.0f | %.2f | %.2f | %.2f× | ≤ 1.5× |
                """, total, Instant.now(), server, total, tenth, total, wall, firstMs, lastMs, lastMs / firstMs);
        System.out.print(md);
        Files.createDirectories(out.toAbsolutePath().getParent());
        Files.writeString(out, md, StandardCharsets.UTF_8);
        System.out.println("written to " + out);
    }

    private static double tenthSeconds(Statement st, int fromNumber, int toNumber) throws SQLException {
        try (var rs = st.executeQuery("SELECT EXTRACT(EPOCH FROM max(datetime_complete) - min(datetime_start))"
                + " FROM trials WHERE number >= " + fromNumber + " AND number < " + toNumber)) {
            rs.next();
            return rs.getDouble(1);
        }
    }

    private static Connection connect(String db) throws SQLException {
        StorageUrl.Postgres p = (StorageUrl.Postgres) StorageUrl.parse(db);
        return DriverManager.getConnection("jdbc:postgresql://" + p.host() + ":" + p.port() + "/" + p.database(),
                p.user(), p.password().orElse(System.getenv("PGPASSWORD")));
    }

    private static Process workerProcess(String db, int total, int sleepMs, int seed, StartLine start, int warmup,
            int workers) throws IOException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        ProcessBuilder pb = new ProcessBuilder(java, "-Xmx256m", "-Dorg.slf4j.simpleLogger.defaultLogLevel=warn",
                "-cp", System.getProperty("java.class.path"), StorageBenchWorker.class.getName(), db,
                String.valueOf(total), String.valueOf(sleepMs), String.valueOf(seed), start.dir(),
                String.valueOf(warmup), String.valueOf(workers)).inheritIO();
        pb.environment().put("OMP_NUM_THREADS", "1");
        return pb.start();
    }

    /** Wall and active seconds for {@code n} Optuna 4.9 worker processes to run {@code each} trials each. */
    private static double[] optuna(StorageUrl.Postgres server, int n, int each, int sleepMs, int warmup)
            throws Exception {
        String plain = freshDatabase(server, "optuna", n, sleepMs);
        String db = plain.replace("postgresql://", "postgresql+psycopg2://");
        python(List.of("-c", "import optuna; optuna.create_study(study_name='bench', storage='" + db + "')"));
        List<Process> ps = new ArrayList<>();
        StartLine start = new StartLine();
        long t0 = System.nanoTime();
        for (int w = 0; w < n; w++) {
            ps.add(pythonProcess(List.of(Path.of("src/bench/python/optuna_storage_worker.py").toString(), db,
                    String.valueOf(each), String.valueOf(sleepMs), start.dir(), String.valueOf(warmup))));
        }
        start.release(ps);
        await(ps, "Optuna worker");
        return new double[] {(System.nanoTime() - t0) / 1e9, activeSeconds(plain)};
    }

    /** From the first trial's start to the last one's end, as both sides stored them (same host, same clock). */
    private static double activeSeconds(String db) throws SQLException {
        try (Connection c = connect(db); Statement st = c.createStatement();
                var rs = st.executeQuery("SELECT EXTRACT(EPOCH FROM max(datetime_complete) - min(datetime_start))"
                        + " FROM trials WHERE study_id = (SELECT study_id FROM studies WHERE study_name = 'bench')")) {
            rs.next();
            return rs.getDouble(1);
        }
    }

    private static Process pythonProcess(List<String> args) throws IOException {
        List<String> cmd = new ArrayList<>(List.of("/usr/bin/python3"));
        cmd.addAll(args);
        ProcessBuilder pb = new ProcessBuilder(cmd).inheritIO();
        pb.environment().put("PYTHONPATH", OPTUNA_49.toString());
        return pb.start();
    }

    private static void python(List<String> args) throws Exception {
        await(List.of(pythonProcess(args)), "python");
    }

    private static void await(List<Process> ps, String what) throws InterruptedException {
        for (Process p : ps) {
            if (!p.waitFor(2, TimeUnit.HOURS) || p.exitValue() != 0) {
                throw new IllegalStateException(what + " failed (exit " + p.exitValue() + ")");
            }
        }
    }

    private static String freshDatabase(StorageUrl.Postgres server, String side, int n, int sleepMs)
            throws SQLException {
        String name = "bench_" + side + "_" + n + "_" + sleepMs + "_" + ProcessHandle.current().pid();
        try (Connection c = DriverManager.getConnection("jdbc:postgresql://" + server.host() + ":" + server.port()
                + "/" + server.database(), server.user(), server.password().orElse(System.getenv("PGPASSWORD")));
                Statement st = c.createStatement()) {
            st.execute("DROP DATABASE IF EXISTS " + name);
            st.execute("CREATE DATABASE " + name);
        }
        String user = server.user() + server.password().map(p -> ":" + p).orElse("");
        return "postgresql://" + user + "@" + server.host() + ":" + server.port() + "/" + name;
    }

    private static List<Integer> parseList(String s) {
        List<Integer> out = new ArrayList<>();
        for (String p : s.split(",")) {
            try {
                out.add(Integer.parseInt(p.trim()));
            } catch (NumberFormatException e) {
                throw new UsageException("--workers", s, "give worker counts such as 1,2,4,8");
            }
        }
        return out;
    }

    private static String join(List<Integer> xs) {
        return String.join(",", xs.stream().map(String::valueOf).toList());
    }
}
