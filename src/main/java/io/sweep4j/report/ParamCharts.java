package io.sweep4j.report;

import io.sweep4j.space.Distribution;
import io.sweep4j.space.Readable;
import io.sweep4j.trial.Direction;
import io.sweep4j.trial.FrozenTrial;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/** The charts across parameters: parallel coordinates and the contour of the two most important parameters. */
final class ParamCharts {
    private static final String[] RAMP = {"#440154", "#3b528b", "#21918c", "#5ec962", "#fde725"};
    /** Axes beyond this many parameters (least important first) are left out of parallel coordinates. */
    private static final int MAX_AXES = 8;

    private ParamCharts() {
    }

    /** A colour from dark (worst) to yellow (best); {@code t} in 0..1. */
    static String ramp(double t) {
        double x = Math.max(0, Math.min(1, t)) * (RAMP.length - 1);
        int i = (int) Math.min(RAMP.length - 2, Math.floor(x));
        double f = x - i;
        int a = Integer.parseInt(RAMP[i].substring(1), 16);
        int b = Integer.parseInt(RAMP[i + 1].substring(1), 16);
        int r = (int) Math.round(((a >> 16) & 255) * (1 - f) + ((b >> 16) & 255) * f);
        int g = (int) Math.round(((a >> 8) & 255) * (1 - f) + ((b >> 8) & 255) * f);
        int bl = (int) Math.round((a & 255) * (1 - f) + (b & 255) * f);
        return String.format(Locale.ROOT, "#%02x%02x%02x", r, g, bl);
    }

    /** 0 for the worst value, 1 for the best, by the study's direction. */
    static double goodness(double v, double lo, double hi, Direction d) {
        double t = hi > lo ? (v - lo) / (hi - lo) : 0.5;
        return d == Direction.MAXIMIZE ? t : 1 - t;
    }

    /**
     * Parameters by importance (the shared ones, then the conditional ones, then definition order), the ones with
     * distributions only, constants left out: an axis or a contour of a parameter with one value (the optimizer a
     * study fixed) shows nothing.
     */
    static List<String> byImportance(StudyView study, Importances imp) {
        List<String> out = new ArrayList<>();
        imp.ranked().forEach(e -> out.add(e.getKey()));
        imp.conditional().entrySet().stream().sorted((a, b) -> Double.compare(b.getValue().importance(),
                a.getValue().importance())).forEach(e -> out.add(e.getKey()));
        for (String p : study.distributions().keySet()) {
            if (!out.contains(p)) {
                out.add(p);
            }
        }
        out.removeIf(p -> !study.distributions().containsKey(p) || Importance.isConstant(study.distributions().get(p)));
        return out;
    }

    /** One line per judged trial through its parameters (most important first) to its value. */
    static String parallel(ReportModel m, Importances imp, String id) {
        List<String> axes = byImportance(m.study(), imp);
        if (axes.size() > MAX_AXES) {
            axes = axes.subList(0, MAX_AXES);
        }
        List<Basis.Measured> done = m.drawn(imp.basis());
        double[] v = done.stream().mapToDouble(Basis.Measured::value).toArray();
        Scale valueScale = Scale.fit(v);
        int w = Math.max(Plot.W, 120 * (axes.size() + 1));
        int h = 320;
        int top = 34;
        int bottom = 40;
        int ph = h - top - bottom;
        double gap = (w - 80.0) / Math.max(1, axes.size());
        List<Scale> scales = new ArrayList<>();
        for (String a : axes) {
            scales.add(Charts.paramScale(m.study().distributions().get(a)));
        }
        Set<Integer> best = new HashSet<>();
        m.best(imp.basis(), ReportModel.TOP).forEach(t -> best.add(t.trial().number()));
        StringBuilder lines = new StringBuilder();
        StringBuilder highlighted = new StringBuilder();
        for (Basis.Measured mt : done) {
            FrozenTrial t = mt.trial();
            StringBuilder pts = new StringBuilder();
            for (int i = 0; i < axes.size(); i++) {
                if (!t.params().has(axes.get(i))) {
                    continue;
                }
                Object pv = t.params().get(axes.get(i));
                double f = scales.get(i).at(scales.get(i).kind() == Scale.Kind.BAND ? String.valueOf(pv) : pv);
                if (Double.isFinite(f)) {
                    pts.append(String.format(Locale.ROOT, "%.1f,%.1f ", 40 + gap * i, top + ph - f * ph));
                }
            }
            pts.append(String.format(Locale.ROOT, "%.1f,%.1f", 40 + gap * axes.size(),
                    top + ph - valueScale.at(mt.value()) * ph));
            double g = goodness(mt.value(), valueScale.low(), valueScale.high(), m.study().direction());
            String line = String.format(Locale.ROOT, "<polyline points='%s' class='%s' stroke='%s'><title>%s</title>"
                    + "</polyline>", pts, best.contains(t.number()) ? "pc-top" : "pc", ramp(g),
                    Html.esc(Charts.tip(mt, imp.basis())));
            (best.contains(t.number()) ? highlighted : lines).append(line);
        }
        StringBuilder sb = new StringBuilder();
        sb.append(String.format(Locale.ROOT, "<figure class='chart wide' id='%s' data-marks='%d'><svg xmlns="
                + "'http://www.w3.org/2000/svg' viewBox='0 0 %d %d' width='%d' height='%d' role='img'>", id,
                done.size(), w, h, w, h));
        sb.append("<text x='10' y='16' class='title'>Parallel coordinates (most important parameters first)</text>");
        sb.append(lines).append(highlighted);
        for (int i = 0; i <= axes.size(); i++) {
            double x = 40 + gap * i;
            Scale s = i < axes.size() ? scales.get(i) : valueScale;
            String name = i < axes.size() ? axes.get(i) : imp.basis().valueName();
            sb.append(String.format(Locale.ROOT, "<line x1='%.1f' x2='%.1f' y1='%d' y2='%d' class='axis'/>", x, x, top,
                    top + ph));
            sb.append(String.format(Locale.ROOT, "<text x='%.1f' y='%d' class='label' text-anchor='middle'>%s</text>",
                    x, h - 12, Html.esc(name + (s.kind() == Scale.Kind.LOG ? " (log)" : ""))));
            for (Scale.Tick t : s.ticks()) {
                sb.append(String.format(Locale.ROOT, "<text x='%.1f' y='%.1f' class='tick'>%s</text>", x + 3,
                        top + ph - t.at() * ph + 3,
                        Html.esc(t.label().length() > 12 ? t.label().substring(0, 11) + "…" : t.label())));
            }
        }
        sb.append("</svg><figcaption>One line per trial of ").append(Html.esc(imp.basis().label()))
                .append(", coloured from worst (dark) to best (yellow); the top ").append(ReportModel.TOP)
                .append(" drawn bold; a conditional parameter's axis is skipped by trials without it. ")
                .append(Html.esc(m.sampled(done.size(), imp.basis().trials().size(), "trials")))
                .append("</figcaption></figure>");
        return sb.toString();
    }

