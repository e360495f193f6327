package io.sweep4j.sampler;

/** Entry point of the DSL for samplers: {@code Samplers.random(42)}, {@code Samplers.grid()}, ... */
public final class Samplers {
    private Samplers() {
    }

    /** Independent uniform draws; trial n's parameters depend only on {@code seed} and n. */
    public static RandomSampler random(long seed) {
        return new RandomSampler(seed);
    }

    /** Independent uniform draws with a fixed default seed. */
    public static RandomSampler random() {
        return new RandomSampler(0);
    }

    /** Every combination once, floats without a step cut into 5 points; see {@link GridSampler#points(int)}. */
    public static GridSampler grid() {
        return new GridSampler(null, 5);
    }

    /** Tree-structured Parzen Estimator with a fixed default seed; see {@link TpeSampler} for its options. */
    public static TpeSampler tpe() {
        return tpe(0);
    }

    /**
     * Tree-structured Parzen Estimator: 8 Sobol start-up trials, 24 candidates, prior weight 0.5, multivariate
     * kernels for one objective (independent ones for several), constant liar for running trials (why these:
     * {@link TpeSampler}). Tune with e.g. {@code Samplers.tpe(42).startupTrials(20).candidates(48)}.
     */
    public static TpeSampler tpe(long seed) {
        return new TpeSampler(seed, 8, 24, 0.5, true, TpeSampler.Kernels.BY_OBJECTIVES, true);
    }

    /**
     * Genetic search (Jenetics operators): steady-state, population 12, tournaments of 4, crossover 0.9, Gaussian
     * mutation of width 0.15 at rate 1/d, fixed default seed (why these: {@link GeneticSampler}); e.g.
     * {@code Samplers.genetic().population(32).seed(7).generational()}.
     */
    public static GeneticSampler genetic() {
        return new GeneticSampler(0, 12, 0.9, Double.NaN, 0.15, 4, true);
    }

    /**
     * The GP while the study is small, then TPE: the switch after {@value AutoSampler#SWITCH_AT} finished trials is
     * measured in {@code sweep bench samplers} (see {@link AutoSampler}); e.g. {@code Samplers.auto(42).switchAt(40)}.
     */
    public static AutoSampler auto(long seed) {
        return new AutoSampler(seed, AutoSampler.SWITCH_AT);
    }

    /** Quasi-random Sobol points, digitally shifted by {@code seed}; trial n takes point n. */
    public static SobolSampler sobol(long seed) {
        return new SobolSampler(seed);
    }

    /**
     * NSGA-II for one or several objectives, with Optuna's defaults (population 50, uniform crossover 0.9, mutation
     * 1/d, constrained domination); e.g. {@code Samplers.nsga2(42).population(20)}. See {@link Nsga2Sampler}.
     */
    public static Nsga2Sampler nsga2(long seed) {
        return new Nsga2Sampler(seed, 50, 0.9, 0.5, Double.NaN);
    }

    /**
     * Gaussian-process Bayesian optimization, for budgets of tens of trials: 5 Sobol start-up trials (10 with several
     * objectives, which it scalarizes per proposal as ParEGO), Matérn-5/2
     * kernel with a length scale per parameter, kernel and noise fitted by maximum a posteriori, log expected
     * improvement maximized over 1024 Sobol candidates and local search, running trials as constant liars at the
     * best value (why these and how conditional and pruned trials count: {@link GpSampler}); e.g. {@code
     * Samplers.gp(42).startupTrials(5)}.
     */
    public static GpSampler gp(long seed) {
        return new GpSampler(seed, 5, 10);
    }
}
