package io.sweep4j.dashboard;

import static io.sweep4j.report.Html.esc;

import io.sweep4j.report.HtmlReport;
import io.sweep4j.report.ReportModel;
import io.sweep4j.report.StudyView;
import io.sweep4j.space.Readable;
import io.sweep4j.store.StudyGlimpse;
import io.sweep4j.store.StudyInfo;
import io.sweep4j.trial.Attributes;
import io.sweep4j.trial.FrozenTrial;
import io.sweep4j.trial.History;
import io.sweep4j.trial.TrialState;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.TreeSet;

/**
 * The dashboard's HTML: a page shell that loads the dashboard's script, and the fragments the script polls for (the
 * study list, a study, a trial). Every user string goes through {@link io.sweep4j.report.Html#esc}; the charts are
 * the report's.
 */
final class Pages {
    private Pages() {
    }

    /** A page whose {@code #live} part the script fills from {@code api} and refreshes every two seconds. */
    static String shell(String title, String api) {
        return "<!DOCTYPE html>\n<html lang='en'><head><meta charset='utf-8'><title>" + esc(title)
                + " — sweep dashboard</title><meta name='viewport' content='width=device-width'>"
                + "<link rel='icon' href='/favicon.svg'><link rel='stylesheet' href='/dashboard.css'></head>"
                + "<body data-api='" + esc(api) + "'><nav><a href='/'>studies</a> <span id='status' class='status'>"
                + "reading the storage (the first read of a large study takes a while)…</span></nav><main id='live'></main>"
                + "<footer>sweep dashboard · read-only · charts drawn as SVG by sweep4j · loads nothing from the"
                + " internet</footer><script src='/dashboard.js'></script></body></html>\n";
    }

    /** The storage's studies: directions, trials by state, best, last activity, running workers. */
    static String studies(String location, List<StudyInfo> studies, Map<Long, StudyGlimpse> glimpses) {
        StringBuilder sb = new StringBuilder("<h1>Studies</h1><p class='meta'>in ").append(esc(location))
                .append("</p>");
        if (studies.isEmpty()) {
            return sb.append("<p class='empty' id='no-studies'>The storage holds no study yet.</p>").toString();
        }
        sb.append("<table id='studies'><thead><tr><th>study</th><th>direction</th><th>metric</th><th>trials</th>");
        for (TrialState st : TrialState.values()) {
            sb.append("<th>").append(st.name().toLowerCase(Locale.ROOT)).append("</th>");
        }
        sb.append("<th>best</th><th>last activity</th><th>running workers</th></tr></thead><tbody>");
        for (StudyInfo s : studies) {
            StudyGlimpse g = glimpses.get(s.studyId());
            History h = g.sample();
            sb.append("<tr><td><a href='").append(esc(studyHref(s.name()))).append("'>").append(esc(s.name()))
                    .append("</a></td><td>").append(esc(String.join(",", s.directions().stream()
                            .map(d -> d.name().toLowerCase(Locale.ROOT)).toList())))
                    .append("</td><td>").append(esc(s.isMultiObjective() ? String.join(", ", s.objectiveNames())
                            : s.metric())).append("</td><td class='num trials'>")
                    .append(g.total()).append("</td>");
            for (TrialState st : TrialState.values()) {
                sb.append("<td class='num'>").append(g.byState().get(st)).append("</td>");
            }
            FrozenTrial best = s.isMultiObjective() ? null : h.best().orElse(null);
            String bestCell = s.isMultiObjective() ? "Pareto front: " + h.paretoFront().size() + " trials"
                    : best == null ? "" : Readable.of(best.value()) + " (#" + best.number() + ")";
            sb.append("<td class='num'>").append(esc(bestCell)).append("</td><td>").append(esc(lastActivity(g))).append("</td><td>")
                    .append(esc(String.join(", ", workers(h.inState(TrialState.RUNNING))))).append("</td></tr>");
        }
        return sb.append("</tbody></table>").toString();
    }

    /**
     * A study: its running trials with their latest epoch, then everything the report shows; of a glimpse (a large
     * study not read in full yet), the report of its sample under the study's true counts, saying so.
     */
    static String study(StudyInfo info, StudyGlimpse g, Clock clock) {
        History h = g.sample();
        StringBuilder sb = new StringBuilder(1 << 12);
        List<FrozenTrial> running = h.inState(TrialState.RUNNING);
        StudyView view = StudyView.of(info, h);
        ReportModel model = ReportModel.of(view, clock);
        sb.append("<section id='running'><h2>Running now: ").append(running.size()).append("</h2>");
        if (!running.isEmpty()) {
            sb.append("<table><thead><tr><th>trial</th><th>worker</th><th>started</th><th>latest epoch</th>"
                    + "<th>latest metrics</th><th>parameters</th></tr></thead><tbody>");
            for (FrozenTrial t : running) {
                var latest = new java.util.TreeMap<>(StudyView.curves(t, info.metric())).lastEntry();
                Integer step = latest == null ? null : latest.getKey();
                sb.append("<tr><td><a href='").append(esc(trialHref(info.name(), t.number()))).append("'>#")
                        .append(t.number()).append("</a></td><td>").append(esc(worker(t))).append("</td><td>")
                        .append(esc(Objects.toString(t.start(), ""))).append("</td><td class='num'>")
                        .append(step == null ? "" : step).append("</td><td>")
                        .append(step == null ? "" : esc(Readable.of(latest.getValue()))).append("</td><td>")
                        .append(esc(Readable.of(t.params().asMap()))).append("</td></tr>");
            }
            sb.append("</tbody></table>");
        }
        sb.append("</section>\n");
        // the running trials right under the study's name and counts, above the report's verdict
        String body = HtmlReport.body(model);
        if (!g.complete()) {
            body = firstLook(info, g, body);
        }
        int at = body.indexOf("<section id='verdict'>");
        return at < 0 ? sb.insert(0, body).toString() : body.substring(0, at) + sb + body.substring(at);
    }

