package io.sweep4j.store;

import io.sweep4j.space.Param;
import io.sweep4j.space.Readable;
import io.sweep4j.space.SearchSpace;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** A search space as JSON-shaped data, stored with a study so a resume can tell whether the space changed. */
public final class SpaceDescription {
    private SpaceDescription() {
    }

    /** One entry per parameter: name, Optuna distribution JSON and condition. */
    public static List<Map<String, Object>> of(SearchSpace space) {
        List<Map<String, Object>> out = new ArrayList<>();
        for (Param p : space.params()) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("name", p.name());
            m.put("distribution", DistributionJson.write(p.distribution()));
            p.condition().ifPresent(c -> {
                Map<String, Object> when = new LinkedHashMap<>();
                when.put("parent", c.parent());
                when.put("values", c.values());
                m.put("when", when);
            });
            out.add(m);
        }
        return out;
    }

    /** Lines that say how {@code stored} and {@code now} differ, empty if they are the same space. */
    @SuppressWarnings("unchecked")
    public static List<String> differences(Object stored, List<Map<String, Object>> now) {
        List<String> diffs = new ArrayList<>();
        Map<String, String> before = new LinkedHashMap<>();
        if (stored instanceof List<?> list) {
            for (Object o : list) {
                Map<String, Object> m = (Map<String, Object>) o;
                before.put(String.valueOf(m.get("name")), readable(m));
            }
        }
        Map<String, String> after = new LinkedHashMap<>();
        for (Map<String, Object> m : now) {
            after.put(String.valueOf(m.get("name")), readable(m));
        }
        for (var e : before.entrySet()) {
            if (!after.containsKey(e.getKey())) {
                diffs.add("- removed " + e.getValue());
            } else if (!after.get(e.getKey()).equals(e.getValue())) {
                diffs.add("- was     " + e.getValue() + "\n  now     " + after.get(e.getKey()));
            }
        }
        for (var e : after.entrySet()) {
            if (!before.containsKey(e.getKey())) {
                diffs.add("- added   " + e.getValue());
            }
        }
        return diffs;
    }

    /** {@code lr: log-uniform 0.0001 to 0.1 (when optimizer in [adam])}: what a person compares, numbers readable. */
    private static String readable(Map<String, Object> m) {
        String dist;
        try {
            dist = Readable.distribution(DistributionJson.read(String.valueOf(m.get("distribution"))));
        } catch (RuntimeException e) {
            dist = String.valueOf(m.get("distribution"));
        }
        String when = m.get("when") instanceof Map<?, ?> w
                ? " (when " + w.get("parent") + " in " + w.get("values") + ")" : "";
        return m.get("name") + ": " + dist + when;
    }
}
