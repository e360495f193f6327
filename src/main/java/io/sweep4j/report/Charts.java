package io.sweep4j.report;

import io.sweep4j.space.CategoricalDistribution;
import io.sweep4j.space.Distribution;
import io.sweep4j.space.FloatDistribution;
import io.sweep4j.space.IntDistribution;
import io.sweep4j.space.Readable;
import io.sweep4j.trial.Direction;
import io.sweep4j.trial.FrozenTrial;
import io.sweep4j.trial.TrialState;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** The charts about values: optimization history, EDF, importance, and one slice per parameter. */
final class Charts {
    private Charts() {
    }

    static String tip(FrozenTrial t, String metric) {
        return "#" + t.number() + " " + t.state().name().toLowerCase(Locale.ROOT) + " " + metric + "="
                + Readable.of(t.value()) + " · " + Readable.of(t.params().asMap());
    }

    /** As {@link #tip(FrozenTrial, String)}, with the value the trial is judged by on {@code basis}. */
    static String tip(Basis.Measured m, Basis basis) {
        FrozenTrial t = m.trial();
        return "#" + t.number() + " " + t.state().name().toLowerCase(Locale.ROOT) + " " + basis.valueName() + "="
                + Readable.of(m.value()) + " · " + Readable.of(t.params().asMap());
    }

    static String stateClass(FrozenTrial t) {
        return "s-" + t.state().name().toLowerCase(Locale.ROOT);
    }

    static double[] values(List<FrozenTrial> trials) {
        return trials.stream().filter(t -> t.value() != null).mapToDouble(FrozenTrial::value)
                .filter(Double::isFinite).toArray();
    }

    /** Every trial's value by number, pruned ones at their last value, and the best so far as a step line. */
    static String history(ReportModel m) {
        String metric = m.study().metric();
        List<FrozenTrial> all = m.study().history().trials();
        List<FrozenTrial> valued = all.stream().filter(t -> t.value() != null && Double.isFinite(t.value())
                && (t.state() == TrialState.COMPLETE || t.state() == TrialState.PRUNED)).toList();
        int maxNumber = all.stream().mapToInt(FrozenTrial::number).max().orElse(0);
        Plot p = new Plot("history", "Optimization history", Scale.linear(0, Math.max(1, maxNumber)), "trial",
                Scale.fit(values(valued)), metric);
        for (FrozenTrial t : m.points()) {
            if (t.value() != null && Double.isFinite(t.value())
                    && (t.state() == TrialState.COMPLETE || t.state() == TrialState.PRUNED)) {
                p.dot(t.number(), t.value(), 0, stateClass(t), tip(t, metric));
            }
        }
        // best so far over all trials, not just the drawn sample: a point where it improves, and the end
        List<Double> xs = new ArrayList<>();
        List<Double> ys = new ArrayList<>();
        Double best = null;
        for (FrozenTrial t : all) {
            if (t.state() == TrialState.COMPLETE && t.value() != null && Double.isFinite(t.value())) {
                if (best == null || better(t.value(), best, m.study().direction())) {
                    if (best != null) {
                        xs.add((double) t.number());
                        ys.add(best);
                    }
                    best = t.value();
                    xs.add((double) t.number());
                    ys.add(best);
                }
            }
        }
        if (best != null) {
            xs.add((double) maxNumber);
            ys.add(best);
            p.line(xs.stream().mapToDouble(Double::doubleValue).toArray(),
                    ys.stream().mapToDouble(Double::doubleValue).toArray(), "best-line", "best so far");
        }
        return p.render("blue: complete · grey: pruned (last value) · line: best so far. "
                + m.sampled(m.points(), all, "trials"));
    }

    static boolean better(double a, double b, Direction d) {
        return d == Direction.MAXIMIZE ? a > b : a < b;
    }

    /** Empirical distribution of completed values: the share of trials at least as good as each value. */
    static String edf(ReportModel m) {
        double[] v = values(m.study().history().completed());
        java.util.Arrays.sort(v);
        Plot p = new Plot("edf", "Empirical distribution (EDF) of " + m.study().metric(), Scale.fit(v),
                m.study().metric(), Scale.linear(0, 1), "share of completed trials ≤ value");
        if (v.length > 0) {
            int n = v.length;
            int stride = Math.max(1, n / 1000);
            List<double[]> pts = new ArrayList<>();
            for (int i = 0; i < n; i += stride) {
                pts.add(new double[] {v[i], (double) i / n});
                pts.add(new double[] {v[i], (double) (i + 1) / n});
            }
            pts.add(new double[] {v[n - 1], 1});
            p.line(pts.stream().mapToDouble(a -> a[0]).toArray(), pts.stream().mapToDouble(a -> a[1]).toArray(),
                    "edf-line", n + " completed trials");
        }
        return p.render("");
    }

    /**
     * Horizontal bars, most important first: the parameters every judged trial has (summing to 100 %), then each
     * conditional one apart, as its share among the trials that have it.
     */
    static String importance(Importances imp, String id) {
        return importance(imp, id, "Parameter importance");
    }

