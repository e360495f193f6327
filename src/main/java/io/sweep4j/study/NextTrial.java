package io.sweep4j.study;

import io.sweep4j.sampler.Proposal;
import io.sweep4j.sampler.SamplingContext;
import io.sweep4j.space.Params;
import io.sweep4j.store.ClaimOutcome;
import io.sweep4j.store.Reservation;
import io.sweep4j.store.Storage;
import io.sweep4j.trial.Attributes;
import io.sweep4j.trial.FrozenTrial;
import io.sweep4j.trial.History;
import io.sweep4j.trial.TrialDraft;
import io.sweep4j.trial.TrialState;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/**
 * How a runner claims its next trial, as Optuna's study does: it picks a pending retry from the history, has the
 * storage reserve a trial (budget, number, an enqueued trial, the retry taken only if no other worker took it), then,
 * with no lock held, asks the sampler (and the pruner's claim-time tag) for the parameters and tells the storage. A
 * value that must be unique (a grid point) that another worker stored first makes it ask the sampler again.
 */
final class NextTrial {
    /** Claims lost to other workers (a retry, a grid point taken first) before giving up: far more than contention. */
    private static final int ATTEMPTS = 50;

    private final StudySpec spec;
    private final Storage storage;
    private final long studyId;
    private final RetryPolicy retries;
    private final Liveness liveness;
    private final String worker;
    private final BooleanSupplier stopRequested;

    NextTrial(StudySpec spec, Storage storage, long studyId, RetryPolicy retries, Liveness liveness, String worker,
            BooleanSupplier stopRequested) {
        this.spec = spec;
        this.storage = storage;
        this.studyId = studyId;
        this.retries = retries;
        this.liveness = liveness;
        this.worker = worker;
        this.stopRequested = stopRequested;
    }

    /** {@code Claimed}, {@code BudgetReached} or {@code Exhausted} (a finished grid, a stop). */
    ClaimOutcome claim(int maxCounted) {
        for (int attempt = 0; attempt < ATTEMPTS; attempt++) {
            if (stopRequested.getAsBoolean()) {
                return new ClaimOutcome.Exhausted();
            }
            Supplier<History> history = memoized(() -> storage.history(studyId));
            Optional<FrozenTrial> retry = retries.next(history)
                    .filter(t -> history.get().trials().stream().noneMatch(w -> w.state() == TrialState.WAITING));
            if (retry.isEmpty() && !spec.sampler().uniqueAttributes().isEmpty()
                    && sample(history.get().trials().size(), history, Map.of()).isEmpty()) {
                return new ClaimOutcome.Exhausted(); // a finished grid: no trial is reserved for nothing
            }
            Reservation reservation = retry
                    .map(t -> new Reservation(maxCounted, RetryPolicy.carried(t, worker), Set.of(Attributes.RETRY_OF)))
                    .orElseGet(() -> Reservation.of(maxCounted, Map.of(Attributes.WORKER, worker)));
            ClaimOutcome reserved = storage.reserve(studyId, reservation);
            if (reserved instanceof ClaimOutcome.Reserved r) {
                ClaimOutcome out = propose(r.trial(), retry);
                if (out instanceof ClaimOutcome.Claimed || out instanceof ClaimOutcome.Exhausted) {
                    return out;
                }
            } else if (!(reserved instanceof ClaimOutcome.Taken)) {
                return reserved;
            }
        }
        throw new IllegalStateException("no trial claimed in " + ATTEMPTS + " attempts: other workers took every"
                + " retry or grid point this worker chose");
    }

