package io.sweep4j.space;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * The parameters a study searches over, in definition order (a conditional parameter always after its parent).
 *
 * <p>Built with {@link #builder()}; every definition is checked as it is made, so a bad range fails before any
 * trial runs, with the parameter's name and the fix.
 */
public final class SearchSpace {
    private final List<Param> params;
    private final Map<String, Param> byName;

    private SearchSpace(List<Param> params) {
        this.params = List.copyOf(params);
        Map<String, Param> map = new LinkedHashMap<>();
        for (Param p : params) {
            map.put(p.name(), p);
        }
        this.byName = Collections.unmodifiableMap(map);
    }

    public static Builder builder() {
        return new Builder();
    }

    public List<Param> params() {
        return params;
    }

    public Optional<Param> param(String name) {
        return Optional.ofNullable(byName.get(name));
    }

    public int size() {
        return params.size();
    }

    /**
     * This space with more parameters defined after its own, checked as every definition is (e.g. the parameters an
     * objective adds for the network it searches).
     */
    public SearchSpace extend(Consumer<Builder> more) {
        Builder b = new Builder(new ArrayList<>(params), Optional.empty());
        more.accept(b);
        return b.build();
    }

    /** Whether {@code params} is a complete, valid assignment of this space (inactive parameters absent). */
    public boolean isValid(Params candidate) {
        Params sofar = Params.empty();
        int seen = 0;
        for (Param p : params) {
            if (p.isActive(sofar)) {
                if (!candidate.has(p.name()) || !p.distribution().contains(candidate.get(p.name()))) {
                    return false;
                }
                sofar = sofar.with(p.name(), candidate.get(p.name()));
                seen++;
            }
        }
        return seen == candidate.size();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof SearchSpace s && s.params.equals(params);
    }

    @Override
    public int hashCode() {
        return params.hashCode();
    }

    @Override
    public String toString() {
        return params.toString();
    }

    /** Defines parameters one by one; each method validates its arguments at once. */
    public static final class Builder {
        private final List<Param> params;
        private final Optional<Condition> condition;

        private Builder() {
            this(new ArrayList<>(), Optional.empty());
        }

        private Builder(List<Param> shared, Optional<Condition> condition) {
            this.params = shared;
            this.condition = condition;
        }

        /** A float drawn uniformly on a log scale, as learning rates and L2 lambdas are. */
        public Builder logFloat(String name, double low, double high) {
            checkRange(name, low, high);
            if (low <= 0) {
                throw new UsageException(name + ".low", low,
                        "a log-scale range needs low > 0 (e.g. 1e-5); use floatRange for a range that includes 0");
            }
            return add(name, new FloatDistribution(low, high, true, null));
        }

        /** A float drawn uniformly on a linear scale. */
        public Builder floatRange(String name, double low, double high) {
            checkRange(name, low, high);
            return add(name, new FloatDistribution(low, high, false, null));
        }

        /** A float on a linear scale restricted to {@code low + k * step}. */
        public Builder floatRange(String name, double low, double high, double step) {
            checkRange(name, low, high);
            checkStep(name, low, high, step);
            return add(name, new FloatDistribution(low, high, false, step));
        }

        /** An integer drawn uniformly on a linear scale. */
        public Builder intRange(String name, long low, long high) {
            return intRange(name, low, high, 1);
        }

        /** An integer restricted to {@code low + k * step}. */
        public Builder intRange(String name, long low, long high, long step) {
            checkRange(name, low, high);
            checkStep(name, low, high, step);
            return add(name, new IntDistribution(low, high, false, step));
        }

        /** An integer drawn on a log scale, as batch sizes and layer widths often are. */
        public Builder logInt(String name, long low, long high) {
            checkRange(name, low, high);
            if (low <= 0) {
                throw new UsageException(name + ".low", low, "a log-scale range needs low >= 1");
            }
            return add(name, new IntDistribution(low, high, true, 1));
        }

        /** A choice among strings, numbers or booleans. */
        public Builder choice(String name, Object... choices) {
            return choice(name, Arrays.asList(choices));
        }

        /** A choice among strings, numbers or booleans. */
        public Builder choice(String name, List<?> choices) {
            checkName(name);
            if (choices == null || choices.isEmpty()) {
                throw new UsageException(name + ".choices", "[]", "give at least one choice");
            }
            List<Object> list = new ArrayList<>();
            for (Object c : choices) {
                if (!(c instanceof String || c instanceof Number || c instanceof Boolean)) {
                    throw new UsageException(name + ".choices", c,
                            "choices must be strings, numbers or booleans (they are stored as JSON)");
                }
                if (c instanceof Double d && !Double.isFinite(d)) {
                    throw new UsageException(name + ".choices", c, "choices must be finite numbers");
                }
                for (Object prior : list) {
                    if (CategoricalDistribution.sameChoice(prior, c)) {
                        throw new UsageException(name + ".choices", c, "this choice is listed twice; list it once");
                    }
                }
                list.add(c);
            }
            return add(name, new CategoricalDistribution(list));
        }

        /**
         * Parameters that exist only when {@code parent} (defined before) takes one of {@code values}, e.g.
         * {@code when("optimizer", List.of("momentum", "nesterov"), s -> s.floatRange("momentum", 0.5, 0.99))}.
         */
        public Builder when(String parent, List<?> values, Consumer<Builder> body) {
            Param p = parent("when", parent);
            if (values == null || values.isEmpty()) {
                throw new UsageException("when(\"" + parent + "\").values", "[]", "name at least one value of " + parent);
            }
            for (Object v : values) {
                if (!p.distribution().contains(v)) {
                    throw new UsageException("when(\"" + parent + "\").values", v, parent + " never takes this value;"
                            + " valid: " + describeValues(p.distribution()));
                }
            }
            // nested conditions need no extra bookkeeping: an inactive parent is absent, so its children are too
            Condition c = new Condition(parent, List.copyOf(values));
            body.accept(new Builder(params, Optional.of(c)));
            return this;
        }

        /** Shorthand for a condition on a single value. */
        public Builder when(String parent, Object value, Consumer<Builder> body) {
            return when(parent, List.of(value), body);
        }

        /**
         * Parameters that exist only when the integer {@code parent} (an int range or a choice of numbers) is at least
         * {@code min}: the width of layer 3 exists only with 3 or more layers,
         * {@code whenAtLeast("layers", 3, s -> s.logInt("width_3", 64, 1024))}. The same as {@code when} with every
         * value of the parent from {@code min} up, so every sampler handles it as any condition.
         */
        public Builder whenAtLeast(String parent, long min, Consumer<Builder> body) {
            Param p = parent("whenAtLeast", parent);
            boolean integers = p.distribution() instanceof IntDistribution
                    || p.distribution() instanceof CategoricalDistribution c
                    && c.choices().stream().allMatch(v -> v instanceof Number);
            if (!integers) {
                throw new UsageException("whenAtLeast(\"" + parent + "\")", describeValues(p.distribution()),
                        "the parent must be an integer range or a choice of numbers; use when(parent, values, ...)");
            }
            List<Object> values = p.distribution().gridValues(0).stream()
                    .filter(v -> ((Number) v).doubleValue() >= min).toList();
            if (values.isEmpty()) {
                throw new UsageException("whenAtLeast(\"" + parent + "\").min", min, parent + " never reaches it"
                        + " (values " + describeValues(p.distribution()) + "); lower min or widen " + parent);
            }
            return when(parent, values, body);
        }

        public SearchSpace build() {
            return new SearchSpace(params);
        }

        private Builder add(String name, Distribution d) {
            checkName(name);
            params.add(new Param(name, d, condition));
            return this;
        }

        private void checkName(String name) {
            if (name == null || name.isBlank()) {
                throw new UsageException("parameter name", name, "give every parameter a non-empty name");
            }
            if (params.stream().anyMatch(p -> p.name().equals(name))) {
                throw new UsageException("parameter name", name, "this name is defined twice; use a distinct name");
            }
        }

        private Param parent(String method, String parent) {
            return params.stream().filter(x -> x.name().equals(parent)).findFirst().orElseThrow(() ->
                    new UsageException(method + "(\"" + parent + "\")", parent, "no parameter of that name is defined"
                            + " before the condition; define it first. Defined: " + names()));
        }

        private List<String> names() {
            return params.stream().map(Param::name).toList();
        }

        private static String describeValues(Distribution d) {
            if (d instanceof CategoricalDistribution c) {
                return c.choices().toString();
            }
            return d.toString();
        }

        /** The two bounds as a person reads them: {@code [64, 8]}, not {@code [64.0, 8.0]}. */
        private static String bounds(double low, double high) {
            return "[" + Readable.number(low) + ", " + Readable.number(high) + "]";
        }

        private void checkRange(String name, double low, double high) {
            checkName(name);
            if (!Double.isFinite(low) || !Double.isFinite(high)) {
                throw new UsageException(name, bounds(low, high), "bounds must be finite numbers");
            }
            if (low >= high) {
                throw new UsageException(name, bounds(low, high),
                        "low must be below high; swap them, or use choice(\"" + name + "\", value) for a constant");
            }
        }

        private static void checkStep(String name, double low, double high, double step) {
            if (!(step > 0) || !Double.isFinite(step)) {
                throw new UsageException(name + ".step", step, "the step must be a positive number");
            }
            double k = (high - low) / step;
            if (Math.abs(k - Math.rint(k)) > 1e-9 * Math.max(1, k)) {
                double fittedHigh = low + Math.floor(k) * step;
                throw new UsageException(name + ".step", step, "the step does not divide the range [" + low + ", "
                        + high + "]; use a step that does, or high = " + fittedHigh);
            }
        }
    }
}
