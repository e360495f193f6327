package io.sweep4j.sampler;

/**
 * The GP's covariance, as Optuna's GPSampler defines it: {@code scale * matern52(r²)} with {@code r² = Σ λ_j
 * dist_j(a, b)}, one inverse squared length scale {@code λ_j} per dimension (automatic relevance determination).
 *
 * <p>A numeric dimension's distance is the squared difference of unit values (log parameters are on their log scale
 * there already, ints on their widened range); a categorical dimension's is 0 for the same choice and 1 for any two
 * different ones (Hamming), so no order among choices is implied.
 *
 * @param inverseSquaredLengthScales λ per dimension
 * @param scale                      the prior variance of the function, k(x, x)
 * @param categorical                per dimension, whether it holds choice indices
 */
record MaternKernel(double[] inverseSquaredLengthScales, double scale, boolean[] categorical) {
    private static final double SQRT5 = Math.sqrt(5);

    /** Per-dimension distance of two encoded points. */
    static double dimensionDistance(boolean categorical, double a, double b) {
        if (categorical) {
            return a == b ? 0 : 1;
        }
        double diff = a - b;
        return diff * diff;
    }

    /** r² between two encoded points. */
    double squaredDistance(double[] a, double[] b) {
        double r2 = 0;
        for (int j = 0; j < a.length; j++) {
            r2 += inverseSquaredLengthScales[j] * dimensionDistance(categorical[j], a[j], b[j]);
        }
        return r2;
    }

    /** k(a, b). */
    double covariance(double[] a, double[] b) {
        return scale * matern52(squaredDistance(a, b));
    }

    /** The Matérn-5/2 correlation as a function of r²: {@code (1 + √5 r + 5/3 r²) exp(-√5 r)}. */
    static double matern52(double r2) {
        double s = Math.sqrt(5 * r2);
        return Math.exp(-s) * (5.0 / 3.0 * r2 + s + 1);
    }

    /** d matern52 / d(r²) = {@code -5/6 (1 + √5 r) exp(-√5 r)}, finite at r = 0 (why the kernel takes r²). */
    static double matern52Derivative(double r2) {
        double s = SQRT5 * Math.sqrt(r2);
        return -5.0 / 6.0 * (1 + s) * Math.exp(-s);
    }
}
