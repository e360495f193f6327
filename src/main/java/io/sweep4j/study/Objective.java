package io.sweep4j.study;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What a study tunes: gets a live {@link Trial}, returns the value of the study's metric. An objective measuring
 * several values returns them by name ({@link #named(Values)}, or by overriding {@link #values(Trial)}); a study's
 * objectives may also name a metric the trial reported or a user attribute it stored ({@link Measured}).
 *
 * <p>Throw {@link TrialPrunedException} when {@link Trial#shouldPrune()} says so, and any other exception to fail the
 * trial alone; its message becomes the stored failure reason.
 */
@FunctionalInterface
public interface Objective {
    double evaluate(Trial trial) throws Exception;

    /**
     * The trial's values by name, which the study's objectives and constraints read. The default: the value
     * {@link #evaluate(Trial)} returns, named as the study's metric ({@link Trial#metric()}).
     */
    default Map<String, Double> values(Trial trial) throws Exception {
        Map<String, Double> one = new LinkedHashMap<>();
        one.put(trial.metric(), evaluate(trial));
        return one;
    }

    /**
     * An objective that measures several values and returns them by name, e.g.
     * {@code Objective.named(t -> Map.of("accuracy", acc, "param_count", (double) n))}; its {@link #evaluate(Trial)}
     * is the value of the study's metric.
     */
    static Objective named(Values values) {
        return new NamedObjective(java.util.Objects.requireNonNull(values, "values"));
    }

    /** An objective's values by name: what {@link #named(Values)} wraps. */
    @FunctionalInterface
    interface Values {
        Map<String, Double> measure(Trial trial) throws Exception;
    }

    /** The objective {@link #named(Values)} builds. */
    record NamedObjective(Values function) implements Objective {
        @Override
        public double evaluate(Trial trial) throws Exception {
            Double v = values(trial).get(trial.metric());
            if (v == null) {
                throw new TrialFailedException("the objective returned no value named \"" + trial.metric() + "\"");
            }
            return v;
        }

        @Override
        public Map<String, Double> values(Trial trial) throws Exception {
            Map<String, Double> out = function.measure(trial);
            if (out == null) {
                throw new TrialFailedException("the objective returned null instead of its values by name");
            }
            return new LinkedHashMap<>(out);
        }
    }

    /**
     * Checks, when the study is defined and before anything runs, that this objective understands the search space
     * and reports the metric; throws {@link io.sweep4j.space.UsageException} naming the field, the value and the fix.
     * The default accepts everything.
     */
    default void validate(io.sweep4j.space.SearchSpace space, String metric) {
    }

    /**
     * Parameters the objective defines itself, added after the study's own when the study is defined (a DL4J
     * objective searching its network adds the depth and widths it reads). The default adds none.
     */
    default void defineParameters(io.sweep4j.space.SearchSpace.Builder space) {
    }

    /**
     * Called once a run of the study ends by its budget or an exhausted sampler (not when interrupted), with what
     * is stored and the run's storage, still open: e.g. to retrain the best configuration and store its score. The
     * default does nothing.
     */
    default void studyEnded(StudySpec spec, StudyResult result, io.sweep4j.store.Storage storage) {
    }

    /** How many steps (epochs) a trial reports at most, if known: pruners left on "auto" size their rungs by it. */
    default java.util.OptionalInt maxSteps() {
        return java.util.OptionalInt.empty();
    }
}
