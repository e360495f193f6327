package io.sweep4j.sampler;

import java.util.Arrays;

/**
 * Minimizes a smooth function inside a box: limited-memory BFGS directions, projected onto the box, with a
 * backtracking (Armijo) line search on the projected step.
 *
 * <p>Commons Math 3.6.1 offers no quasi-Newton optimizer (its non-linear conjugate gradient spends dozens of
 * evaluations per line search); the GP's two optimizations, the kernel fit and the local search of the acquisition,
 * each need a few dozen gradient steps, so this small projected variant (not a full L-BFGS-B: variables at a bound
 * whose gradient points outward are simply frozen for the step) is what they share. Deterministic: no randomness.
 */
final class BoundedLbfgs {
    private static final int MEMORY = 6;

    /** The value at {@code x}, writing the gradient into {@code gradient}. */
    @FunctionalInterface
    interface Objective {
        double valueAndGradient(double[] x, double[] gradient);
    }

    private BoundedLbfgs() {
    }

    /**
     * Minimizes from {@code x} (changed in place to the best point found) and returns the value there.
     *
     * @param gtol stop once every free component of the gradient is below it
     */
    static double minimize(Objective f, double[] x, double[] lower, double[] upper, int maxIterations, double gtol) {
        int d = x.length;
        project(x, lower, upper);
        double[] g = new double[d];
        double fx = f.valueAndGradient(x, g);
        if (!Double.isFinite(fx)) {
            return fx;
        }
        double[][] s = new double[MEMORY][];
        double[][] y = new double[MEMORY][];
        double[] rho = new double[MEMORY];
        int stored = 0;
        int head = 0;
        double[] trial = new double[d];
        double[] gTrial = new double[d];
        double[] direction = new double[d];
        for (int iter = 0; iter < maxIterations; iter++) {
            boolean[] free = new boolean[d];
            double largest = 0;
            for (int i = 0; i < d; i++) {
                // a variable at its bound with the gradient pushing it out stays put this step
                free[i] = !(x[i] <= lower[i] && g[i] > 0) && !(x[i] >= upper[i] && g[i] < 0);
                if (free[i]) {
                    largest = Math.max(largest, Math.abs(g[i]));
                }
            }
            if (largest < gtol) {
                break;
            }
            twoLoop(g, free, s, y, rho, stored, head, direction);
            double slope = 0;
            for (int i = 0; i < d; i++) {
                slope += direction[i] * g[i];
            }
            if (!(slope < 0)) {
                // the curvature memory gave no descent direction: restart from steepest descent
                stored = 0;
                for (int i = 0; i < d; i++) {
                    direction[i] = free[i] ? -g[i] : 0;
                }
            }
            double step = stored == 0 ? Math.min(1.0, 1.0 / largest) : 1.0;
            double fTrial = Double.NaN;
            boolean accepted = false;
            for (int back = 0; back < 30; back++) {
                double decrease = 0;
                for (int i = 0; i < d; i++) {
                    trial[i] = Math.min(upper[i], Math.max(lower[i], x[i] + step * direction[i]));
                    decrease += g[i] * (trial[i] - x[i]);
                }
                fTrial = f.valueAndGradient(trial, gTrial);
                if (Double.isFinite(fTrial) && fTrial <= fx + 1e-4 * decrease) {
                    accepted = true;
                    break;
                }
                step *= 0.5;
            }
            if (!accepted) {
                break;
            }
            double sy = 0;
            double[] sNew = new double[d];
            double[] yNew = new double[d];
            for (int i = 0; i < d; i++) {
                sNew[i] = trial[i] - x[i];
                yNew[i] = gTrial[i] - g[i];
                sy += sNew[i] * yNew[i];
            }
            boolean progress = fx - fTrial > 1e-12 * Math.max(1, Math.abs(fx));
            System.arraycopy(trial, 0, x, 0, d);
            System.arraycopy(gTrial, 0, g, 0, d);
            fx = fTrial;
            if (!progress) {
                break;
            }
            if (sy > 1e-12) {
                s[head] = sNew;
                y[head] = yNew;
                rho[head] = 1 / sy;
                head = (head + 1) % MEMORY;
                stored = Math.min(MEMORY, stored + 1);
            }
        }
        return fx;
    }

    /** The L-BFGS direction -H g over the free variables (fixed ones get 0). */
    private static void twoLoop(double[] g, boolean[] free, double[][] s, double[][] y, double[] rho, int stored,
                                int head, double[] out) {
        int d = g.length;
        for (int i = 0; i < d; i++) {
            out[i] = free[i] ? -g[i] : 0;
        }
        double[] alpha = new double[MEMORY];
        for (int k = 1; k <= stored; k++) {
            int j = Math.floorMod(head - k, MEMORY);
            alpha[j] = rho[j] * dot(s[j], out, free);
            axpy(-alpha[j], y[j], out, free);
        }
        if (stored > 0) {
            int last = Math.floorMod(head - 1, MEMORY);
            double yy = dot(y[last], y[last], free);
            double scale = yy > 0 ? 1 / (rho[last] * yy) : 1;
            for (int i = 0; i < d; i++) {
                out[i] *= scale;
            }
        }
        for (int k = stored; k >= 1; k--) {
            int j = Math.floorMod(head - k, MEMORY);
            double beta = rho[j] * dot(y[j], out, free);
            axpy(alpha[j] - beta, s[j], out, free);
        }
    }

    private static double dot(double[] a, double[] b, boolean[] free) {
        double sum = 0;
        for (int i = 0; i < a.length; i++) {
            if (free[i]) {
                sum += a[i] * b[i];
            }
        }
        return sum;
    }

    private static void axpy(double a, double[] x, double[] out, boolean[] free) {
        for (int i = 0; i < x.length; i++) {
            if (free[i]) {
                out[i] += a * x[i];
            }
        }
    }

    private static void project(double[] x, double[] lower, double[] upper) {
        for (int i = 0; i < x.length; i++) {
            x[i] = Math.min(upper[i], Math.max(lower[i], x[i]));
        }
    }

    static double[] filled(int n, double v) {
        double[] a = new double[n];
        Arrays.fill(a, v);
        return a;
    }
}
