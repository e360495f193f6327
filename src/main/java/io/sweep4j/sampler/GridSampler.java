package io.sweep4j.sampler;

import io.sweep4j.space.Param;
import io.sweep4j.space.Params;
import io.sweep4j.space.SearchSpace;
import io.sweep4j.space.UsageException;
import io.sweep4j.trial.Attributes;
import io.sweep4j.trial.FrozenTrial;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.SplittableRandom;

/**
 * Tries every combination of the grid exactly once, in a seeded order, then reports exhaustion.
 *
 * <p>Floats without a step are cut into {@code points} values (log-spaced for log ranges). Conditional parameters
 * only multiply the grid where they are active. Each trial stores its grid position, unique in the study (the
 * storage stores a point only if no other trial holds it), so several workers and a restarted process never repeat a
 * point.
 */
public final class GridSampler implements Sampler {
    /** Past this many points the grid would not fit in memory; a random or TPE sampler is the right tool. */
    static final int MAX_POINTS = 5_000_000;

    private final Long seed;
    private final int floatPoints;
    private SearchSpace builtFor;
    private List<Params> grid;

    GridSampler(Long seed, int floatPoints) {
        if (floatPoints < 1) {
            throw new UsageException("grid points", floatPoints, "give at least 1 point per float parameter");
        }
        this.seed = seed;
        this.floatPoints = floatPoints;
    }

    /** The same grid visited in an order shuffled by {@code seed}. */
    public GridSampler shuffled(long seed) {
        return new GridSampler(seed, floatPoints);
    }

    /** How many values each float range without a step is cut into. */
    public GridSampler points(int points) {
        return new GridSampler(seed, points);
    }

    /** Every point of the grid over {@code space}, in visiting order. */
    public synchronized List<Params> points(SearchSpace space) {
        if (!space.equals(builtFor)) {
            List<Params> all = new ArrayList<>();
            enumerate(space.params(), 0, Params.empty(), all);
            if (seed != null) {
                SplittableRandom r = new SplittableRandom(seed);
                for (int i = all.size() - 1; i > 0; i--) {
                    int j = r.nextInt(i + 1);
                    Params t = all.get(i);
                    all.set(i, all.get(j));
                    all.set(j, t);
                }
            }
            grid = List.copyOf(all);
            builtFor = space;
        }
        return grid;
    }

    private void enumerate(List<Param> params, int i, Params sofar, List<Params> out) {
        if (out.size() > MAX_POINTS) {
            throw new UsageException("grid size", "> " + MAX_POINTS, "the grid is too large to enumerate; give float"
                    + " ranges a coarser step or fewer points, or use a random, Sobol or TPE sampler");
        }
        if (i == params.size()) {
            out.add(sofar);
            return;
        }
        Param p = params.get(i);
        if (!p.isActive(sofar)) {
            enumerate(params, i + 1, sofar, out);
            return;
        }
        for (Object v : p.distribution().gridValues(floatPoints)) {
            enumerate(params, i + 1, sofar.with(p.name(), v), out);
        }
    }

    @Override
    public Optional<Proposal> propose(SamplingContext context) {
        List<Params> points = points(context.space());
        BitSet taken = new BitSet(points.size());
        for (FrozenTrial t : context.history().get().trials()) {
            Object id = t.systemAttributes().get(Attributes.GRID_ID);
            if (id instanceof Number n) {
                taken.set(n.intValue());
            }
        }
        int next = taken.nextClearBit(0);
        if (next >= points.size()) {
            return Optional.empty();
        }
        return Optional.of(new Proposal(points.get(next), Map.of(Attributes.GRID_ID, next)));
    }

    @Override
    public Set<String> uniqueAttributes() {
        return Set.of(Attributes.GRID_ID);
    }

    /** True: it never reads the trials' values, so any number of objectives is the same to it. */
    @Override
    public boolean handlesSeveralObjectives() {
        return true;
    }

    @Override
    public String describe() {
        return "grid(points=" + floatPoints + (seed == null ? "" : ", seed=" + seed) + ")";
    }
}
