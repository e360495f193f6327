package io.sweep4j.study;

import io.sweep4j.sampler.Sampler;
import io.sweep4j.sampler.Samplers;
import io.sweep4j.space.SearchSpace;
import io.sweep4j.space.UsageException;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/** The checks {@link Study#spec()} makes on a study's objectives, constraints and sampler, before anything runs. */
final class StudyDefinition {
    private StudyDefinition() {
    }

    /**
     * The checked objectives. The study's metric (reported per step, judged by the pruner, returned by
     * {@link Objective#evaluate}) is {@code pruneOn} if given, else the only objective, else the first objective the
     * objective accepts as its metric ({@link Objective#validate}).
     */
    static Objectives objectives(List<Objectives.Goal> goals, String pruneOn, List<Constraint> constraints,
            Objective objective, SearchSpace space) {
        Set<String> seen = new HashSet<>();
        for (Objectives.Goal g : goals) {
            if (g.name() == null || g.name().isBlank()) {
                throw new UsageException("objective", g.name(), "name the value to " + g.direction().name()
                        .toLowerCase(java.util.Locale.ROOT) + ", e.g. .maximize(\"val_accuracy\")");
            }
            if (!seen.add(g.name())) {
                throw new UsageException("objective", g.name(), "it is named twice; each objective is another value:"
                        + " keep one .maximize/.minimize(\"" + g.name() + "\")");
            }
        }
        List<String> names = goals.stream().map(Objectives.Goal::name).toList();
        String metric;
        if (pruneOn != null) {
            if (!names.contains(pruneOn)) {
                throw new UsageException("pruneOn", pruneOn, "name one of the study's objectives (" + String.join(", ",
                        names) + "); the pruner judges its values per step");
            }
            metric = pruneOn;
            objective.validate(space, metric);
        } else if (goals.size() == 1) {
            metric = names.get(0);
            objective.validate(space, metric);
        } else {
            metric = firstAccepted(names, objective, space);
        }
        for (Constraint c : constraints) {
            if (c instanceof Constraint.Bound b) {
                check(b);
            }
        }
        return new Objectives(goals, metric, constraints);
    }

    private static String firstAccepted(List<String> names, Objective objective, SearchSpace space) {
        UsageException first = null;
        for (String n : names) {
            try {
                objective.validate(space, n);
                return n;
            } catch (UsageException e) {
                if (first == null) {
                    first = e;
                }
            }
        }
        throw first;
    }

    private static void check(Constraint.Bound b) {
        if (b.name() == null || b.name().isBlank()) {
            throw new UsageException("constraint", b.name(), "name the value it bounds, e.g. .constraint(\"param_count\","
                    + " \"<=\", 1_000_000)");
        }
        if (!"<=".equals(b.relation()) && !">=".equals(b.relation())) {
            throw new UsageException("constraint relation", b.relation(), "use \"<=\" or \">=\" (a stored constraint"
                    + " is satisfied at 0, as in Optuna, so a strict \"<\" or \">\" could not be told apart)");
        }
        if (Double.isNaN(b.bound())) {
            throw new UsageException("constraint bound", b.bound(), "give a number to compare " + b.name() + " with");
        }
    }

    /** Refuses a sampler that ranks by one value for a study with several objectives, naming those that do not. */
    static void checkSampler(Sampler sampler, Objectives objectives) {
        if (objectives.several() && !sampler.handlesSeveralObjectives()) {
            throw new UsageException("sampler", sampler.describe(), "it ranks trials by one value, and this study has "
                    + objectives.goals().size() + " objectives (" + objectives.describe() + "); choose one that"
                    + " handles several: Samplers.tpe(seed), Samplers.auto(seed), Samplers.nsga2(seed),"
                    + " Samplers.gp(seed), Samplers.random(seed), Samplers.sobol(seed) or Samplers.grid()");
        }
    }

    /**
     * TPE, for one objective or several: as in Optuna, it beats random search from a few dozen trials on
     * (results/benchmarks/samplers.md, multiobjective.md).
     */
    static Sampler defaultSampler() {
        return Samplers.tpe();
    }
}
