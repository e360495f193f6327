package io.sweep4j.study;

import io.sweep4j.prune.Pruner;
import io.sweep4j.sampler.Sampler;
import io.sweep4j.space.SearchSpace;
import io.sweep4j.trial.Direction;
import java.nio.file.Path;
import java.time.Duration;

/** A checked study definition, as {@link Study#spec()} builds it. */
public record StudySpec(String name, Path storage, SearchSpace space, Sampler sampler, Pruner pruner,
        Objective objective, Direction direction, String metric, int parallelism, Budget budget, int retries,
        Duration heartbeat, boolean allowSpaceChange, Path resultsDir) {
}
