package io.sweep4j.space;

import java.util.ArrayList;
import java.util.List;

/** A float range, linear or logarithmic, with an optional step (Optuna's {@code FloatDistribution}). */
public record FloatDistribution(double low, double high, boolean log, Double step) implements Distribution {

    public FloatDistribution {
        if (step != null && log) {
            throw new UsageException("step", step, "a log range cannot have a step; drop the step or the log scale");
        }
    }

    @Override
    public double toInternal(Object value) {
        if (!(value instanceof Number n) || !contains(value)) {
            throw new IllegalArgumentException(value + " is not in " + this);
        }
        return n.doubleValue();
    }

    @Override
    public Object toExternal(double internal) {
        return internal;
    }

    @Override
    public boolean contains(Object value) {
        if (!(value instanceof Number n)) {
            return false;
        }
        double v = n.doubleValue();
        if (v < low - 1e-12 * Math.abs(low) || v > high + 1e-12 * Math.abs(high)) {
            return false;
        }
        // on a step, low + k * step, as Optuna's FloatDistribution requires; rounding tolerated as the builder's
        // check that the step divides the range tolerates it
        double k = step == null ? 0 : (v - low) / step;
        return Math.abs(k - Math.rint(k)) <= 1e-9 * Math.max(1, Math.abs(k));
    }

    @Override
    public Object fromUnit(double u) {
        double v;
        if (log) {
            v = Math.exp(Math.log(low) + u * (Math.log(high) - Math.log(low)));
        } else {
            v = low + u * (high - low);
        }
        if (step != null) {
            v = low + Math.round((v - low) / step) * step;
        }
        return Math.min(high, Math.max(low, v));
    }

    @Override
    public double toUnit(Object value) {
        double v = ((Number) value).doubleValue();
        double u = log ? (Math.log(v) - Math.log(low)) / (Math.log(high) - Math.log(low)) : (v - low) / (high - low);
        return high == low ? 0.5 : Math.min(1, Math.max(0, u));
    }

    @Override
    public List<Object> gridValues(int points) {
        List<Object> values = new ArrayList<>();
        if (step != null) {
            long n = Math.round((high - low) / step);
            for (long i = 0; i <= n; i++) {
                values.add(Math.min(high, low + i * step));
            }
            return values;
        }
        if (points < 2 || low == high) {
            values.add(points < 2 ? fromUnit(0.5) : low);
            return values;
        }
        for (int i = 0; i < points; i++) {
            values.add(fromUnit((double) i / (points - 1)));
        }
        return values;
    }
}
