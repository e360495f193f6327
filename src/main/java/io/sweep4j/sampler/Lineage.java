package io.sweep4j.sampler;

import io.sweep4j.space.CategoricalDistribution;
import io.sweep4j.space.SearchSpace;
import io.sweep4j.trial.Attributes;
import io.sweep4j.trial.FrozenTrial;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What the genetic samplers ({@link GeneticSampler}, {@link Nsga2Sampler}) store with each trial and read back from
 * the history: its generation, its parents' trial numbers and its full genome (latent genes included), in system
 * attributes, so a resumed study or another process rebuilds the same populations.
 */
final class Lineage {
    private Lineage() {
    }

    /** The generation a trial was proposed in; 0 for a trial no genetic sampler proposed (it joins the design). */
    static int generation(FrozenTrial t) {
        return t.systemAttributes().get(Attributes.GA_GENERATION) instanceof Number n ? n.intValue() : 0;
    }

    /** A stored trial's genome: its parameters, and the stored latent genes of its inactive ones. */
    static Genome genome(SearchSpace space, FrozenTrial t) {
        return Genome.of(space, t.params(),
                Genome.parseStored(t.systemAttributes().get(Attributes.GA_GENOME), space.size()));
    }

    /** Point {@code trialNumber} of the seeded Sobol design, as a genome (choices take the unit value's slot). */
    static Genome design(SearchSpace space, long seed, int trialNumber) {
        double[] genes = SobolSampler.unitPoint(space.size(), seed, trialNumber);
        for (int i = 0; i < genes.length; i++) {
            if (space.params().get(i).distribution() instanceof CategoricalDistribution c) {
                genes[i] = Math.min(c.choices().size() - 1, Math.floor(genes[i] * c.choices().size()));
            }
        }
        return Genome.of(space, genes);
    }

    /** The proposal of a genome, with its generation and parents stored beside it. */
    static Proposal proposal(SearchSpace space, Genome genome, int generation, List<Integer> parents) {
        Map<String, Object> attributes = new LinkedHashMap<>();
        attributes.put(Attributes.GA_GENERATION, generation);
        attributes.put(Attributes.GA_PARENTS, parents);
        attributes.put(Attributes.GA_GENOME, genome.stored(space));
        return new Proposal(genome.decode(space), attributes);
    }
}
