package io.sweep4j.sampler;

import io.jenetics.Genotype;
import io.jenetics.IntegerChromosome;
import io.jenetics.IntegerGene;
import io.jenetics.Optimize;
import io.jenetics.Phenotype;
import io.jenetics.ext.moea.ElementComparator;
import io.jenetics.ext.moea.ElementDistance;
import io.jenetics.ext.moea.NSGA2Selector;
import io.jenetics.util.ISeq;
import io.sweep4j.trial.Direction;
import io.sweep4j.trial.FrozenTrial;
import io.sweep4j.trial.Pareto;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;

/**
 * NSGA-II's survival: the next parent population is the best {@code size} trials by constrained non-domination rank
 * ({@link Pareto#fronts}, Optuna's rule), the front that does not fit whole cut by crowding distance with Jenetics'
 * {@link NSGA2Selector}.
 *
 * <p>The selector gets that one front, not every candidate: Jenetics computes crowding distances over the whole set
 * it is handed, while Deb's NSGA-II (and Optuna's) computes them within the front being cut, so that a front member's
 * neighbours are its own front's. Inside one front no trial dominates another, so the selector's ranks (from a
 * dominance built on {@link Pareto#constrainedDominates}) are all equal and its order is the crowding order.
 */
final class ParetoSurvival {
    /**
     * Parent sets by what decides them: each generation's members' numbers, values and constraints, in order. A
     * generation's parents are fixed once it starts, yet every proposal derives them again from the history:
     * remembering the answer keeps a proposal's cost from growing with the square of the population times the
     * generations. Only a cache: the answer is the same without it.
     */
    private static final int REMEMBERED = 256;
    private static final Map<Key, int[]> PARENTS = remembering();
    /**
     * The same answers by the trials' identities, checked first: finished trials never change, and the storages hand
     * out one object per finished trial for as long as a process runs, so the same objects mean the same key, found
     * without reading every trial's values again.
     */
    private static final Map<SameTrials, int[]> PARENTS_OF_SAME_TRIALS = remembering();