    /** As {@link #importance(Importances, String)}, titled {@code title} (the method is added to it). */
    static String importance(Importances imp, String id, String title) {
        var ranked = imp.ranked();
        var conditional = imp.conditional().entrySet().stream().sorted((a, b) -> Double.compare(
                b.getValue().importance(), a.getValue().importance())).toList();
        StringBuilder sb = new StringBuilder();
        if (imp.isEmpty()) {
            return "<figure class='chart' id='" + id + "' data-marks='0'><p><b>" + Html.esc(title) + "</b>: needs at"
                    + " least 3 trials; " + Html.esc(imp.basis().label()) + ".</p></figure>";
        }
        int rowH = 22;
        int rows = Math.max(1, ranked.size()) + (conditional.isEmpty() ? 0 : 1 + 2 * conditional.size());
        int h = 40 + rowH * rows;
        sb.append(String.format(Locale.ROOT, "<figure class='chart' id='%s' data-marks='%d'><svg xmlns='http://"
                + "www.w3.org/2000/svg' viewBox='0 0 %d %d' width='%d' height='%d' role='img'>", id,
                ranked.size() + conditional.size(), Plot.W, h, Plot.W, h));
        sb.append("<text x='10' y='16' class='title'>").append(Html.esc(title)).append(" (PED-ANOVA)</text>");
        if (ranked.isEmpty()) {
            sb.append("<text x='10' y='40' class='label'>needs at least 3 trials that have every parameter judged"
                    + "</text>");
        }
        int y = 30;
        for (var e : ranked) {
            bar(sb, y, e.getKey(), e.getValue(), "bar");
            y += rowH;
        }
        if (!conditional.isEmpty()) {
            sb.append(String.format(Locale.ROOT, "<text x='10' y='%d' class='label'>Conditional parameters, each judged"
                    + " apart among the trials that have it:</text>", y + 14));
            y += rowH;
            for (var e : conditional) {
                bar(sb, y, e.getKey(), e.getValue().importance(), "bar bar-cond");
                sb.append(String.format(Locale.ROOT, "<text x='136' y='%d' class='tick'>%s</text>", y + rowH + 12,
                        Html.esc(e.getValue().label())));
                y += 2 * rowH;
            }
        }
        sb.append("</svg><figcaption>How much each parameter decides whether a trial reaches the top 10 % of ")
                .append(Html.esc(imp.basis().label())).append(" (the parameters every trial has sum to 100 %, as in"
                + " Optuna's PedAnovaImportanceEvaluator).</figcaption></figure>");
        return sb.toString();
    }

    private static void bar(StringBuilder sb, int y, String name, double value, String cls) {
        double w = (Plot.W - 200) * value;
        sb.append(String.format(Locale.ROOT, "<text x='130' y='%d' class='label' text-anchor='end'>%s</text>",
                y + 14, Html.esc(name)));
        sb.append(String.format(Locale.ROOT, "<rect x='136' y='%d' width='%.1f' height='16' class='%s'><title>%s"
                + "</title></rect>", y + 2, Math.max(0.5, w), cls, Html.esc(name + " " + Readable.number(value))));
        sb.append(String.format(Locale.ROOT, "<text x='%.1f' y='%d' class='tick'>%.1f %%</text>", 140 + w, y + 14,
                100 * value));
    }

    /** The scale a parameter is drawn on: its categories, its log range, or its linear range. */
    static Scale paramScale(Distribution d) {
        if (d instanceof CategoricalDistribution c) {
            return Scale.band(c.choices().stream().map(String::valueOf).toList());
        }
        if (d instanceof FloatDistribution f) {
            return f.log() ? Scale.log(f.low(), f.high()) : Scale.linear(f.low(), f.high());
        }
        IntDistribution i = (IntDistribution) d;
        return i.log() ? Scale.log(i.low(), i.high()) : Scale.linear(i.low() - 0.5, i.high() + 0.5);
    }

    /** One chart per searched parameter: value against it, categories as bands, log ranges on log axes. */
    static List<String> slices(ReportModel m, Basis basis, String idPrefix) {
        List<String> out = new ArrayList<>();
        List<Basis.Measured> valued = m.drawn(basis);
        Scale y = Scale.fit(valued.stream().mapToDouble(Basis.Measured::value).toArray());
        int k = 0;
        for (Map.Entry<String, Distribution> e : m.study().distributions().entrySet()) {
            if (Importance.isConstant(e.getValue())) {
                continue; // every trial at one x: the study fixed it, nothing to read
            }
            String name = e.getKey();
            Scale x = paramScale(e.getValue());
            Plot p = new Plot(idPrefix + k++, "Slice: " + name, x, name, y, basis.valueName());
            double band = x.kind() == Scale.Kind.BAND ? Plot.plotWidth() / (double) x.categories().size() : 0;
            int n = 0;
            for (Basis.Measured mt : valued) {
                FrozenTrial t = mt.trial();
                if (t.params().has(name)) {
                    Object v = t.params().get(name);
                    double jitter = band == 0 ? 0 : band * 0.35 * (((t.number() * 2654435761L) % 1000) / 1000.0 - 0.5);
                    p.dot(x.kind() == Scale.Kind.BAND ? String.valueOf(v) : v, mt.value(), jitter, stateClass(t),
                            tip(mt, basis));
                    n++;
                }
            }
            String cond = m.study().conditions().get(name);
            if (n == 0) {
                out.add("<figure class='chart' id='" + idPrefix + (k - 1) + "' data-marks='0'><p><b>Slice: "
                        + Html.esc(name) + "</b>: no trial of " + Html.esc(basis.label()) + " has it"
                        + Html.esc(cond == null ? "." : " (active only when " + cond + ").") + "</p></figure>");
                continue;
            }
            out.add(p.render(n + " of " + basis.label() + (cond == null ? "" : "; active only when " + cond)
                    + (basis.step().isPresent() ? "; blue complete, grey pruned" : "")));
        }
        return out;
    }
}
