package io.sweep4j.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sweep4j.prune.Pruners;
import io.sweep4j.sampler.Samplers;
import io.sweep4j.store.SqliteStorage;
import io.sweep4j.store.StudyInfo;
import io.sweep4j.study.Budget;
import io.sweep4j.study.Objective;
import io.sweep4j.study.Study;
import io.sweep4j.study.TrialPrunedException;
import io.sweep4j.trial.History;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Reports of studies with several objectives opened in headless Chromium: the front drawn with one dark mark per
 * front trial and the others dimmed (dominated and infeasible apart), the front's boundary and the hypervolume line,
 * importance per objective, pairwise fronts for three objectives; no script error, no CSP violation.
 */
class ParetoReportBrowserTest {
    private static final Path WORK = Path.of("target", "report-test").toAbsolutePath();
    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-12-01T12:00:00Z"), ZoneOffset.UTC);
    /** Logs, per chart, how many marks of each kind the browser laid out (with a non-empty box). */
    private static final String PROBE = "<script>document.querySelectorAll('figure.chart').forEach(function(f){"
            + "var s=f.querySelector('svg');var b=s?s.getBoundingClientRect():{width:0,height:0};"
            + "var n=function(q){return Array.prototype.filter.call(f.querySelectorAll(q),function(e){"
            + "var r=e.getBoundingClientRect();return r.width>0||r.height>0;}).length;};"
            + "console.log('CHART '+f.id+' '+Math.round(b.width)+'x'+Math.round(b.height)+' front='"
            + "+n('circle.pf-front')+' dominated='+n('circle.pf-dominated')+' infeasible='+n('circle.pf-infeasible')"
            + "+' boundary='+n('polyline.pf-line')+' chosen='+n('circle.pf-chosen')+' hv='+n('polyline.hv-line')"
            + "+' marks='+n('circle,polyline,rect:not(.frame)'));});</script>";

    /** A chart as the browser drew it: its size and how many marks of each kind. */
    record Drawn(int width, int height, Map<String, Integer> counts) {
    }

    private static Map<String, Drawn> open(String name, String html) throws Exception {
        Path dir = WORK.resolve(name);
        Files.createDirectories(dir);
        Path page = dir.resolve("report.html");
        Files.writeString(page, html, StandardCharsets.UTF_8);
        // the page as a user opens it, under its CSP: nothing logged at all (no error, no violation)
        String plain = Chromium.run(page, dir, "--screenshot=" + dir.resolve("report.png"), "--window-size=1400,4000");
        assertEquals(List.of(), Chromium.console(plain), "console of the report");
        // a copy without the CSP, so the probe may run
        Path probed = dir.resolve("probed.html");
        Files.writeString(probed, html.replaceFirst("<meta http-equiv='Content-Security-Policy'[^>]*>", "")
                .replace("</body>", PROBE + "</body>"), StandardCharsets.UTF_8);
        String out = Chromium.run(probed, dir, "--dump-dom");
        List<String> console = Chromium.console(out);
        assertTrue(console.stream().noneMatch(l -> l.contains("Uncaught") || l.contains("Error")), "errors: "
                + console);
        Map<String, Drawn> charts = new TreeMap<>();
        Matcher m = Pattern.compile("CHART (\\S+) (\\d+)x(\\d+) ((?:\\w+=\\d+ ?)+)").matcher(String.join("\n",
                console));
        while (m.find()) {
            Map<String, Integer> counts = new TreeMap<>();
            for (String kv : m.group(4).trim().split(" ")) {
                counts.put(kv.substring(0, kv.indexOf('=')), Integer.parseInt(kv.substring(kv.indexOf('=') + 1)));
            }
            charts.put(m.group(1), new Drawn(Integer.parseInt(m.group(2)), Integer.parseInt(m.group(3)), counts));
        }
        assertTrue(out.contains(" of ") && out.contains(" rows"), "the table script ran");
        for (var e : charts.entrySet()) {
            assertTrue(e.getValue().width() > 100 && e.getValue().height() > 50, "drawn size of " + e.getKey());
            assertTrue(e.getValue().counts().get("marks") > 0, "marks in " + e.getKey());
        }
        return charts;
    }

