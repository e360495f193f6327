package io.sweep4j.prune;

import io.sweep4j.trial.FrozenTrial;
import io.sweep4j.trial.History;

/** Judges, from what a running trial reported so far and the study's history, whether to stop it early. */
public interface Pruner {
    boolean shouldPrune(FrozenTrial running, History history);

    /** A short description stored with the study. */
    String describe();
}