    private static <K> Map<K, int[]> remembering() {
        return Collections.synchronizedMap(new LinkedHashMap<>(64, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<K, int[]> eldest) {
                return size() > REMEMBERED;
            }
        });
    }

    /** Size, directions, generation sizes and the trials themselves, compared by reference. */
    private record SameTrials(int size, List<Direction> directions, int[] generationSizes, FrozenTrial[] trials) {
        static SameTrials of(List<List<FrozenTrial>> generations, List<Direction> directions, int size,
                             List<FrozenTrial> all) {
            return new SameTrials(size, List.copyOf(directions), generations.stream().mapToInt(List::size).toArray(),
                    all.toArray(FrozenTrial[]::new));
        }

        @Override
        public boolean equals(Object o) {
            if (!(o instanceof SameTrials k) || k.size != size || !k.directions.equals(directions)
                    || !Arrays.equals(k.generationSizes, generationSizes) || k.trials.length != trials.length) {
                return false;
            }
            for (int i = 0; i < trials.length; i++) {
                if (k.trials[i] != trials[i]) {
                    return false;
                }
            }
            return true;
        }

        @Override
        public int hashCode() {
            int h = 31 * size + Arrays.hashCode(generationSizes);
            for (FrozenTrial t : trials) {
                h = 31 * h + System.identityHashCode(t);
            }
            return h;
        }
    }

    /** Size, directions, then per generation its member count and each member's number, values and constraints. */
    private record Key(long[] bits) {
        static Key of(List<List<FrozenTrial>> generations, List<Direction> directions, int size) {
            int length = 2 + directions.size();
            for (List<FrozenTrial> members : generations) {
                length += 1 + members.size() * (2 + directions.size());
            }
            long[] bits = new long[length];
            int i = 0;
            bits[i++] = size;
            bits[i++] = directions.size();
            for (Direction d : directions) {
                bits[i++] = d.ordinal();
            }
            for (List<FrozenTrial> members : generations) {
                bits[i++] = members.size();
                for (FrozenTrial t : members) {
                    bits[i++] = t.number();
                    for (double v : t.values()) {
                        bits[i++] = Double.doubleToLongBits(v);
                    }
                    List<Double> constraints = t.constraints().orElse(null);
                    if (constraints == null) {
                        bits[i++] = -1;
                    } else {
                        bits = Arrays.copyOf(bits, bits.length + constraints.size());
                        bits[i++] = constraints.size();
                        for (double c : constraints) {
                            bits[i++] = Double.doubleToLongBits(c);
                        }
                    }
                }
            }
            return new Key(bits);
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Key k && Arrays.equals(bits, k.bits);
        }

        @Override
        public int hashCode() {
            return Arrays.hashCode(bits);
        }
    }

    private ParetoSurvival() {
    }

    /**
     * The {@code size} parents left after {@code generations} in turn: generation k's members join the survivors of
     * generation k - 1 (none before generation 0) and {@link #select} keeps {@code size} of them.
     */
    static List<FrozenTrial> afterGenerations(List<List<FrozenTrial>> generations, List<Direction> directions,
                                              int size) {
        if (generations.isEmpty()) {
            return List.of();
        }
        List<FrozenTrial> all = new ArrayList<>();
        generations.forEach(all::addAll);
        SameTrials same = SameTrials.of(generations, directions, size, all);
        int[] chosen = PARENTS_OF_SAME_TRIALS.get(same);
        if (chosen != null) {
            return pick(all, chosen);
        }
        Key key = Key.of(generations, directions, size);
        chosen = PARENTS.get(key);
        if (chosen == null) {
            Map<FrozenTrial, Integer> index = new IdentityHashMap<>();
            for (int i = 0; i < all.size(); i++) {
                index.put(all.get(i), i);
            }
            // the generations before the last are the previous generation's key: usually remembered
            List<FrozenTrial> candidates = new ArrayList<>(generations.size() <= 1 ? List.of()
                    : afterGenerations(generations.subList(0, generations.size() - 1), directions, size));
            candidates.addAll(generations.get(generations.size() - 1));
            chosen = select(candidates, directions, size).stream().mapToInt(index::get).toArray();
            PARENTS.put(key, chosen);
        }
        PARENTS_OF_SAME_TRIALS.put(same, chosen);
        return pick(all, chosen);
    }

    private static List<FrozenTrial> pick(List<FrozenTrial> all, int[] chosen) {
        List<FrozenTrial> out = new ArrayList<>(chosen.length);
        for (int i : chosen) {
            out.add(all.get(i));
        }
        return out;
    }

    /** The {@code size} survivors of {@code candidates} (completed trials with every value), in rank order. */
    static List<FrozenTrial> select(List<FrozenTrial> candidates, List<Direction> directions, int size) {
        List<FrozenTrial> elite = new ArrayList<>();
        for (List<FrozenTrial> front : Pareto.fronts(candidates, directions)) {
            int room = size - elite.size();
            if (front.size() <= room) {
                elite.addAll(front);
            } else {
                elite.addAll(leastCrowded(front, directions, room));
            }
            if (elite.size() >= size) {
                break;
            }
        }
        return elite;
    }

    /** A trial as a Jenetics fitness: its values as losses; compared by Optuna's constrained dominance. */
    private record Fitness(FrozenTrial trial, double[] loss, List<Direction> directions)
            implements Comparable<Fitness> {

        static Fitness of(FrozenTrial t, List<Direction> directions) {
            double[] loss = new double[directions.size()];
            for (int k = 0; k < loss.length; k++) {
                loss[k] = Pareto.asLoss(t.values().get(k), directions.get(k));
            }
            return new Fitness(t, loss, directions);
        }

        /** Positive when this trial constrained-dominates the other (Jenetics' dominance convention). */
        @Override
        public int compareTo(Fitness other) {
            if (Pareto.constrainedDominates(trial, other.trial, directions)) {
                return 1;
            }
            return Pareto.constrainedDominates(other.trial, trial, directions) ? -1 : 0;
        }
    }

    private static final ElementComparator<Fitness> BY_OBJECTIVE = (u, v, k) -> Double.compare(v.loss[k], u.loss[k]);

    /** Distance along one objective; infinite losses (a value of ±inf) count as far, not as NaN. */
    private static final ElementDistance<Fitness> DISTANCE = (u, v, k) -> {
        double d = u.loss[k] == v.loss[k] ? 0 : Math.abs(u.loss[k] - v.loss[k]);
        return Double.isFinite(d) ? d : Double.MAX_VALUE;
    };

    private static List<FrozenTrial> leastCrowded(List<FrozenTrial> front, List<Direction> directions, int count) {
        if (count <= 0) {
            return List.of();
        }
        // the genotype only carries the trial's index in the front; the fitness is what the selector reads
        ISeq<Phenotype<IntegerGene, Fitness>> population = ISeq.of(IntStream.range(0, front.size())
                .mapToObj(i -> Phenotype.<IntegerGene, Fitness>of(
                        Genotype.of(IntegerChromosome.of(IntegerGene.of(i, 0, front.size()))), 0,
                        Fitness.of(front.get(i), directions)))
                .toList());
        NSGA2Selector<IntegerGene, Fitness> selector = new NSGA2Selector<>(Fitness::compareTo, BY_OBJECTIVE,
                DISTANCE, f -> f.loss().length);
        return selector.select(population, count, Optimize.MAXIMUM).stream()
                .map(p -> p.fitness().trial())
                .toList();
    }
}