    /**
     * The value over the two most important parameters every judged trial has (so the best trial has them too),
     * interpolated by inverse distance (squared) on a 24 x 24 grid of the axes' unit square, with the trials on top;
     * a sentence instead below {@value Basis#MIN_TRIALS} trials.
     */
    static String contour(ReportModel m, Importances imp, String id) {
        var everyTrial = imp.basis().shared(m.study().distributions().keySet());
        List<String> axes = byImportance(m.study(), imp).stream().filter(everyTrial::containsKey).toList();
        if (axes.size() < 2) {
            return "<figure class='chart' id='" + id + "' data-marks='0'><p>A contour needs two searched parameters"
                    + " that every trial has.</p></figure>";
        }
        String a = axes.get(0);
        String b = axes.get(1);
        String title = "Contour: " + a + " × " + b;
        if (imp.basis().trials().size() < Basis.MIN_TRIALS) {
            return "<figure class='chart' id='" + id + "' data-marks='0'><p><b>" + Html.esc(title) + "</b>: not drawn"
                    + " from " + imp.basis().trials().size() + " trials; a contour needs at least " + Basis.MIN_TRIALS
                    + ", as below that it shows the gaps between trials more than the trials.</p></figure>";
        }
        Distribution da = m.study().distributions().get(a);
        Distribution db = m.study().distributions().get(b);
        Scale sx = Charts.paramScale(da);
        Scale sy = Charts.paramScale(db);
        List<Basis.Measured> done = m.drawn(imp.basis());
        Plot p = new Plot(id, title, sx, a, sy, b);
        double[] v = done.stream().mapToDouble(Basis.Measured::value).toArray();
        double lo = v.length == 0 ? 0 : java.util.Arrays.stream(v).min().getAsDouble();
        double hi = v.length == 0 ? 1 : java.util.Arrays.stream(v).max().getAsDouble();
        double[] ux = new double[done.size()];
        double[] uy = new double[done.size()];
        for (int i = 0; i < done.size(); i++) {
            ux[i] = at(sx, done.get(i).trial().params().get(a));
            uy[i] = at(sy, done.get(i).trial().params().get(b));
        }
        int n = 24;
        double cw = Plot.plotWidth() / (double) n;
        double ch = Plot.plotHeight() / (double) n;
        StringBuilder cells = new StringBuilder();
        for (int gx = 0; gx < n && done.size() > 0; gx++) {
            for (int gy = 0; gy < n; gy++) {
                double cx = (gx + 0.5) / n;
                double cy = (gy + 0.5) / n;
                double num = 0;
                double den = 0;
                for (int i = 0; i < done.size(); i++) {
                    double d2 = (ux[i] - cx) * (ux[i] - cx) + (uy[i] - cy) * (uy[i] - cy) + 1e-6;
                    num += v[i] / d2;
                    den += 1 / d2;
                }
                double val = num / den;
                cells.append(String.format(Locale.ROOT, "<rect x='%.1f' y='%.1f' width='%.1f' height='%.1f' fill='%s'"
                        + " class='cell'/>", Plot.LEFT + gx * cw, Plot.TOP + Plot.plotHeight() - (gy + 1) * ch,
                        cw + 0.3, ch + 0.3, ramp(goodness(val, lo, hi, m.study().direction()))));
            }
        }
        if (cells.length() > 0) {
            p.raw(cells.toString());
        }
        for (Basis.Measured mt : done) {
            Object xa = mt.trial().params().get(a);
            Object yb = mt.trial().params().get(b);
            p.dot(sx.kind() == Scale.Kind.BAND ? String.valueOf(xa) : xa,
                    sy.kind() == Scale.Kind.BAND ? String.valueOf(yb) : yb, 0, "c-dot", Charts.tip(mt, imp.basis()));
        }
        return p.render("Colour: " + imp.basis().valueName() + " of " + imp.basis().label()
                + ", interpolated between trials, from worst (dark) to best"
                + " (yellow); range " + Readable.number(lo) + " to " + Readable.number(hi) + ".");
    }

    private static double at(Scale s, Object v) {
        return s.at(s.kind() == Scale.Kind.BAND ? String.valueOf(v) : v);
    }
}
