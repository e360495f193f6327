package io.sweep4j.report;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

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
        Path dir = Path.of("target", "report-test", "few-" + complete).toAbsolutePath();
        Files.createDirectories(dir);
        Path page = dir.resolve("report.html");
        Files.writeString(page, html, StandardCharsets.UTF_8);
        List<String> console = Chromium.console(Chromium.run(page, dir, "--dump-dom"));
        assertTrue(console.isEmpty(), "console of the report: " + console);
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
