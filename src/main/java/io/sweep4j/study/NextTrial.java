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
import java.util.List;
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
 * value no two trials may hold (a grid point) is chosen from the history before the reservation, which takes it
 * only if no other trial holds it; else it is chosen again from the newer history.
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
        Set<String> unique = spec.sampler().uniqueAttributes();
        for (int attempt = 0; attempt < ATTEMPTS; attempt++) {
            if (stopRequested.getAsBoolean()) {
                return new ClaimOutcome.Exhausted();
            }
            Supplier<History> history = memoized(() -> storage.history(studyId));
            // the reservation refuses this decision if more trials were interrupted since (a retry may be due)
            int interrupted = storage.interruptedCount(studyId);
            // an enqueued trial goes first; the history is read only if a retry is pending or the sampler needs it
            Optional<FrozenTrial> retry = retries.next(history).filter(t -> !hasWaiting(history.get()));
            Optional<TrialDraft> chosen = Optional.empty();
            Reservation reservation;
            if (retry.isPresent()) {
                reservation = new Reservation(maxCounted, RetryPolicy.carried(retry.get(), worker),
                        Set.of(Attributes.RETRY_OF), lastTrialId(history.get()), interrupted);
                chosen = Optional.of(new TrialDraft(retry.get().params(), retry.get().distributions(), Map.of()));
            } else if (!unique.isEmpty() && !hasWaiting(history.get())) {
                // a value no two trials may hold (a grid point) is chosen before the reservation, which takes it only
                // if no other trial holds it: a finished grid, or a point another worker took first, reserves nothing
                chosen = sample(history.get().trials().size(), history, Map.of());
                if (chosen.isEmpty()) {
                    return new ClaimOutcome.Exhausted();
                }
                Map<String, Object> attrs = new LinkedHashMap<>(chosen.get().systemAttributes());
                attrs.keySet().retainAll(unique);
                Set<String> keys = Set.copyOf(attrs.keySet());
                attrs.put(Attributes.WORKER, worker);
                reservation = new Reservation(maxCounted, attrs, keys, lastTrialId(history.get()), interrupted);
            } else {
                reservation = new Reservation(maxCounted, Map.of(Attributes.WORKER, worker), Set.of(), 0,
                        interrupted);
            }
            ClaimOutcome reserved = storage.reserve(studyId, reservation);
            if (reserved instanceof ClaimOutcome.Reserved r) {
                ClaimOutcome out = propose(r.trial(), chosen, retry.isEmpty());
                if (out instanceof ClaimOutcome.Claimed || out instanceof ClaimOutcome.Exhausted) {
                    return out;
                }
            } else if (reserved instanceof ClaimOutcome.BudgetReached) {
                return reserved;
            }
        }
        throw new IllegalStateException("no trial claimed in " + ATTEMPTS + " attempts: other workers took every"
                + " retry or grid point this worker chose");
    }

    /**
     * Stores the parameters of a reserved trial: those {@code chosen} before the reservation (a retry's, a grid
     * point; {@code tagged}: the pruner's claim-time tag is added), else the sampler's, proposed now with no lock
     * held; the trial is heartbeated meanwhile. A proposal that fails or is empty ends the trial FAIL, interrupted and
     * holding {@code sweep4j:reserved}, so it is neither counted nor retried.
     */
    private ClaimOutcome propose(FrozenTrial reserved, Optional<TrialDraft> chosen, boolean tagged) {
        liveness.proposing(reserved.trialId());
        try {
            // a retry keeps its original's tag (a Hyperband bracket), stored with the reservation
            Optional<TrialDraft> draft = chosen.map(d -> tagged ? withClaimTag(d, reserved.number()) : d);
            if (draft.isEmpty()) {
                // the history as the sampler saw it before reservations: without the trial being proposed
                Supplier<History> history = memoized(() -> {
                    History h = storage.history(studyId);
                    return h.withTrials(h.trials().stream()
                            .filter(t -> t.trialId() != reserved.trialId()).toList());
                });
                draft = sample(reserved.number(), history, fixedParams(reserved))
                        .map(d -> withClaimTag(d, reserved.number()));
            }
            if (draft.isEmpty()) {
                release(reserved, "the sampler proposed nothing");
                return new ClaimOutcome.Exhausted();
            }
            return storage.storeProposal(studyId, reserved, draft.get(), Set.of());
        } catch (RuntimeException | Error e) {
            release(reserved, "its proposal failed: " + e);
            throw e;
        } finally {
            liveness.proposed(reserved.trialId());
        }
    }

    /** Ends a reservation that got no parameters: not counted (interrupted), not retried (reserved). */
    private void release(FrozenTrial reserved, String reason) {
        try {
            storage.finish(reserved.trialId(), TrialState.FAIL, List.of(),
                    Map.of(Attributes.INTERRUPTED, true, Attributes.FAIL_REASON, reason));
        } catch (RuntimeException ignored) {
            // the storage is unreachable: its heartbeat stops and a liveness scan ends the trial the same way
        }
    }

    /** The sampler's proposal for trial {@code number}, merged with what an enqueued trial fixes. */
    private Optional<TrialDraft> sample(int number, Supplier<History> history, Map<String, Object> fixed) {
        // the sampler learns from the trials the pruner will compare this one with (a Hyperband bracket's)
        SamplingContext ctx = new SamplingContext(spec.space(), spec.objectives().metricDirection(), number,
                () -> spec.pruner().samplerView(spec.name(), number, history.get()));
        Optional<Proposal> proposal = spec.sampler().propose(ctx);
        if (!fixed.isEmpty()) {
            // the sampler's own attributes describe its choice, which the fixed values override: not stored
            Params sampled = proposal.map(Proposal::params).orElse(Params.empty());
            Params params = FixedParams.merge(spec.space(), fixed, sampled, new Random(number));
            return Optional.of(TrialDraft.of(spec.space(), params, Map.of()));
        }
        return proposal.map(p -> TrialDraft.of(spec.space(), p.params(), p.systemAttributes()));
    }

    /** The draft with the pruner's claim-time tag (Hyperband's bracket), on every new trial, enqueued ones too. */
    private TrialDraft withClaimTag(TrialDraft d, int number) {
        Map<String, Object> attrs = new LinkedHashMap<>(d.systemAttributes());
        attrs.putAll(spec.pruner().onClaim(spec.name(), number));
        return new TrialDraft(d.params(), d.distributions(), attrs);
    }

    private static long lastTrialId(History h) {
        return h.trials().stream().mapToLong(FrozenTrial::trialId).max().orElse(0);
    }

    private static boolean hasWaiting(History h) {
        return h.trials().stream().anyMatch(t -> t.state() == TrialState.WAITING);
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