    @Test
    void aTwoObjectiveReportDrawsTheFrontWithTheOthersDimmedAndTheHypervolume() throws Exception {
        var info = MultiObjectiveStudies.info("pareto-2", 2);
        var history = MultiObjectiveStudies.history(2, 80, true, 7);
        // the report's entry point from storage: a stored study record with two directions and its history
        String html = HtmlReport.render(info, history, CLOCK);
        Front f = ReportModel.of(StudyView.of(info, history), CLOCK).front().orElseThrow();
        Map<String, Drawn> charts = open("pareto-2", html);
        Drawn front = charts.get("pareto");
        assertTrue(front != null, "the front chart; got " + charts.keySet());
        assertEquals(history.paretoFront().size(), front.counts().get("front"), "one dark mark per front trial");
        assertEquals(f.dominated().size(), front.counts().get("dominated"), "dominated trials dimmed");
        assertEquals(f.infeasible().size(), front.counts().get("infeasible"), "infeasible trials, dimmed apart");
        assertTrue(f.front().size() >= 3 && f.dominated().size() >= 10 && f.infeasible().size() >= 3,
                "every kind of trial is in the study: " + front);
        assertEquals(1, front.counts().get("boundary"), "the front's boundary");
        assertEquals(1, front.counts().get("chosen"), "the chosen trial ringed");
        assertEquals(1, charts.get("hypervolume").counts().get("hv"), "the hypervolume line");
        assertTrue(charts.containsKey("importance-0") && charts.containsKey("importance-1"),
                "importance per objective; got " + charts.keySet());
        assertTrue(charts.containsKey("curves-0") && charts.containsKey("timeline"), "curves and timeline");
        // what the legend and the captions say
        assertTrue(html.contains("hollow red: infeasible, breaking a constraint (" + f.infeasible().size() + ")"),
                "the legend names the infeasible trials");
        assertTrue(html.contains("up to the reference point (val_accuracy "), "the reference point stated");
        assertTrue(html.contains("The knee, the chosen trial: #" + f.chosen().number()), "what won: the knee");
        assertTrue(html.contains("Parameter importance for param_count (PED-ANOVA)"));
        assertTrue(html.contains("<th>val_accuracy</th><th>param_count</th>"), "both objectives in the table");
    }

    @Test
    void aStudyTheEngineRanOnSqliteGetsItsFrontItsPruningRuleAndItsCurves(@TempDir Path tmp) throws Exception {
        Path db = tmp.resolve("mo.db");
        // width buys accuracy and costs parameters; the widest break the constraint; the median pruner judges
        // val_accuracy per epoch, param_count is measured at the end
        Study.named("engine-pareto").storage(db)
                .space(s -> s.intRange("width", 8, 256).logFloat("lr", 1e-4, 1e-1).choice("optimizer", "sgd", "adam"))
                .sampler(Samplers.random(11)).pruner(Pruners.median(5, 1))
                .objective(Objective.named(t -> {
                    int width = t.getInt("width");
                    double q = Math.abs(Math.log10(t.getDouble("lr")) + 2.5) / 10
                            + (t.getString("optimizer").equals("adam") ? 0 : 0.03);
                    double acc = 0;
                    for (int e = 0; e < 4; e++) {
                        acc = (0.6 + 0.35 * (1 - Math.exp(-width / 60.0)) - q) * (1 - Math.exp(-(e + 1) / 1.2));
                        if (t.reportAndShouldPrune(e, Map.of("val_accuracy", acc, "val_loss", 1 - acc), Map.of())) {
                            throw new TrialPrunedException("pruned at epoch " + e);
                        }
                    }
                    return Map.of("val_accuracy", acc, "param_count", 1000.0 * width + 500);
                }))
                .maximize("val_accuracy").minimize("param_count").pruneOn("val_accuracy")
                .constraint("param_count", "<=", 200_500).parallelism(1).budget(Budget.trials(40)).optimize();
        String html;
        History history;
        Front f;
        try (SqliteStorage s = SqliteStorage.openReadOnly(db)) {
            StudyInfo info = s.studies().get(0);
            history = s.history(info.studyId());
            html = HtmlReport.render(info, history, CLOCK);
            f = ReportModel.of(StudyView.of(info, history), CLOCK).front().orElseThrow();
        }
        Map<String, Drawn> charts = open("pareto-engine", html);
        assertEquals(history.paretoFront().size(), charts.get("pareto").counts().get("front"));
        assertTrue(history.paretoFront().size() >= 2, "a trade-off: " + history.paretoFront().size());
        assertTrue(html.contains("Pruning by median(startup=5"), "the pruning rule in what won");
        assertTrue(html.contains("the pruner judges val_accuracy per step (maximize); param_count is measured when"
                + " the trial ends"), "the rule as the engine stored it");
        assertTrue(charts.containsKey("curves-0"), "learning curves of the reported metrics");
        assertTrue(html.contains("<tr><th>objectives</th><td>maximize val_accuracy, minimize param_count</td></tr>"),
                "the definition names the objectives in one line");
        assertTrue(html.contains("the chosen trial (the front&#39;s knee) in red, then the other knees and front trials,"
                + " 5 in colour (#" + f.chosen().number() + ","), "the chosen trial's curve first");
    }

    @Test
    void aThreeObjectiveReportDrawsAFrontForEachPairOfObjectives() throws Exception {
        var info = MultiObjectiveStudies.info("pareto-3", 3);
        var history = MultiObjectiveStudies.history(3, 60, false, 5);
        String html = HtmlReport.render(info, history, CLOCK);
        Map<String, Drawn> charts = open("pareto-3", html);
        int front = history.paretoFront().size();
        for (String id : List.of("pareto-0-1", "pareto-0-2", "pareto-1-2")) {
            Drawn d = charts.get(id);
            assertTrue(d != null, id + " drawn; got " + charts.keySet());
            assertEquals(front, d.counts().get("front"), id);
            assertEquals(history.completed().size() - front, d.counts().get("dominated"), id);
            assertEquals(0, d.counts().get("boundary"), "no staircase through a projected front: " + id);
        }
        assertTrue(!charts.containsKey("pareto"), "no two-objective chart");
        assertTrue(charts.containsKey("hypervolume") && charts.containsKey("importance-2"), charts.keySet().toString());
        assertTrue(html.contains("The chosen trial: #"), "what won: the chosen trial");
    }
}
