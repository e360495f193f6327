package io.sweep4j.sampler;

import java.util.Arrays;
import java.util.SplittableRandom;
import org.apache.commons.math3.distribution.NormalDistribution;

/**
 * A weighted mixture of kernels over a group of parameters on the unit scale, one kernel per observation plus a
 * broad prior kernel: TPE's l(x) or g(x).
 *
 * <p>Numeric dimensions use Gaussians truncated to [0, 1] (the unit scale already is the log scale for log
 * parameters), each as wide as the larger gap to its neighbours along that dimension (Optuna's univariate rule, used
 * here per dimension of joint kernels too); categorical dimensions use a per-kernel distribution that puts extra mass on the observed choice.
 * A kernel is the product of its dimensions. Arrays are laid out per dimension so the hot loop in {@link #logPdf}
 * runs over primitive arrays.
 */
final class ParzenEstimator {
    private static final NormalDistribution STANDARD_NORMAL = new NormalDistribution(null, 0, 1);
    private static final double LOG_SQRT_2PI = 0.5 * Math.log(2 * Math.PI);

    private final int kernels;
    private final int[] choices;
    private final double[] cumulativeWeight;
    private final double[] constant;
    private final double[][] mu;
    private final double[][] sigma;
    private final double[][] invSigma;
    private final double[][] lowCdf;
    private final double[][] highCdf;
    private final double[][] categoryLogProb;
    private final double[] scratch;

    /**
     * @param observations one row per observation, one column per dimension: a unit value, or a choice index
     * @param weights      one non-negative weight per observation
     * @param choices      per dimension: 0 for numeric, the number of choices for categorical
     * @param clipCount    the observation count that sets the minimum bandwidth, 1 / min(100, 1 + clipCount)
     */
    ParzenEstimator(double[][] observations, double[] weights, int[] choices, double priorWeight, int clipCount) {
        int n = observations.length;
        int dims = choices.length;
        this.kernels = n + 1;
        this.choices = choices;
        this.scratch = new double[kernels];

        double[] w = Arrays.copyOf(weights, kernels);
        w[n] = priorWeight;
        double total = 0;
        for (double x : w) {
            total += x;
        }
        cumulativeWeight = new double[kernels];
        constant = new double[kernels];
        double running = 0;
        for (int j = 0; j < kernels; j++) {
            running += w[j] / total;
            cumulativeWeight[j] = running;
            constant[j] = w[j] > 0 ? Math.log(w[j] / total) : Double.NEGATIVE_INFINITY;
        }

        mu = new double[dims][];
        sigma = new double[dims][];
        invSigma = new double[dims][];
        lowCdf = new double[dims][];
        highCdf = new double[dims][];
        categoryLogProb = new double[dims][];
        // the minimum bandwidth ("magic clip") keeps a few close observations from collapsing l(x) to a spike;
        // the caller scales it by the whole history, so the good set can narrow as evidence accumulates
        double minSigma = 1.0 / Math.min(100.0, 1.0 + clipCount);
        for (int d = 0; d < dims; d++) {
            if (choices[d] > 0) {
                categoryLogProb[d] = categorical(observations, d, choices[d], priorWeight);
                continue;
            }
            double[] m = new double[kernels];
            for (int j = 0; j < n; j++) {
                m[j] = observations[j][d];
            }
            m[n] = 0.5;
            double[] s = neighbourBandwidths(m);
            double[] inv = new double[kernels];
            double[] lo = new double[kernels];
            double[] hi = new double[kernels];
            for (int j = 0; j < kernels; j++) {
                s[j] = j == n ? 1.0 : Math.min(1.0, Math.max(minSigma, s[j]));
                inv[j] = 1.0 / s[j];
                lo[j] = phi((0 - m[j]) * inv[j]);
                hi[j] = phi((1 - m[j]) * inv[j]);
                constant[j] -= Math.log(s[j]) + LOG_SQRT_2PI + Math.log(hi[j] - lo[j]);
            }
            mu[d] = m;
            sigma[d] = s;
            invSigma[d] = inv;
            lowCdf[d] = lo;
            highCdf[d] = hi;
        }
    }

    /**
     * The standard normal CDF from erfc's Chebyshev fit (Numerical Recipes {@code erfcc}, relative error below 1.2e-7).
     * It only normalizes kernels whose centre lies in [0, 1], so the mass is at least 0.34 and this precision is
     * ample; Commons Math's continued-fraction erfc made these normalizers most of a proposal's cost.
     */
    static double phi(double z) {
        double x = Math.abs(z) / Math.sqrt(2);
        if (x > 27) {
            return z > 0 ? 1 : 0;
        }
        double t = 1 / (1 + 0.5 * x);
        double erfc = t * Math.exp(-x * x - 1.26551223 + t * (1.00002368 + t * (0.37409196 + t * (0.09678418
                + t * (-0.18628806 + t * (0.27886807 + t * (-1.13520398 + t * (1.48851587 + t * (-0.82215223
                + t * 0.17087277)))))))));
        return z >= 0 ? 1 - 0.5 * erfc : 0.5 * erfc;
    }

