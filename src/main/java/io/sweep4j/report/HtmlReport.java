package io.sweep4j.report;

import io.sweep4j.space.Distribution;
import io.sweep4j.space.FloatDistribution;
import io.sweep4j.space.IntDistribution;
import io.sweep4j.space.CategoricalDistribution;
import io.sweep4j.trial.FrozenTrial;
import io.sweep4j.trial.History;
import io.sweep4j.trial.TrialState;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A one-file HTML report of a study: counts, the best trials, the optimization history, the learning curves and
 * each parameter against the objective. Inline SVG and CSS only, so it opens offline in any browser.
 */
public final class HtmlReport {
    private static final String[] PALETTE = {"#1f77b4", "#ff7f0e", "#2ca02c", "#d62728", "#9467bd", "#8c564b",
        "#e377c2", "#7f7f7f", "#bcbd22", "#17becf"};

    private HtmlReport() {
    }

    /** Renders the report of study {@code name} optimizing {@code metric} from its stored history. */
    public static String render(String name, String metric, History history) {
        StringBuilder sb = new StringBuilder();
        sb.append("<!DOCTYPE html><html lang='en'><head><meta charset='utf-8'><title>")
                .append(SvgPlot.esc(name)).append(" — sweep4j report</title><style>")
                .append("body{font-family:system-ui,sans-serif;margin:24px;color:#222;max-width:1200px}")
                .append("table{border-collapse:collapse;font-size:13px}td,th{border:1px solid #ddd;padding:3px 8px;")
                .append("text-align:right}th{background:#f4f4f4}.plot{margin:6px;border:1px solid #eee}")
                .append(".frame{fill:none;stroke:#999}.grid{stroke:#eee}.tick{font-size:10px;fill:#555}")
                .append(".label{font-size:12px;fill:#333}.title{font-size:13px;font-weight:600}")
                .append(".plots{display:flex;flex-wrap:wrap}</style></head><body>");
        sb.append("<h1>").append(SvgPlot.esc(name)).append("</h1>");
        String dir = history.direction().name().toLowerCase(Locale.ROOT);
        sb.append("<p>").append(dir).append(" <b>").append(SvgPlot.esc(metric)).append("</b> · ")
                .append(history.trials().size()).append(" trials: ");
        for (TrialState s : TrialState.values()) {
            int n = history.inState(s).size();
            if (n > 0) {
                sb.append(n).append(' ').append(s.name().toLowerCase(Locale.ROOT)).append(" · ");
            }
        }
        sb.append("generated ").append(Instant.now()).append("</p>");
        bestTable(sb, history, metric);
        sb.append("<h2>Optimization history</h2><div class='plots'>").append(historyPlot(history, metric))
                .append(curvesPlot(history, metric)).append("</div>");
        sb.append("<h2>Parameters against ").append(SvgPlot.esc(metric)).append("</h2><div class='plots'>");
        for (var e : parameters(history).entrySet()) {
            sb.append(paramPlot(history, e.getKey(), e.getValue(), metric));
        }
        sb.append("</div>");
        failures(sb, history);
        sb.append("</body></html>\n");
        return sb.toString();
    }

    private static void bestTable(StringBuilder sb, History history, String metric) {
        List<FrozenTrial> ranked = history.ranked();
        sb.append("<h2>Best trials</h2>");
        if (ranked.isEmpty()) {
            sb.append("<p>No completed trial yet.</p>");
            return;
        }
        List<String> params = new ArrayList<>(parameters(history).keySet());
        List<FrozenTrial> top = ranked.subList(0, Math.min(10, ranked.size()));
        // numeric user attributes (test_accuracy, best_epoch, ...) are what a user compares next to the metric
        List<String> attrs = new ArrayList<>();
        for (FrozenTrial t : top) {
            t.userAttributes().forEach((k, v) -> {
                if (v instanceof Number && !attrs.contains(k)) {
                    attrs.add(k);
                }
            });
        }
        sb.append("<table><tr><th>#</th><th>").append(SvgPlot.esc(metric)).append("</th><th>epochs</th>");
        for (String a : attrs) {
            sb.append("<th>").append(SvgPlot.esc(a)).append("</th>");
        }
        for (String p : params) {
            sb.append("<th>").append(SvgPlot.esc(p)).append("</th>");
        }
        sb.append("</tr>");
        for (FrozenTrial t : top) {
            sb.append("<tr><td>").append(t.number()).append("</td><td>").append(fmt(t.value())).append("</td><td>")
                    .append(t.intermediateValues().size()).append("</td>");
            for (String a : attrs) {
                Object v = t.userAttributes().get(a);
                sb.append("<td>").append(v == null ? "" : SvgPlot.esc(fmt(v instanceof Number n ? n.doubleValue() : v)))
                        .append("</td>");
            }
            for (String p : params) {
                sb.append("<td>").append(t.params().has(p) ? SvgPlot.esc(fmt(t.params().get(p))) : "")
                        .append("</td>");
            }
            sb.append("</tr>");
        }
        sb.append("</table>");
    }

