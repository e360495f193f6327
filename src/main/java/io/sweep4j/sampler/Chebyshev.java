package io.sweep4j.sampler;

/**
 * ParEGO's scalarization of several objectives (Knowles 2006): each loss rescaled to [0, 1] over the observed trials,
 * then {@code max_k w_k f_k + 0.05 sum_k w_k f_k} under weights {@code w} on the simplex. Every point of a Pareto front
 * minimizes it for some weights, a non-convex front too (a weighted sum misses those); the small sum term breaks ties
 * between points equal in their worst weighted loss, so a weakly dominated point never wins.
 */
record Chebyshev(double[] weights) {
    static final double AUGMENTATION = 0.05;

    /**
     * The weights of trial {@code n}: point n of the seeded Sobol sequence mapped onto the simplex (normalized
     * exponentials, which map uniform draws to uniform weights), so successive trials cover it more evenly than
     * independent draws.
     */
    static Chebyshev ofSobol(int objectives, long seed, int n) {
        return onSimplex(SobolSampler.unitPoint(objectives, seed, n));
    }

    private static Chebyshev onSimplex(double[] u) {
        double[] w = new double[u.length];
        double sum = 0;
        for (int k = 0; k < w.length; k++) {
            w[k] = -Math.log(1 - Math.min(u[k], Math.nextDown(1.0)));
            sum += w[k];
        }
        for (int k = 0; k < w.length; k++) {
            // a point at the origin has no direction: equal weights
            w[k] = sum > 0 ? w[k] / sum : 1.0 / w.length;
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
