package io.sweep4j.report;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** A small scatter/line chart drawn as inline SVG, so a report is one file that opens anywhere, offline. */
final class SvgPlot {
    private static final int W = 560;
    private static final int H = 300;
    private static final int LEFT = 64;
    private static final int RIGHT = 16;
    private static final int TOP = 28;
    private static final int BOTTOM = 40;

    /** A series: points drawn as dots, as a polyline, or both. */
    record Series(double[] x, double[] y, String color, boolean line, boolean dots, String label) {
    }

    private final String title;
    private final String xLabel;
    private final String yLabel;
    private final boolean logX;
    private final List<Series> series = new ArrayList<>();

    SvgPlot(String title, String xLabel, String yLabel, boolean logX) {
        this.title = title;
        this.xLabel = xLabel;
        this.yLabel = yLabel;
        this.logX = logX;
    }

    SvgPlot add(Series s) {
        series.add(s);
        return this;
    }

    String render() {
        double minX = Double.POSITIVE_INFINITY;
        double maxX = Double.NEGATIVE_INFINITY;
        double minY = Double.POSITIVE_INFINITY;
        double maxY = Double.NEGATIVE_INFINITY;
        for (Series s : series) {
            for (int i = 0; i < s.x().length; i++) {
                double x = tx(s.x()[i]);
                double y = s.y()[i];
                if (Double.isFinite(x) && Double.isFinite(y)) {
                    minX = Math.min(minX, x);
                    maxX = Math.max(maxX, x);
                    minY = Math.min(minY, y);
                    maxY = Math.max(maxY, y);
                }
            }
        }
        StringBuilder sb = new StringBuilder();
        sb.append(String.format(Locale.ROOT, "<svg xmlns='http://www.w3.org/2000/svg' width='%d' height='%d'"
                + " viewBox='0 0 %d %d' class='plot'>", W, H, W, H));
        sb.append(String.format(Locale.ROOT, "<text x='%d' y='18' class='title'>%s</text>", LEFT, esc(title)));
        if (minX > maxX) {
            sb.append("<text x='200' y='150'>no finite values</text></svg>");
            return sb.toString();
        }
        if (minX == maxX) {
            minX -= 0.5;
            maxX += 0.5;
        }
        if (minY == maxY) {
            minY -= 0.5;
            maxY += 0.5;
        }
        double padY = (maxY - minY) * 0.05;
        minY -= padY;
        maxY += padY;
        int pw = W - LEFT - RIGHT;
        int ph = H - TOP - BOTTOM;
        sb.append(String.format(Locale.ROOT, "<rect x='%d' y='%d' width='%d' height='%d' class='frame'/>", LEFT, TOP,
                pw, ph));
        for (int i = 0; i <= 4; i++) {
            double yv = minY + (maxY - minY) * i / 4;
            double py = TOP + ph - ph * i / 4.0;
            sb.append(String.format(Locale.ROOT, "<line x1='%d' x2='%d' y1='%.1f' y2='%.1f' class='grid'/>", LEFT,
                    LEFT + pw, py, py));
            sb.append(String.format(Locale.ROOT, "<text x='%d' y='%.1f' class='tick' text-anchor='end'>%s</text>",
                    LEFT - 4, py + 4, num(yv)));
            double xv = minX + (maxX - minX) * i / 4;
            double px = LEFT + pw * i / 4.0;
            sb.append(String.format(Locale.ROOT, "<text x='%.1f' y='%d' class='tick' text-anchor='middle'>%s</text>",
                    px, TOP + ph + 14, num(logX ? Math.pow(10, xv) : xv)));
        }
        sb.append(String.format(Locale.ROOT, "<text x='%d' y='%d' class='label' text-anchor='middle'>%s</text>",
                LEFT + pw / 2, H - 6, esc(xLabel + (logX ? " (log)" : ""))));
        sb.append(String.format(Locale.ROOT, "<text x='12' y='%d' class='label' transform='rotate(-90 12 %d)'"
                + " text-anchor='middle'>%s</text>", TOP + ph / 2, TOP + ph / 2, esc(yLabel)));
        for (Series s : series) {
            StringBuilder line = new StringBuilder();
            for (int i = 0; i < s.x().length; i++) {
                double x = tx(s.x()[i]);
                double y = s.y()[i];
                if (!Double.isFinite(x) || !Double.isFinite(y)) {
                    continue;
                }
                double px = LEFT + (x - minX) / (maxX - minX) * pw;
                double py = TOP + ph - (y - minY) / (maxY - minY) * ph;
                if (s.dots()) {
                    sb.append(String.format(Locale.ROOT, "<circle cx='%.1f' cy='%.1f' r='3' fill='%s'"
                            + " fill-opacity='0.75'/>", px, py, s.color()));
                }
                line.append(String.format(Locale.ROOT, "%.1f,%.1f ", px, py));
            }
            if (s.line() && line.length() > 0) {
                sb.append(String.format(Locale.ROOT, "<polyline points='%s' fill='none' stroke='%s'"
                        + " stroke-width='1.5' stroke-opacity='0.8'><title>%s</title></polyline>", line, s.color(),
                        esc(s.label())));
            }
        }
        sb.append("</svg>");
        return sb.toString();
    }

    private double tx(double x) {
        return logX ? (x > 0 ? Math.log10(x) : Double.NaN) : x;
    }

    private static String num(double v) {
        double a = Math.abs(v);
        if (a != 0 && (a < 1e-3 || a >= 1e5)) {
            return String.format(Locale.ROOT, "%.1e", v);
        }
        return String.format(Locale.ROOT, "%.4g", v);
    }

    static String esc(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("'", "&#39;")
                .replace("\"", "&quot;");
    }
}
