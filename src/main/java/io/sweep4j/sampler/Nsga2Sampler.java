package io.sweep4j.sampler;

import io.jenetics.util.RandomRegistry;
import io.sweep4j.space.Params;
import io.sweep4j.space.SearchSpace;
import io.sweep4j.space.UsageException;
import io.sweep4j.trial.Direction;
import io.sweep4j.trial.FrozenTrial;
import io.sweep4j.trial.History;
import io.sweep4j.trial.Pareto;
import io.sweep4j.trial.TrialState;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.random.RandomGenerator;

/**
 * NSGA-II (Deb et al. 2002) for one or several objectives, with Optuna's operators for mixed spaces, driven one trial
 * at a time from the stored history.
 *
 * <p>Generation 0 is a seeded Sobol design of {@code population} trials (Optuna draws it at random). Generation g+1
 * starts once {@code population} trials of generation g have completed; until then extra workers add members to g.
 * The parents of generation g+1 are the survivors ({@link ParetoSurvival}: constrained non-domination rank, then
 * crowding distance, Jenetics' {@code NSGA2Selector}) among the parents of g and the first {@code population}
 * trials of g to complete, in completion order, so that a member of g that ends later changes no parent set already
 * in use. Each child: with probability {@code crossoverRate} a uniform crossover of two parents (each gene from the
 * second with probability {@code swappingRate}), each chosen by a binary tournament under Optuna's constrained
 * dominance ({@link Pareto#constrainedDominates}: a feasible trial beats an infeasible one, two infeasible ones
 * compare by violation); otherwise a copy of one parent. Then each gene is drawn anew (uniformly on the parameter's
 * unit scale, so log-uniformly for a log range, and uniformly over a choice's options) with probability
 * {@code mutationRate}, 1/d by default. These are Optuna's defaults: population 50, crossover 0.9, swap 0.5.
 * One departure: a child whose parameters equal one of its parents' is mutated again (up to ten times), so a trial is not
 * spent on a point already measured.
 *
 * <p>Only completed trials with every value take part (failed and pruned ones never become parents). Like
 * {@link GeneticSampler}, each trial stores its generation, parents and full genome (latent genes of inactive
 * parameters included) in system attributes ({@link Lineage}); everything else is derived from the history and the
 * seed, so a resumed study, or a second process on the same study, continues the same evolution, and child n depends
 * only on the seed, n and the history.
 */
