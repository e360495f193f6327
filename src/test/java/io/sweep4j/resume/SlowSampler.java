package io.sweep4j.resume;

import io.sweep4j.sampler.Proposal;
import io.sweep4j.sampler.Sampler;
import io.sweep4j.sampler.SamplingContext;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * A sampler that takes {@code ms} per proposal, as a slow model-based one does, and stores when its proposal began
 * and ended ({@link #FROM}, {@link #TO}: epoch ms) with the trial. Described as the sampler it wraps, so a study run
 * with it resumes as one run without it.
 */
record SlowSampler(Sampler inner, long ms) implements Sampler {
    static final String FROM = "test:proposed_from_ms";
    static final String TO = "test:proposed_to_ms";

    @Override
    public Optional<Proposal> propose(SamplingContext context) {
        long from = System.currentTimeMillis();
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while proposing", e);
        }
        return inner.propose(context).map(p -> {
            Map<String, Object> attrs = new LinkedHashMap<>(p.systemAttributes());
            attrs.put(FROM, from);
            attrs.put(TO, System.currentTimeMillis());
            return new Proposal(p.params(), attrs);
        });
    }

    @Override
    public Set<String> uniqueAttributes() {
        return inner.uniqueAttributes();
    }

    @Override
    public String describe() {
        return inner.describe();
    }
}
