package io.sweep4j.space;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * One sampled assignment of a search space: parameter name to value (Double, Long, String, Boolean or a number
 * choice), in definition order. Inactive conditional parameters are absent.
 */
public final class Params {
    private final Map<String, Object> values;

    private Params(Map<String, Object> values) {
        this.values = Collections.unmodifiableMap(values);
    }

    public static Params of(Map<String, ?> values) {
        return new Params(new LinkedHashMap<>(values));
    }

    public static Params empty() {
        return new Params(new LinkedHashMap<>());
    }

    /** A copy with one more value; used while a sampler assigns parameters in order. */
    public Params with(String name, Object value) {
        Map<String, Object> copy = new LinkedHashMap<>(values);
        copy.put(name, value);
        return new Params(copy);
    }

    public boolean has(String name) {
        return values.containsKey(name);
    }

    public Object get(String name) {
        Object v = values.get(name);
        if (v == null) {
            throw new IllegalArgumentException("parameter \"" + name + "\" is not set in this trial"
                    + " (it is unknown, or a conditional parameter whose condition does not hold);"
                    + " check has(\"" + name + "\") first. Set: " + values.keySet());
        }
        return v;
    }

    public double getDouble(String name) {
        return number(name).doubleValue();
    }

    public int getInt(String name) {
        return Math.toIntExact(Math.round(number(name).doubleValue()));
    }

    public long getLong(String name) {
        return Math.round(number(name).doubleValue());
    }

    public String getString(String name) {
        return String.valueOf(get(name));
    }

    public boolean getBoolean(String name) {
        Object v = get(name);
        if (v instanceof Boolean b) {
            return b;
        }
        throw new IllegalArgumentException("parameter \"" + name + "\" = " + v + " is not a boolean");
    }

    /** The value, or {@code fallback} when the parameter is inactive in this trial. */
    public double getDouble(String name, double fallback) {
        return has(name) ? getDouble(name) : fallback;
    }

    public Set<String> names() {
        return values.keySet();
    }

    public Map<String, Object> asMap() {
        return values;
    }

    public int size() {
        return values.size();
    }

    private Number number(String name) {
        Object v = get(name);
        if (v instanceof Number n) {
            return n;
        }
        throw new IllegalArgumentException("parameter \"" + name + "\" = " + v + " is not a number");
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Params p && p.values.equals(values);
    }

    @Override
    public int hashCode() {
        return values.hashCode();
    }

    @Override
    public String toString() {
        return values.toString();
    }
}