    private static void failures(StringBuilder sb, History history) {
        List<FrozenTrial> failed = history.inState(TrialState.FAIL);
        if (failed.isEmpty()) {
            return;
        }
        sb.append("<h2>Failed trials</h2><table><tr><th>#</th><th style='text-align:left'>reason</th></tr>");
        for (FrozenTrial t : failed) {
            sb.append("<tr><td>").append(t.number()).append("</td><td style='text-align:left'>")
                    .append(SvgPlot.esc(t.failReason().orElse("?"))).append("</td></tr>");
        }
        sb.append("</table>");
    }

    private static String historyPlot(History history, String metric) {
        List<FrozenTrial> done = history.completed().stream().filter(t -> t.value() != null).toList();
        double[] x = new double[done.size()];
        double[] y = new double[done.size()];
        double[] best = new double[done.size()];
        double b = history.direction().worst();
        for (int i = 0; i < done.size(); i++) {
            x[i] = done.get(i).number();
            y[i] = done.get(i).value();
            if (history.direction().isBetter(y[i], b)) {
                b = y[i];
            }
            best[i] = b;
        }
        return new SvgPlot("value per trial, and the best so far", "trial", metric, false)
                .add(new SvgPlot.Series(x, y, PALETTE[0], false, true, "trials"))
                .add(new SvgPlot.Series(x, best, PALETTE[3], true, false, "best so far")).render();
    }

    private static String curvesPlot(History history, String metric) {
        SvgPlot plot = new SvgPlot("learning curves (intermediate values)", "step (epoch)", metric, false);
        int i = 0;
        for (FrozenTrial t : history.trials()) {
            if (t.intermediateValues().isEmpty()) {
                continue;
            }
            double[] x = t.intermediateValues().keySet().stream().mapToDouble(Integer::doubleValue).toArray();
            double[] y = t.intermediateValues().values().stream().mapToDouble(Double::doubleValue).toArray();
            plot.add(new SvgPlot.Series(x, y, PALETTE[i++ % PALETTE.length], true, false, "trial " + t.number()
                    + " (" + t.state().name().toLowerCase(Locale.ROOT) + ")"));
        }
        return plot.render();
    }

    private static String paramPlot(History history, String name, Distribution d, String metric) {
        boolean log = (d instanceof FloatDistribution f && f.log()) || (d instanceof IntDistribution n && n.log());
        List<FrozenTrial> done = history.completed().stream()
                .filter(t -> t.value() != null && t.params().has(name)).toList();
        double[] x = new double[done.size()];
        double[] y = new double[done.size()];
        for (int i = 0; i < done.size(); i++) {
            Object v = done.get(i).params().get(name);
            x[i] = d instanceof CategoricalDistribution c ? c.indexOf(v) : ((Number) v).doubleValue();
            y[i] = done.get(i).value();
        }
        String label = name;
        if (d instanceof CategoricalDistribution c) {
            label = name + " " + c.choices();
        }
        return new SvgPlot(name, label, metric, log).add(new SvgPlot.Series(x, y, PALETTE[2], false, true, name))
                .render();
    }

    private static Map<String, Distribution> parameters(History history) {
        Map<String, Distribution> out = new LinkedHashMap<>();
        for (FrozenTrial t : history.trials()) {
            t.distributions().forEach(out::putIfAbsent);
        }
        return out;
    }

    private static String fmt(Object v) {
        if (v instanceof Double d) {
            return d == Math.rint(d) && Math.abs(d) < 1e9 ? Long.toString(d.longValue())
                    : String.format(Locale.ROOT, "%.5g", d);
        }
        return String.valueOf(v);
    }
}
