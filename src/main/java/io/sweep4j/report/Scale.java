package io.sweep4j.report;

import io.sweep4j.space.Readable;
import java.util.ArrayList;
import java.util.List;

/**
 * Maps data to a fraction of an axis: linear, logarithmic (for log-scale parameters) or one band per category
 * (categorical parameters are never put on a numeric axis).
 */
record Scale(Kind kind, double low, double high, List<String> categories) {

    enum Kind { LINEAR, LOG, BAND }

    /** A tick: where (0..1) and its label. */
    record Tick(double at, String label) {
    }

    static Scale linear(double low, double high) {
        if (!(low < high)) {
            double mid = Double.isFinite(low) ? low : 0;
            double pad = mid == 0 ? 1 : Math.abs(mid) * 0.05;
            return new Scale(Kind.LINEAR, mid - pad, mid + pad, List.of());
        }
        return new Scale(Kind.LINEAR, low, high, List.of());
    }

    /** Fits finite values with 4 % padding. */
    static Scale fit(double[] values) {
        double lo = Double.POSITIVE_INFINITY;
        double hi = Double.NEGATIVE_INFINITY;
        for (double v : values) {
            if (Double.isFinite(v)) {
                lo = Math.min(lo, v);
                hi = Math.max(hi, v);
            }
        }
        if (lo > hi) {
            return linear(0, 1);
        }
        double pad = (hi - lo) * 0.04;
        return linear(lo - pad, hi + pad);
    }

    static Scale log(double low, double high) {
        return low > 0 && low < high ? new Scale(Kind.LOG, low, high, List.of()) : linear(low, high);
    }

    static Scale band(List<String> categories) {
        return new Scale(Kind.BAND, 0, Math.max(1, categories.size()), List.copyOf(categories));
    }

    /** Where {@code v} falls, 0 at the low end, 1 at the high end; NaN when it cannot be placed. */
    double at(Object v) {
        if (kind == Kind.BAND) {
            int i = categories.indexOf(String.valueOf(v));
            return i < 0 ? Double.NaN : (i + 0.5) / categories.size();
        }
        if (!(v instanceof Number n)) {
            return Double.NaN;
        }
        double x = n.doubleValue();
        if (kind == Kind.LOG) {
            return x > 0 ? (Math.log(x) - Math.log(low)) / (Math.log(high) - Math.log(low)) : Double.NaN;
        }
        return (x - low) / (high - low);
    }

    /** The value at fraction {@code f} (numeric scales). */
    double valueAt(double f) {
        return kind == Kind.LOG ? Math.exp(Math.log(low) + f * (Math.log(high) - Math.log(low)))
                : low + f * (high - low);
    }

    List<Tick> ticks() {
        List<Tick> out = new ArrayList<>();
        if (kind == Kind.BAND) {
            for (int i = 0; i < categories.size(); i++) {
                out.add(new Tick((i + 0.5) / categories.size(), categories.get(i)));
            }
            return out;
        }
        if (kind == Kind.LOG) {
            double a = Math.ceil(Math.log10(low) - 1e-9);
            double b = Math.floor(Math.log10(high) + 1e-9);
            double stride = Math.max(1, Math.ceil((b - a + 1) / 6));
            for (double e = a; e <= b; e += stride) {
                out.add(new Tick(at(Math.pow(10, e)), Readable.number(Math.pow(10, e))));
            }
            if (out.size() >= 2) {
                return out;
            }
            out.clear();
        }
        // the finest round step (1, 2 or 5 times a power of ten) that gives at most 6 ticks: trial numbers and epochs
        // get whole-number ticks, and every label is short
        double magnitude = Math.pow(10, Math.floor(Math.log10((high - low) / 4)));
        double step = 10 * magnitude;
        for (double m : new double[] {1, 2, 5}) {
            if (Math.floor(high / (m * magnitude) + 1e-9) - Math.ceil(low / (m * magnitude) - 1e-9) + 1 <= 6) {
                step = m * magnitude;
                break;
            }
        }
        for (long k = (long) Math.ceil(low / step - 1e-9); k * step <= high + step * 1e-9; k++) {
            double v = Double.parseDouble(String.format(java.util.Locale.ROOT, "%.6g", k * step));
            out.add(new Tick(at(v), Readable.number(v)));
        }
        return out;
    }
}
