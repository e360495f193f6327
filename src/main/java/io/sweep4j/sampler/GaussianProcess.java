package io.sweep4j.sampler;

import java.util.Arrays;
import org.apache.commons.math3.linear.Array2DRowRealMatrix;
import org.apache.commons.math3.linear.ArrayRealVector;
import org.apache.commons.math3.linear.CholeskyDecomposition;
import org.apache.commons.math3.linear.NonPositiveDefiniteMatrixException;

/**
 * A Gaussian process conditioned on observations: {@code y = f(x) + ε}, {@code f ~ GP(0, k)}, {@code ε ~ N(0,
 * noise)}, with {@link MaternKernel} k; the posterior mean and variance of f, with their gradients in x.
 *
 * <p>{@link #fit} chooses the kernel's length scales, scale and the noise variance by maximizing the marginal
 * likelihood times Optuna's GPSampler priors (a penalty {@code -0.1/λ - 0.1λ} per inverse squared length scale,
 * Gamma(2, 1) on the scale, Gamma(1.1, 30) on the noise, which expects noise around 0.3% of the standardized
 * variance), over their logarithms, from all-ones, with {@link BoundedLbfgs}. The noise is at least 1e-6 so the
 * Cholesky factor stays well defined. The linear algebra is Commons Math's Cholesky decomposition.
 */
final class GaussianProcess {
    static final double MINIMUM_NOISE = 1e-6;
    private static final int FIT_ITERATIONS = 60;

    private final double[][] x;
    private final double[] y;
    private final MaternKernel kernel;
    private final double noise;
    private final double[][] lower;
    private final double[] alpha;

    private GaussianProcess(double[][] x, double[] y, MaternKernel kernel, double noise) {
        this.x = x;
        this.y = y;
        this.kernel = kernel;
        this.noise = noise;
        CholeskyDecomposition chol = cholesky(covarianceMatrix(x, kernel, noise));
        // near-duplicate points (an enqueued trial run twice) can defeat the noise floor numerically: add jitter
        for (double jitter = 1e-8; chol == null && jitter < 1; jitter *= 10) {
            chol = cholesky(covarianceMatrix(x, kernel, noise + jitter * kernel.scale()));
        }
        if (chol == null) {
            throw new IllegalStateException("the kernel matrix is not positive definite (noise " + noise + ")");
        }
        this.lower = chol.getL().getData();
        this.alpha = chol.getSolver().solve(new ArrayRealVector(y, false)).toArray();
    }

    /** A process with given kernel and noise conditioned on {@code (x, y)}. */
    static GaussianProcess of(double[][] x, double[] y, MaternKernel kernel, double noise) {
        return new GaussianProcess(x, y, kernel, noise);
    }

    MaternKernel kernel() {
        return kernel;
    }

    double noise() {
        return noise;
    }

    /** The same kernel and noise, conditioned on more observations (running trials with their liar values). */
    GaussianProcess with(double[][] moreX, double[] moreY) {
        double[][] allX = new double[x.length + moreX.length][];
        double[] allY = new double[allX.length];
        System.arraycopy(x, 0, allX, 0, x.length);
        System.arraycopy(moreX, 0, allX, x.length, moreX.length);
        System.arraycopy(y, 0, allY, 0, y.length);
        System.arraycopy(moreY, 0, allY, y.length, moreY.length);
        return new GaussianProcess(allX, allY, kernel, noise);
    }

