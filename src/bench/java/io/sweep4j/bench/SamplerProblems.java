package io.sweep4j.bench;

import io.sweep4j.space.Params;
import io.sweep4j.space.SearchSpace;
import java.util.Arrays;
import java.util.List;
import java.util.function.ToDoubleFunction;

/**
 * The test functions {@link SamplerBenchmark} optimizes, each with its known minimum: Branin (2 floats), Hartmann-6
 * (6 floats) and a mixed six-parameter stand-in for a training's validation error (log-scaled floats, categories,
 * a log-scaled integer), whose best learning rate depends on the optimizer and the batch size.
 */
final class SamplerProblems {
    private SamplerProblems() {
    }

    /** A test function: its space, its objective (minimized) and its known minimum. */
    record Problem(String name, SearchSpace space, ToDoubleFunction<Params> objective, double optimum) {
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
                new Problem("mixed6", mixed, SamplerProblems::mixed, 0.10));
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
