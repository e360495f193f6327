package io.sweep4j.bench;

import io.sweep4j.space.CategoricalDistribution;
import io.sweep4j.space.Params;
import io.sweep4j.space.SearchSpace;
import java.util.Arrays;
import java.util.List;
import java.util.function.ToDoubleFunction;

/**
 * The test functions {@link SamplerBenchmark} optimizes, each with its known minimum: Branin (2 floats), Hartmann-6
 * (6 floats), a mixed six-parameter stand-in for a training's validation error (log-scaled floats, categories,
 * a log-scaled integer), whose best learning rate depends on the optimizer and the batch size, and two noisy mixed
 * landscapes with a conditional parameter ({@link #cnn7}, {@link #boost7}). Mirrored in
 * {@code src/bench/python/optuna_samplers.py}: change both together.
 */
final class SamplerProblems {
    private SamplerProblems() {
    }

    /**
     * A test function: its space, its noise-free objective (minimized), its known minimum, and the standard deviation
     * of the Gaussian noise added to what a sampler observes ({@link #noise}); regret is measured on the noise-free
     * value of the trial the sampler would pick, the one with the best observed value.
     */
    record Problem(String name, SearchSpace space, ToDoubleFunction<Params> objective, double optimum, double noise) {
        Problem(String name, SearchSpace space, ToDoubleFunction<Params> objective, double optimum) {
            this(name, space, objective, optimum, 0);
        }

        /** What a sampler observes for trial {@code number} of the run seeded {@code seed}. */
        double observe(Params p, long seed, int number) {
            double truth = objective.applyAsDouble(p);
            return noise == 0 ? truth : truth + noise * SamplerProblems.noise(seed, number);
        }

        /** A mixed-type landscape (it has a categorical parameter): the GP targets are judged on these. */
        boolean mixed() {
            return space.params().stream().anyMatch(x -> x.distribution() instanceof CategoricalDistribution);
        }
    }

    static final String[] OPTIMIZERS = {"sgd", "momentum", "nesterov", "adam", "rmsprop"};
    static final String[] INITS = {"xavier", "he", "uniform", "normal", "orthogonal"};
    /** Mixed problem: best log10(lr) per optimizer (at batch 64), and fixed penalties per optimizer and init. */
    static final double[] LR_OPT = {-1.3, -2.0, -2.1, -3.0, -3.2};
    static final double[] OPT_PENALTY = {0.04, 0.015, 0.01, 0.0, 0.005};
    static final double[] INIT_PENALTY = {0.0, 0.005, 0.03, 0.02, 0.01};

    static List<Problem> all() {
        SearchSpace branin = SearchSpace.builder().floatRange("x1", -5, 10).floatRange("x2", 0, 15).build();
        SearchSpace.Builder h = SearchSpace.builder();
        for (int i = 0; i < 6; i++) {
            h.floatRange("x" + i, 0, 1);
        }
        SearchSpace mixed = SearchSpace.builder()
                .logFloat("lr", 1e-4, 1e-1)
                .choice("optimizer", (Object[]) OPTIMIZERS)
                .choice("init", (Object[]) INITS)
                .floatRange("dropout", 0.0, 0.6)
                .logInt("batch", 16, 512)
                .logFloat("l2", 1e-6, 1e-2)
                .build();
        return List.of(
                new Problem("branin", branin, p -> branin(p.getDouble("x1"), p.getDouble("x2")), 0.397887),
                new Problem("hartmann6", h.build(), p -> {
                    double[] x = new double[6];
                    for (int i = 0; i < 6; i++) {
                        x[i] = p.getDouble("x" + i);
                    }
                    return hartmann6(x);
                }, -3.32237),
                new Problem("mixed6", mixed, SamplerProblems::mixed, 0.10),
                new Problem("cnn7", CNN7, SamplerProblems::cnn7, 0.08, 0.002),
                new Problem("boost7", BOOST7, SamplerProblems::boost7, 0.15, 0.002));
    }

    /**
     * A standard normal draw that depends only on {@code seed} and {@code number} (SplitMix64's finaliser, then
     * Box-Muller), so every sampler of one seed meets the same noise and Python computes the same numbers.
     */
    static double noise(long seed, int number) {
        long key = seed * 1_000_003L + number;
        double u1 = ((mix(key) >>> 11) + 0.5) * 0x1.0p-53;
        double u2 = (mix(key + 0x9E3779B97F4A7C15L) >>> 11) * 0x1.0p-53;
        return Math.sqrt(-2 * Math.log(u1)) * Math.cos(2 * Math.PI * u2);
    }

