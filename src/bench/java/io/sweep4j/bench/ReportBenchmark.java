package io.sweep4j.bench;

import io.sweep4j.prune.Pruners;
import io.sweep4j.report.HtmlReport;
import io.sweep4j.report.ReportModel;
import io.sweep4j.report.StudyView;
import io.sweep4j.sampler.Samplers;
import io.sweep4j.store.Storage;
import io.sweep4j.store.StorageUrl;
import io.sweep4j.store.StudyInfo;
import io.sweep4j.study.Budget;
import io.sweep4j.study.Study;
import io.sweep4j.study.TrialFailedException;
import io.sweep4j.study.TrialPrunedException;
import io.sweep4j.trial.History;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Report size and build time for studies of 1 000 and 100 000 trials (six parameters, one conditional, three
 * metrics over 10 epochs, pruned and failed trials). The 1 000 trials are run by sweep4j; the 100 000 are those
 * copied 100 times in SQL (numbers, ids and times shifted). The reference, measured in the same run, is reading the
 * study back from SQLite, which every report needs first; and Chromium opening the page (to a screenshot) is
 * compared with Chromium opening an empty page.
 *
 * <pre>./sweep bench report [--copies 100] [--rounds 3]</pre>
 */
public final class ReportBenchmark {
    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-11-30T06:00:00Z"), ZoneOffset.UTC);

