package io.sweep4j.store;

import io.sweep4j.trial.Attributes;
import io.sweep4j.trial.FrozenTrial;
import io.sweep4j.trial.History;
import io.sweep4j.trial.TrialDraft;
import io.sweep4j.trial.TrialState;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.BiFunction;
import java.util.function.BiPredicate;
import java.util.function.Supplier;

/** A whole claim for tests that drive a storage directly: reserve, propose with the given function, store. */
public final class TestClaims {
    private TestClaims() {
    }

    /** What to run for the reserved trial {@code number}; empty: nothing (the reservation ends, not counted). */
    @FunctionalInterface
    public interface Proposer {
        Optional<TrialDraft> propose(int number, Supplier<History> history, Map<String, Object> fixedParams);
    }

    /** {@code Claimed}, {@code BudgetReached} or {@code Exhausted}; what the proposer throws, after the release. */
    public static ClaimOutcome claim(Storage s, long studyId, int maxCounted, Proposer proposer) {
        ClaimOutcome out = s.reserve(studyId, Reservation.of(maxCounted, Map.of()));
        if (!(out instanceof ClaimOutcome.Reserved r)) {
            return out;
        }
        FrozenTrial reserved = r.trial();
        Map<String, Object> fixed = new LinkedHashMap<>();
        if (reserved.systemAttributes().get(Attributes.FIXED_PARAMS) instanceof Map<?, ?> m) {
            m.forEach((k, v) -> fixed.put(String.valueOf(k), v));
        }
        Optional<TrialDraft> draft;
        try {
            draft = proposer.propose(reserved.number(), () -> {
                History h = s.history(studyId);
                return h.withTrials(h.trials().stream()
                        .filter(t -> t.trialId() != reserved.trialId()).toList());
            }, fixed);
        } catch (RuntimeException e) {
            release(s, reserved, "the proposal failed: " + e);
            throw e;
        }
        if (draft.isEmpty()) {
            release(s, reserved, "nothing proposed");
            return new ClaimOutcome.Exhausted();
        }
        return s.storeProposal(studyId, reserved, draft.get(), Set.of());
    }

    /**
     * Judges the study's RUNNING trials as the runner's liveness does, with {@code grace} and {@code dead} per trial
     * (its id and worker record), and fails those judged dead; the trials as they were.
     */
    public static List<FrozenTrial> failStale(Storage s, long studyId, BiFunction<Long, String, Duration> grace,
            BiPredicate<Long, String> dead) {
        Map<Long, Double> judged = new LinkedHashMap<>();
        for (RunningTrial t : s.runningTrials(studyId)) {
            if ((t.worker() != null || t.hasHeartbeat()) && (dead.test(t.trialId(), t.worker())
                    || t.ageSeconds() * 1000 > grace.apply(t.trialId(), t.worker()).toMillis())) {
                judged.put(t.trialId(), t.ageSeconds());
            }
        }
        return judged.isEmpty() ? List.of() : s.failStale(studyId, judged);
    }

    private static void release(Storage s, FrozenTrial reserved, String reason) {
        s.finish(reserved.trialId(), TrialState.FAIL, List.of(),
                Map.of(Attributes.INTERRUPTED, true, Attributes.FAIL_REASON, reason));
    }
}
