package io.sweep4j.report;

import io.sweep4j.space.CategoricalDistribution;
import io.sweep4j.space.Distribution;
import io.sweep4j.space.FloatDistribution;
import io.sweep4j.space.IntDistribution;
import io.sweep4j.trial.Direction;
import io.sweep4j.trial.FrozenTrial;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.ToDoubleFunction;
import org.apache.commons.math3.special.Erf;

/**
 * Parameter importance by PED-ANOVA (Watanabe et al., IJCAI 2023, arXiv 2304.10255), as Optuna's
 * {@code PedAnovaImportanceEvaluator} computes it: for each parameter, the Pearson divergence between a Parzen
 * estimator of the top 10 % of the judged trials and one of all of them, on a 50-point grid (log scale for log
 * parameters), weighted by the squared quantile; normalized to sum to 1.
 *
 * <p>Chosen over fANOVA because it needs no surrogate model (a random forest would be a new dependency or a few
 * hundred lines to get right) and costs O(trials) per parameter (a 100 000-trial study in milliseconds).
 *
 * <p>Conditional parameters: Optuna judges only the parameters every completed trial has (its intersection search
 * space), so a parameter present in some trials never takes a share from the others. The shared ranking here is
 * that one; each conditional parameter is judged apart, among the trials that have it, over the parameters all of
 * those have: the answer Optuna gives when asked for exactly those parameters.
 */
public final class Importance {
    /** gamma' of the paper: importance of reaching the top 10 %. */
    private static final double TARGET_QUANTILE = 0.1;
    private static final int STEPS = 50;
    private static final double PRIOR_WEIGHT = 1.0;
    private static final int MIN_TOP = 2;

    private Importance() {
    }

    /** Importance over the completed trials; empty below 3 of them. */
    public static Importances of(StudyView study) {
        return of(study, Basis.completed(study));
    }

    /** Importance over the trials of {@code basis}: shared parameters, and conditional ones apart. */
    public static Importances of(StudyView study, Basis basis) {
        List<Basis.Measured> trials = basis.trials();
        Map<String, Distribution> shared = basis.shared(study.distributions().keySet());
        Map<String, Double> ranking = pedAnova(study.direction(), shared, trials);
        Map<String, Importances.Conditional> conditional = new LinkedHashMap<>();
        for (String p : study.distributions().keySet()) {
            if (shared.containsKey(p) || Importance.isConstant(study.distributions().get(p))) {
                continue;
            }
            List<Basis.Measured> having = trials.stream().filter(m -> m.trial().params().has(p)).toList();
            Map<String, Double> among = pedAnova(study.direction(), new Basis(basis.metric(), basis.step(), having)
                    .shared(study.distributions().keySet()), having);
            if (among.containsKey(p)) {
                conditional.put(p, new Importances.Conditional(among.get(p), having.size(),
                        study.conditions().getOrDefault(p, "")));
            }
        }
        return new Importances(basis, ranking, conditional);
    }

    /** PED-ANOVA of {@code params}, which every trial has; normalized, most important first; empty below 3 trials. */
    private static Map<String, Double> pedAnova(Direction direction, Map<String, Distribution> params,
            List<Basis.Measured> trials) {
        Map<String, Double> raw = new LinkedHashMap<>();
        if (trials.size() <= MIN_TOP) {
            return raw;
        }
        List<Basis.Measured> top = top(trials, Basis.Measured::value, direction);
        double q = (double) top.size() / trials.size();
        params.forEach((name, d) -> raw.put(name, isConstant(d) ? 0.0 : q * q * divergence(name, d, top, trials)));
        double sum = raw.values().stream().mapToDouble(Double::doubleValue).sum();
        Map<String, Double> out = new LinkedHashMap<>();
        raw.entrySet().stream().sorted(Map.Entry.<String, Double>comparingByValue().reversed())
                .forEach(e -> out.put(e.getKey(), sum > 0 ? e.getValue() / sum : 0.0));
        return out;
    }