    /**
     * Fits the kernel to standardized observations (maximum a posteriori, see the class comment) and conditions
     * on them.
     */
    static GaussianProcess fit(double[][] x, double[] y, boolean[] categorical) {
        int n = x.length;
        int d = categorical.length;
        double[][][] dist = new double[d][n][n];
        for (int j = 0; j < d; j++) {
            for (int a = 0; a < n; a++) {
                for (int b = a + 1; b < n; b++) {
                    dist[j][a][b] = MaternKernel.dimensionDistance(categorical[j], x[a][j], x[b][j]);
                }
            }
        }
        double[] theta = new double[d + 2];
        // all ones, the noise as Optuna starts it: 1 above its floor, less a hair to keep the log finite
        theta[d + 1] = Math.log(1 - 0.99 * MINIMUM_NOISE);
        double[] low = BoundedLbfgs.filled(d + 2, -10);
        double[] high = BoundedLbfgs.filled(d + 2, 10);
        low[d + 1] = -25;
        high[d + 1] = 2;
        double best = BoundedLbfgs.minimize((t, g) -> negativeLogPosterior(t, g, dist, y), theta, low, high,
                FIT_ITERATIONS, 1e-2);
        if (!Double.isFinite(best)) {
            theta = new double[d + 2];
        }
        double[] lambda = new double[d];
        for (int j = 0; j < d; j++) {
            lambda[j] = Math.exp(theta[j]);
        }
        return new GaussianProcess(x, y, new MaternKernel(lambda, Math.exp(theta[d]), categorical.clone()),
                MINIMUM_NOISE + Math.exp(theta[d + 1]));
    }

    /** -(log marginal likelihood + log prior) over log hyperparameters, and its gradient; +inf where undefined. */
    private static double negativeLogPosterior(double[] theta, double[] grad, double[][][] dist, double[] y) {
        int d = dist.length;
        int n = y.length;
        double[] lambda = new double[d];
        for (int j = 0; j < d; j++) {
            lambda[j] = Math.exp(theta[j]);
        }
        double scale = Math.exp(theta[d]);
        double rawNoise = Math.exp(theta[d + 1]);
        double noise = MINIMUM_NOISE + rawNoise;
        double[][] corr = new double[n][n];
        double[][] dCorr = new double[n][n];
        double[][] c = new double[n][n];
        for (int a = 0; a < n; a++) {
            corr[a][a] = 1;
            c[a][a] = scale + noise;
            for (int b = a + 1; b < n; b++) {
                double r2 = 0;
                for (int j = 0; j < d; j++) {
                    r2 += lambda[j] * dist[j][a][b];
                }
                corr[a][b] = MaternKernel.matern52(r2);
                dCorr[a][b] = MaternKernel.matern52Derivative(r2);
                c[a][b] = c[b][a] = scale * corr[a][b];
            }
        }
        CholeskyDecomposition chol = cholesky(c);
        if (chol == null) {
            return Double.POSITIVE_INFINITY;
        }
        double[] alpha = chol.getSolver().solve(new ArrayRealVector(y, false))
                .toArray();
        double[][] inverse = chol.getSolver().getInverse().getData();
        double logDetHalf = 0;
        double[][] l = chol.getL().getData();
        for (int a = 0; a < n; a++) {
            logDetHalf += Math.log(l[a][a]);
        }
        double quad = 0;
        for (int a = 0; a < n; a++) {
            quad += y[a] * alpha[a];
        }
        double logLikelihood = -logDetHalf - 0.5 * quad;
        double logPrior = Math.log(scale) - scale + 0.1 * Math.log(noise) - 30 * noise;
        for (int j = 0; j < d; j++) {
            logPrior -= 0.1 / lambda[j] + 0.1 * lambda[j];
        }
        // d/dθ of the log likelihood = ½ tr(W dC/dθ), W = α αᵀ - C⁻¹; W and dC/dθ symmetric, zero-distance diagonal
        Arrays.fill(grad, 0);
        double traceW = 0;
        double scaleTerm = 0;
        for (int a = 0; a < n; a++) {
            double wDiag = alpha[a] * alpha[a] - inverse[a][a];
            traceW += wDiag;
            scaleTerm += 0.5 * wDiag * scale;
            for (int b = a + 1; b < n; b++) {
                double w = alpha[a] * alpha[b] - inverse[a][b];
                scaleTerm += w * scale * corr[a][b];
                double common = w * scale * dCorr[a][b];
                for (int j = 0; j < d; j++) {
                    grad[j] += common * dist[j][a][b];
                }
            }
        }
        for (int j = 0; j < d; j++) {
            grad[j] = -(grad[j] * lambda[j] + 0.1 / lambda[j] - 0.1 * lambda[j]);
        }
        grad[d] = -(scaleTerm + 1 - scale);
        grad[d + 1] = -(0.5 * traceW * rawNoise + (0.1 / noise - 30) * rawNoise);
        return -(logLikelihood + logPrior);
    }

