package io.sweep4j.trial;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/** A study's trials as seen at one moment, in trial-number order; what samplers and pruners decide from. */
public record History(Direction direction, List<FrozenTrial> trials) {

    public History {
        trials = List.copyOf(trials);
    }

    /** Trials in the given states. */
    public List<FrozenTrial> inState(TrialState... states) {
        List<FrozenTrial> out = new ArrayList<>();
        for (FrozenTrial t : trials) {
            for (TrialState s : states) {
                if (t.state() == s) {
                    out.add(t);
                    break;
                }
            }
        }
        return out;
    }

    public List<FrozenTrial> completed() {
        return inState(TrialState.COMPLETE);
    }

    /** The best completed trial; NaN values never win. */
    public Optional<FrozenTrial> best() {
        return ranked().stream().findFirst();
    }

    /** Completed trials with a finite or infinite (not NaN) value, best first, ties by trial number. */
    public List<FrozenTrial> ranked() {
        Comparator<FrozenTrial> byValue = Comparator.comparingDouble(FrozenTrial::value);
        if (direction == Direction.MAXIMIZE) {
            byValue = byValue.reversed();
        }
        return completed().stream()
                .filter(t -> t.value() != null && !t.value().isNaN())
                .sorted(byValue.thenComparingInt(FrozenTrial::number))
                .toList();
    }
}
