package io.sweep4j.report;

import io.sweep4j.space.Readable;
import io.sweep4j.store.StudyInfo;
import io.sweep4j.trial.History;
import io.sweep4j.trial.TrialState;
import java.time.Clock;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A study's report as one self-contained HTML file: what won and why, the charts (hand-drawn SVG), every trial in a
 * sortable, filterable table, and the study's definition. It loads nothing: no network, no library; its one small
 * script sorts and filters the table and touches no user text. Every user string goes through {@link Html#esc}.
 */
public final class HtmlReport {
    private HtmlReport() {
    }

    /** Marks a file as a sweep4j report, so `sweep report --out` may replace it (and nothing else). */
    public static final String GENERATOR = "<meta name='generator' content='sweep4j report'>";

    /** The report of a stored study, "generated" at the clock's time. */
    public static String render(StudyInfo study, History history, Clock clock) {
        return render(ReportModel.of(StudyView.of(study, history), clock));
    }

    public static String render(ReportModel m) {
        StudyView s = m.study();
        StringBuilder sb = new StringBuilder(1 << 16);
        sb.append("<!DOCTYPE html>\n<html lang='en'><head><meta charset='utf-8'>").append(GENERATOR)
                // only our own script may run (by its hash), nothing may load: a second guard behind escaping
                .append("<meta http-equiv='Content-Security-Policy' content=\"default-src 'none';"
                        + " style-src 'unsafe-inline'; script-src '").append(ReportAssets.SCRIPT_HASH).append("'\">")
                .append("<meta name='viewport' content='width=device-width'><title>")
                .append(Html.esc(s.name())).append(" — sweep4j report</title><style>").append(ReportAssets.CSS)
                .append("</style></head><body>\n");
        body(sb, m);
        sb.append("<footer>sweep4j report · charts drawn as SVG by sweep4j · opens offline</footer>\n<script>")
                .append(ReportAssets.SCRIPT).append("</script>\n</body></html>\n");
        return sb.toString();
    }

    /** What the report shows, without the page around it: for pages that show it live (the dashboard). */
    public static String body(ReportModel m) {
        StringBuilder sb = new StringBuilder(1 << 16);
        body(sb, m);
        return sb.toString();
    }

    /** The report's style sheet. */
    public static String css() {
        return ReportAssets.CSS;
    }

    /** The report's script that sorts and filters {@code #trial-table}; it runs once where it is placed. */
    public static String tableScript() {
        return ReportAssets.SCRIPT;
    }

    /** One learning-curve chart per metric the model's trials reported. */
    public static List<String> curves(ReportModel m) {
        return RunCharts.curves(m);
    }

    private static void body(StringBuilder sb, ReportModel m) {
        StudyView s = m.study();
        History h = s.history();
        sb.append("<h1>").append(Html.esc(s.name())).append("</h1>\n<p class='meta'>");
        for (int k = 0; k < s.objectives().size(); k++) {
            sb.append(h.directions().get(k).name().toLowerCase(Locale.ROOT)).append(" <b>")
                    .append(Html.esc(s.objectives().get(k))).append("</b> · ");
        }
        sb.append(h.trials().size()).append(" trials");
        for (TrialState st : TrialState.values()) {
            int n = h.inState(st).size();
            if (n > 0) {
                sb.append(" · ").append(n).append(' ').append(st.name().toLowerCase(Locale.ROOT));
            }
        }
        sb.append(" · generated ").append(m.generated()).append("</p>\n");
        sb.append("<section id='verdict'><h2>What won and why</h2><ul>");
        m.verdict().forEach(v -> sb.append("<li>").append(Html.esc(v)).append("</li>"));
        sb.append("</ul></section>\n");
        if (m.front().isPresent()) {
            severalObjectives(sb, m);
        } else {
            oneObjective(sb, m);
        }
        sb.append("<section><h2>Learning curves</h2>");
        if (m.trialsWithCurves() > 0) {
            sb.append("<div class='charts'>");
            RunCharts.curves(m).forEach(sb::append);
            sb.append("</div>");
        } else {
            empty(sb, "curves-empty", "No trial reported a value per step: no learning curves.");
        }
        sb.append("</section>\n<section><h2>How the trials ran</h2>");
        if (h.trials().stream().anyMatch(t -> t.start() != null)) {
            sb.append("<div class='charts'>").append(RunCharts.timeline(m)).append("</div>");
        } else {
            empty(sb, "timeline-empty", "No trial has started yet: no timeline.");
        }
        sb.append("</section>\n");
        trials(sb, m);
        definition(sb, s);
    }

    private static void oneObjective(StringBuilder sb, ReportModel m) {
        StudyView s = m.study();
        History h = s.history();
        boolean completed = !m.importance().basis().trials().isEmpty();
        boolean valued = h.trials().stream().anyMatch(t -> t.value() != null && Double.isFinite(t.value()));
        sb.append("<section><h2>Search</h2>");
        if (valued) {
            sb.append("<div class='charts'>").append(Charts.history(m))
                    .append(completed ? Charts.edf(m) : "").append("</div>");
        } else {
            empty(sb, "search-empty", "No trial has a value yet: no history to draw.");
        }
        sb.append("</section>\n<section><h2>Why: importance, interactions, slices</h2>");
        if (completed) {
            sb.append("<p class='note'>Over ").append(Html.esc(m.importance().basis().label()))
                    .append(", by their final ").append(Html.esc(s.metric())).append(".</p><div class='charts'>")
                    .append(Charts.importance(m.importance(), "importance"))
                    .append(ParamCharts.contour(m, m.importance(), "contour"))
                    .append(ParamCharts.parallel(m, m.importance(), "parallel"));
            Charts.slices(m, m.importance().basis(), "slice-").forEach(sb::append);
            sb.append("</div>");
        } else {
            empty(sb, "why-empty", "No trial has completed, so none can be judged by its final " + s.metric()
                    + ": no importance, contour, parallel coordinates or slices"
                    + (m.atStep().isPresent() ? "; below, the same charts by what the pruned trials measured." : "."));
        }
        sb.append("</section>\n");
        m.atStep().ifPresent(step -> {
            sb.append("<section id='at-step'><h2>What the pruned trials measured: ")
                    .append(Html.esc(step.basis().label())).append("</h2><p class='note'>Most trials were stopped"
                    + " early, so the completed ones are few. Here every trial is judged by ")
                    .append(Html.esc(step.basis().valueName())).append(", the deepest step at least ")
                    .append(Basis.MIN_TRIALS).append(" trials reached: an early reading, not the final one.</p>"
                    + "<div class='charts'>")
                    .append(Charts.importance(step, "importance-step"))
                    .append(ParamCharts.contour(m, step, "contour-step"))
                    .append(ParamCharts.parallel(m, step, "parallel-step"));
            Charts.slices(m, step.basis(), "slice-step-").forEach(sb::append);
            sb.append("</div></section>\n");
        });
    }

    /** The trade-off, the hypervolume over trials, and importance judged on each objective apart. */
    private static void severalObjectives(StringBuilder sb, ReportModel m) {
        Front f = m.front().orElseThrow();
        sb.append("<section id='front'><h2>The trade-off: Pareto front</h2>");
        if (f.front().isEmpty()) {
            empty(sb, "front-empty", "No trial has completed with every objective" + (f.infeasible().isEmpty() ? ""
                    : " and every constraint met") + " yet: no front to draw.");
        } else {
            sb.append("<div class='charts'>");
            ParetoCharts.front(m).forEach(sb::append);
            sb.append(ParetoCharts.hypervolume(m)).append("</div>");
        }
        sb.append("</section>\n<section><h2>Why: importance for each objective</h2>");
        if (!m.importance().basis().trials().isEmpty()) {
            sb.append("<p class='note'>Over ").append(Html.esc(m.importance().basis().label()))
                    .append(", each objective judged alone (which parameters decide whether a trial is among the top"
                    + " 10 % in it).</p><div class='charts'>");
            ParetoCharts.importance(m).forEach(sb::append);
            sb.append("</div>");
        } else {
            empty(sb, "why-empty", "No trial has completed: no importance.");
        }
        sb.append("</section>\n");
    }

    /** A sentence where a chart would show empty axes. */
    private static void empty(StringBuilder sb, String id, String sentence) {
        sb.append("<p class='empty' id='").append(id).append("'>").append(Html.esc(sentence)).append("</p>");
    }

    private static void trials(StringBuilder sb, ReportModel m) {
        TrialTable table = TrialTable.of(m.study(), m.table());
        List<String> cols = table.columns();
        sb.append("<section id='trials'><h2>All trials</h2><p class='controls'><label>filter <input id='filter'"
                + " type='search' placeholder='text in any column'></label> <label>state <select id='state'>"
                + "<option value=''>any</option>");
        for (TrialState st : TrialState.values()) {
            sb.append("<option>").append(st.name()).append("</option>");
        }
        sb.append("</select></label> <span id='shown'></span>");
        String note = m.sampled(m.table(), m.study().history().trials(), "trials");
        if (!note.isEmpty()) {
            sb.append(" <span class='note'>").append(Html.esc(note.replace("drawn", "listed"))).append("; all of"
                    + " them: sweep export</span>");
        }
        sb.append("</p><div class='scroll'><table id='trial-table'><thead><tr>");
        for (String c : cols) {
            sb.append("<th>").append(Html.esc(c)).append("</th>");
        }
        sb.append("</tr></thead><tbody>\n");
        for (Map<String, Object> r : table.rows()) {
            sb.append("<tr class='").append("r-").append(String.valueOf(r.get("state")).toLowerCase(Locale.ROOT))
                    .append("'>");
            for (String c : cols) {
                Object v = r.get(c);
                if (v instanceof Number n) {
                    sb.append("<td class='num' data-v='").append(n.doubleValue()).append("'>")
                            .append(Html.esc(Readable.of(v))).append("</td>");
                } else {
                    sb.append("<td>").append(v == null ? "" : Html.esc(Readable.of(v))).append("</td>");
                }
            }
            sb.append("</tr>\n");
        }
        sb.append("</tbody></table></div></section>\n");
    }

    private static void definition(StringBuilder sb, StudyView s) {
        sb.append("<section id='definition'><h2>The study's definition</h2><table class='def'>");
        for (var e : s.definition().entrySet()) {
            if (e.getValue() instanceof Map<?, ?> inner) {
                inner.forEach((k, v) -> row(sb, String.valueOf(k), Readable.of(v)));
            } else {
                row(sb, e.getKey(), Readable.of(e.getValue()));
            }
        }
        sb.append("</table><h3>Search space</h3><table class='def'><tr><th>parameter</th><th>distribution</th>"
                + "<th>active</th></tr>");
        for (String p : s.params()) {
            var d = s.distributions().get(p);
            sb.append("<tr><td>").append(Html.esc(p)).append("</td><td>").append(Html.esc(d == null ? "never sampled"
                    : Readable.distribution(d))).append("</td><td>")
                    .append(Html.esc(s.conditions().getOrDefault(p, "always")))
                    .append("</td></tr>");
        }
        sb.append("</table></section>\n");
    }

    private static void row(StringBuilder sb, String k, String v) {
        sb.append("<tr><th>").append(Html.esc(k)).append("</th><td>").append(Html.esc(v)).append("</td></tr>");
    }

}
