package io.sweep4j.sampler;

import io.sweep4j.trial.Direction;
import io.sweep4j.trial.FrozenTrial;
import io.sweep4j.trial.Hypervolume;
import io.sweep4j.trial.Pareto;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

/**
 * Multi-objective TPE's good group and its kernel weights, as Optuna 4.9's TPESampler computes them.
 *
 * <p>The good group takes whole non-domination ranks while they fit; the rank that does not fit is cut by greedy
 * hypervolume subset selection (each step adds the point that adds the most hypervolume to those already chosen,
 * ties to the first in lexicographic order of the losses), with the reference point Optuna picks from that rank's
 * worst loss per objective {@code w}: {@code max(1.1 w, 0.9 w)}, and 1e-12 where that is 0 (so it lies beyond every
 * point, whatever the sign of {@code w}). The good kernels weigh each trial's exclusive hypervolume contribution
 * within the good group, relative to the largest (reference point from the good group the same way); dominated ones
 * weigh 1e-12.
 */
final class ParetoSplit {
    static final double EPS = 1e-12;

    private ParetoSplit() {
    }

    /** Which of {@code complete} (completed, feasible, one value per objective) form the best {@code n} of them. */
    static boolean[] good(List<FrozenTrial> complete, List<Direction> directions, int n) {
        int size = complete.size();
        boolean[] chosen = new boolean[size];
        int wanted = Math.min(n, size);
        if (wanted == size) {
            Arrays.fill(chosen, true);
            return chosen;
        }
        if (wanted <= 0) {
            return chosen;
        }
        Map<FrozenTrial, Integer> index = new IdentityHashMap<>();
        for (int i = 0; i < size; i++) {
            index.put(complete.get(i), i);
        }
        int count = 0;
        for (List<FrozenTrial> front : Pareto.fronts(complete, directions)) {
            int[] members = front.stream().mapToInt(index::get).toArray();
            if (count + members.length <= wanted) {
                for (int i : members) {
                    chosen[i] = true;
                }
                count += members.length;
            } else {
                double[][] loss = new double[members.length][];
                for (int m = 0; m < members.length; m++) {
                    loss[m] = loss(complete.get(members[m]), directions);
                }
                for (int m : greedySubset(loss, wanted - count)) {
                    chosen[members[m]] = true;
                }
                count = wanted;
            }
            if (count == wanted) {
                break;
            }
        }
        return chosen;
    }

    /**
     * The good kernels' weights, one per trial of {@code good} (its order): the complete feasible ones by
     * hypervolume contribution, the others (infeasible or pruned trials that filled the group) 1e-12; with at most
     * one complete feasible trial, every one but the infeasible weighs 1.
     */
    static double[] weights(List<FrozenTrial> good, boolean[] completeFeasible, boolean[] infeasible,
                            List<Direction> directions) {
        double[] w = new double[good.size()];
        List<double[]> loss = new ArrayList<>();
        for (int i = 0; i < w.length; i++) {
            w[i] = infeasible[i] ? EPS : 1.0;
            if (completeFeasible[i]) {
                loss.add(loss(good.get(i), directions));
            }
        }
        if (loss.size() <= 1) {
            return w;
        }
        double[] reference = referencePoint(loss.toArray(new double[0][]));
        // the contributions of dominated points are 0; only the good group's own front counts, duplicates included
        List<FrozenTrial> feasible = new ArrayList<>();
        for (int i = 0; i < w.length; i++) {
            if (completeFeasible[i]) {
                feasible.add(good.get(i));
            }
        }
        List<FrozenTrial> front = nonDominated(feasible, directions);
        List<double[]> frontLoss = front.stream().map(t -> loss(t, directions)).toList();
        if (!Double.isFinite(Hypervolume.of(frontLoss, reference))) {
            return w;
        }
        double[] contributions = Hypervolume.contributions(frontLoss, reference);
        double max = EPS;
        for (double c : contributions) {
            max = Math.max(max, c);
        }
        Map<FrozenTrial, Double> byTrial = new IdentityHashMap<>();
        for (int f = 0; f < front.size(); f++) {
            byTrial.put(front.get(f), contributions[f]);
        }
        for (int i = 0; i < w.length; i++) {
            w[i] = completeFeasible[i] ? Math.max(byTrial.getOrDefault(good.get(i), 0.0) / max, EPS) : EPS;
        }
        return w;
    }

    /** Optuna's reference point for a set of losses: 1.1 times the worst where positive, 0.9 times where negative. */
    static double[] referencePoint(double[][] loss) {
        double[] ref = new double[loss[0].length];
        Arrays.fill(ref, Double.NEGATIVE_INFINITY);
        for (double[] p : loss) {
            for (int k = 0; k < ref.length; k++) {
                ref[k] = Math.max(ref[k], p[k]);
            }
        }
        for (int k = 0; k < ref.length; k++) {
            ref[k] = Math.max(1.1 * ref[k], 0.9 * ref[k]);
            if (ref[k] == 0) {
                ref[k] = EPS;
            }
        }
        return ref;
    }

    private static List<FrozenTrial> nonDominated(List<FrozenTrial> trials, List<Direction> directions) {
        List<List<FrozenTrial>> fronts = Pareto.fronts(trials, directions);
        return fronts.isEmpty() ? List.of() : fronts.get(0);
    }

    private static double[] loss(FrozenTrial t, List<Direction> directions) {
        double[] p = new double[directions.size()];
        for (int k = 0; k < p.length; k++) {
            // + 0.0 turns -0.0 (a maximized 0) into 0.0, so equal losses compare equal
            p[k] = Pareto.asLoss(t.values().get(k), directions.get(k)) + 0.0;
        }
        return p;
    }

