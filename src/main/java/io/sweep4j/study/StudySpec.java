package io.sweep4j.study;

import io.sweep4j.prune.Pruner;
import io.sweep4j.sampler.Sampler;
import io.sweep4j.space.SearchSpace;
import io.sweep4j.store.StorageUrl;
import io.sweep4j.trial.Direction;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/** A checked study definition, as {@link Study#spec()} builds it. */
public record StudySpec(String name, StorageUrl storage, SearchSpace space, Sampler sampler, Pruner pruner,
        Objective objective, Objectives objectives, int parallelism, Budget budget, int retries,
        Duration heartbeat, boolean allowSpaceChange, Path resultsDir, List<Map<String, Object>> enqueued,
        int maxConsecutiveFailures) {

    public StudySpec {
        enqueued = List.copyOf(enqueued);
    }

    /** The direction of the first objective (the only one, in a single-objective study). */
    public Direction direction() {
        return objectives.direction();
    }

    /**
     * The study's metric: the only objective, or in a study with several the one the trial reports per step and the
     * pruner judges ({@link Study#pruneOn}).
     */
    public String metric() {
        return objectives.metric();
    }

    /** The folder of this study's trial files, once the storage has given the study its key. */
    public StudyFolder folder(long studyId) {
        return StudyFolder.of(resultsDir, storage, name, studyId);
    }
}
