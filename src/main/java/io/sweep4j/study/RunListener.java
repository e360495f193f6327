package io.sweep4j.study;

import io.sweep4j.trial.FrozenTrial;
import io.sweep4j.trial.History;
import io.sweep4j.trial.TrialState;
import java.util.List;
import java.util.function.Supplier;

/**
 * What a run tells whoever watches it: the study opened, a trial started, reported a step, ended, or the run waits.
 * Called on the runner's threads after each change is stored; an implementation must be quick and thread-safe.
 */
public interface RunListener {
    /** The study is open; {@code history} reads what it held before this run claimed anything (read on demand). */
    default void opened(StudySpec spec, Supplier<History> history) {
    }

    /** A trial was claimed and is about to run. */
    default void started(FrozenTrial claimed) {
    }

    /** A running trial reported {@code value} of the study's metric at {@code step}. */
    default void reported(int number, int step, double value) {
    }

    /** A trial ended and its end is stored; {@code reason} is empty unless it failed or was pruned. */
    default void ended(FrozenTrial claimed, TrialState state, Double value, String reason) {
    }

    /**
     * A trial ended with one value per objective (none unless it completed; a pruned single-objective trial keeps its
     * last report); the default tells {@link #ended(FrozenTrial, TrialState, Double, String)} the first.
     */
    default void ended(FrozenTrial claimed, TrialState state, List<Double> values, String reason) {
        ended(claimed, state, values.isEmpty() ? null : values.get(0), reason);
    }

    /** The run waits (on other processes' trials, on a locked database); {@code why} says on what. */
    default void waiting(String why) {
    }
}