    private static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    static final String[] CNN_OPTIMIZERS = {"sgd", "momentum", "adam"};
    static final String[] ACTIVATIONS = {"relu", "tanh", "elu"};
    /** cnn7: best log10 of the effective learning rate (lr / (1 - momentum) with momentum) at batch 64. */
    static final double[] CNN_LR = {-1.0, -1.0, -3.0};
    static final double[] CNN_OPT_PENALTY = {0.03, 0.0, 0.005};
    static final double[] ACT_PENALTY = {0.0, 0.02, 0.005};

    static final SearchSpace CNN7 = SearchSpace.builder()
            .choice("optimizer", (Object[]) CNN_OPTIMIZERS)
            .when("optimizer", "momentum", m -> m.floatRange("momentum", 0.5, 0.99))
            .logFloat("lr", 1e-5, 1.0)
            .logInt("batch", 16, 1024)
            .logInt("filters", 8, 256)
            .floatRange("dropout", 0.0, 0.7)
            .choice("activation", (Object[]) ACTIVATIONS)
            .build();

    /**
     * A stand-in for a CNN's validation error with a conditional momentum. Minimum 0.08 at momentum 0.9, lr 0.01,
     * batch 64, filters 128, dropout 0.25, relu. The best learning rate depends on the optimizer, the momentum (through
     * the effective rate) and the batch size; the best dropout grows with the filters.
     * <pre>
     * e = lr / (1 - momentum) with momentum, else lr;  b = log2(batch) - 6;  c = log2(filters) - 6
     * a = log10(e) - CNN_LR[optimizer] - 0.2 b
     * f = 0.08 + CNN_OPT_PENALTY[optimizer] + ACT_PENALTY[activation] + 0.03 a^2 + 0.3 (momentum - 0.9)^2
     *     + 0.004 b^2 + 0.01 (c - 1)^2 + 0.3 (dropout - 0.2 - 0.05 c)^2
     * </pre>
     */
    static double cnn7(Params p) {
        int o = Arrays.asList(CNN_OPTIMIZERS).indexOf(p.getString("optimizer"));
        int act = Arrays.asList(ACTIVATIONS).indexOf(p.getString("activation"));
        double e = p.getDouble("lr");
        double momentumPenalty = 0;
        if (p.has("momentum")) {
            double m = p.getDouble("momentum");
            e /= 1 - m;
            momentumPenalty = 0.3 * (m - 0.9) * (m - 0.9);
        }
        double b = Math.log(p.getLong("batch")) / Math.log(2) - 6;
        double c = Math.log(p.getLong("filters")) / Math.log(2) - 6;
        double a = Math.log10(e) - CNN_LR[o] - 0.2 * b;
        double d = p.getDouble("dropout") - 0.2 - 0.05 * c;
        return 0.08 + CNN_OPT_PENALTY[o] + ACT_PENALTY[act] + 0.03 * a * a + momentumPenalty + 0.004 * b * b
                + 0.01 * (c - 1) * (c - 1) + 0.3 * d * d;
    }

    static final String[] BOOSTERS = {"gbtree", "dart", "gblinear"};
    static final double[] BOOSTER_PENALTY = {0.005, 0.0, 0.03};
    /** boost7: best depth per booster (gblinear ignores the depth). */
    static final double[] BEST_DEPTH = {6, 5, 0};

    static final SearchSpace BOOST7 = SearchSpace.builder()
            .choice("booster", (Object[]) BOOSTERS)
            .when("booster", "dart", d -> d.floatRange("rate_drop", 0.0, 0.5))
            .logFloat("eta", 1e-3, 1.0)
            .logInt("rounds", 10, 3000)
            .intRange("depth", 1, 12)
            .floatRange("subsample", 0.4, 1.0)
            .logFloat("lambda", 1e-4, 10.0)
            .build();

