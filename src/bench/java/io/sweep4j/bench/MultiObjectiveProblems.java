package io.sweep4j.bench;

import io.sweep4j.space.Params;
import io.sweep4j.space.SearchSpace;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * The problems {@link MultiObjectiveBenchmark} optimizes, all objectives minimized, each with the fixed reference
 * point its hypervolume is measured from: ZDT1, ZDT2, ZDT3 (Zitzler, Deb and Thiele 2000), DTLZ2 with three
 * objectives and 12 variables (Deb et al. 2002), and a mixed space of our own standing in for a network's
 * error-versus-cost trade-off (log float, log int, two choices, a float). Mirrored in
 * {@code src/bench/python/optuna_multiobjective.py}: the two must stay identical.
 */
final class MultiObjectiveProblems {
    private MultiObjectiveProblems() {
    }

    /** A problem: its space, its objectives (all minimized) and the reference point of its hypervolume. */
    record Problem(String name, SearchSpace space, Function<Params, List<Double>> objectives, double[] reference) {
        int objectiveCount() {
            return reference.length;
        }
    }

    static final String[] OPTIMIZERS = {"sgd", "momentum", "adam", "rmsprop"};
    /** Mixed problem: best log10(lr) per optimizer (at width 128), and fixed error terms per optimizer. */
    static final double[] LR_OPT = {-1.0, -1.7, -3.0, -2.7};
    static final double[] OPT_ERROR = {0.06, 0.03, 0.0, 0.01};
    static final String[] ACTIVATIONS = {"relu", "tanh", "elu"};
    static final double[] ACT_ERROR = {0.0, 0.04, 0.01};
    static final double[] ACT_COST = {0.0, 0.03, 0.06};

    /** ZDT references: beyond f1's range and above the f2 a random design reaches on 10 variables. */
    static final double[] ZDT_REFERENCE = {1.1, 6.0};
    static final double[] DTLZ2_REFERENCE = {2.5, 2.5, 2.5};
    static final double[] MIXED_REFERENCE = {1.5, 1.2};

    static List<Problem> all(int zdtVariables) {
        SearchSpace zdtSpace = unitCube(zdtVariables);
        SearchSpace mixed = SearchSpace.builder()
                .logFloat("lr", 1e-5, 1e-1)
                .logInt("width", 8, 1024)
                .choice("optimizer", (Object[]) OPTIMIZERS)
                .choice("activation", (Object[]) ACTIVATIONS)
                .floatRange("dropout", 0.0, 0.5)
                .build();
        return List.of(
                new Problem("ZDT1", zdtSpace, p -> zdt(1, x(p, zdtVariables)), ZDT_REFERENCE),
                new Problem("ZDT2", zdtSpace, p -> zdt(2, x(p, zdtVariables)), ZDT_REFERENCE),
                new Problem("ZDT3", zdtSpace, p -> zdt(3, x(p, zdtVariables)), ZDT_REFERENCE),
                new Problem("DTLZ2", unitCube(12), p -> dtlz2(x(p, 12), 3), DTLZ2_REFERENCE),
                new Problem("mixed", mixed, MultiObjectiveProblems::mixed, MIXED_REFERENCE));
    }

    private static SearchSpace unitCube(int n) {
        SearchSpace.Builder b = SearchSpace.builder();
        for (int i = 0; i < n; i++) {
            b.floatRange("x" + i, 0, 1);
        }
        return b.build();
    }

    private static double[] x(Params p, int n) {
        double[] x = new double[n];
        for (int i = 0; i < n; i++) {
            x[i] = p.getDouble("x" + i);
        }
        return x;
    }

    static List<Double> zdt(int kind, double[] x) {
        double f1 = x[0];
        double sum = 0;
        for (int i = 1; i < x.length; i++) {
            sum += x[i];
        }
        double g = 1 + 9 * sum / (x.length - 1);
        double r = f1 / g;
        double h = switch (kind) {
            case 1 -> 1 - Math.sqrt(r);
            case 2 -> 1 - r * r;
            default -> 1 - Math.sqrt(r) - r * Math.sin(10 * Math.PI * f1);
        };
        return List.of(f1, g * h);
    }

    static List<Double> dtlz2(double[] x, int m) {
        double g = 0;
        for (int i = m - 1; i < x.length; i++) {
            g += (x[i] - 0.5) * (x[i] - 0.5);
        }
        List<Double> f = new ArrayList<>();
        for (int i = 0; i < m; i++) {
            double v = 1 + g;
            for (int j = 0; j < m - 1 - i; j++) {
                v *= Math.cos(x[j] * Math.PI / 2);
            }
            if (i > 0) {
                v *= Math.sin(x[m - 1 - i] * Math.PI / 2);
            }
            f.add(v);
        }
        return f;
    }

    /** Error falls with width and a learning rate matched to the optimizer; cost rises with width. */
    static List<Double> mixed(Params p) {
        int o = List.of(OPTIMIZERS).indexOf(p.getString("optimizer"));
        int a = List.of(ACTIVATIONS).indexOf(p.getString("activation"));
        double w = Math.log(p.getLong("width")) / Math.log(2);
        double d = Math.log10(p.getDouble("lr")) - LR_OPT[o] + 0.1 * (w - 7);
        double dropout = p.getDouble("dropout") - 0.2 - 0.02 * w;
        double error = 0.05 + 0.05 * d * d + 0.6 / w + OPT_ERROR[o] + ACT_ERROR[a] + 0.3 * dropout * dropout;
        double cost = (w - 3) / 7 + ACT_COST[a] + 0.02 * o;
        return List.of(error, cost);
    }
}
