package io.sweep4j.sampler;

import io.sweep4j.space.CategoricalDistribution;
import io.sweep4j.space.Condition;
import io.sweep4j.space.Distribution;
import io.sweep4j.space.FloatDistribution;
import io.sweep4j.space.IntDistribution;
import io.sweep4j.space.Param;
import io.sweep4j.space.Params;
import io.sweep4j.space.SearchSpace;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * How {@link GpSampler} encodes a trial's parameters as one point of its Gaussian process, as Optuna's GPSampler does
 * for the parameters every trial has: a numeric parameter by its unit value ({@link Distribution#toUnit}: log
 * parameters on their log scale, ints on their range widened by half a step, so each integer owns an equal slice), a
 * categorical one by its choice index (the kernel compares choices by equality).
 *
 * <p>Conditional parameters are dimensions too, unlike in Optuna (which leaves them to an independent sampler): where
 * a trial lacks one, its coordinate takes a fixed value, the middle {@value #INACTIVE} of the unit range for a numeric
 * one and an extra choice for a categorical one, so trials of another branch agree with each other on it and the
 * parent's own dimension tells the branches apart. The model then learns a conditional parameter together with the
 * others (a momentum with its learning rate, whose ratio is what matters). {@link #canonical} applies the same rule
 * to the points the acquisition search visits, so a point never carries a value its parent switches off. Measured
 * with the samplers benchmark's conditional landscapes at 25 trials, 60 seeds (1000-1059) against the GP on the
 * unconditional parameters with TPE drawing the conditional ones: median regret 0.0133 against 0.0168 on cnn7 and
 * 0.0080 against 0.0098 on boost7.
 *
 * <p>Numeric parameters with at most {@value #MAX_GRID} values (ints, stepped floats) keep their grid, searched
 * exhaustively by the local search; larger ones are searched as continuous and rounded when decoded.
 */
final class GpSpace {
    static final int MAX_GRID = 32;
    /** The coordinate of a numeric parameter in a trial where it is inactive. */
    static final double INACTIVE = 0.5;

    private final List<Param> params;
    private final boolean[] categorical;
    private final double[][] grids;
    /** Per dimension, the dimension of the parent whose value switches it on, or -1 for an unconditional one. */
    private final int[] parent;
    private final boolean conditional;

    private GpSpace(List<Param> params) {
        this.params = params;
        int d = params.size();
        this.categorical = new boolean[d];
        this.grids = new double[d][];
        this.parent = new int[d];
        boolean anyConditional = false;
        for (int j = 0; j < d; j++) {
            parent[j] = -1;
            Optional<Condition> condition = params.get(j).condition();
            if (condition.isPresent()) {
                anyConditional = true;
                // the builder adds a condition's parameters after their parent's
                for (int k = 0; k < j; k++) {
                    parent[j] = params.get(k).name().equals(condition.get().parent()) ? k : parent[j];
                }
            }
            Distribution dist = params.get(j).distribution();
            if (dist instanceof CategoricalDistribution c) {
                categorical[j] = true;
                grids[j] = new double[c.choices().size()];
                for (int k = 0; k < grids[j].length; k++) {
                    grids[j][k] = k;
                }
            } else if (gridSize(dist) <= MAX_GRID) {
                List<Object> values = dist.gridValues(MAX_GRID);
                grids[j] = new double[values.size()];
                for (int k = 0; k < grids[j].length; k++) {
                    grids[j][k] = dist.toUnit(values.get(k));
                }
            }
        }
        this.conditional = anyConditional;
    }

    /** Every parameter of {@code space}, in its order. */
    static GpSpace of(SearchSpace space) {
        return new GpSpace(space.params());
    }

    private static long gridSize(Distribution dist) {
        if (dist instanceof IntDistribution i) {
            return (i.high() - i.low()) / i.step() + 1;
        }
        FloatDistribution f = (FloatDistribution) dist;
        return f.step() == null ? Long.MAX_VALUE : Math.round((f.high() - f.low()) / f.step()) + 1;
    }

    int dimensions() {
        return params.size();
    }

    boolean[] categorical() {
        return categorical.clone();
    }

    /** The encoded values a dimension can take, or null for a continuous one. */
    double[] grid(int j) {
        return grids[j];
    }

    /** A trial's point, or null if it lacks one of the parameters (or holds a value outside the space). */
    double[] encode(Params values) {
        Map<String, Object> map = values.asMap();
        double[] point = new double[params.size()];
        for (int j = 0; j < point.length; j++) {
            Param p = params.get(j);
            Object v = map.get(p.name());
            if (v == null && p.condition().isPresent()) {
                point[j] = inactiveCoordinate(j);
                continue;
            }
            if (v == null || !p.distribution().contains(v)) {
                return null;
            }
            point[j] = categorical[j] ? ((CategoricalDistribution) p.distribution()).indexOf(v)
                    : p.distribution().toUnit(v);
        }
        return point;
    }

    /** A point of the unit cube moved onto the encoding: choices indexed, grid values rounded. */
    double[] snap(double[] u) {
        double[] point = new double[u.length];
        for (int j = 0; j < u.length; j++) {
            Distribution dist = params.get(j).distribution();
            if (categorical[j]) {
                point[j] = Math.min(grids[j].length - 1, Math.floor(u[j] * grids[j].length));
            } else if (grids[j] != null) {
                point[j] = dist.toUnit(dist.fromUnit(u[j]));
            } else {
                point[j] = u[j];
            }
        }
        return canonical(point);
    }

    /**
     * {@code point} with the coordinates of the parameters its parents switch off set to their inactive value, and a
     * categorical one its parent switches on moved off the inactive marker to its first choice (in place).
     */
    double[] canonical(double[] point) {
        if (!conditional) {
            return point;
        }
        for (int j = 0; j < point.length; j++) {
            if (parent[j] < 0) {
                continue;
            }
            if (!active(j, point)) {
                point[j] = inactiveCoordinate(j);
            } else if (categorical[j] && point[j] >= grids[j].length) {
                point[j] = 0;
            }
        }
        return point;
    }

    /** Whether dimension {@code j} is active at {@code point}: its parents are, and take a value that opens it. */
    boolean active(int j, double[] point) {
        int p = parent[j];
        if (p < 0) {
            return true;
        }
        if (!active(p, point)) {
            return false;
        }
        return params.get(j).condition().orElseThrow()
                .holds(Params.empty().with(params.get(p).name(), value(p, point[p])));
    }

    private double inactiveCoordinate(int j) {
        return categorical[j] ? grids[j].length : INACTIVE;
    }

    private Object value(int j, double coordinate) {
        Distribution dist = params.get(j).distribution();
        return categorical[j] ? ((CategoricalDistribution) dist).choices().get((int) coordinate)
                : dist.fromUnit(Math.min(1, Math.max(0, coordinate)));
    }

    /** The parameters a point stands for: the active ones. */
    Params decode(double[] point) {
        Params out = Params.empty();
        for (int j = 0; j < point.length; j++) {
            if (active(j, point)) {
                out = out.with(params.get(j).name(), value(j, point[j]));
            }
        }
        return out;
    }
}
