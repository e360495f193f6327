package io.sweep4j.console;

import io.sweep4j.trial.Direction;
import java.time.Duration;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * What the terminal says about the study a run works on, in plain values: the banner's words (the sampler, pruner and
 * budget as they describe themselves) and the limits the status line counts and estimates against.
 */
public record RunHeading(String study, String storage, Direction direction, String metric, String sampler,
        String pruner, String budget, OptionalInt maxTrials, Optional<Duration> timeLimit, int parallelism) {
}
