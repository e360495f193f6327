package io.sweep4j.sampler;

import io.sweep4j.space.CategoricalDistribution;
import io.sweep4j.space.Distribution;
import io.sweep4j.space.FloatDistribution;
import io.sweep4j.space.IntDistribution;
import io.sweep4j.space.Param;
import io.sweep4j.space.Params;
import io.sweep4j.space.SearchSpace;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * How {@link GpSampler} encodes the parameters its Gaussian process models (the unconditional ones, active in every
 * trial) as one point per trial, as Optuna's GPSampler does: a numeric parameter by its unit value ({@link
 * Distribution#toUnit}: log parameters on their log scale, ints on their range widened by half a step, so each
 * integer owns an equal slice), a categorical one by its choice index (the kernel compares choices by equality).
 *
 * <p>Numeric parameters with at most {@value #MAX_GRID} values (ints, stepped floats) keep their grid, searched
 * exhaustively by the local search; larger ones are searched as continuous and rounded when decoded.
 */
final class GpSpace {
    static final int MAX_GRID = 32;

    private final List<Param> params;
    private final boolean[] categorical;
    private final double[][] grids;

    private GpSpace(List<Param> params) {
        this.params = params;
        int d = params.size();
        this.categorical = new boolean[d];
        this.grids = new double[d][];
        for (int j = 0; j < d; j++) {
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
    }

    /** The unconditional parameters of {@code space}, in its order. */
    static GpSpace of(SearchSpace space) {
        List<Param> unconditional = new ArrayList<>();
        for (Param p : space.params()) {
            if (p.condition().isEmpty()) {
                unconditional.add(p);
            }
        }
        return new GpSpace(List.copyOf(unconditional));
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
        return point;
    }

    /** The parameters a point stands for. */
    Params decode(double[] point) {
        Params out = Params.empty();
        for (int j = 0; j < point.length; j++) {
            Param p = params.get(j);
            Object v = categorical[j] ? ((CategoricalDistribution) p.distribution()).choices().get((int) point[j])
                    : p.distribution().fromUnit(Math.min(1, Math.max(0, point[j])));
            out = out.with(p.name(), v);
        }
        return out;
    }
}
