package io.sweep4j.space;

import java.util.ArrayList;
import java.util.List;

/** An integer range, linear or logarithmic, with a step (Optuna's {@code IntDistribution}). */
public record IntDistribution(long low, long high, boolean log, long step) implements Distribution {

    @Override
    public double toInternal(Object value) {
        if (!contains(value)) {
            throw new IllegalArgumentException(value + " is not in " + this);
        }
        return ((Number) value).doubleValue();
    }

    @Override
    public Object toExternal(double internal) {
        return Math.round(internal);
    }

    @Override
    public boolean contains(Object value) {
        if (!(value instanceof Number n) || n.doubleValue() != Math.rint(n.doubleValue())) {
            return false;
        }
        long v = n.longValue();
        return v >= low && v <= high && (v - low) % step == 0;
    }

    @Override
    public Object fromUnit(double u) {
        double v;
        if (log) {
            // widen by half a unit on each side so the end points are as likely as the inner values
            double lo = Math.log(low - 0.5), hi = Math.log(high + 0.5);
            v = Math.exp(lo + u * (hi - lo));
        } else {
            v = (low - 0.5 * step) + u * (high - low + step);
        }
        long k = Math.round((v - low) / step);
        long r = low + k * step;
        return Math.min(high - (high - low) % step, Math.max(low, r));
    }

    @Override
    public double toUnit(Object value) {
        double v = ((Number) value).doubleValue();
        if (log) {
            double lo = Math.log(low - 0.5), hi = Math.log(high + 0.5);
            return (Math.log(v) - lo) / (hi - lo);
        }
        return (v - (low - 0.5 * step)) / (high - low + step);
    }

    @Override
    public List<Object> gridValues(int points) {
        List<Object> values = new ArrayList<>();
        for (long v = low; v <= high; v += step) {
            values.add(v);
        }
        return values;
    }
}
