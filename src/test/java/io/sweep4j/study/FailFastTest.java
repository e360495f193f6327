package io.sweep4j.study;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sweep4j.sampler.Samplers;
import io.sweep4j.space.UsageException;
import io.sweep4j.trial.Attributes;
import io.sweep4j.trial.FrozenTrial;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An objective that always throws stops its run after a few trials in a row, not at the end of its budget; failures
 * that depend on the parameters (divergence), pruned trials and failures of different kinds do not stop it.
 */
class FailFastTest {
    @TempDir
    Path dir;

    private Study study(String name, Objective objective) {
        return Study.named(name).storage(dir.resolve("s.db"))
                .space(s -> s.floatRange("x", -5, 5))
                .sampler(Samplers.random(7))
                .objective(objective)
                .minimize("loss").parallelism(1).budget(Budget.trials(1100));
    }

    private static Objective broken() {
        return t -> {
            throw new IllegalStateException("no data at " + t.getDouble("x"));
        };
    }

    @Test
    void anObjectiveThatAlwaysThrowsStopsTheRunAfterFiveTrialsNotAtItsBudget() {
        StudyResult r = study("broken", broken()).optimize();
        assertEquals(StopReason.REPEATED_FAILURES, r.stopReason());
        assertEquals(5, r.history().trials().size(), r.history().trials().toString());
        for (FrozenTrial t : r.history().trials()) {
            assertEquals("java.lang.IllegalStateException", t.systemAttributes().get(Attributes.ERROR));
        }
    }

    @Test
    void divergedAndPrunedTrialsNeitherCountNorBreakTheStreakWhileACompletedOneDoes() {
        // every trial diverges: the learning rates are bad, the code is fine, the whole budget runs
        StudyResult diverging = study("diverging", t -> {
            throw new TrialFailedException("diverged at epoch 0, iteration 3: loss=NaN (the loss is not finite)");
        }).budget(Budget.trials(12)).optimize();
        assertEquals(StopReason.BUDGET_TRIALS, diverging.stopReason());
        assertEquals(12, diverging.history().trials().size());

        // a bug every third trial, between diverged and pruned ones: the fifth bug stops it (trial 12)
        StudyResult mixed = study("mixed", t -> {
            switch (t.number() % 3) {
                case 0 -> throw new IllegalStateException("bug at " + t.number());
                case 1 -> throw new TrialFailedException("diverged at epoch 1, iteration 2: loss=Infinity");
                default -> throw new TrialPrunedException("pruned at step 0");
            }
        }).optimize();
        assertEquals(StopReason.REPEATED_FAILURES, mixed.stopReason());
        assertEquals(13, mixed.history().trials().size());

        // a completed trial (number 4) starts the count afresh: trials 5 to 9 are the five in a row
        StudyResult reset = study("reset", t -> {
            if (t.number() == 4) {
                return 1.0;
            }
            throw new IllegalStateException("bug");
        }).optimize();
        assertEquals(StopReason.REPEATED_FAILURES, reset.stopReason());
        assertEquals(10, reset.history().trials().size());

        // two errors taking turns are not five of one kind
        StudyResult alternating = study("alternating", t -> {
            throw t.number() % 2 == 0 ? new IllegalStateException("a") : new IllegalArgumentException("b");
        }).budget(Budget.trials(12)).optimize();
        assertEquals(StopReason.BUDGET_TRIALS, alternating.stopReason());
        assertEquals(12, alternating.history().trials().size());
    }

    @Test
    void parallelWorkersShareOneStreakAndAResumedRunStopsAtItsFirstSameFailure() {
        StudyResult first = study("resumed", broken()).parallelism(3).optimize();
        assertEquals(StopReason.REPEATED_FAILURES, first.stopReason());
        long failed = first.history().trials().stream().filter(t -> t.systemAttributes().containsKey(Attributes.ERROR))
                .count();
        // the streak runs across the three workers; at most the two others' trials end after it was reached
        assertTrue(failed >= 5 && failed <= 5 + 2 + 1, first.history().trials().toString());
        assertTrue(FailureStreak.of(first.history()).length() >= 5);

        // the next run of the still-broken study reads the streak from the file: one more failure stops it
        StudyResult again = study("resumed", broken()).optimize();
        assertEquals(StopReason.REPEATED_FAILURES, again.stopReason());
        assertEquals(1, again.trialsRunHere());

        // fixed: a completed trial ends the streak, and the run goes on to its budget
        int stored = again.history().trials().size();
        StudyResult fixed = study("resumed", t -> t.getDouble("x")).budget(Budget.trials(stored + 3)).optimize();
        assertEquals(StopReason.BUDGET_TRIALS, fixed.stopReason());
        assertEquals(0, FailureStreak.of(fixed.history()).length());
    }

    @Test
    void aLimitOfZeroNeverStopsAndTheCommandLineSetsTheLimitAndExits1() {
        StudyResult never = study("never", broken()).maxConsecutiveFailures(0).budget(Budget.trials(8)).optimize();
        assertEquals(StopReason.BUDGET_TRIALS, never.stopReason());
        assertEquals(8, never.history().trials().size());

        StudyExitException exit = assertThrows(StudyExitException.class,
                () -> study("cli", broken()).run(new String[] {"--max-failures", "2"}));
        assertEquals(1, exit.exitCode());
        assertTrue(exit.getMessage().contains("the last 2 trials failed in a row with the same error (the limit is"
                + " 2), the latest, trial 1: IllegalStateException: no data at "), exit.getMessage());

        UsageException bad = assertThrows(UsageException.class,
                () -> study("bad", broken()).run(new String[] {"--max-failures", "-1"}));
        assertTrue(bad.getMessage().contains("--max-failures") && bad.getMessage().contains("-1"), bad.getMessage());
    }
}
