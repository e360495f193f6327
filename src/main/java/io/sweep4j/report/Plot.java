package io.sweep4j.report;

import java.util.Locale;

/**
 * One chart as inline SVG: a frame, axes with ticks, and marks placed through two {@link Scale}s. Hand-drawn so a
 * report is one small file that opens offline, the same bytes every time, with every user string escaped here.
 */
final class Plot {
    static final int W = 520;
    static final int H = 300;
    static final int LEFT = 62;
    static final int RIGHT = 14;
    static final int TOP = 26;
    static final int BOTTOM = 44;

    private final StringBuilder marks = new StringBuilder();
    private final String id;
    private final String title;
    private final Scale x;
    private final Scale y;
    private final String xLabel;
    private final String yLabel;
    private int count;

    Plot(String id, String title, Scale x, String xLabel, Scale y, String yLabel) {
        this.id = id;
        this.title = title;
        this.x = x;
        this.y = y;
        this.xLabel = xLabel;
        this.yLabel = yLabel;
    }

    static int plotWidth() {
        return W - LEFT - RIGHT;
    }

    static int plotHeight() {
        return H - TOP - BOTTOM;
    }

    double px(Object v) {
        return LEFT + x.at(v) * plotWidth();
    }

    double py(Object v) {
        return TOP + plotHeight() - y.at(v) * plotHeight();
    }

    /** A dot; {@code jitter} in pixels spreads dots of one category. */
    Plot dot(Object xv, Object yv, double jitter, String cls, String tip) {
        double cx = px(xv) + jitter;
        double cy = py(yv);
        if (Double.isFinite(cx) && Double.isFinite(cy)) {
            marks.append(String.format(Locale.ROOT, "<circle cx='%.1f' cy='%.1f' r='3' class='%s'><title>%s</title>"
                    + "</circle>", cx, cy, cls, Html.esc(tip)));
            count++;
        }
        return this;
    }

    /** A polyline through the points that can be placed. */
    Plot line(double[] xs, double[] ys, String cls, String tip) {
        StringBuilder pts = new StringBuilder();
        for (int i = 0; i < xs.length; i++) {
            double a = px(xs[i]);
            double b = py(ys[i]);
            if (Double.isFinite(a) && Double.isFinite(b)) {
                pts.append(String.format(Locale.ROOT, "%.1f,%.1f ", a, b));
            }
        }
        if (pts.length() > 0) {
            marks.append("<polyline points='").append(pts.toString().strip()).append("' class='").append(cls)
                    .append("'><title>").append(Html.esc(tip)).append("</title></polyline>");
            count++;
        }
        return this;
    }

    /** A rectangle in data coordinates (x0..x1, y0..y1), filled with {@code fill}. */
    Plot rect(double x0, double x1, Object y0, Object y1, String cls, String fill, String tip) {
        double a = px(x0);
        double b = px(x1);
        double c = py(y1);
        double d = py(y0);
        if (Double.isFinite(a) && Double.isFinite(b) && Double.isFinite(c) && Double.isFinite(d)) {
            marks.append(String.format(Locale.ROOT, "<rect x='%.1f' y='%.1f' width='%.1f' height='%.1f' class='%s'%s>"
                    + "<title>%s</title></rect>", Math.min(a, b), Math.min(c, d), Math.max(0.6, Math.abs(b - a)),
                    Math.max(0.6, Math.abs(d - c)), cls, fill == null ? "" : " fill='" + fill + "'", Html.esc(tip)));
            count++;
        }
        return this;
    }

    /** Raw SVG a chart computed itself (already escaped). */
    Plot raw(String svg) {
        marks.append(svg);
        count++;
        return this;
    }

    /** How many marks were drawn (a test checks every chart is non-empty). */
    int marks() {
        return count;
    }

    String render(String note) {
        StringBuilder sb = new StringBuilder();
        sb.append(String.format(Locale.ROOT, "<figure class='chart' id='%s' data-marks='%d'><svg"
                + " xmlns='http://www.w3.org/2000/svg' viewBox='0 0 %d %d' width='%d' height='%d' role='img'>",
                id, count, W, H, W, H));
        sb.append("<text x='").append(LEFT).append("' y='16' class='title'>").append(Html.esc(title)).append("</text>");
        sb.append(String.format(Locale.ROOT, "<rect x='%d' y='%d' width='%d' height='%d' class='frame'/>", LEFT, TOP,
                plotWidth(), plotHeight()));
        for (Scale.Tick t : x.ticks()) {
            double p = LEFT + t.at() * plotWidth();
            sb.append(String.format(Locale.ROOT, "<line x1='%.1f' x2='%.1f' y1='%d' y2='%d' class='grid'/>", p, p, TOP,
                    TOP + plotHeight()));
            sb.append(String.format(Locale.ROOT, "<text x='%.1f' y='%d' class='tick' text-anchor='middle'>%s</text>", p,
                    TOP + plotHeight() + 13, Html.esc(shortLabel(t.label()))));
        }
        for (Scale.Tick t : y.ticks()) {
            double p = TOP + plotHeight() - t.at() * plotHeight();
            sb.append(String.format(Locale.ROOT, "<line x1='%d' x2='%d' y1='%.1f' y2='%.1f' class='grid'/>", LEFT,
                    LEFT + plotWidth(), p, p));
            sb.append(String.format(Locale.ROOT, "<text x='%d' y='%.1f' class='tick' text-anchor='end'>%s</text>",
                    LEFT - 4, p + 3, Html.esc(shortLabel(t.label()))));
        }
        sb.append(String.format(Locale.ROOT, "<text x='%d' y='%d' class='label' text-anchor='middle'>%s</text>",
                LEFT + plotWidth() / 2, H - 14, Html.esc(xLabel + (x.kind() == Scale.Kind.LOG ? " (log scale)" : ""))));
        sb.append(String.format(Locale.ROOT, "<text x='12' y='%d' class='label' text-anchor='middle'"
                + " transform='rotate(-90 12 %d)'>%s</text>", TOP + plotHeight() / 2, TOP + plotHeight() / 2,
                Html.esc(yLabel + (y.kind() == Scale.Kind.LOG ? " (log)" : ""))));
        sb.append(marks);
        sb.append("</svg>");
        if (note != null && !note.isEmpty()) {
            sb.append("<figcaption>").append(Html.esc(note)).append("</figcaption>");
        }
        sb.append("</figure>");
        return sb.toString();
    }

    private static String shortLabel(String s) {
        return s.length() > 14 ? s.substring(0, 13) + "…" : s;
    }
}
