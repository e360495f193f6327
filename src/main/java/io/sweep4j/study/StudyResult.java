package io.sweep4j.study;

import io.sweep4j.trial.FrozenTrial;
import io.sweep4j.trial.History;
import java.util.List;
import java.util.Optional;

/** What one run of a study left in storage: the full history, why the run stopped, and how many trials it ran. */
public record StudyResult(String studyName, String storage, String metric, History history, StopReason stopReason,
        int trialsRunHere) {

    public Optional<FrozenTrial> best() {
        return history.best();
    }

    /** The {@code n} best completed trials, best first. */
    public List<FrozenTrial> top(int n) {
        List<FrozenTrial> ranked = history.ranked();
        return ranked.subList(0, Math.min(n, ranked.size()));
    }
}
