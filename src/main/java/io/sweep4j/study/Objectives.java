package io.sweep4j.study;

import io.sweep4j.trial.Attributes;
import io.sweep4j.trial.Direction;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * What a study optimizes: its objectives in order, each a value's name and a direction (stored as Optuna stores them:
 * one direction per objective, the names in {@code study:metric_names}), its constraints, and the one metric whose
 * per-step values the pruner judges ({@link #metric()}: an objective, the study's metric a trial reports).
 */
public record Objectives(List<Goal> goals, String metric, List<Constraint> constraints) {

    /** One objective: the value called {@code name} (returned, reported or stored by the trial), and its direction. */
    public record Goal(String name, Direction direction) {
        /** {@code maximize val_accuracy}. */
        public String describe() {
            return direction.name().toLowerCase(Locale.ROOT) + " " + name;
        }
    }

    public Objectives {
        goals = List.copyOf(goals);
        constraints = List.copyOf(constraints);
        if (goals.isEmpty()) {
            throw new IllegalArgumentException("a study has at least one objective");
        }
        if (goals.stream().noneMatch(g -> g.name().equals(metric))) {
            throw new IllegalArgumentException("the pruned metric " + metric + " is not an objective");
        }
    }

    /** One objective and no constraint: a study as it was before several objectives. */
    public static Objectives single(Direction direction, String metric) {
        return new Objectives(List.of(new Goal(metric, direction)), metric, List.of());
    }

    /** The objectives' names, in order: the order of each trial's values. */
    public List<String> names() {
        return goals.stream().map(Goal::name).toList();
    }

    /** The objectives' directions, in order. */
    public List<Direction> directions() {
        return goals.stream().map(Goal::direction).toList();
    }

    public boolean several() {
        return goals.size() > 1;
    }

    /** The direction of the first objective: Optuna's {@code study.direction} of a single-objective study. */
    public Direction direction() {
        return goals.get(0).direction();
    }

    /** The direction of the metric the pruner judges. */
    public Direction metricDirection() {
        return goals.stream().filter(g -> g.name().equals(metric)).findFirst().orElseThrow().direction();
    }

    /** {@code maximize val_accuracy, minimize param_count}. */
    public String describe() {
        return String.join(", ", goals.stream().map(Goal::describe).toList());
    }

    /**
     * How the pruner and the objectives meet: in a study with several objectives, the pruner judges one of them per
     * step and the others are measured when the trial ends (Optuna prunes no multi-objective study). Empty for one.
     */
    public String pruningRule() {
        if (!several()) {
            return "";
        }
        List<String> others = names().stream().filter(n -> !n.equals(metric)).toList();
        return "the pruner judges " + metric + " per step (" + metricDirection().name().toLowerCase(Locale.ROOT)
                + "); " + String.join(", ", others) + (others.size() == 1 ? " is" : " are")
                + " measured when the trial ends; a pruned trial stores no values";
    }

    /**
     * The entries the study's definition attribute gets (for reports): the objectives, constraints and pruning rule;
     * none for one objective without constraints, whose definition stays as it always was.
     */
    Map<String, Object> definition() {
        Map<String, Object> d = new LinkedHashMap<>();
        if (!several() && constraints.isEmpty()) {
            return d;
        }
        d.put("objectives", goals.stream().map(g -> Map.of("name", g.name(),
                "direction", g.direction().name().toLowerCase(Locale.ROOT))).toList());
        if (!constraints.isEmpty()) {
            d.put(Attributes.CONSTRAINTS, constraints.stream().map(Constraint::describe).toList());
        }
        if (several()) {
            d.put("pruned_on", metric);
            d.put("pruning", pruningRule());
        }
        return d;
    }
}
