package io.sweep4j.store;

import io.sweep4j.trial.FrozenTrial;
import io.sweep4j.trial.History;
import io.sweep4j.trial.TrialState;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A bounded look at a study, for a page that must answer before every trial of a large study is read: its trials
 * counted by state and its last activity, exact, and a sample of them read in full, in number order: every
 * unfinished trial, the best completed ones, the latest, and an even spread over the rest ({@link #picks}).
 */
public record StudyGlimpse(Map<TrialState, Integer> byState, Instant lastActivity, History sample) {

    public StudyGlimpse {
        EnumMap<TrialState, Integer> counts = new EnumMap<>(TrialState.class);
        for (TrialState s : TrialState.values()) {
            counts.put(s, byState.getOrDefault(s, 0));
        }
        byState = Collections.unmodifiableMap(counts);
    }

    /** The whole history as a glimpse: nothing sampled. */
    public static StudyGlimpse of(History h) {
        Map<TrialState, Integer> counts = new EnumMap<>(TrialState.class);
        Instant last = null;
        for (FrozenTrial t : h.trials()) {
            counts.merge(t.state(), 1, Integer::sum);
            for (Instant i : new Instant[] {t.start(), t.complete()}) {
                if (i != null && (last == null || i.isAfter(last))) {
                    last = i;
                }
            }
        }
        return new StudyGlimpse(counts, last, h);
    }

    /** Every trial of the study, sampled or not. */
    public int total() {
        return byState.values().stream().mapToInt(Integer::intValue).sum();
    }

    /** Whether the sample is every trial of the study. */
    public boolean complete() {
        return sample.trials().size() == total();
    }

    /**
     * How many trials of each kind a sample of about {@code limit} trials takes: unfinished, best, latest, and the
     * spread's step (every step-th trial by number), for a study of {@code total} trials.
     */
    record Picks(int unfinished, int best, int latest, int spreadStep) {
    }

    static Picks picks(int total, int limit) {
        int quarter = Math.max(1, limit / 4);
        return new Picks(quarter, quarter, quarter, Math.max(1, (int) Math.ceil(total / (double) quarter)));
    }

    /** The glimpse of {@code h} with about {@code limit} trials (the memory storage's, taken from its history). */
    static StudyGlimpse sampled(History h, int limit) {
        StudyGlimpse all = of(h);
        if (h.trials().size() <= limit) {
            return all;
        }
        Picks p = picks(h.trials().size(), limit);
        Set<FrozenTrial> chosen = new LinkedHashSet<>();
        List<FrozenTrial> unfinished = h.inState(TrialState.RUNNING, TrialState.WAITING);
        chosen.addAll(unfinished.subList(Math.max(0, unfinished.size() - p.unfinished()), unfinished.size()));
        List<FrozenTrial> ranked = h.ranked();
        chosen.addAll(ranked.subList(0, Math.min(p.best(), ranked.size())));
        List<FrozenTrial> trials = h.trials();
        chosen.addAll(trials.subList(Math.max(0, trials.size() - p.latest()), trials.size()));
        for (FrozenTrial t : trials) {
            if (t.number() % p.spreadStep() == 0) {
                chosen.add(t);
            }
        }
        List<FrozenTrial> sample = new ArrayList<>(chosen);
        sample.sort(Comparator.comparingInt(FrozenTrial::number));
        return new StudyGlimpse(all.byState(), all.lastActivity(), h.withTrials(sample));
    }
}
