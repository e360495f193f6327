package io.sweep4j.store;

import io.sweep4j.trial.Direction;
import io.sweep4j.trial.FrozenTrial;
import io.sweep4j.trial.TrialState;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/** What this process knows of a study's trials; finished trials never change, so they are read once. */
final class TrialCache {
    final List<Direction> directions;
    final TreeMap<Long, TrialRow> rows = new TreeMap<>();
    final Map<Long, FrozenTrial> finished = new HashMap<>();
    final Set<Long> unfinished = new java.util.LinkedHashSet<>();
    final Set<Long> interrupted = new java.util.HashSet<>();
    final Set<Long> waiting = new java.util.HashSet<>();
    long lastTrialId;
    int maxNumber = -1;

    TrialCache(List<Direction> directions) {
        this.directions = List.copyOf(directions);
    }

    void put(TrialRow row) {
        rows.put(row.trialId(), row);
        lastTrialId = Math.max(lastTrialId, row.trialId());
        maxNumber = Math.max(maxNumber, row.number());
        if (row.state().isFinished()) {
            unfinished.remove(row.trialId());
        } else {
            unfinished.add(row.trialId());
        }
        if (row.state() == TrialState.WAITING) {
            waiting.add(row.trialId());
        } else {
            waiting.remove(row.trialId());
        }
    }

    void addOwnRunning(FrozenTrial t) {
        put(new TrialRow(t.trialId(), t.number(), t.state()));
    }

    int nextNumber() {
        return maxNumber + 1;
    }

    int counted() {
        return rows.size() - waiting.size() - interrupted.size();
    }
}
