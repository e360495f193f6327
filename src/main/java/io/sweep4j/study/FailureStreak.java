package io.sweep4j.study;

import io.sweep4j.trial.Attributes;
import io.sweep4j.trial.FailureKind;
import io.sweep4j.trial.FrozenTrial;
import io.sweep4j.trial.History;
import io.sweep4j.trial.TrialState;
import java.util.List;
import java.util.Locale;

/**
 * How many of a study's latest trials failed in a row with the same unexpected error, counted from the stored
 * history alone: nothing is kept in memory, so every thread and process of a study, and every run of it, sees the
 * same streak.
 *
 * <p><b>Consecutive</b> means in the order the trials ended (their stored completion time, then number), whichever
 * thread or process ran them: with several workers a broken objective fails on all of them, and their failures
 * interleave into one streak. Counting back from the latest trial that ended, a COMPLETE trial or a failure of
 * another kind ends the streak; trials that say nothing about the objective's code are skipped, neither counted
 * nor ending it: pruned ones, interrupted ones (Ctrl-C, a kill), and failures the objective declared
 * ({@link TrialFailedException}, e.g. a diverging learning rate) or that depend on the parameters (out of memory,
 * a NaN result). Only trials carrying {@link Attributes#ERROR} count.
 *
 * <p><b>After a resume</b> the streak goes on from the stored history: a study stopped by 5 failures and run again
 * without a fix stops after its first trial fails the same way, while one completed trial starts the count afresh.
 */
record FailureStreak(int length, FrozenTrial latest) {
    /**
     * An objective with a bug fails every trial the same way, and each may cost a whole training before it throws,
     * so few are enough to tell; a crash tied to a region of the space is rarely hit 5 times running (a region
     * failing 30 % of trials: 0.3^5, 1 in 400 streaks), and waiting for 5 also lets a flaky resource (a full disk,
     * a lost GPU) recover once or twice without stopping a long study.
     */
    static final int DEFAULT_LIMIT = 5;

    /** The streak that ends with the latest trial of {@code history} that counts; length 0 if none does. */
    static FailureStreak of(History history) {
        List<FrozenTrial> ended = history.trials().stream()
                .filter(t -> t.state().isFinished() && !t.interrupted()).sorted(FrozenTrial.BY_END).toList();
        FrozenTrial latest = null;
        String kind = null;
        int length = 0;
        for (int i = ended.size() - 1; i >= 0; i--) {
            FrozenTrial t = ended.get(i);
            if (t.state() == TrialState.COMPLETE) {
                break;
            }
            if (t.state() != TrialState.FAIL || !t.systemAttributes().containsKey(Attributes.ERROR)) {
                continue;
            }
            String k = FailureKind.key(FailureKind.reason(t));
            if (latest == null) {
                latest = t;
                kind = k;
            } else if (!k.equals(kind)) {
                break;
            }
            length++;
        }
        return new FailureStreak(length, latest);
    }

    /** Whether a run with this limit ({@link Study#maxConsecutiveFailures(int)}, 0: never) must stop. */
    boolean reached(int limit) {
        return limit > 0 && length >= limit;
    }

    /** Why the run stopped, with the count, the error and what to do. */
    String explain(int limit) {
        if (latest == null) {
            return "stopped: trials kept failing with the same error";
        }
        return String.format(Locale.ROOT, "stopped: the last %d trials failed in a row with the same error (the"
                + " limit is %d), the latest, trial %d: %s%nIts stack trace is above. Fix the objective and run"
                + " again to resume the study (--max-failures N, or Study.maxConsecutiveFailures(n), changes the"
                + " limit; 0 never stops).", length, limit, latest.number(), FailureKind.reason(latest));
    }
}