    /**
     * Proposes and stores the parameters of a reserved trial, outside any lock; the trial is heartbeated meanwhile.
     * A proposal that fails or is empty ends the trial FAIL, interrupted and holding {@code sweep4j:reserved}, so it
     * is neither counted nor retried.
     */
    private ClaimOutcome propose(FrozenTrial reserved, Optional<FrozenTrial> retry) {
        liveness.proposing(reserved.trialId());
        try {
            for (int attempt = 0; attempt < ATTEMPTS; attempt++) {
                ClaimOutcome out;
                if (retry.isPresent()) {
                    // its attributes were stored with the reservation
                    FrozenTrial t = retry.get();
                    out = storage.storeProposal(studyId, reserved, new TrialDraft(t.params(), t.distributions(),
                            Map.of()), Set.of());
                } else {
                    Map<String, Object> fixed = fixedParams(reserved);
                    // the history as the sampler saw it before reservations: without the trial being proposed
                    Supplier<History> history = memoized(() -> {
                        History h = storage.history(studyId);
                        return new History(h.direction(), h.trials().stream()
                                .filter(t -> t.trialId() != reserved.trialId()).toList());
                    });
                    Optional<TrialDraft> draft = sample(reserved.number(), history, fixed);
                    if (draft.isEmpty()) {
                        release(reserved, "the sampler proposed nothing");
                        return new ClaimOutcome.Exhausted();
                    }
                    out = storage.storeProposal(studyId, reserved, draft.get(),
                            fixed.isEmpty() ? spec.sampler().uniqueAttributes() : Set.of());
                }
                if (!(out instanceof ClaimOutcome.Taken)) {
                    return out;
                }
            }
            release(reserved, "the sampler proposed only values other trials hold");
            throw new IllegalStateException("sampler " + spec.sampler().describe() + " proposed values other"
                    + " trials hold " + ATTEMPTS + " times for trial " + reserved.number());
        } catch (RuntimeException | Error e) {
            release(reserved, "the sampler failed: " + e);
            throw e;
        } finally {
            liveness.proposed(reserved.trialId());
        }
    }

    /** Ends a reservation that got no parameters: not counted (interrupted), not retried (reserved). */
    private void release(FrozenTrial reserved, String reason) {
        try {
            storage.finish(reserved.trialId(), TrialState.FAIL, null,
                    Map.of(Attributes.INTERRUPTED, true, Attributes.FAIL_REASON, reason));
        } catch (RuntimeException ignored) {
            // the storage is unreachable: its heartbeat stops and a liveness scan ends the trial the same way
        }
    }

    private Optional<TrialDraft> sample(int number, Supplier<History> history, Map<String, Object> fixed) {
        // the sampler learns from the trials the pruner will compare this one with (a Hyperband bracket's)
        SamplingContext ctx = new SamplingContext(spec.space(), spec.direction(), number,
                () -> spec.pruner().samplerView(spec.name(), number, history.get()));
        Optional<Proposal> proposal = spec.sampler().propose(ctx);
        // the pruner's claim-time tag (Hyperband's bracket) goes on every new trial, enqueued ones included
        Map<String, Object> claimTag = spec.pruner().onClaim(spec.name(), number);
        if (!fixed.isEmpty()) {
            // the sampler's own attributes describe its choice, which the fixed values override: not stored
            Params sampled = proposal.map(Proposal::params).orElse(Params.empty());
            Params params = FixedParams.merge(spec.space(), fixed, sampled, new Random(number));
            Map<String, Object> attrs = new LinkedHashMap<>(claimTag);
            attrs.put(Attributes.WORKER, worker);
            return Optional.of(TrialDraft.of(spec.space(), params, attrs));
        }
        return proposal.map(p -> {
            Map<String, Object> attrs = new LinkedHashMap<>(p.systemAttributes());
            attrs.putAll(claimTag);
            return TrialDraft.of(spec.space(), p.params(), attrs);
        });
    }

    /** The parameters an enqueued trial fixes (Optuna's {@code fixed_params}); empty for a new trial. */
    private static Map<String, Object> fixedParams(FrozenTrial t) {
        Map<String, Object> out = new LinkedHashMap<>();
        if (t.systemAttributes().get(Attributes.FIXED_PARAMS) instanceof Map<?, ?> m) {
            m.forEach((k, v) -> out.put(String.valueOf(k), v));
        }
        return out;
    }

    private static <T> Supplier<T> memoized(Supplier<T> s) {
        return new Supplier<>() {
            private T value;

            @Override
            public T get() {
                if (value == null) {
                    value = s.get();
                }
                return value;
            }
        };
    }
}
