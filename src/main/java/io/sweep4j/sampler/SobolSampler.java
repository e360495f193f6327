package io.sweep4j.sampler;

import io.sweep4j.space.Param;
import io.sweep4j.space.Params;
import io.sweep4j.space.SearchSpace;
import java.util.Map;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.commons.math3.random.SobolSequenceGenerator;

/**
 * Quasi-random search: trial n takes point n of a Sobol sequence over the unit cube, digitally shifted by the seed.
 *
 * <p>A digital shift (XOR of every coordinate's bits with a seeded mask) keeps Sobol's net property, so the first
 * 2<sup>k</sup> points still fill every elementary box, while different seeds give different designs. Each parameter
 * owns one coordinate; an inactive conditional parameter simply leaves its coordinate unused.
 */
public record SobolSampler(long seed) implements Sampler {
    /** Commons Math's Sobol generator works with 52-bit integers scaled into [0, 1). */
    private static final double SCALE = 0x1p52;
    private static final long MASK = (1L << 52) - 1;
    private static final int MAX_DIMENSIONS = 1000;

    /** Generators parse their direction numbers from a resource; built once per dimension count. */
    private static final Map<Integer, SobolSequenceGenerator> GENERATORS = new ConcurrentHashMap<>();

    @Override
    public Optional<Proposal> propose(SamplingContext context) {
        return Optional.of(Proposal.of(sample(context.space(), seed, context.trialNumber())));
    }

    /** Point {@code index} of the seeded sequence, decoded into parameters of {@code space}. */
    public static Params sample(SearchSpace space, long seed, int index) {
        double[] u = unitPoint(space.size(), seed, index);
        Params params = Params.empty();
        int i = 0;
        for (Param p : space.params()) {
            if (p.isActive(params)) {
                params = params.with(p.name(), p.distribution().fromUnit(u[i]));
            }
            i++;
        }
        return params;
    }

    /** Point {@code index} of the seeded, digitally shifted Sobol sequence in {@code [0, 1)^dimensions}. */
    public static double[] unitPoint(int dimensions, long seed, int index) {
        if (dimensions == 0) {
            return new double[0];
        }
        if (dimensions > MAX_DIMENSIONS || index < 0) {
            // beyond the table of direction numbers, or past 2^31 points: fall back to seeded uniform draws
            SplittableRandom r = new SplittableRandom(seed ^ (0x9E3779B97F4A7C15L * (index + 1L)));
            double[] u = new double[dimensions];
            for (int i = 0; i < dimensions; i++) {
                u[i] = r.nextDouble();
            }
            return u;
        }
        SobolSequenceGenerator generator = GENERATORS.computeIfAbsent(dimensions, SobolSequenceGenerator::new);
        double[] raw;
        synchronized (generator) {
            raw = generator.skipTo(index);
        }
        SplittableRandom shift = new SplittableRandom(seed * 0xD1B54A32D192ED03L + 0x2545F4914F6CDD1DL);
        for (int i = 0; i < dimensions; i++) {
            long bits = (long) (raw[i] * SCALE);
            raw[i] = ((bits ^ (shift.nextLong() & MASK)) & MASK) / SCALE;
        }
        return raw;
    }

    /** True: it never reads the trials' values, so any number of objectives is the same to it. */
    @Override
    public boolean handlesSeveralObjectives() {
        return true;
    }

    @Override
    public String describe() {
        return "sobol(seed=" + seed + ")";
    }
}