    /**
     * A stand-in for a gradient-boosted model's validation error with a conditional drop rate. Minimum 0.15 at dart,
     * rate_drop 0.1, eta 0.02, 500 rounds, depth 5, subsample 0.8, lambda 1. Learning rate and rounds trade against
     * each other along a diagonal ridge (eta x rounds = 10), which no axis-aligned model captures.
     * <pre>
     * r = log10(rounds / 500);  k = log10(eta * rounds / 10)
     * f = 0.15 + BOOSTER_PENALTY[booster] + 0.02 k^2 + 0.005 r^2 + 0.002 (depth - BEST_DEPTH[booster])^2 [trees]
     *     + 0.1 (rate_drop - 0.1)^2 [dart] + 0.05 (subsample - 0.8)^2 + 0.004 log10(lambda)^2
     * </pre>
     */
    static double boost7(Params p) {
        int b = Arrays.asList(BOOSTERS).indexOf(p.getString("booster"));
        double rounds = p.getLong("rounds");
        double r = Math.log10(rounds / 500);
        double k = Math.log10(p.getDouble("eta") * rounds / 10);
        double f = 0.15 + BOOSTER_PENALTY[b] + 0.02 * k * k + 0.005 * r * r;
        if (b != 2) {
            double depth = p.getLong("depth") - BEST_DEPTH[b];
            f += 0.002 * depth * depth;
        }
        if (p.has("rate_drop")) {
            double drop = p.getDouble("rate_drop") - 0.1;
            f += 0.1 * drop * drop;
        }
        double s = p.getDouble("subsample") - 0.8;
        double l = Math.log10(p.getDouble("lambda"));
        return f + 0.05 * s * s + 0.004 * l * l;
    }

    static double branin(double x1, double x2) {
        double b = 5.1 / (4 * Math.PI * Math.PI);
        double c = 5 / Math.PI;
        double t = 1 / (8 * Math.PI);
        return Math.pow(x2 - b * x1 * x1 + c * x1 - 6, 2) + 10 * (1 - t) * Math.cos(x1) + 10;
    }

    static final double[] H_ALPHA = {1.0, 1.2, 3.0, 3.2};
    static final double[][] H_A = {
            {10, 3, 17, 3.5, 1.7, 8}, {0.05, 10, 17, 0.1, 8, 14}, {3, 3.5, 1.7, 10, 17, 8}, {17, 8, 0.05, 10, 0.1, 14}};
    static final double[][] H_P = {
            {1312, 1696, 5569, 124, 8283, 5886}, {2329, 4135, 8307, 3736, 1004, 9991},
            {2348, 1451, 3522, 2883, 3047, 6650}, {4047, 8828, 8732, 5743, 1091, 381}};

    static double hartmann6(double[] x) {
        double sum = 0;
        for (int i = 0; i < 4; i++) {
            double inner = 0;
            for (int j = 0; j < 6; j++) {
                inner += H_A[i][j] * Math.pow(x[j] - H_P[i][j] * 1e-4, 2);
            }
            sum += H_ALPHA[i] * Math.exp(-inner);
        }
        return -sum;
    }

    /**
     * A smooth stand-in for validation error over the mission's space. Minimum 0.10 at adam, xavier, lr 1e-3,
     * batch 64, dropout 0.25, l2 1e-4. The best lr depends on the optimizer and grows with the batch size.
     * <pre>
     * b = log2(batch) - 6;  a = log10(lr) - LR_OPT[optimizer] - 0.15 b
     * f = 0.10 + OPT_PENALTY[optimizer] + INIT_PENALTY[init] + 0.08 a^2 + 0.01 b^2
     *     + 0.2 (dropout - 0.25)^2 + 0.005 (log10(l2) + 4)^2
     * </pre>
     */
    static double mixed(Params p) {
        int o = Arrays.asList(OPTIMIZERS).indexOf(p.getString("optimizer"));
        int i = Arrays.asList(INITS).indexOf(p.getString("init"));
        double b = Math.log(p.getLong("batch")) / Math.log(2) - 6;
        double a = Math.log10(p.getDouble("lr")) - LR_OPT[o] - 0.15 * b;
        double dropout = p.getDouble("dropout");
        double l2 = Math.log10(p.getDouble("l2")) + 4;
        return 0.10 + OPT_PENALTY[o] + INIT_PENALTY[i] + 0.08 * a * a + 0.01 * b * b
                + 0.2 * (dropout - 0.25) * (dropout - 0.25) + 0.005 * l2 * l2;
    }
}
