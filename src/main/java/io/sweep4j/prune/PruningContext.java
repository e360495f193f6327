package io.sweep4j.prune;

import io.sweep4j.trial.Direction;
import io.sweep4j.trial.FrozenTrial;
import io.sweep4j.trial.History;
import java.util.Objects;
import java.util.OptionalInt;
import java.util.function.Supplier;

/**
 * What a pruner may look at when judging a running trial: the study's name and direction, the trial as stored now
 * (its reported values and its system attributes, such as the rungs it completed) and the study's stored history,
 * read only if the pruner asks for it and then once.
 */
public record PruningContext(String studyName, Direction direction, FrozenTrial trial, Supplier<History> history) {

    public PruningContext {
        Objects.requireNonNull(studyName, "studyName");
        Objects.requireNonNull(direction, "direction");
        Objects.requireNonNull(trial, "trial");
        history = once(Objects.requireNonNull(history, "history"));
    }

    /** The last step the trial reported, if any. */
    public OptionalInt step() {
        return trial.intermediateValues().isEmpty() ? OptionalInt.empty()
                : OptionalInt.of(trial.intermediateValues().lastKey());
    }

    /** The same context over another view of the history (a Hyperband bracket's trials). */
    PruningContext withHistory(Supplier<History> view) {
        return new PruningContext(studyName, direction, trial, view);
    }

    private static Supplier<History> once(Supplier<History> s) {
        return new Supplier<>() {
            private History h;

            @Override
            public synchronized History get() {
                if (h == null) {
                    h = s.get();
                }
                return h;
            }
        };
    }
}