    /** The report's line of counts replaced by the study's, and what the sample holds. */
    private static String firstLook(StudyInfo info, StudyGlimpse g, String body) {
        int from = body.indexOf("<p class='meta'>");
        int to = body.indexOf("</p>", from);
        if (from < 0 || to < 0) {
            return body;
        }
        StringBuilder meta = new StringBuilder("<p class='meta'>").append(info.direction().name()
                .toLowerCase(Locale.ROOT)).append(" <b>").append(esc(info.metric())).append("</b> · ")
                .append(g.total()).append(" trials");
        g.byState().forEach((st, n) -> {
            if (n > 0) {
                meta.append(" · ").append(n).append(' ').append(st.name().toLowerCase(Locale.ROOT));
            }
        });
        meta.append("</p><p class='note' id='first-look'>A first look: the charts, the table and the verdict below")
                .append(" are drawn from ").append(g.sample().trials().size()).append(" of the ").append(g.total())
                .append(" trials (every running one, the best, the latest, and an even spread over the rest);")
                .append(" every trial is being read, and this page fills in by itself when that is done.</p>");
        return body.substring(0, from) + meta + body.substring(to + "</p>".length());
    }

    /** One trial: parameters, every metric's curve, attributes, why it ended, its worker and its retries. */
    static String trial(StudyInfo info, History h, FrozenTrial t) {
        StringBuilder sb = new StringBuilder(1 << 14);
        sb.append("<h1>Trial #").append(t.number()).append(" of <a href='").append(esc(studyHref(info.name())))
                .append("'>").append(esc(info.name())).append("</a></h1><table class='def' id='trial-facts'>");
        row(sb, "state", t.state().name().toLowerCase(Locale.ROOT));
        row(sb, info.metric(), t.value() == null ? "" : Readable.of(t.value()));
        row(sb, "started", Objects.toString(t.start(), ""));
        row(sb, "ended", Objects.toString(t.complete(), ""));
        row(sb, "duration", t.duration().map(Readable::duration).orElse(""));
        row(sb, "worker", worker(t));
        String reason = StudyView.reason(t);
        row(sb, "why it ended so", reason);
        Object retryOf = t.systemAttributes().get(Attributes.RETRY_OF);
        row(sb, "retry of", retryOf == null ? "" : "#" + retryOf + " (retry " + Objects.toString(
                t.systemAttributes().get(Attributes.RETRY_DEPTH), "1") + ")");
        List<String> retries = h.trials().stream().filter(o -> o.systemAttributes().get(Attributes.RETRY_OF)
                instanceof Number n && n.intValue() == t.number()).map(o -> "#" + o.number()).toList();
        row(sb, "retried as", String.join(", ", retries));
        sb.append("</table><h2>Parameters</h2><table class='def' id='trial-params'>");
        t.params().asMap().forEach((k, v) -> row(sb, k, Readable.of(v)));
        sb.append("</table><h2>Learning curves</h2>");
        ReportModel one = ReportModel.of(StudyView.of(info, h.withTrials(List.of(t))),
                Clock.fixed(Instant.EPOCH, java.time.ZoneOffset.UTC));
        List<String> curves = HtmlReport.curves(one);
        if (t.intermediateValues().isEmpty() && t.systemAttributes().keySet().stream()
                .noneMatch(k -> k.startsWith(Attributes.METRICS))) {
            sb.append("<p class='empty' id='trial-no-curve'>This trial reported nothing per step yet.</p>");
        } else {
            sb.append("<div class='charts' id='trial-curves'>");
            curves.forEach(sb::append);
            sb.append("</div>");
        }
        sb.append("<h2>User attributes</h2><table class='def' id='trial-user-attrs'>");
        t.userAttributes().forEach((k, v) -> row(sb, k, Readable.of(v)));
        sb.append("</table><h2>System attributes</h2><table class='def' id='trial-system-attrs'>");
        t.systemAttributes().forEach((k, v) -> {
            if (!k.startsWith(Attributes.METRICS)) {
                row(sb, k, Readable.of(v));
            }
        });
        return sb.append("</table>").toString();
    }

    static String studyHref(String study) {
        return "/study?name=" + URLEncoder.encode(study, StandardCharsets.UTF_8);
    }

    static String trialHref(String study, int number) {
        return "/trial?study=" + URLEncoder.encode(study, StandardCharsets.UTF_8) + "&number=" + number;
    }

    private static String worker(FrozenTrial t) {
        return Objects.toString(t.systemAttributes().get(Attributes.WORKER), "");
    }

    private static List<String> workers(List<FrozenTrial> running) {
        TreeSet<String> out = new TreeSet<>();
        running.forEach(t -> out.add(worker(t).isEmpty() ? "(no worker record)" : worker(t)));
        return List.copyOf(out);
    }

    private static String lastActivity(StudyGlimpse g) {
        Instant last = g.lastActivity();
        return last == null ? "" : last.truncatedTo(java.time.temporal.ChronoUnit.SECONDS).toString();
    }

    private static void row(StringBuilder sb, String k, String v) {
        sb.append("<tr><th>").append(esc(k)).append("</th><td>").append(esc(v)).append("</td></tr>");
    }
}
