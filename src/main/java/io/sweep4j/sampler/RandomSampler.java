package io.sweep4j.sampler;

import io.sweep4j.space.Param;
import io.sweep4j.space.Params;
import io.sweep4j.space.SearchSpace;
import java.util.Optional;
import java.util.SplittableRandom;

/** Draws every active parameter independently and uniformly (on its own scale); trial n depends only on the seed. */
public record RandomSampler(long seed) implements Sampler {

    @Override
    public Optional<Proposal> propose(SamplingContext context) {
        return Optional.of(Proposal.of(sample(context.space(), context.random(seed, 0))));
    }

    /** One uniform draw of a space; other samplers use it for their random start. */
    public static Params sample(SearchSpace space, SplittableRandom random) {
        Params params = Params.empty();
        for (Param p : space.params()) {
            // draw even for inactive parameters so each parameter's stream position is fixed
            double u = random.nextDouble();
            if (p.isActive(params)) {
                params = params.with(p.name(), p.distribution().fromUnit(u));
            }
        }
        return params;
    }

    /** True: it never reads the trials' values, so any number of objectives is the same to it. */
    @Override
    public boolean handlesSeveralObjectives() {
        return true;
    }

    @Override
    public String describe() {
        return "random(seed=" + seed + ")";
    }
}
