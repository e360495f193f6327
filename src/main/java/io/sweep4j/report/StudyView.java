package io.sweep4j.report;

import io.sweep4j.space.Distribution;
import io.sweep4j.store.StudyInfo;
import io.sweep4j.trial.Attributes;
import io.sweep4j.trial.Direction;
import io.sweep4j.trial.FrozenTrial;
import io.sweep4j.trial.History;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * A stored study as its outputs see it: the parameters in the space's definition order with their distributions,
 * the metrics its trials reported, its user attributes, its history, and the name of each objective (one, the
 * metric, for most studies). Every table and report of one study has the same columns, whatever rows it shows.
 */
public record StudyView(String name, Direction direction, String metric, List<String> params,
        Map<String, Distribution> distributions, Map<String, String> conditions, List<String> metrics,
        List<String> userAttributes, Map<String, Object> definition, History history, List<String> objectives) {

    public StudyView {
        objectives = List.copyOf(objectives);
        if (objectives.size() != history.directions().size()) {
            throw new IllegalArgumentException(objectives.size() + " objective names for "
                    + history.directions().size() + " objectives");
        }
        params = List.copyOf(params);
        distributions = Collections.unmodifiableMap(new LinkedHashMap<>(distributions));
        conditions = Collections.unmodifiableMap(new LinkedHashMap<>(conditions));
        metrics = List.copyOf(metrics);
        userAttributes = List.copyOf(userAttributes);
        definition = Collections.unmodifiableMap(new LinkedHashMap<>(definition));
    }

    /** Reads the columns from the stored space (definition order) and from every trial, whatever is shown later. */
    public static StudyView of(StudyInfo study, History history) {
        Set<String> params = new LinkedHashSet<>();
        Map<String, String> conditions = new LinkedHashMap<>();
        if (study.systemAttributes().get(Attributes.SPACE) instanceof List<?> space) {
            for (Object o : space) {
                if (o instanceof Map<?, ?> m && m.get("name") != null) {
                    String n = String.valueOf(m.get("name"));
                    params.add(n);
                    if (m.get("when") instanceof Map<?, ?> w) {
                        conditions.put(n, w.get("parent") + " in " + w.get("values"));
                    }
                }
            }
        }
        Map<String, Distribution> dists = new LinkedHashMap<>();
        Set<String> metrics = new LinkedHashSet<>();
        metrics.add(study.metric());
        Set<String> attrs = new LinkedHashSet<>();
        for (FrozenTrial t : history.trials()) {
            params.addAll(t.params().names());
            t.distributions().forEach(dists::putIfAbsent);
            attrs.addAll(t.userAttributes().keySet());
            stepMetrics(t).values().forEach(m -> metrics.addAll(m.keySet()));
        }
        Map<String, Distribution> ordered = new LinkedHashMap<>();
        for (String p : params) {
            if (dists.containsKey(p)) {
                ordered.put(p, dists.get(p));
            }
        }
        Map<String, Object> definition = new LinkedHashMap<>();
        definition.put("study", study.name());
        // sampler and pruner are also stored on their own, from the run that created the study; the definition
        // holds the latest run's, so those keys are shown once, from it
        Map<?, ?> latest = study.systemAttributes().get(Attributes.DEFINITION) instanceof Map<?, ?> m ? m : Map.of();
        List<String> objectives = objectiveNames(study, history.directions().size());
        if (objectives.size() == 1) {
            definition.put("direction", study.direction().name().toLowerCase(java.util.Locale.ROOT));
            definition.put("metric", study.metric());
        }
        List<String> each = new ArrayList<>();
        for (int k = 0; k < objectives.size(); k++) {
            each.add(history.directions().get(k).name().toLowerCase(java.util.Locale.ROOT) + " " + objectives.get(k));
        }
        if (objectives.size() > 1 && !latest.containsKey("objectives")) {
            definition.put("objectives", String.join(", ", each));
        }
        study.systemAttributes().forEach((k, v) -> {
            String key = k.substring(Math.min(k.length(), Attributes.PREFIX.length()));
            if (k.startsWith(Attributes.PREFIX) && !k.equals(Attributes.SPACE) && !k.equals(Attributes.METRIC)
                    && !latest.containsKey(key)) {
                // the engine stores the objectives as name/direction pairs: shown as one line, as above
                definition.put(key, v instanceof Map<?, ?> m && m.containsKey("objectives") ? withObjectives(m,
                        String.join(", ", each)) : v);
            }
        });
        return new StudyView(study.name(), study.direction(), study.metric(), new ArrayList<>(params), ordered,
                conditions, new ArrayList<>(metrics), new ArrayList<>(attrs), definition, history, objectives);
    }

    /**
     * Each objective's name: for one, the recorded metric (every column and chart of a single-objective study is
     * named so); for several, {@link StudyInfo#objectiveNames()}.
     */
    static List<String> objectiveNames(StudyInfo study, int count) {
        return count == 1 ? List.of(study.metric()) : study.objectiveNames();
    }

    private static Map<Object, Object> withObjectives(Map<?, ?> definition, String objectives) {
        Map<Object, Object> out = new LinkedHashMap<>(definition);
        out.put("objectives", objectives);
        return out;
    }

    /** Whether the study has several objectives. */
    public boolean isMultiObjective() {
        return objectives.size() > 1;
    }

    /**
     * The study seen through objective {@code k} alone: its direction, its name as the metric, and each trial with
     * that one value; what the single-objective analyses (importance) judge a multi-objective study by.
     */
    public StudyView objective(int k) {
        List<FrozenTrial> trials = new ArrayList<>(history.trials().size());
        for (FrozenTrial t : history.trials()) {
            List<Double> one = t.values().size() > k ? List.of(t.values().get(k)) : List.of();
            trials.add(new FrozenTrial(t.trialId(), t.number(), t.state(), one, t.params(), t.distributions(),
                    t.intermediateValues(), t.userAttributes(), t.systemAttributes(), t.start(), t.complete()));
        }
        Direction d = history.directions().get(k);
        return new StudyView(name, d, objectives.get(k), params, distributions, conditions, metrics, userAttributes,
                definition, new History(d, trials), List.of(objectives.get(k)));
    }

    /** What a trial reported per step ({@code val_loss}, {@code train_loss}, ...), the study's metric included. */
    public static Map<Integer, Map<String, Double>> curves(FrozenTrial t, String metric) {
        Map<Integer, Map<String, Double>> out = stepMetrics(t);
        t.intermediateValues().forEach((step, v) -> out.computeIfAbsent(step, s -> new LinkedHashMap<>())
                .putIfAbsent(metric, v));
        return out;
    }

    /** Whether a trial reported anything per step (cheap: no parsing). */
    static boolean hasCurve(FrozenTrial t) {
        return !t.intermediateValues().isEmpty()
                || t.systemAttributes().keySet().stream().anyMatch(k -> k.startsWith(Attributes.METRICS));
    }

    /** What {@code Trial.report(step, Map)} stored, by step; attributes of other tools are skipped. */
    static Map<Integer, Map<String, Double>> stepMetrics(FrozenTrial t) {
        Map<Integer, Map<String, Double>> out = new TreeMap<>();
        for (var e : t.systemAttributes().entrySet()) {
            if (e.getKey().startsWith(Attributes.METRICS) && e.getValue() instanceof Map<?, ?> m) {
                int step;
                try {
                    step = Integer.parseInt(e.getKey().substring(Attributes.METRICS.length()));
                } catch (NumberFormatException ignored) {
                    continue; // not one of ours
                }
                Map<String, Double> values = new LinkedHashMap<>();
                m.forEach((k, v) -> {
                    if (v instanceof Number n) {
                        values.put(String.valueOf(k), n.doubleValue());
                    } else if (v instanceof String s) {
                        values.put(String.valueOf(k), parseNonFinite(s));
                    }
                });
                out.put(step, values);
            }
        }
        return out;
    }

    private static Double parseNonFinite(String s) {
        try {
            return Double.parseDouble(s);
        } catch (NumberFormatException e) {
            return Double.NaN;
        }
    }

    /** Why a trial ended as it did: the failure reason, or the pruner's reason; empty for completed trials. */
    public static String reason(FrozenTrial t) {
        return t.failReason().orElseGet(() -> {
            Object p = t.systemAttributes().get(Attributes.PRUNED_REASON);
            String why = p == null ? "" : String.valueOf(p);
            // "pruned at step 3 by asha rung 1: value 0.8775 is not in the top 1/3 ..."
            return t.prunedBy().map(where -> why.isEmpty() || why.startsWith(where) ? where : where + ": " + why)
                    .orElse(why);
        });
    }
}
