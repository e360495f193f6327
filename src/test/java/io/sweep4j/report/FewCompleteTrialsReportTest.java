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
import io.sweep4j.study.TrialInterruptedException;
import io.sweep4j.study.TrialPrunedException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A long search with aggressive pruning can hold one complete trial among dozens of pruned and stopped ones (the
 * 8-hour CNN search after 4 hours: 1 complete, 24 pruned): its report must still render and open without errors.
 */
class FewCompleteTrialsReportTest {
    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-11-30T06:00:00Z"), ZoneOffset.UTC);

    @TempDir
    Path tmp;

    @ParameterizedTest
    @ValueSource(ints = {0, 1, 2, 3})
    void aStudyWithFewCompleteTrialsGetsItsReport(int complete) throws Exception {
        Path db = tmp.resolve("s.db");
        Study.named("few").storage(db)
                .space(s -> s.logFloat("lr", 1e-4, 1e-1).choice("optimizer", "sgd", "adam").intRange("width", 16, 256))
                .sampler(Samplers.random(3))
                .objective(t -> {
                    t.report(0, 0.5 + t.number() / 100.0);
                    if (t.number() == 4) {
                        throw new TrialInterruptedException("interrupted");
                    }
                    if (t.number() >= complete) {
                        if (t.number() % 3 == 0) {
                            throw new TrialFailedException("diverged at epoch 0");
                        }
                        throw new TrialPrunedException("pruned at step 0");
                    }
                    t.report(1, 0.6 + t.number() / 100.0);
                    return 0.6 + t.number() / 100.0;
                })
                .maximize("val_accuracy").parallelism(1).budget(Budget.trials(12)).optimize();
        String html = report(db);
        assertTrue(html.contains(complete == 0 ? "No trial has completed yet" : "Trial #" + (complete - 1) + " won"),
                "the verdict names the best complete trial");
        assertTrue(Pattern.compile("\\d+ trial\\(s\\) failed: diverged ×\\d+,( e\\.g\\.)? trial \\d+: diverged at"
                + " epoch 0\\.").matcher(html).find(), "failures by kind");
        assertTrue(html.contains("1 trial(s) were interrupted"), "an interrupted trial is not counted a failure");
        // a chart with nothing to draw is a sentence, not empty axes
        Matcher empty = Pattern.compile("<figure class='chart[^']*' id='([^']+)' data-marks='0'>(.*?)</figure>")
                .matcher(html);
        while (empty.find()) {
            assertFalse(empty.group(2).contains("<svg"), "empty axes drawn: " + empty.group(1));
        }
        if (complete == 0) {
            assertTrue(html.contains("No trial has completed, so none can be judged by its final val_accuracy"),
                    "says why the charts by final value are missing");
            assertFalse(html.contains("id='edf'") || html.contains("id='contour'") || html.contains("id='slice-0'"));
        }
        Path dir = Path.of("target", "report-test", "few-" + complete).toAbsolutePath();
        Files.createDirectories(dir);
        Path page = dir.resolve("report.html");
        Files.writeString(page, html, StandardCharsets.UTF_8);
        List<String> console = Chromium.console(Chromium.run(page, dir, "--dump-dom"));
        assertTrue(console.isEmpty(), "console of the report: " + console);
    }