    private ReportBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        int copies = 100;
        int rounds = 3;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--copies" -> copies = BenchArgs.positive(args, i++);
                case "--rounds" -> rounds = BenchArgs.positive(args, i++);
                default -> throw BenchArgs.unknown(args[i], "--copies N, --rounds N");
            }
        }
        Path dir = Files.createTempDirectory("sweep4j-report-bench");
        Path small = dir.resolve("s1k.db");
        long t0 = System.nanoTime();
        run(small, 1000);
        System.out.printf(Locale.ROOT, "ran 1000 trials in %.1f s%n", (System.nanoTime() - t0) / 1e9);
        Path large = dir.resolve("s100k.db");
        Files.copy(small, large);
        replicate(large, copies);
        List<String> rows = new ArrayList<>();
        rows.add("| trials | read study (reference) | model | render | model + render ÷ read | HTML size | Chromium"
                + " to screenshot | ÷ empty page |");
        rows.add("|---|---|---|---|---|---|---|---|");
        double empty = chromium(writeEmpty(dir), dir);
        for (Path db : List.of(small, large)) {
            double read = Double.MAX_VALUE;
            double model = Double.MAX_VALUE;
            double render = Double.MAX_VALUE;
            String html = null;
            int n = 0;
            for (int r = 0; r < rounds; r++) {
                long a = System.nanoTime();
                StudyView view;
                try (Storage s = Storage.open(StorageUrl.parse(db.toString()), Storage.Access.READ_ONLY)) {
                    StudyInfo info = s.studies().get(0);
                    History h = s.history(info.studyId());
                    view = StudyView.of(info, h);
                }
                long b = System.nanoTime();
                ReportModel m = ReportModel.of(view, CLOCK);
                long c = System.nanoTime();
                html = HtmlReport.render(m);
                long d = System.nanoTime();
                read = Math.min(read, (b - a) / 1e6);
                model = Math.min(model, (c - b) / 1e6);
                render = Math.min(render, (d - c) / 1e6);
                n = view.history().trials().size();
                System.out.printf(Locale.ROOT, "round %d  %6d trials: read %.0f ms, model %.0f ms, render %.0f ms%n",
                        r + 1, n, (b - a) / 1e6, (c - b) / 1e6, (d - c) / 1e6);
            }
            Path page = dir.resolve(n + ".html");
            Files.writeString(page, html, StandardCharsets.UTF_8);
            double open = chromium(page, dir);
            rows.add(String.format(Locale.ROOT, "| %d | %.0f ms | %.0f ms | %.0f ms | %.2f | %.2f MB | %.1f s | %.2f |",
                    n,
                    read, model, render, (model + render) / read, Files.size(page) / 1e6, open, open / empty));
        }
        System.out.printf(Locale.ROOT, "%nChromium on an empty page: %.1f s%n%n", empty);
        rows.forEach(System.out::println);
    }

    static void run(Path db, int trials) {
        Study.named("bench-report").storage(db)
                .space(s -> s.logFloat("lr", 1e-4, 1e-1).choice("optimizer", "sgd", "nesterov", "adam", "rmsprop")
                        .when("optimizer", "nesterov", b -> b.floatRange("momentum", 0.5, 0.99))
                        .choice("init", "xavier", "he", "orthogonal").floatRange("dropout", 0, 0.5)
                        .choice("batchSize", 32, 64, 128).logFloat("l2", 1e-6, 1e-2))
                .sampler(Samplers.random(1)).pruner(Pruners.median(5, 2))
                .objective(t -> {
                    double q = Math.abs(Math.log10(t.getDouble("lr")) + 2.7) / 3 + t.getDouble("dropout") / 4
                            + (t.getString("optimizer").equals("sgd") ? 0.1 : 0);
                    if (t.number() % 50 == 7) {
                        throw new TrialFailedException("diverged at epoch 1, iteration 40: loss=NaN");
                    }
                    double acc = 0;
                    for (int e = 0; e < 10; e++) {
                        acc = (0.92 - q * 0.2) * (1 - Math.exp(-(e + 1) / 3.0));
                        t.report(e, Map.of("val_accuracy", acc, "val_loss", 1 - acc, "train_loss", 1.05 - acc));
                        t.report(e, acc);
                        if (t.shouldPrune()) {
                            throw new TrialPrunedException("median at step " + e);
                        }
                    }
                    t.setUserAttribute("test_accuracy", acc - 0.01);
                    return acc;
                })
                .maximize("val_accuracy").parallelism(2).budget(Budget.trials(trials)).optimize();
    }

    /** Copies every trial {@code copies - 1} more times, shifting ids, numbers and times past the originals. */
    static void replicate(Path db, int copies) throws Exception {
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db); Statement s = c.createStatement()) {
            c.setAutoCommit(false);
            long ids = 1 + queryLong(s, "SELECT MAX(trial_id) FROM trials");
            long numbers = 1 + queryLong(s, "SELECT MAX(number) FROM trials");
            long span = 1 + queryLong(s, "SELECT CAST((julianday(MAX(datetime_complete))"
                    + " - julianday(MIN(datetime_start)))"
                    + " * 86400 AS INTEGER) FROM trials");
            for (int k = 1; k < copies; k++) {
                long off = ids * k;
                s.execute("INSERT INTO trials SELECT trial_id + " + off + ", number + " + numbers * k
                        + ", study_id, state,"
                        + " strftime('%Y-%m-%d %H:%M:%f', datetime_start, '+" + span * k + " seconds'),"
                        + " strftime('%Y-%m-%d %H:%M:%f', datetime_complete, '+" + span * k + " seconds')"
                        + " FROM trials WHERE trial_id < " + ids);
                for (String[] t : new String[][] {
                    {"trial_params", "param_id", "param_name, param_value, distribution_json"},
                    {"trial_values", "trial_value_id", "objective, value, value_type"},
                    {"trial_intermediate_values", "trial_intermediate_value_id",
                        "step, intermediate_value, intermediate_value_type"},
                    {"trial_system_attributes", "trial_system_attribute_id", "\"key\", value_json"},
                    {"trial_user_attributes", "trial_user_attribute_id", "\"key\", value_json"}}) {
                    s.execute("INSERT INTO " + t[0] + " SELECT NULL, trial_id + " + off + ", " + t[2] + " FROM " + t[0]
                            + " WHERE trial_id < " + ids);
                }
            }
            c.commit();
        }
    }

    private static long queryLong(Statement s, String sql) throws Exception {
        try (var rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private static Path writeEmpty(Path dir) throws Exception {
        Path p = dir.resolve("empty.html");
        Files.writeString(p, "<!DOCTYPE html><html><body></body></html>");
        return p;
    }

    /** Seconds from Chromium's start to its screenshot of {@code page} (parse, layout, paint), fresh profile. */
    private static double chromium(Path page, Path dir) throws Exception {
        Path profile = Files.createTempDirectory(dir, "profile");
        long a = System.nanoTime();
        Process p = new ProcessBuilder("/usr/bin/chromium", "--headless", "--no-sandbox", "--disable-gpu",
                "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run",
                "--user-data-dir=" + profile, "--window-size=1400,3000", "--screenshot=" + dir.resolve("shot.png"),
                page.toUri().toString()).redirectErrorStream(true).redirectOutput(dir.resolve("chromium.log").toFile())
                .start();
        if (!p.waitFor(300, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new IllegalStateException("chromium did not finish in 300 s on " + page);
        }
        return (System.nanoTime() - a) / 1e9;
    }
}
