package io.sweep4j.resume;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sweep4j.space.Readable;
import io.sweep4j.trial.Attributes;
import io.sweep4j.trial.FrozenTrial;
import io.sweep4j.trial.History;
import io.sweep4j.trial.TrialState;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * What the chaos tests count across kills, whatever the storage: finished trials lost or changed, trial numbers or
 * retries stored twice, trials left RUNNING; and the checks at the end (exactly the budget, every interrupted trial
 * retried).
 */
final class ChaosLedger {
    private final int budget;
    private final Map<Integer, FrozenTrial> finishedBefore = new HashMap<>();
    private final Set<Integer> runningBefore = new HashSet<>();
    private int lost;
    private int duplicates;
    private int zombies;
    /** Trials stored without parameters that are not a reservation in progress or one failed and not counted. */
    private int unproposed;

    ChaosLedger(int budget) {
        this.budget = budget;
    }

    /**
     * Checks the study as stored after a kill: every trial finished in the previous snapshot is still there,
     * unchanged; every trial a child logged as finished (the runner logs only after the commit) is stored with that
     * value; no number or retry is stored twice; the budget is not overshot. With {@code recovered} (a run opened
     * the study since the previous snapshot and finished a trial, so it swept dead trials), a trial RUNNING then
     * and still RUNNING now is a zombie.
     */
    void check(History h, Map<Integer, String> logged, boolean recovered) {
        Map<Integer, FrozenTrial> byNumber = byNumber(h);
        unproposed += withoutParameters(h);
        lostSince(byNumber, logged);
        if (recovered) {
            for (int n : runningBefore) {
                if (byNumber.get(n).state() == TrialState.RUNNING) {
                    zombies++;
                }
            }
        }
        assertTrue(counted(h) <= budget, "the budget was overshot: " + counted(h) + " > " + budget);
        finishedBefore.clear();
        runningBefore.clear();
        for (FrozenTrial t : h.trials()) {
            if (t.state().isFinished()) {
                finishedBefore.put(t.number(), t);
            } else if (t.state() == TrialState.RUNNING) {
                runningBefore.add(t.number());
            }
        }
    }

    /**
     * The study at the end, after the last runs ended: nothing lost since the last snapshot or of what the runs
     * logged, nothing RUNNING.
     */
    void end(History h, Map<Integer, String> logged) {
        lostSince(byNumber(h), logged);
        unproposed += withoutParameters(h);
        zombies += h.inState(TrialState.RUNNING).size();
    }

    int finished() {
        return finishedBefore.size();
    }

    int running() {
        return runningBefore.size();
    }

    /** One line of figures, for the benchmark notes. */
    String summary(History h) {
        return String.format("lost=%d duplicates=%d zombies=%d unproposed=%d; %d trials stored, %d interrupted (%d of"
                + " them reservations killed before their proposal), %d retries, %d finished and not interrupted"
                + " (budget %d)", lost, duplicates, zombies, unproposed, h.trials().size(),
                h.trials().stream().filter(ChaosLedger::isInterrupted).count(),
                h.trials().stream().filter(t -> t.systemAttributes().containsKey(Attributes.RESERVED)).count(),
                h.trials().stream().filter(t -> t.systemAttributes().containsKey(Attributes.RETRY_OF)).count(),
                finishedNotInterrupted(h), budget);
    }

    /** What a user relies on after the kills: nothing lost, nothing twice, nothing hanging, exactly the budget. */
    void assertClean(History h) {
        assertEquals(0, lost, "finished trials lost");
        assertEquals(0, duplicates, "duplicate trial numbers or retries");
        assertEquals(0, zombies, "trials left RUNNING");
        assertEquals(0, unproposed, "trials stored without parameters that look like real trials");
        assertEquals(budget, counted(h), "counted trials at the end");
        assertEquals(budget, finishedNotInterrupted(h));
        // every interrupted trial was retried, unless its chain of retries ran out
        for (FrozenTrial t : h.trials()) {
            int depth = ((Number) t.systemAttributes().getOrDefault(Attributes.PREFIX + "retry_depth", 0)).intValue();
            if (isInterrupted(t) && depth < 2 && !t.systemAttributes().containsKey(Attributes.RESERVED)) {
                assertTrue(h.trials().stream().anyMatch(r -> retryOf(r) == t.number()),
                        "interrupted trial " + t.number() + " was not retried");
            }
        }
    }

    /**
     * Trials without parameters that are not marked {@code sweep4j:reserved} (a reservation whose proposal is not
     * stored yet), or that are marked but ended otherwise than FAIL, interrupted (not counted), or that are marked
     * but hold parameters: after a kill at any moment, none.
     */
    private static int withoutParameters(History h) {
        int bad = 0;
        for (FrozenTrial t : h.trials()) {
            boolean reserved = t.systemAttributes().containsKey(Attributes.RESERVED);
            boolean noParams = t.params().size() == 0 && t.state() != TrialState.WAITING;
            if (noParams != reserved || (reserved && t.state().isFinished() && !isInterrupted(t))) {
                System.out.println("UNPROPOSED " + t);
                bad++;
            }
        }
        return bad;
    }

    private Map<Integer, FrozenTrial> byNumber(History h) {
        Map<Integer, FrozenTrial> byNumber = new HashMap<>();
        for (FrozenTrial t : h.trials()) {
            if (byNumber.put(t.number(), t) != null) {
                duplicates++;
            }
        }
        duplicates += duplicateRetries(h);
        return byNumber;
    }

    private void lostSince(Map<Integer, FrozenTrial> byNumber, Map<Integer, String> logged) {
        for (FrozenTrial was : finishedBefore.values()) {
            FrozenTrial now = byNumber.get(was.number());
            if (now == null || now.state() != was.state() || !Objects.equals(now.value(), was.value())
                    || !now.params().equals(was.params())) {
                lost++;
            }
        }
        for (var e : logged.entrySet()) {
            FrozenTrial now = byNumber.get(e.getKey());
            // the log shows values as a person reads them (5 significant digits)
            if (now == null || !now.state().isFinished()
                    || !Objects.equals(now.value() == null ? null : Readable.of(now.value()), e.getValue())) {
                lost++;
            }
        }
    }

    private static long finishedNotInterrupted(History h) {
        return h.trials().stream().filter(t -> t.state().isFinished() && !isInterrupted(t)).count();
    }

    static boolean isInterrupted(FrozenTrial t) {
        return t.state() == TrialState.FAIL && Boolean.TRUE.equals(t.systemAttributes().get(Attributes.INTERRUPTED));
    }

    static int retryOf(FrozenTrial t) {
        Object of = t.systemAttributes().get(Attributes.RETRY_OF);
        return of instanceof Number n ? n.intValue() : -1;
    }

    static long counted(History h) {
        return h.trials().stream().filter(t -> t.state() == TrialState.RUNNING
                || (t.state().isFinished() && !isInterrupted(t))).count();
    }

    /** Interrupted trials retried more than once (two processes or two runs picking the same one). */
    private static int duplicateRetries(History h) {
        Set<Integer> seen = new HashSet<>();
        int dup = 0;
        for (FrozenTrial t : h.trials()) {
            int of = retryOf(t);
            if (of >= 0 && !seen.add(of)) {
                dup++;
            }
        }
        return dup;
    }
}
