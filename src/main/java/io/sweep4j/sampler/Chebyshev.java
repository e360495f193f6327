package io.sweep4j.sampler;

import java.util.SplittableRandom;

/**
 * ParEGO's scalarization of several objectives (Knowles 2006): each loss rescaled to [0, 1] over the observed trials,
 * then {@code max_k w_k f_k + 0.05 sum_k w_k f_k} under weights {@code w} on the simplex. Every point of a Pareto front
 * minimizes it for some weights, a non-convex front too (a weighted sum misses those); the small sum term breaks ties
 * between points equal in their worst weighted loss, so a weakly dominated point never wins.
 */
record Chebyshev(double[] weights) {
    static final double AUGMENTATION = 0.05;

    /** Weights drawn uniformly on the simplex of {@code objectives} dimensions (normalized exponential draws). */
    static Chebyshev draw(int objectives, SplittableRandom random) {
        double[] w = new double[objectives];
        double sum = 0;
        for (int k = 0; k < objectives; k++) {
            w[k] = -Math.log(1 - random.nextDouble());
            sum += w[k];
        }
        for (int k = 0; k < objectives; k++) {
            w[k] /= sum;
        }
        return new Chebyshev(w);
    }

    /**
     * The scalarized loss of each row of {@code loss} (smaller is better), each objective rescaled by its smallest and
     * largest finite value among the rows; an infinite loss counts as that extreme, as Optuna treats infinite values.
     */
    double[] of(double[][] loss) {
        int m = weights.length;
        double[] low = new double[m];
        double[] high = new double[m];
        java.util.Arrays.fill(low, Double.POSITIVE_INFINITY);
        java.util.Arrays.fill(high, Double.NEGATIVE_INFINITY);
        for (double[] row : loss) {
            for (int k = 0; k < m; k++) {
                if (Double.isFinite(row[k])) {
                    low[k] = Math.min(low[k], row[k]);
                    high[k] = Math.max(high[k], row[k]);
                }
            }
        }
        double[] out = new double[loss.length];
        for (int i = 0; i < loss.length; i++) {
            double max = Double.NEGATIVE_INFINITY;
            double sum = 0;
            for (int k = 0; k < m; k++) {
                double range = high[k] - low[k];
                double v = Math.min(high[k], Math.max(low[k], loss[i][k]));
                double scaled = range > 0 && Double.isFinite(range) ? (v - low[k]) / range : 0;
                max = Math.max(max, weights[k] * scaled);
                sum += weights[k] * scaled;
            }
            out[i] = max + AUGMENTATION * sum;
        }
        return out;
    }
}
