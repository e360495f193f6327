package io.sweep4j.prune;

import io.sweep4j.trial.FrozenTrial;
import io.sweep4j.trial.History;

/** Never prunes; the default. */
public record NopPruner() implements Pruner {
    @Override
    public boolean shouldPrune(FrozenTrial running, History history) {
        return false;
    }

    @Override
    public String describe() {
        return "none";
    }
}
