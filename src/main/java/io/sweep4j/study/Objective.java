package io.sweep4j.study;

/**
 * What a study tunes: gets a live {@link Trial}, returns the value of the study's metric.
 *
 * <p>Throw {@link TrialPrunedException} when {@link Trial#shouldPrune()} says so, and any other exception to fail the
 * trial alone; its message becomes the stored failure reason.
 */
@FunctionalInterface
public interface Objective {
    double evaluate(Trial trial) throws Exception;

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