    /**
     * Greedy hypervolume subset selection of {@code k} of {@code loss} (one non-domination rank): distinct points
     * first, a duplicate only when fewer distinct points than {@code k} exist (the earliest duplicates).
     */
    static int[] greedySubset(double[][] loss, int k) {
        int n = loss.length;
        if (k >= n) {
            int[] all = new int[n];
            Arrays.setAll(all, i -> i);
            return all;
        }
        Integer[] order = new Integer[n];
        Arrays.setAll(order, i -> i);
        Arrays.sort(order, (a, b) -> {
            int c = Arrays.compare(loss[a], loss[b]);
            return c != 0 ? c : Integer.compare(a, b);
        });
        // the first occurrence of each distinct point, in lexicographic order of the points
        List<Integer> distinct = new ArrayList<>();
        boolean[] isFirst = new boolean[n];
        for (int i = 0; i < n; i++) {
            if (i == 0 || !Arrays.equals(loss[order[i]], loss[order[i - 1]])) {
                distinct.add(order[i]);
                isFirst[order[i]] = true;
            }
        }
        int[] out = new int[k];
        if (distinct.size() < k) {
            int o = 0;
            for (int i : distinct) {
                out[o++] = i;
            }
            for (int i = 0; i < n && o < k; i++) {
                if (!isFirst[i]) {
                    out[o++] = i;
                }
            }
            return out;
        }
        double[] reference = referencePoint(loss);
        boolean finite = true;
        for (double r : reference) {
            finite &= Double.isFinite(r);
        }
        if (!finite || k == distinct.size()) {
            for (int o = 0; o < k; o++) {
                out[o] = distinct.get(o);
            }
            return out;
        }
        double[][] points = new double[distinct.size()][];
        for (int i = 0; i < points.length; i++) {
            points[i] = loss[distinct.get(i)];
        }
        int[] picked = reference.length == 2 ? greedy2d(points, k, reference) : greedy(points, k, reference);
        for (int o = 0; o < k; o++) {
            out[o] = distinct.get(picked[o]);
        }
        return out;
    }

    /**
     * Two objectives: the points of one rank sorted by the first loss fall in the second, so each one's added
     * hypervolume is the box up to its nearest chosen neighbours, updated in O(n) per step.
     */
    private static int[] greedy2d(double[][] points, int k, double[] reference) {
        int n = points.length;
        double[] cornerX = new double[n];
        double[] cornerY = new double[n];
        Arrays.fill(cornerX, reference[0]);
        Arrays.fill(cornerY, reference[1]);
        boolean[] taken = new boolean[n];
        int[] out = new int[k];
        for (int step = 0; step < k; step++) {
            int best = -1;
            double bestGain = 0;
            for (int i = 0; i < n; i++) {
                if (taken[i]) {
                    continue;
                }
                double gain = (cornerX[i] - points[i][0]) * (cornerY[i] - points[i][1]);
                if (best < 0 || gain > bestGain) {
                    best = i;
                    bestGain = gain;
                }
            }
            taken[best] = true;
            out[step] = best;
            for (int i = 0; i < n; i++) {
                if (i < best) {
                    cornerX[i] = Math.min(cornerX[i], points[best][0]);
                } else if (i > best) {
                    cornerY[i] = Math.min(cornerY[i], points[best][1]);
                }
            }
        }
        return out;
    }

    /**
     * Three or more objectives: the same greedy choice, lazily. A point's gain only shrinks as points are chosen
     * (hypervolume is submodular), so a stale gain bounds the fresh one, and so does its box minus the part the last
     * chosen point covers; a point whose bound is below the best fresh gain of this step keeps its bound unevaluated.
     * Ties go to the first point, as in the eager loop.
     */
    private static int[] greedy(double[][] points, int k, double[] reference) {
        int n = points.length;
        boolean[] taken = new boolean[n];
        double[] box = new double[n];
        double[] bound = new double[n];
        for (int i = 0; i < n; i++) {
            box[i] = boxVolume(points[i], reference);
            bound[i] = box[i];
        }
        List<double[]> chosen = new ArrayList<>();
        int[] out = new int[k];
        double volume = 0;
        Integer[] order = new Integer[n];
        for (int step = 0; step < k; step++) {
            if (step > 0) {
                double[] last = chosen.get(chosen.size() - 1);
                double best = 0;
                Arrays.setAll(order, i -> i);
                for (int i = 0; i < n; i++) {
                    if (!taken[i]) {
                        double[] overlap = new double[last.length];
                        for (int d = 0; d < overlap.length; d++) {
                            overlap[d] = Math.max(points[i][d], last[d]);
                        }
                        bound[i] = Math.min(bound[i], box[i] - boxVolume(overlap, reference));
                    }
                }
                Arrays.sort(order, (a, b) -> Double.compare(bound[b], bound[a]));
                for (int i : order) {
                    if (taken[i] || bound[i] < best) {
                        continue;
                    }
                    chosen.add(points[i]);
                    bound[i] = Hypervolume.of(chosen, reference) - volume;
                    chosen.remove(chosen.size() - 1);
                    best = Math.max(best, bound[i]);
                }
            }
            int pick = -1;
            for (int i = 0; i < n; i++) {
                if (!taken[i] && (pick < 0 || bound[i] > bound[pick])) {
                    pick = i;
                }
            }
            taken[pick] = true;
            out[step] = pick;
            chosen.add(points[pick]);
            volume += bound[pick];
        }
        return out;
    }

    private static double boxVolume(double[] p, double[] reference) {
        double v = 1;
        for (int d = 0; d < p.length; d++) {
            v *= reference[d] - p[d];
        }
        return v;
    }
}