    @Test
    void aStudyAshaMostlyPrunedIsAlsoJudgedAtTheDeepestStepEnoughTrialsReached() throws Exception {
        // QuickStart's pruner and size: ASHA leaves 2 of 20 trials complete; every trial measured steps 0 and 1
        Path db = tmp.resolve("asha.db");
        Study.named("asha").storage(db)
                .space(s -> s.logFloat("lr", 1e-4, 1e-1).choice("optimizer", "sgd", "nesterov", "adam")
                        .when("optimizer", List.of("nesterov"), n -> n.floatRange("momentum", 0.5, 0.99))
                        .intRange("width", 16, 256))
                .sampler(Samplers.random(3)).pruner(Pruners.asha(1, 3))
                .objective(t -> {
                    // later trials a little worse, as when the sampler ran out of good ideas: ASHA, which
                    // promotes the best third at each rung, lets few of them finish
                    double q = 1 - Math.abs(Math.log10(t.getDouble("lr")) + 2.5) / 3 - t.getInt("width") / 2000.0
                            - t.number() * 0.02;
                    double acc = 0;
                    for (int e = 0; e < 20; e++) {
                        acc = q * (1 - Math.exp(-(e + 1) / 2.0));
                        t.report(e, acc);
                        if (t.shouldPrune()) {
                            throw new TrialPrunedException("pruned at step " + e);
                        }
                    }
                    return acc;
                })
                .maximize("val_accuracy").parallelism(1).budget(Budget.trials(20)).optimize();
        StudyView view;
        try (SqliteStorage s = SqliteStorage.openReadOnly(db)) {
            StudyInfo info = s.studies().get(0);
            view = StudyView.of(info, s.history(info.studyId()));
        }
        int complete = view.history().completed().size();
        assertTrue(complete < 3, "ASHA left few complete trials: " + complete);
        // the deepest step at least 10 trials reached, with every trial that reached it
        int min = 10;
        java.util.TreeMap<Integer, Integer> reachedBy = new java.util.TreeMap<>();
        view.history().trials().forEach(t -> t.intermediateValues().keySet().forEach(k -> reachedBy.merge(k, 1,
                Integer::sum)));
        int deepest = reachedBy.entrySet().stream().filter(e -> e.getValue() >= min).mapToInt(e -> e.getKey()).max()
                .orElseThrow();
        int reached = reachedBy.get(deepest);
        assertTrue(reached > complete, "more trials reached step " + deepest + " than completed: " + reachedBy);
        String html = HtmlReport.render(ReportModel.of(view, CLOCK));
        String label = "val_accuracy at step " + deepest + ", " + reached + " trials";
        assertTrue(html.contains("What the pruned trials measured: " + label), "says which step and how many");
        assertTrue(html.contains("What mattered by " + label), "the verdict's importance by the step");
        assertTrue(figure(html, "importance-step").contains(">lr<"), "importance at the step");
        assertTrue(figure(html, "importance").contains("needs at least 3 trials"), "not from 2 complete trials");
        // a contour from 2 points is an interpolation of nothing: a sentence; at the step, one dot per trial
        assertTrue(figure(html, "contour").contains("a contour needs at least " + min));
        assertFalse(figure(html, "contour").contains("<svg"));
        assertEquals(reached, count(figure(html, "contour-step"), "class='c-dot'"));
        assertEquals(reached, count(figure(html, "parallel-step"), "<polyline"));
        assertEquals(reached, count(figure(html, "slice-step-0"), "<circle"), "a dot per trial in lr's slice");
        Matcher title = Pattern.compile("Contour: ([^<]*)<").matcher(figure(html, "contour-step"));
        assertTrue(title.find() && !title.group(1).contains("momentum"), "no contour of a conditional parameter");
        Path dir = Path.of("target", "report-test", "asha").toAbsolutePath();
        Files.createDirectories(dir);
        Path page = dir.resolve("report.html");
        Files.writeString(page, html, StandardCharsets.UTF_8);
        List<String> console = Chromium.console(Chromium.run(page, dir, "--screenshot=" + dir.resolve("report.png"),
                "--window-size=1400,4000"));
        assertTrue(console.isEmpty(), "console of the report: " + console);
    }

    private static String figure(String html, String id) {
        int at = html.indexOf("id='" + id + "'");
        assertTrue(at >= 0, id + " in the report");
        return html.substring(at, html.indexOf("</figure>", at));
    }

    private static int count(String s, String what) {
        return s.split(Pattern.quote(what), -1).length - 1;
    }

    @Test
    void aParameterTheStudyFixedGetsNoAxisSliceOrContour() throws Exception {
        // FashionCnnSearch fixes optimizer=adam and batchNorm=true: before any importance exists they took the contour
        Path db = tmp.resolve("fixed.db");
        Study.named("fixed").storage(db)
                .space(s -> s.choice("optimizer", "adam").logFloat("lr", 1e-4, 1e-1).intRange("width", 16, 256))
                .sampler(Samplers.random(3))
                .objective(t -> t.getDouble("lr") * 10 + t.getInt("width") / 1000.0)
                .maximize("val_accuracy").parallelism(1).budget(Budget.trials(2)).optimize();
        String html = report(db);
        assertTrue(html.contains("Contour: lr × width"), "the contour takes the two searched parameters");
        assertTrue(html.contains("Slice: lr") && html.contains("Slice: width"));
        assertFalse(html.contains("Slice: optimizer"), "no slice of a constant");
        String parallel = html.substring(html.indexOf("id='parallel'"));
        parallel = parallel.substring(0, parallel.indexOf("</figure>"));
        assertFalse(parallel.contains(">optimizer<"), "no axis of a constant");
        assertTrue(html.contains("optimizer"), "the trial table still shows it");
    }

    @Test
    void aLongFailureReasonIsShownWholeAndEndsItsSentenceOnce() {
        // the CNN study's resume bug stored a NullPointerException message of over 100 characters, and the report's
        // verdict read "java.uti...."
        Path db = tmp.resolve("long.db");
        String reason = "NullPointerException: Cannot invoke \"java.util.List.size()\" because the return value of"
                + " \"java.util.Map.get(Object)\" is null";
        Study.named("long").storage(db)
                .space(s -> s.logFloat("lr", 1e-4, 1e-1))
                .sampler(Samplers.random(3))
                .objective(t -> {
                    if (t.number() == 1) {
                        throw new TrialFailedException(reason);
                    }
                    return t.getDouble("lr");
                })
                .maximize("val_accuracy").parallelism(1).budget(Budget.trials(2)).optimize();
        String html = report(db);
        assertTrue(html.contains("1 trial(s) failed: NullPointerException ×1, trial 1: NullPointerException: Cannot"
                + " invoke "), "the failure is listed with its whole reason");
        assertTrue(html.contains(" is null.") && !html.contains(" is null.."), "one period ends the sentence");
    }

    private static String report(Path db) {
        try (SqliteStorage s = SqliteStorage.openReadOnly(db)) {
            StudyInfo info = s.studies().get(0);
            return HtmlReport.render(ReportModel.of(StudyView.of(info, s.history(info.studyId())), CLOCK));
        }
    }
}