public record Nsga2Sampler(long seed, int population, double crossoverRate, double swappingRate,
                           double mutationRate) implements Sampler {

    public Nsga2Sampler {
        if (population < 2) {
            throw new UsageException("nsga2 population", population, "use a population of at least 2");
        }
        checkRate("nsga2 crossoverRate", crossoverRate);
        checkRate("nsga2 swappingRate", swappingRate);
        if (!Double.isNaN(mutationRate)) {
            checkRate("nsga2 mutationRate", mutationRate);
        }
    }

    private static void checkRate(String field, double rate) {
        if (!(rate >= 0 && rate <= 1)) {
            throw new UsageException(field, rate, "give a probability between 0 and 1");
        }
    }

    /** Trials per generation, and parents kept (default 50). */
    public Nsga2Sampler population(int size) {
        return new Nsga2Sampler(seed, size, crossoverRate, swappingRate, mutationRate);
    }

    /** Probability that a child is a crossover of two parents rather than a copy of one (default 0.9). */
    public Nsga2Sampler crossoverRate(double p) {
        return new Nsga2Sampler(seed, population, p, swappingRate, mutationRate);
    }

    /** Probability that each gene comes from the second parent in a crossover (default 0.5). */
    public Nsga2Sampler swappingRate(double p) {
        return new Nsga2Sampler(seed, population, crossoverRate, p, mutationRate);
    }

    /** Probability that each gene is drawn anew (default 1 / number of parameters). */
    public Nsga2Sampler mutationRate(double p) {
        return new Nsga2Sampler(seed, population, crossoverRate, swappingRate, p);
    }

    /** NSGA-II ranks trials by every objective of the study. */
    @Override
    public boolean handlesSeveralObjectives() {
        return true;
    }

    @Override
    public Optional<Proposal> propose(SamplingContext context) {
        SearchSpace space = context.space();
        History history = context.history().get();
        List<Direction> directions = history.directions();
        // completed trials with every value, by generation, in the order they ended
        TreeMap<Integer, List<FrozenTrial>> byGeneration = new TreeMap<>();
        history.trials().stream()
                .filter(t -> t.number() != context.trialNumber() && t.state() == TrialState.COMPLETE
                        && t.values().size() == directions.size())
                .sorted(FrozenTrial.BY_END)
                .forEach(t -> byGeneration.computeIfAbsent(Lineage.generation(t), k -> new ArrayList<>()).add(t));
        int latest = byGeneration.isEmpty() ? 0 : byGeneration.lastKey();
        int generation = byGeneration.getOrDefault(latest, List.of()).size() >= population ? latest + 1 : latest;
        List<FrozenTrial> parents = parents(byGeneration, generation, directions);
        if (parents.size() < 2) {
            return Optional.of(Lineage.proposal(space, Lineage.design(space, seed, context.trialNumber()), generation,
                    List.of()));
        }
        // Jenetics' operators draw from RandomRegistry: point it at this trial's stream for the duration
        return Optional.of(RandomRegistry.with(context.random(seed, 5),
                r -> breed(space, directions, parents, generation, r)));
    }

    /** The parents of {@code generation}: empty for generation 0. */
    private List<FrozenTrial> parents(Map<Integer, List<FrozenTrial>> byGeneration, int generation,
                                      List<Direction> directions) {
        List<List<FrozenTrial>> generations = new ArrayList<>();
        for (int k = 0; k < generation; k++) {
            List<FrozenTrial> members = byGeneration.getOrDefault(k, List.of());
            generations.add(members.subList(0, Math.min(population, members.size())));
        }
        return ParetoSurvival.afterGenerations(generations, directions, population);
    }

    private Proposal breed(SearchSpace space, List<Direction> directions, List<FrozenTrial> parents, int generation,
                           RandomGenerator random) {
        Genome child;
        List<FrozenTrial> bredFrom;
        if (random.nextDouble() < crossoverRate) {
            int a = tournament(parents, -1, directions, random);
            int b = tournament(parents, a, directions, random);
            bredFrom = List.of(parents.get(a), parents.get(b));
            Genome x = Lineage.genome(space, parents.get(a));
            Genome y = Lineage.genome(space, parents.get(b));
            child = new Genome(x.numeric() == null ? null : BreedingOperators.swap(x.numeric(), y.numeric(),
                    swappingRate), x.categorical() == null ? null : BreedingOperators.swap(x.categorical(),
                    y.categorical(), swappingRate));
        } else {
            bredFrom = List.of(parents.get(random.nextInt(parents.size())));
            child = Lineage.genome(space, bredFrom.get(0));
        }
        double rate = Double.isNaN(mutationRate) ? 1.0 / Math.max(1, space.size()) : mutationRate;
        Set<Params> known = new HashSet<>();
        bredFrom.forEach(t -> known.add(t.params()));
        for (int attempt = 0; attempt < 10; attempt++) {
            child = new Genome(
                    child.numeric() == null ? null : BreedingOperators.reset(child.numeric(), rate, random),
                    child.categorical() == null ? null : BreedingOperators.reset(child.categorical(), rate, random));
            if (!known.contains(child.decode(space))) {
                break;
            }
        }
        return Lineage.proposal(space, child, generation, bredFrom.stream().map(FrozenTrial::number).toList());
    }

    /**
     * Optuna's binary tournament among the parents other than {@code excluded} (-1 for none): the first of two random
     * draws wins only if it constrained-dominates the second. Returns the winner's index in {@code pool}.
     */
    private static int tournament(List<FrozenTrial> pool, int excluded, List<Direction> directions,
                                  RandomGenerator r) {
        int size = excluded < 0 ? pool.size() : pool.size() - 1;
        int first = r.nextInt(size);
        int second = r.nextInt(size);
        // skip the excluded index, so the draw is uniform over the others
        first += excluded >= 0 && first >= excluded ? 1 : 0;
        second += excluded >= 0 && second >= excluded ? 1 : 0;
        return Pareto.constrainedDominates(pool.get(first), pool.get(second), directions) ? first : second;
    }

    @Override
    public String describe() {
        return "nsga2(seed=" + seed + ", population=" + population + ", crossover=" + crossoverRate + ", swap="
                + swappingRate + ", mutation=" + (Double.isNaN(mutationRate) ? "1/d" : mutationRate) + ")";
    }
}
