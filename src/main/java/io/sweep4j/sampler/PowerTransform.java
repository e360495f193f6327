package io.sweep4j.sampler;

import org.apache.commons.math3.optim.MaxEval;
import org.apache.commons.math3.optim.nonlinear.scalar.GoalType;
import org.apache.commons.math3.optim.univariate.BrentOptimizer;
import org.apache.commons.math3.optim.univariate.SearchInterval;
import org.apache.commons.math3.optim.univariate.UnivariateObjectiveFunction;
import org.apache.commons.math3.optim.univariate.UnivariatePointValuePair;

/**
 * Makes observed values look Gaussian before the GP sees them: standardize, apply the Yeo-Johnson power transform
 * with its exponent fitted by maximum likelihood (as HEBO and scikit-learn's {@code PowerTransformer} do), and
 * standardize again. Order is kept.
 *
 * <p>Why: losses are heavy-tailed (a diverged learning rate, Branin's 300 beside its 0.4), and standardized as they
 * are, a few bad values set the scale, so the differences that matter near the optimum fall below the fitted noise and
 * the search stalls where the model can no longer tell points apart (seen on Branin: stuck 1.5 above the optimum at
 * the boundary). The transform compresses the bad tail and spreads out the good end.
 */
final class PowerTransform {
    private static final double MAX_EXPONENT = 4;

    private PowerTransform() {
    }

    /** The transformed, standardized values (larger is better, as given). */
    static double[] apply(double[] y) {
        double[] z = GpSampler.standardized(y);
        if (z.length < 3) {
            return z;
        }
        double constant = 0;
        for (double v : z) {
            constant += Math.signum(v) * Math.log1p(Math.abs(v));
        }
        double jacobian = constant;
        UnivariatePointValuePair best = new BrentOptimizer(1e-6, 1e-8).optimize(new MaxEval(200),
                new UnivariateObjectiveFunction(lambda -> logLikelihood(z, lambda, jacobian)), GoalType.MAXIMIZE,
                new SearchInterval(-MAX_EXPONENT + 2, MAX_EXPONENT, 1));
        double lambda = best.getPoint();
        double[] out = new double[z.length];
        for (int i = 0; i < z.length; i++) {
            out[i] = yeoJohnson(z[i], lambda);
        }
        return GpSampler.standardized(out);
    }

    /** The Gaussian log-likelihood of the transformed values, with the transform's Jacobian. */
    private static double logLikelihood(double[] z, double lambda, double jacobian) {
        int n = z.length;
        double mean = 0;
        double[] t = new double[n];
        for (int i = 0; i < n; i++) {
            t[i] = yeoJohnson(z[i], lambda);
            mean += t[i] / n;
        }
        double var = 0;
        for (double v : t) {
            var += (v - mean) * (v - mean) / n;
        }
        return -0.5 * n * Math.log(Math.max(var, 1e-300)) + (lambda - 1) * jacobian;
    }

    static double yeoJohnson(double v, double lambda) {
        if (v >= 0) {
            return Math.abs(lambda) < 1e-9 ? Math.log1p(v) : (Math.pow(v + 1, lambda) - 1) / lambda;
        }
        return Math.abs(lambda - 2) < 1e-9 ? -Math.log1p(-v) : -(Math.pow(1 - v, 2 - lambda) - 1) / (2 - lambda);
    }
}
