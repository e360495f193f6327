package io.sweep4j.sampler;

import org.apache.commons.math3.special.Erf;

/**
 * The acquisition function: the logarithm of the expected improvement of the GP's posterior over the best standardized
 * value {@code f0} (maximized), computed so it stays finite and smooth where the plain expected improvement
 * underflows to 0 (Ament et al. 2023, "Unexpected Improvements to Expected Improvement"), as Optuna's LogEI.
 *
 * <p>With {@code z = (μ - f0) / σ}: {@code log EI = log ei(z) + log σ}, {@code ei(z) = z Φ(z) + φ(z)}. For {@code z <
 * -5} the difference cancels, so {@code ei(z) = φ(z) m t} with the Mills ratio {@code m = Φ(z)/φ(z) = 1/(x + t)}, {@code
 * x = -z}, and {@code t = 1/(x + 2/(x + 3/(x + ...)))} from its continued fraction: no subtraction at all.
 */
final class LogExpectedImprovement {
    private static final double LOG_SQRT_2PI = 0.5 * Math.log(2 * Math.PI);
    private static final double SQRT_HALF = Math.sqrt(0.5);
    /** Added to the variance, as Optuna does, so σ stays positive at observed points. */
    private static final double STABILIZING_NOISE = 1e-12;
    private static final double SWITCH = -5;
    private static final int FRACTION_DEPTH = 60;

    private final GaussianProcess gp;
    private final double f0;
    private final double[] posterior = new double[2];

    LogExpectedImprovement(GaussianProcess gp, double f0) {
        this.gp = gp;
        this.f0 = f0;
    }

    GaussianProcess gp() {
        return gp;
    }

    /** log EI at an encoded point. */
    double value(double[] point) {
        gp.posterior(point, posterior);
        double sigma = Math.sqrt(posterior[1] + STABILIZING_NOISE);
        return logEi((posterior[0] - f0) / sigma) + Math.log(sigma);
    }

    /** log EI at an encoded point, with its gradient in the numeric dimensions written to {@code gradient}. */
    double valueAndGradient(double[] point, double[] gradient) {
        int d = point.length;
        double[] dMean = new double[d];
        double[] dVar = new double[d];
        gp.posterior(point, posterior, dMean, dVar);
        double sigma = Math.sqrt(posterior[1] + STABILIZING_NOISE);
        double z = (posterior[0] - f0) / sigma;
        double g = dLogEi(z);
        double byMean = g / sigma;
        double bySigma = (1 - z * g) / sigma;
        for (int j = 0; j < d; j++) {
            gradient[j] = byMean * dMean[j] + bySigma * dVar[j] / (2 * sigma);
        }
        return logEi(z) + Math.log(sigma);
    }

    /** log(z Φ(z) + φ(z)), accurate for every finite z. */
    static double logEi(double z) {
        if (z > SWITCH) {
            return Math.log(z * cdf(z) + pdf(z));
        }
        double t = tail(-z);
        double m = 1 / (-z + t);
        return -0.5 * z * z - LOG_SQRT_2PI + Math.log(m) + Math.log(t);
    }

    /** d/dz log ei(z) = Φ(z) / ei(z). */
    static double dLogEi(double z) {
        if (z > SWITCH) {
            return cdf(z) / (z * cdf(z) + pdf(z));
        }
        return 1 / tail(-z);
    }

    /** {@code 1/(x + 2/(x + 3/(x + ...)))}, converging quickly for x ≥ 5. */
    private static double tail(double x) {
        double u = 0;
        for (int k = FRACTION_DEPTH; k >= 2; k--) {
            u = k / (x + u);
        }
        return 1 / (x + u);
    }

    private static double cdf(double z) {
        return 0.5 * Erf.erfc(-SQRT_HALF * z);
    }

    private static double pdf(double z) {
        return Math.exp(-0.5 * z * z - LOG_SQRT_2PI);
    }
}