    private static double[][] covarianceMatrix(double[][] x, MaternKernel kernel, double noise) {
        int n = x.length;
        double[][] c = new double[n][n];
        for (int a = 0; a < n; a++) {
            c[a][a] = kernel.scale() + noise;
            for (int b = a + 1; b < n; b++) {
                c[a][b] = c[b][a] = kernel.covariance(x[a], x[b]);
            }
        }
        return c;
    }

    private static CholeskyDecomposition cholesky(double[][] c) {
        try {
            return new CholeskyDecomposition(new Array2DRowRealMatrix(c, false),
                    CholeskyDecomposition.DEFAULT_RELATIVE_SYMMETRY_THRESHOLD, 1e-12);
        } catch (NonPositiveDefiniteMatrixException e) {
            return null;
        }
    }

    /** Posterior mean and variance of f at {@code point}: {@code out[0]}, {@code out[1]}. */
    void posterior(double[] point, double[] out) {
        posterior(point, out, null, null);
    }

    /**
     * Posterior mean and variance of f at {@code point}, and, if {@code meanGradient} is given, their gradients in
     * the point's numeric dimensions (categorical ones get 0).
     */
    void posterior(double[] point, double[] out, double[] meanGradient, double[] varianceGradient) {
        int n = x.length;
        double[] k = new double[n];
        double[] dk = meanGradient == null ? null : new double[n];
        double mean = 0;
        for (int i = 0; i < n; i++) {
            double r2 = kernel.squaredDistance(point, x[i]);
            k[i] = kernel.scale() * MaternKernel.matern52(r2);
            if (dk != null) {
                dk[i] = kernel.scale() * MaternKernel.matern52Derivative(r2);
            }
            mean += k[i] * alpha[i];
        }
        // v = L⁻¹ k, so the variance reduction is v·v
        double[] v = new double[n];
        double reduction = 0;
        for (int i = 0; i < n; i++) {
            double sum = k[i];
            double[] row = lower[i];
            for (int j = 0; j < i; j++) {
                sum -= row[j] * v[j];
            }
            v[i] = sum / row[i];
            reduction += v[i] * v[i];
        }
        out[0] = mean;
        out[1] = Math.max(0, kernel.scale() - reduction);
        if (meanGradient == null) {
            return;
        }
        // β = C⁻¹ k = L⁻ᵀ v; d var = -2 β·dk, d mean = α·dk, dk_i/dx_j = k'(r²) 2 λ_j (x_j - X_ij)
        double[] beta = new double[n];
        for (int i = n - 1; i >= 0; i--) {
            double sum = v[i];
            for (int j = i + 1; j < n; j++) {
                sum -= lower[j][i] * beta[j];
            }
            beta[i] = sum / lower[i][i];
        }
        double[] lambda = kernel.inverseSquaredLengthScales();
        boolean[] categorical = kernel.categorical();
        Arrays.fill(meanGradient, 0);
        Arrays.fill(varianceGradient, 0);
        for (int i = 0; i < n; i++) {
            double[] xi = x[i];
            for (int j = 0; j < point.length; j++) {
                if (categorical[j]) {
                    continue;
                }
                double dkij = dk[i] * 2 * lambda[j] * (point[j] - xi[j]);
                meanGradient[j] += alpha[i] * dkij;
                varianceGradient[j] -= 2 * beta[i] * dkij;
            }
        }
    }
}
