package io.sweep4j.sampler;

import io.jenetics.Chromosome;
import io.jenetics.DoubleGene;
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
 * (numeric) and choice genes, with access to the operators' per-chromosome methods.
 */
final class BreedingOperators {

    private final Blend blend = new Blend();
    private final UniformMix uniform = new UniformMix();
    private final GaussianStep gaussian;
    private final ChoiceReset reset;

    BreedingOperators(double sigma, double rate) {
        gaussian = new GaussianStep(rate, sigma);
        reset = new ChoiceReset(rate);
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
        List<Chromosome<IntegerGene>> mixed = new ArrayList<>();
        for (int i = 0; i < a.length(); i++) {
            MSeq<IntegerGene> x = MSeq.of(a.get(i));
            MSeq<IntegerGene> y = MSeq.of(b.get(i));
            uniform.cross(x, y);
            mixed.add(a.get(i).newInstance(x.toISeq()));
        }
        return Genotype.of(mixed);
    }

    Genotype<DoubleGene> mutateNumeric(Genotype<DoubleGene> genotype, RandomGenerator random) {
        return gaussian.mutateGenotype(genotype, random);
    }

    Genotype<IntegerGene> mutateCategorical(Genotype<IntegerGene> genotype, RandomGenerator random) {
        return reset.mutateGenotype(genotype, random);
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

    /** Uniform crossover on choices: each gene comes from either parent with equal odds. */
    private static final class UniformMix extends UniformCrossover<IntegerGene, Double> {
        UniformMix() {
            super(1.0, 0.5);
        }

        void cross(MSeq<IntegerGene> that, MSeq<IntegerGene> other) {
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

    /** Uniform reset of a choice gene (Jenetics' plain mutator). */
    private static final class ChoiceReset extends Mutator<IntegerGene, Double> {
        ChoiceReset(double rate) {
            super(rate);
        }

        Genotype<IntegerGene> mutateGenotype(Genotype<IntegerGene> genotype, RandomGenerator random) {
            List<Chromosome<IntegerGene>> mutated = new ArrayList<>();
            for (Chromosome<IntegerGene> c : genotype) {
                mutated.add(mutate(c, probability(), random).result());
            }
            return Genotype.of(mutated);
        }
    }
}