    /** Completed trials at least as good as the 10 % quantile, and at least the {@value #MIN_TOP} best. */
    static List<FrozenTrial> top(List<FrozenTrial> trials, Direction direction) {
        return top(trials, FrozenTrial::value, direction);
    }

    /** Trials at least as good as the 10 % quantile, and at least the {@value #MIN_TOP} best (all, if no more). */
    static <T> List<T> top(List<T> trials, ToDoubleFunction<T> value, Direction direction) {
        if (trials.size() <= MIN_TOP) {
            return trials; // a study with one complete trial among pruned ones still gets its report
        }
        double sign = direction == Direction.MINIMIZE ? 1 : -1;
        double[] loss = trials.stream().mapToDouble(t -> sign * value.applyAsDouble(t)).sorted().toArray();
        int cut = (int) Math.ceil(TARGET_QUANTILE * loss.length) - 1;
        double cutoff = Math.max(loss[MIN_TOP - 1], loss[Math.max(0, cut)]);
        return trials.stream().filter(t -> sign * value.applyAsDouble(t) <= cutoff).toList();
    }

    /** A parameter with one possible value (a choice of one, an empty range): not a dimension of the search. */
    static boolean isConstant(Distribution d) {
        if (d instanceof FloatDistribution f) {
            return f.low() == f.high();
        }
        if (d instanceof IntDistribution i) {
            return i.low() == i.high();
        }
        return ((CategoricalDistribution) d).choices().size() <= 1;
    }

    private static double divergence(String name, Distribution d, List<Basis.Measured> top,
            List<Basis.Measured> all) {
        double[] pTop = pdf(d, counts(name, d, top));
        double[] pAll = pdf(d, counts(name, d, all));
        double div = 0;
        for (int i = 0; i < pTop.length; i++) {
            double a = pTop[i] + 1e-12;
            double b = pAll[i] + 1e-12;
            div += b * (a / b - 1) * (a / b - 1);
        }
        return div;
    }

    /** How many trials fall on each grid point (numbers) or choice (categories). */
    static double[] counts(String name, Distribution d, List<Basis.Measured> trials) {
        if (d instanceof CategoricalDistribution c) {
            double[] counts = new double[c.choices().size()];
            for (Basis.Measured t : trials) {
                int i = c.indexOf(t.trial().params().get(name));
                if (i >= 0) {
                    counts[i]++;
                }
            }
            return counts;
        }
        double[] grid = grid(d);
        double step = grid.length > 1 ? grid[1] - grid[0] : 1;
        double[] counts = new double[grid.length];
        for (Basis.Measured t : trials) {
            double x = scaled(d, ((Number) t.trial().params().get(name)).doubleValue());
            // numpy searchsorted(grid, x - step / 2), side left: the first grid point >= x - step / 2
            int idx = Arrays.binarySearch(grid, x - step / 2);
            if (idx < 0) {
                idx = -idx - 1;
            } else {
                while (idx > 0 && grid[idx - 1] == x - step / 2) {
                    idx--;
                }
            }
            counts[Math.min(idx, grid.length - 1)]++;
        }
        return counts;
    }

    /** The grid a numeric parameter is judged on: 50 points, fewer for steps and log integers, log scale if log. */
    static double[] grid(Distribution d) {
        double low;
        double high;
        boolean log;
        int n = STEPS;
        if (d instanceof IntDistribution i) {
            low = i.low();
            high = i.high();
            log = i.log();
            if (log) {
                n = Math.min((int) Math.ceil(Math.log(high - low + 1) / Math.log(2)) + 1, n);
            } else {
                n = (int) Math.min(Math.round((high - low) / (double) i.step()) + 1, n);
            }
        } else {
            FloatDistribution f = (FloatDistribution) d;
            low = f.low();
            high = f.high();
            log = f.log();
            if (f.step() != null) {
                n = (int) Math.min(Math.round((high - low) / f.step()) + 1, n);
            }
        }
        double a = log ? Math.log(low) : low;
        double b = log ? Math.log(high) : high;
        double[] g = new double[n];
        for (int k = 0; k < n; k++) {
            g[k] = n == 1 ? a : a + (b - a) * k / (n - 1);
        }
        return g;
    }

