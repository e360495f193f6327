package io.sweep4j.trial;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;

/**
 * The hypervolume a set of points dominates up to a reference point, all in minimization form (see
 * {@link Pareto#asLoss}): the volume of the union of boxes {@code [p, reference]}. Exact, by slicing along the last
 * objective (O(n² log n) for three objectives), which is quick for the few hundred points a study holds.
 */
public final class Hypervolume {
    private Hypervolume() {
    }

    /** The hypervolume of {@code points}; points not strictly better than the reference in every objective add none. */
    public static double of(List<double[]> points, double[] reference) {
        List<double[]> inside = new ArrayList<>();
        for (double[] p : points) {
            if (p.length != reference.length) {
                throw new IllegalArgumentException("a point has " + p.length + " objectives, the reference "
                        + reference.length);
            }
            if (strictlyBelow(p, reference)) {
                inside.add(p);
            }
        }
        return volume(inside, reference, reference.length);
    }

    /** Each point's exclusive contribution: the hypervolume lost when only that point is removed. */
    public static double[] contributions(List<double[]> points, double[] reference) {
        double all = of(points, reference);
        double[] out = new double[points.size()];
        for (int i = 0; i < points.size(); i++) {
            List<double[]> others = new ArrayList<>(points);
            others.remove(i);
            out[i] = Math.max(0.0, all - of(others, reference));
        }
        return out;
    }

    /** The hypervolume of trials' values in their directions (only completed trials with every value count). */
    public static double ofTrials(List<FrozenTrial> trials, List<Direction> directions, double[] reference) {
        List<double[]> points = new ArrayList<>();
        for (FrozenTrial t : trials) {
            if (t.state() == TrialState.COMPLETE && t.values().size() == directions.size()) {
                double[] p = new double[directions.size()];
                for (int k = 0; k < p.length; k++) {
                    p[k] = Pareto.asLoss(t.values().get(k), directions.get(k));
                }
                points.add(p);
            }
        }
        return of(points, reference);
    }

    private static boolean strictlyBelow(double[] p, double[] reference) {
        for (int k = 0; k < p.length; k++) {
            if (!(p[k] < reference[k])) {
                return false;
            }
        }
        return true;
    }

    /** Volume in the first {@code d} coordinates; every point is strictly below the reference there. */
    private static double volume(List<double[]> points, double[] reference, int d) {
        if (points.isEmpty()) {
            return 0.0;
        }
        if (d == 1) {
            double best = reference[0];
            for (double[] p : points) {
                best = Math.min(best, p[0]);
            }
            return reference[0] - best;
        }
        if (d == 2) {
            double[][] sorted = points.toArray(new double[0][]);
            Arrays.sort(sorted, Comparator.comparingDouble((double[] p) -> p[0]).thenComparingDouble(p -> p[1]));
            double area = 0.0;
            double lowestY = reference[1];
            for (double[] p : sorted) {
                if (p[1] < lowestY) {
                    area += (reference[0] - p[0]) * (lowestY - p[1]);
                    lowestY = p[1];
                }
            }
            return area;
        }
        int last = d - 1;
        List<double[]> sorted = new ArrayList<>(points);
        sorted.sort(Comparator.comparingDouble(p -> p[last]));
        double total = 0.0;
        for (int i = 0; i < sorted.size(); i++) {
            double top = i + 1 < sorted.size() ? sorted.get(i + 1)[last] : reference[last];
            double height = top - sorted.get(i)[last];
            if (height > 0) {
                total += height * volume(sorted.subList(0, i + 1), reference, last);
            }
        }
        return total;
    }
}
