package io.sweep4j.study;

import io.sweep4j.sampler.Proposal;
import io.sweep4j.sampler.SamplingContext;
import io.sweep4j.space.Params;
import io.sweep4j.store.ClaimRequest;
import io.sweep4j.trial.Attributes;
import io.sweep4j.trial.History;
import io.sweep4j.trial.TrialDraft;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/**
 * What a runner claims next: nothing after a stop; a pending retry; for an enqueued trial its fixed parameters
 * and the sampler's for the rest; else the sampler's proposal. Retries, exclusive samplers (a grid) and instant ones
 * (random, Sobol) are decided under the study's lock; other proposals may be made after the trial is reserved, where
 * the storage allows.
 */
final class NextTrial implements ClaimRequest {
    private final StudySpec spec;
    private final RetryPolicy retries;
    private final String worker;
    private final BooleanSupplier stopRequested;

    NextTrial(StudySpec spec, RetryPolicy retries, String worker, BooleanSupplier stopRequested) {
        this.spec = spec;
        this.retries = retries;
        this.worker = worker;
        this.stopRequested = stopRequested;
    }

    @Override
    public Optional<TrialDraft> propose(int number, Supplier<History> history, Map<String, Object> fixed) {
        if (stopRequested.getAsBoolean()) {
            return Optional.empty();
        }
        if (fixed.isEmpty()) {
            Optional<TrialDraft> retry = retries.pending(history, worker, () -> sample(number, history, fixed));
            if (retry.isPresent()) {
                return retry;
            }
        }
        return sample(number, history, fixed);
    }

    @Override
    public boolean mayProposeLater() {
        return !spec.sampler().exclusive() && !spec.sampler().proposesInstantly();
    }

    @Override
    public Optional<Later> later(int number, Supplier<History> history, Map<String, Object> fixed) {
        if (stopRequested.getAsBoolean() || !mayProposeLater()
                || (fixed.isEmpty() && retries.next(history).isPresent())) {
            return Optional.empty();
        }
        return Optional.of(h -> sample(number, h, fixed));
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
            attrs.put(Attributes.WORKER, worker);
            return TrialDraft.of(spec.space(), p.params(), attrs);
        });
    }
}
