package io.sweep4j.dl4j;

import io.sweep4j.space.CategoricalDistribution;
import io.sweep4j.space.Distribution;
import io.sweep4j.space.IntDistribution;
import io.sweep4j.space.Params;
import io.sweep4j.space.SearchSpace;
import io.sweep4j.space.UsageException;
import java.util.List;

/**
 * One attribute of a searched network (a width, a kernel size, a pooling kind): a constant, or a parameter of the
 * study's space that the network defines and reads back under {@code name} (with a suffix per layer or block).
 *
 * @param fixed the constant, or null when searched
 * @param range the searched values (an int range or a choice), or null when fixed
 */
record Knob(String name, Object fixed, Distribution range) {

    static Knob fixed(Object value) {
        return new Knob(null, value, null);
    }

    /** Integers from {@code low} to {@code high}, log scale for widths (each size class as likely), else linear. */
    static Knob ints(String name, long low, long high, boolean log, long min) {
        checkName(name);
        if (low < min || high < low) {
            throw new UsageException(name, "[" + low + ", " + high + "]", "give " + min + " <= low <= high");
        }
        if (low == high) {
            return new Knob(name, low, null);
        }
        return new Knob(name, null, new IntDistribution(low, high, log, 1));
    }

    /** A choice among {@code values}, each of which {@code allowed} accepts (listed in the fix when one is not). */
    static Knob choice(String name, List<?> values, List<?> allowed) {
        checkName(name);
        if (values.isEmpty()) {
            throw new UsageException(name, "[]", "give at least one of " + allowed);
        }
        for (Object v : values) {
            if (allowed != null && !allowed.contains(v)) {
                throw new UsageException(name, v, "give one of " + allowed);
            }
        }
        if (values.size() == 1) {
            return new Knob(name, values.get(0), null);
        }
        return new Knob(name, null, new CategoricalDistribution(List.copyOf(values)));
    }

    boolean searched() {
        return range != null;
    }

    /** Defines the parameter {@code name + suffix} if searched. */
    void define(SearchSpace.Builder space, String suffix) {
        if (range instanceof IntDistribution d) {
            if (d.log()) {
                space.logInt(name + suffix, d.low(), d.high());
            } else {
                space.intRange(name + suffix, d.low(), d.high());
            }
        } else if (range instanceof CategoricalDistribution c) {
            space.choice(name + suffix, c.choices());
        }
    }

    /** Every value this knob can take: the checks at definition time try them all. */
    List<Object> values() {
        return range == null ? List.of(fixed) : range.gridValues(0);
    }

    /** The value in a trial: the constant, or the parameter {@code name + suffix}. */
    Object value(Params params, String suffix) {
        return range == null ? fixed : params.get(name + suffix);
    }

    int intValue(Params params, String suffix) {
        return ((Number) value(params, suffix)).intValue();
    }

    String stringValue(Params params, String suffix) {
        return String.valueOf(value(params, suffix));
    }

    private static void checkName(String name) {
        if (name == null || name.isBlank()) {
            throw new UsageException("parameter name", name, "give the searched attribute a non-empty name");
        }
    }
}
