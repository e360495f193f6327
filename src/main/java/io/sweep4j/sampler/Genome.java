package io.sweep4j.sampler;

import io.jenetics.DoubleChromosome;
import io.jenetics.DoubleGene;
import io.jenetics.Genotype;
import io.jenetics.IntegerChromosome;
import io.jenetics.IntegerGene;
import io.sweep4j.space.CategoricalDistribution;
import io.sweep4j.space.Param;
import io.sweep4j.space.Params;
import io.sweep4j.space.SearchSpace;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A search space as Jenetics genotypes: one double gene per ordered parameter (float or int, on its unit scale, which
 * is logarithmic for log ranges) in one chromosome, and one integer gene per choice (the choice's index), each in a
 * chromosome of its own since a Jenetics chromosome has a single range.
 *
 * <p>Jenetics keeps one gene type per genotype, hence two genotypes; either is null when the space has no parameter of
 * its kind. Every parameter has a gene, active or not: an inactive conditional parameter's gene is carried along
 * unexpressed (it changes neither the trial nor its fitness) and comes back into play if a descendant activates it.
 * Ints are double genes rather than integer ones so that mutation moves them by small steps on their own (possibly
 * log) scale; only choices, which have no order, get integer genes and uniform reset mutation.
 */
record Genome(Genotype<DoubleGene> numeric, Genotype<IntegerGene> categorical) {
    /** Double genes live in [0, 1) in Jenetics. */
    private static final double TOP = Math.nextDown(1.0);

    /** The genes in parameter order: unit values for ordered parameters, indices for choices. */
    static Genome of(SearchSpace space, double[] genes) {
        List<DoubleGene> numbers = new ArrayList<>();
        List<IntegerChromosome> indices = new ArrayList<>();
        int i = 0;
        for (Param p : space.params()) {
            double g = genes[i++];
            if (p.distribution() instanceof CategoricalDistribution c) {
                int k = c.choices().size();
                int index = Double.isFinite(g) ? (int) Math.max(0, Math.min(k - 1, Math.round(g))) : 0;
                // Jenetics wants one range per chromosome, so each choice is a chromosome of its own
                indices.add(IntegerChromosome.of(IntegerGene.of(index, 0, k)));
            } else {
                double u = Double.isFinite(g) ? Math.max(0, Math.min(TOP, g)) : 0.5;
                numbers.add(DoubleGene.of(u, 0, 1));
            }
        }
        return new Genome(numbers.isEmpty() ? null : Genotype.of(DoubleChromosome.of(numbers)),
                indices.isEmpty() ? null : Genotype.of(indices));
    }

    /**
     * The genome of an assignment; inactive parameters get {@code fallback}'s gene (a stored genome's latent gene),
     * or the middle of their range / the first choice without one.
     */
    static Genome of(SearchSpace space, Params params, double[] fallback) {
        double[] genes = new double[space.size()];
        int i = 0;
        for (Param p : space.params()) {
            double latent = fallback != null && i < fallback.length && Double.isFinite(fallback[i]) ? fallback[i]
                    : p.distribution() instanceof CategoricalDistribution ? 0 : 0.5;
            if (params.has(p.name()) && p.distribution().contains(params.get(p.name()))) {
                Object v = params.get(p.name());
                genes[i] = p.distribution() instanceof CategoricalDistribution c ? c.indexOf(v)
                        : p.distribution().toUnit(v);
            } else {
                genes[i] = latent;
            }
            i++;
        }
        return of(space, genes);
    }

    /** The genes in parameter order (what is stored with the trial). */
    double[] genes(SearchSpace space) {
        double[] genes = new double[space.size()];
        int n = 0;
        int c = 0;
        int i = 0;
        for (Param p : space.params()) {
            genes[i++] = p.distribution() instanceof CategoricalDistribution
                    ? categorical.get(c++).gene().allele()
                    : numeric.chromosome().get(n++).allele();
        }
        return genes;
    }

    /** The trial's parameters: each active parameter expressed from its gene, in definition order. */
    Params decode(SearchSpace space) {
        double[] genes = genes(space);
        Map<String, Object> values = new LinkedHashMap<>();
        int i = 0;
        for (Param p : space.params()) {
            double g = genes[i++];
            // a copy of the values so far only for a parameter whose condition reads them
            if (p.condition().isEmpty() || p.isActive(Params.of(values))) {
                values.put(p.name(), p.distribution() instanceof CategoricalDistribution c
                        ? c.choices().get((int) g) : p.distribution().fromUnit(g));
            }
        }
        return Params.of(values);
    }

    /** JSON-friendly form for a trial's system attributes. */
    List<Double> stored(SearchSpace space) {
        List<Double> out = new ArrayList<>();
        for (double g : genes(space)) {
            out.add(g);
        }
        return out;
    }

    /** Reads a stored genome back; null when absent or written for a space of another size. */
    static double[] parseStored(Object stored, int size) {
        if (!(stored instanceof List<?> list) || list.size() != size) {
            return null;
        }
        double[] genes = new double[size];
        for (int i = 0; i < size; i++) {
            if (!(list.get(i) instanceof Number n)) {
                return null;
            }
            genes[i] = n.doubleValue();
        }
        return genes;
    }
}
