package io.sweep4j.sampler;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.IntStream;

/**
 * Maximizes {@link LogExpectedImprovement} over the encoded space as Optuna's GPSampler does: the acquisition at
 * {@value #CANDIDATES} digitally shifted Sobol points, then a local search from the best of them, from the best trial
 * so far, and from {@value #ROULETTE} more drawn with probability proportional to their expected improvement; the local
 * search alternates quasi-Newton steps over the continuous dimensions (scaled by the length scales, so the kernel
 * looks isotropic to the optimizer) with an exhaustive pass over each discrete one, until a pass changes nothing.
 */
final class AcquisitionSearch {
    static final int CANDIDATES = 1024;
    static final int ROULETTE = 4;
    private static final int ROUNDS = 8;
    private static final int STEPS = 40;

    /** A point and its acquisition value. */
    record Scored(double[] point, double value) {
    }

    private AcquisitionSearch() {
    }

    /**
     * The local optima found, best first, followed by the best remaining candidates (alternatives when a better
     * point is taken by a running trial).
     */
    static List<Scored> maximize(LogExpectedImprovement acq, GpSpace space, double[] bestObserved,
                                 SplittableRandom random) {
        int d = space.dimensions();
        long shift = random.nextLong();
        List<Scored> candidates = new ArrayList<>(CANDIDATES);
        for (int i = 0; i < CANDIDATES; i++) {
            double[] x = space.snap(SobolSampler.unitPoint(d, shift, i));
            candidates.add(new Scored(x, acq.value(x)));
        }
        candidates.sort(Comparator.comparingDouble(Scored::value).reversed());
        List<double[]> starts = new ArrayList<>();
        starts.add(candidates.get(0).point());
        // roulette over the rest, weights exp(logEI - best logEI), without replacement
        double top = candidates.get(0).value();
        double[] weight = new double[CANDIDATES];
        double total = 0;
        for (int i = 1; i < CANDIDATES; i++) {
            weight[i] = Math.exp(candidates.get(i).value() - top);
            total += weight[i];
        }
        for (int r = 0; r < ROULETTE && total > 0; r++) {
            double u = random.nextDouble() * total;
            int pick = 1;
            while (pick < CANDIDATES - 1 && (u -= weight[pick]) > 0) {
                pick++;
            }
            if (weight[pick] == 0) {
                break;
            }
            total -= weight[pick];
            weight[pick] = 0;
            starts.add(candidates.get(pick).point());
        }
        if (bestObserved != null) {
            starts.add(bestObserved.clone());
        }
        List<Scored> found = new ArrayList<>();
        for (double[] start : starts) {
            found.add(localSearch(acq, space, start.clone()));
        }
        found.sort(Comparator.comparingDouble(Scored::value).reversed());
        found.addAll(candidates.subList(0, Math.min(64, candidates.size())));
        return found;
    }

    private static Scored localSearch(LogExpectedImprovement acq, GpSpace space, double[] x) {
        int d = space.dimensions();
        int[] continuous = IntStream.range(0, d).filter(j -> space.grid(j) == null).toArray();
        double[] lambda = acq.gp().kernel().inverseSquaredLengthScales();
        double[] length = new double[continuous.length];
        for (int c = 0; c < continuous.length; c++) {
            length[c] = 1 / Math.sqrt(lambda[continuous[c]]);
        }
        double value = acq.value(x);
        for (int round = 0; round < ROUNDS; round++) {
            if (continuous.length > 0) {
                value = continuousSteps(acq, space, x, value, continuous, length);
            }
            boolean changed = false;
            for (int j = 0; j < d; j++) {
                double[] grid = space.grid(j);
                if (grid == null || grid.length < 2) {
                    continue;
                }
                double current = x[j];
                double bestValue = value;
                double bestChoice = current;
                for (double g : grid) {
                    if (g == current) {
                        continue;
                    }
                    x[j] = g;
                    double v = acq.value(space.canonical(x.clone()));
                    if (v > bestValue) {
                        bestValue = v;
                        bestChoice = g;
                    }
                }
                x[j] = bestChoice;
                space.canonical(x);
                if (bestChoice != current) {
                    value = bestValue;
                    changed = true;
                }
            }
            if (!changed || continuous.length == 0 && round > 0) {
                break;
            }
        }
        return new Scored(x, value);
    }

    /** Quasi-Newton ascent over the continuous dimensions in the scaled variables z = x / length. */
    private static double continuousSteps(LogExpectedImprovement acq, GpSpace space, double[] x, double value,
                                          int[] continuous, double[] length) {
        int c = continuous.length;
        double[] z = new double[c];
        double[] upper = new double[c];
        for (int k = 0; k < c; k++) {
            z[k] = x[continuous[k]] / length[k];
            upper[k] = 1 / length[k];
        }
        double[] work = x.clone();
        double[] full = new double[x.length];
        BoundedLbfgs.Objective negative = (zz, grad) -> {
            for (int k = 0; k < c; k++) {
                work[continuous[k]] = zz[k] * length[k];
            }
            space.canonical(work);
            double v = acq.valueAndGradient(work, full);
            for (int k = 0; k < c; k++) {
                grad[k] = space.active(continuous[k], work) ? -full[continuous[k]] * length[k] : 0;
            }
            return -v;
        };
        double best = -BoundedLbfgs.minimize(negative, z, new double[c], upper, STEPS, 1e-2);
        if (!(best > value)) {
            return value;
        }
        for (int k = 0; k < c; k++) {
            x[continuous[k]] = Math.min(1, Math.max(0, z[k] * length[k]));
        }
        space.canonical(x);
        return best;
    }
}
