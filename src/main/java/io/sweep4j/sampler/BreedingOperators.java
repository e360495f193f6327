package io.sweep4j.sampler;

import io.jenetics.Chromosome;
import io.jenetics.DoubleGene;
import io.jenetics.Gene;
import io.jenetics.Genotype;
import io.jenetics.IntegerGene;
import io.jenetics.IntermediateCrossover;
import io.jenetics.Mutator;
import io.jenetics.UniformCrossover;
import io.jenetics.util.MSeq;
import java.util.ArrayList;
import java.util.List;
import java.util.random.RandomGenerator;

/**
 * The Jenetics operators of one {@link GeneticSampler} breeding: crossover and mutation of a child's ordered
 * (numeric) and choice genes, with access to the operators' per-chromosome methods. The uniform crossover and the
 * uniform reset also serve {@link Nsga2Sampler} on every gene, as Optuna's NSGA-II breeds.
 */
final class BreedingOperators {

    private final Blend blend = new Blend();
    private final GaussianStep gaussian;
    private final double rate;

    BreedingOperators(double sigma, double rate) {
        gaussian = new GaussianStep(rate, sigma);
        this.rate = rate;
    }

    /** Intermediate crossover of the ordered genes. */
    Genotype<DoubleGene> blend(Genotype<DoubleGene> a, Genotype<DoubleGene> b) {
        MSeq<DoubleGene> x = MSeq.of(a.chromosome());
        MSeq<DoubleGene> y = MSeq.of(b.chromosome());
        blend.cross(x, y);
        return Genotype.of(a.chromosome().newInstance(x.toISeq()));
    }

    /** Uniform crossover of every choice chromosome. */
    Genotype<IntegerGene> mix(Genotype<IntegerGene> a, Genotype<IntegerGene> b) {
        return swap(a, b, 0.5);
    }

    /**
     * Uniform crossover of every chromosome: each gene is {@code b}'s with probability {@code swap}, else {@code a}'s.
     * Draws from Jenetics' {@code RandomRegistry}.
     */
    static <G extends Gene<?, G>> Genotype<G> swap(Genotype<G> a, Genotype<G> b, double swap) {
        UniformMix<G> uniform = new UniformMix<>(swap);
        List<Chromosome<G>> mixed = new ArrayList<>();
        for (int i = 0; i < a.length(); i++) {
            MSeq<G> x = MSeq.of(a.get(i));
            MSeq<G> y = MSeq.of(b.get(i));
            uniform.cross(x, y);
            mixed.add(a.get(i).newInstance(x.toISeq()));
        }
        return Genotype.of(mixed);
    }

    /**
     * Each gene drawn anew, uniformly over its range, with probability {@code rate} (Jenetics' plain mutator; for a
     * unit gene of a log parameter that is log-uniform, as Optuna's random resampling). The new alleles come from
     * Jenetics' {@code RandomRegistry}.
     */
    static <G extends Gene<?, G>> Genotype<G> reset(Genotype<G> genotype, double rate, RandomGenerator random) {
        Reset<G> reset = new Reset<>(rate);
        List<Chromosome<G>> mutated = new ArrayList<>();
        for (Chromosome<G> c : genotype) {
            mutated.add(reset.mutateChromosome(c, random));
        }
        return Genotype.of(mutated);
    }

    Genotype<DoubleGene> mutateNumeric(Genotype<DoubleGene> genotype, RandomGenerator random) {
        return gaussian.mutateGenotype(genotype, random);
    }

    Genotype<IntegerGene> mutateCategorical(Genotype<IntegerGene> genotype, RandomGenerator random) {
        return reset(genotype, rate, random);
    }

    /** Intermediate crossover: each ordered gene lands on the segment between the parents, extended by a quarter. */
    private static final class Blend extends IntermediateCrossover<DoubleGene, Double> {
        Blend() {
            super(1.0, 0.25);
        }

        void cross(MSeq<DoubleGene> that, MSeq<DoubleGene> other) {
            crossover(that, other);
        }
    }

    /** Uniform crossover: each gene comes from the other parent with the swap probability. */
    private static final class UniformMix<G extends Gene<?, G>> extends UniformCrossover<G, Double> {
        UniformMix(double swap) {
            super(1.0, swap);
        }

        void cross(MSeq<G> that, MSeq<G> other) {
            crossover(that, other);
        }
    }

    /**
     * Gaussian mutation of a chosen width, reflected at the bounds. Jenetics' GaussianMutator fixes the width at a
     * quarter of the range, too coarse to refine within a few generations. (A width following the pool's spread
     * was tried: it converged too early on Hartmann6.)
     */
    private static final class GaussianStep extends Mutator<DoubleGene, Double> {
        private final double sigma;

        GaussianStep(double rate, double sigma) {
            super(rate);
            this.sigma = sigma;
        }

        @Override
        protected DoubleGene mutate(DoubleGene gene, RandomGenerator random) {
            double v = gene.doubleValue() + random.nextGaussian() * sigma * (gene.max() - gene.min());
            // reflect at the bounds so values near an edge are not piled onto it
            double lo = gene.min();
            double hi = Math.nextDown(gene.max());
            while (v < lo || v > hi) {
                v = v < lo ? 2 * lo - v : 2 * hi - v;
            }
            return gene.newInstance(v);
        }

        Genotype<DoubleGene> mutateGenotype(Genotype<DoubleGene> genotype, RandomGenerator random) {
            return Genotype.of(mutate(genotype.chromosome(), probability(), random).result());
        }
    }

    /** Uniform reset of a gene (Jenetics' plain mutator). */
    private static final class Reset<G extends Gene<?, G>> extends Mutator<G, Double> {
        Reset(double rate) {
            super(rate);
        }

        Chromosome<G> mutateChromosome(Chromosome<G> chromosome, RandomGenerator random) {
            return mutate(chromosome, probability(), random).result();
        }
    }
}