    private static double scaled(Distribution d, double x) {
        boolean log = d instanceof FloatDistribution f ? f.log() : ((IntDistribution) d).log();
        return log ? Math.log(x) : x;
    }

    /** The Parzen estimator's probability of each grid point or choice, the prior kernel included. */
    static double[] pdf(Distribution d, double[] counts) {
        int n = counts.length;
        double total = Arrays.stream(counts).sum();
        List<Integer> mus = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            if (counts[i] > 0) {
                mus.add(i);
            }
        }
        double weightSum = total + PRIOR_WEIGHT;
        double[] p = new double[n];
        if (d instanceof CategoricalDistribution) {
            // a kernel per observed choice (1 + prior/(k+1) on it, prior/(k+1) on every choice), plus a uniform one
            int k = mus.size();
            double spread = PRIOR_WEIGHT / (k + 1);
            for (int mu : mus) {
                double norm = 1 + spread * n;
                for (int x = 0; x < n; x++) {
                    p[x] += counts[mu] / weightSum * ((x == mu ? 1 + spread : spread) / norm);
                }
            }
            for (int x = 0; x < n; x++) {
                p[x] += PRIOR_WEIGHT / weightSum / n;
            }
            return p;
        }
        double sigma = scott(counts, mus, total);
        for (int mu : mus) {
            add(p, mu, Math.max(sigma, 0.5 / 1.64), counts[mu] / weightSum);
        }
        add(p, 0.5 * (n - 1), n, PRIOR_WEIGHT / weightSum);
        return p;
    }

    /** Scott's rule on the grid indices: 1.059 min(IQR / 1.34, sd) n^-0.2. */
    private static double scott(double[] counts, List<Integer> mus, double total) {
        double mean = 0;
        for (int mu : mus) {
            mean += mu * counts[mu] / total;
        }
        double var = 0;
        for (int mu : mus) {
            var += (mu - mean) * (mu - mean) * counts[mu];
        }
        double sd = Math.sqrt(var / Math.max(1, total - 1));
        double[] cum = new double[mus.size()];
        double c = 0;
        for (int i = 0; i < mus.size(); i++) {
            c += counts[mus.get(i)];
            cum[i] = c;
        }
        int q25 = searchLeft(cum, Math.floor(total / 4));
        int q75 = searchRight(cum, Math.floor(total * 3 / 4));
        double iqr = mus.get(Math.min(mus.size() - 1, q75)) - mus.get(Math.min(mus.size() - 1, q25));
        return 1.059 * Math.min(iqr / 1.34, sd) * Math.pow(total, -0.2);
    }

    private static int searchLeft(double[] a, double v) {
        int i = 0;
        while (i < a.length && a[i] < v) {
            i++;
        }
        return i;
    }

    private static int searchRight(double[] a, double v) {
        int i = 0;
        while (i < a.length && a[i] <= v) {
            i++;
        }
        return i;
    }

    /** Adds a normal kernel truncated to the grid and discretized to its points (mass of [x-0.5, x+0.5]). */
    private static void add(double[] p, double mu, double sigma, double weight) {
        int n = p.length;
        double z = cdf((n - 1 + 0.5 - mu) / sigma) - cdf((-0.5 - mu) / sigma);
        for (int x = 0; x < n; x++) {
            p[x] += weight * (cdf((x + 0.5 - mu) / sigma) - cdf((x - 0.5 - mu) / sigma)) / z;
        }
    }

    private static double cdf(double x) {
        return 0.5 * (1 + Erf.erf(x / Math.sqrt(2)));
    }

    /** Parameters by importance, most important first (for printing). */
    public static List<Map.Entry<String, Double>> ranked(Map<String, Double> importance) {
        return importance.entrySet().stream().sorted(Map.Entry.<String, Double>comparingByValue(Comparator
                .reverseOrder())).toList();
    }
}
