package io.sweep4j.prune;

import io.sweep4j.space.UsageException;
import io.sweep4j.trial.History;
import java.util.Map;
import java.util.OptionalInt;

/**
 * Judges, from what a running trial and the study's other trials have stored, whether to stop it early. A pruner
 * keeps no state of its own: the same stored study gives the same decisions in any process and after a resume.
 */
public interface Pruner {

    /** The verdict on {@code context.trial()} after its last report. */
    Decision judge(PruningContext context);

    /** A short description stored with the study, e.g. {@code asha(min=1, eta=3)}. */
    String describe();

    /** System attributes to store on trial {@code number} when it is claimed (a Hyperband bracket). */
    default Map<String, Object> onClaim(String studyName, int number) {
        return Map.of();
    }

    /** The trials a sampler should learn from when proposing trial {@code number} (a Hyperband bracket's own). */
    default History samplerView(String studyName, int number, History history) {
        return history;
    }

    /**
     * This pruner with resources left to "auto" fixed from the objective's declared number of steps, once, when the
     * study is defined: so every process and every resume uses the same value (Optuna derives them from whichever
     * trials a process has seen, its issue #1220).
     *
     * @throws UsageException when the pruner needs the steps and the objective does not declare them
     */
    default Pruner withMaxSteps(OptionalInt maxSteps) {
        return this;
    }
}
