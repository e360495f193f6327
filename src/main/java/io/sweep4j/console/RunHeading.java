package io.sweep4j.console;

import io.sweep4j.trial.Direction;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * What the terminal says about the study a run works on, in plain values: the banner's words (the sampler, pruner and
 * budget as they describe themselves; with several objectives, each objective and the pruning rule) and the limits
 * the status line counts and estimates against. {@code metric} and {@code direction} are those of the metric the
 * trials report per step, which the live lines show.
 */
public record RunHeading(String study, String storage, Direction direction, String metric, String sampler,
        String pruner, String budget, OptionalInt maxTrials, Optional<Duration> timeLimit, int parallelism,
        List<String> objectives, String pruning) {

    public RunHeading {
        objectives = List.copyOf(objectives);
    }

    /** A study with one objective. */
    public RunHeading(String study, String storage, Direction direction, String metric, String sampler,
            String pruner, String budget, OptionalInt maxTrials, Optional<Duration> timeLimit, int parallelism) {
        this(study, storage, direction, metric, sampler, pruner, budget, maxTrials, timeLimit, parallelism,
                List.of(direction.name().toLowerCase(Locale.ROOT) + " " + metric), "");
    }
}