    /** Optuna's univariate rule: each kernel as wide as the larger gap to its sorted neighbours (ends of [0,1] included). */
    private static double[] neighbourBandwidths(double[] m) {
        int k = m.length;
        // argsort on primitives: the value's top bits and the index packed in one long (values lie in [0, 1])
        long[] packed = new long[k];
        for (int i = 0; i < k; i++) {
            packed[i] = ((long) (m[i] * 0x1p40) << 22) | i;
        }
        Arrays.sort(packed);
        int[] order = new int[k];
        for (int i = 0; i < k; i++) {
            order[i] = (int) (packed[i] & ((1 << 22) - 1));
        }
        double[] withEnds = new double[k + 2];
        withEnds[0] = 0;
        withEnds[k + 1] = 1;
        for (int i = 0; i < k; i++) {
            withEnds[i + 1] = m[order[i]];
        }
        double[] sorted = new double[k];
        for (int i = 0; i < k; i++) {
            sorted[i] = Math.max(withEnds[i + 1] - withEnds[i], withEnds[i + 2] - withEnds[i + 1]);
        }
        if (k + 2 >= 4) {
            // the outermost kernels ignore the gap to the boundary, so an observation near an end stays narrow
            sorted[0] = withEnds[2] - withEnds[1];
            sorted[k - 1] = withEnds[k] - withEnds[k - 1];
        }
        double[] s = new double[k];
        for (int i = 0; i < k; i++) {
            s[order[i]] = sorted[i];
        }
        return s;
    }

    private double[] categorical(double[][] observations, int d, int k, double priorWeight) {
        int n = kernels - 1;
        double[] logProb = new double[kernels * k];
        double base = priorWeight / kernels;
        for (int j = 0; j < kernels; j++) {
            int observed = j < n ? (int) observations[j][d] : -1;
            double rowTotal = base * k + (observed >= 0 ? 1 : 0);
            for (int c = 0; c < k; c++) {
                logProb[j * k + c] = Math.log((base + (c == observed ? 1 : 0)) / rowTotal);
            }
        }
        return logProb;
    }

    /** Draws one point: a kernel by weight, then each dimension from that kernel. */
    double[] sample(SplittableRandom random) {
        double r = random.nextDouble();
        int j = Arrays.binarySearch(cumulativeWeight, r);
        j = j >= 0 ? j : Math.min(kernels - 1, -j - 1);
        double[] x = new double[choices.length];
        for (int d = 0; d < choices.length; d++) {
            if (choices[d] > 0) {
                int k = choices[d];
                double u = random.nextDouble();
                double acc = 0;
                int pick = k - 1;
                for (int c = 0; c < k; c++) {
                    acc += Math.exp(categoryLogProb[d][j * k + c]);
                    if (u < acc) {
                        pick = c;
                        break;
                    }
                }
                x[d] = pick;
            } else {
                // inverse-CDF sampling of the truncated normal; the interval always contains the kernel's centre,
                // so the CDF difference never cancels catastrophically
                double p = lowCdf[d][j] + random.nextDouble() * (highCdf[d][j] - lowCdf[d][j]);
                p = Math.min(1 - 1e-16, Math.max(1e-16, p));
                double v = mu[d][j] + sigma[d][j] * STANDARD_NORMAL.inverseCumulativeProbability(p);
                x[d] = Math.min(Math.nextDown(1.0), Math.max(0, v));
            }
        }
        return x;
    }

    /** The log density of the mixture at {@code x} (unit values and choice indices), by log-sum-exp over kernels. */
    double logPdf(double[] x) {
        double[] t = scratch;
        System.arraycopy(constant, 0, t, 0, kernels);
        for (int d = 0; d < choices.length; d++) {
            if (choices[d] > 0) {
                int k = choices[d];
                int c = (int) x[d];
                double[] lp = categoryLogProb[d];
                for (int j = 0; j < kernels; j++) {
                    t[j] += lp[j * k + c];
                }
            } else {
                double xd = x[d];
                double[] m = mu[d];
                double[] inv = invSigma[d];
                for (int j = 0; j < kernels; j++) {
                    double z = (xd - m[j]) * inv[j];
                    t[j] -= 0.5 * z * z;
                }
            }
        }
        double max = Double.NEGATIVE_INFINITY;
        for (int j = 0; j < kernels; j++) {
            max = Math.max(max, t[j]);
        }
        double sum = 0;
        for (int j = 0; j < kernels; j++) {
            double e = t[j] - max;
            // terms below e^-40 of the largest cannot move the sum; skipping them skips most exp() calls
            if (e > -40) {
                sum += Math.exp(e);
            }
        }
        return max + Math.log(sum);
    }
}
