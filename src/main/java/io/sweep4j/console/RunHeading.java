package io.sweep4j.console;

import io.sweep4j.trial.Direction;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * What the terminal says about the study a run works on, in plain values: the banner's words (the sampler, pruner and
 * budget as they describe themselves; the objectives' names and directions, in order, and with several the pruning
 * rule) and the limits the status line counts and estimates against. {@code metric} and {@code direction} are those of
 * the metric the trials report per step, which the live lines show.
 */
public record RunHeading(String study, String storage, Direction direction, String metric, String sampler,
        String pruner, String budget, OptionalInt maxTrials, Optional<Duration> timeLimit, int parallelism,
        List<String> objectives, List<Direction> directions, String pruning) {

    public RunHeading {
        objectives = List.copyOf(objectives);
        directions = List.copyOf(directions);
    }

    /** A study with one objective. */
    public RunHeading(String study, String storage, Direction direction, String metric, String sampler,
            String pruner, String budget, OptionalInt maxTrials, Optional<Duration> timeLimit, int parallelism) {
        this(study, storage, direction, metric, sampler, pruner, budget, maxTrials, timeLimit, parallelism,
                List.of(metric), List.of(direction), "");
    }

    /** Whether the study has several objectives. */
    public boolean several() {
        return objectives.size() > 1;
    }

    /** {@code maximize accuracy, minimize size}. */
    String describeObjectives() {
        List<String> out = new java.util.ArrayList<>();
        for (int k = 0; k < objectives.size(); k++) {
            out.add(directions.get(k).name().toLowerCase(Locale.ROOT) + " " + objectives.get(k));
        }
        return String.join(", ", out);
    }
}
