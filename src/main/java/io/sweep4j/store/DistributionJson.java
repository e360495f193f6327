package io.sweep4j.store;

import io.sweep4j.space.CategoricalDistribution;
import io.sweep4j.space.Distribution;
import io.sweep4j.space.FloatDistribution;
import io.sweep4j.space.IntDistribution;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** Optuna's {@code distribution_json}: {@code {"name": "FloatDistribution", "attributes": {...}}}, both ways. */
final class DistributionJson {
    private DistributionJson() {
    }

    static String write(Distribution d) {
        // a claim writes every parameter's distribution, and a study has few: each is serialized once
        if (WRITTEN.size() > MAX_REMEMBERED) {
            WRITTEN.clear();
        }
        return WRITTEN.computeIfAbsent(d, DistributionJson::serialize);
    }

    /** Distributions already serialized; a study defined at run time could make new ones without end, hence a cap. */
    private static final Map<Distribution, String> WRITTEN = new ConcurrentHashMap<>();
    private static final int MAX_REMEMBERED = 4096;

    private static String serialize(Distribution d) {
        Map<String, Object> attrs = new LinkedHashMap<>();
        String name;
        if (d instanceof FloatDistribution f) {
            name = "FloatDistribution";
            attrs.put("step", f.step());
            attrs.put("low", f.low());
            attrs.put("high", f.high());
            attrs.put("log", f.log());
        } else if (d instanceof IntDistribution i) {
            name = "IntDistribution";
            attrs.put("log", i.log());
            attrs.put("step", i.step());
            attrs.put("low", i.low());
            attrs.put("high", i.high());
        } else {
            name = "CategoricalDistribution";
            attrs.put("choices", ((CategoricalDistribution) d).choices());
        }
        Map<String, Object> root = new LinkedHashMap<>();
        root.put("name", name);
        root.put("attributes", attrs);
        return Json.write(root);
    }

    @SuppressWarnings("unchecked")
    static Distribution read(String json) {
        Map<String, Object> root = (Map<String, Object>) Json.read(json);
        Map<String, Object> a = (Map<String, Object>) root.get("attributes");
        String name = String.valueOf(root.get("name"));
        switch (name) {
            case "FloatDistribution":
                return new FloatDistribution(num(a.get("low")), num(a.get("high")), bool(a.get("log")),
                        a.get("step") == null ? null : num(a.get("step")));
            case "UniformDistribution":
                return new FloatDistribution(num(a.get("low")), num(a.get("high")), false, null);
            case "LogUniformDistribution":
                return new FloatDistribution(num(a.get("low")), num(a.get("high")), true, null);
            case "DiscreteUniformDistribution":
                return new FloatDistribution(num(a.get("low")), num(a.get("high")), false, num(a.get("q")));
            case "IntDistribution":
            case "IntUniformDistribution":
            case "IntLogUniformDistribution":
                return new IntDistribution((long) num(a.get("low")), (long) num(a.get("high")),
                        bool(a.get("log")) || name.equals("IntLogUniformDistribution"),
                        a.get("step") == null ? 1 : (long) num(a.get("step")));
            case "CategoricalDistribution":
                return new CategoricalDistribution((List<Object>) a.get("choices"));
            default:
                throw new IllegalArgumentException("unknown distribution " + name + " in " + json);
        }
    }

    private static double num(Object o) {
        return ((Number) o).doubleValue();
    }

    private static boolean bool(Object o) {
        return Boolean.TRUE.equals(o);
    }
}
