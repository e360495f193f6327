package io.sweep4j.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sweep4j.resume.ChildStudy;
import io.sweep4j.store.SqliteStorage;
import io.sweep4j.store.StudyInfo;
import io.sweep4j.trial.Attributes;
import io.sweep4j.trial.FrozenTrial;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The report's timeline: each trial's bar in the row of the process that ran it. */
class TimelineTest {
    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-11-30T06:00:00Z"), ZoneOffset.UTC);

    @TempDir
    Path tmp;

    /** One worker process running three trials of the study, to its end. */
    private void runWorker(Path db, String tag) throws Exception {
        Process p = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-cp", System.getProperty("java.class.path"),
                ChildStudy.class.getName(), db.toString(), "two-workers", "fast", tag.equals("a") ? "3" : "6", "1")
                .redirectErrorStream(true).redirectOutput(tmp.resolve(tag + ".out").toFile()).start();
        assertTrue(p.waitFor(120, TimeUnit.SECONDS), "worker " + tag + " ended");
        assertEquals(0, p.exitValue(), Files.readString(tmp.resolve(tag + ".out")));
    }

    @Test
    void eachBarSitsInTheRowOfTheProcessThatRanIt() throws Exception {
        Path db = tmp.resolve("s.db");
        runWorker(db, "a"); // trials 0-2
        runWorker(db, "b"); // trials 3-5: the budget counts the study's trials
        String html;
        Map<Integer, String> pidOf = new LinkedHashMap<>();
        try (SqliteStorage s = SqliteStorage.openReadOnly(db)) {
            StudyInfo info = s.studies().get(0);
            var history = s.history(info.studyId());
            for (FrozenTrial t : history.trials()) {
                pidOf.put(t.number(), String.valueOf(t.systemAttributes().get(Attributes.WORKER)).split("\\|")[1]);
            }
            html = HtmlReport.render(ReportModel.of(StudyView.of(info, history), CLOCK));
        }
        assertEquals(2, new HashSet<>(pidOf.values()).size(), "two processes ran the study: " + pidOf);
        String timeline = html.substring(html.indexOf("id='timeline'"));
        timeline = timeline.substring(0, timeline.indexOf("</figure>"));
        // the row labels, "pid·slot", beside the y axis
        Map<String, Double> rowY = new LinkedHashMap<>();
        Matcher label = Pattern.compile("<text x='\\d+' y='([\\d.]+)' class='tick' text-anchor='end'>(\\d+)·(\\d+)"
                + "</text>").matcher(timeline);
        while (label.find()) {
            rowY.put(label.group(2) + "·" + label.group(3), Double.parseDouble(label.group(1)) - 3);
        }
        assertEquals(2, rowY.size(), "one row per process: " + rowY);
        Matcher bar = Pattern.compile("<rect x='[\\d.]+' y='([\\d.]+)' width='[\\d.]+' height='([\\d.]+)'"
                + " class='tl [^']*'><title>#(\\d+) ").matcher(timeline);
        Set<Integer> seen = new HashSet<>();
        while (bar.find()) {
            double mid = Double.parseDouble(bar.group(1)) + Double.parseDouble(bar.group(2)) / 2;
            int number = Integer.parseInt(bar.group(3));
            String nearest = rowY.entrySet().stream().min((x, y) -> Double.compare(Math.abs(x.getValue() - mid),
                    Math.abs(y.getValue() - mid))).orElseThrow().getKey();
            assertEquals(pidOf.get(number) + "·1", nearest, "trial #" + number + "'s bar sits in its worker's row");
            seen.add(number);
        }
        assertEquals(pidOf.keySet(), seen, "a bar per trial");
    }
}
