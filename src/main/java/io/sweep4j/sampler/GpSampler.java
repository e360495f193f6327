package io.sweep4j.sampler;

import io.sweep4j.space.Params;
import io.sweep4j.space.SearchSpace;
import io.sweep4j.space.UsageException;
import io.sweep4j.trial.Direction;
import io.sweep4j.trial.FrozenTrial;
import io.sweep4j.trial.History;
import io.sweep4j.trial.Pareto;
import io.sweep4j.trial.TrialState;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.SplittableRandom;

/**
 * Gaussian-process Bayesian optimization for small budgets, after Optuna 4.9's GPSampler: a Matérn-5/2 kernel with a
 * length scale per parameter ({@link MaternKernel}), choices compared by equality, log parameters on their log scale;
 * kernel and noise fitted by maximum a posteriori ({@link GaussianProcess}); the next point maximizes the log expected
 * improvement ({@link LogExpectedImprovement}) over Sobol candidates refined by local search ({@link
 * AcquisitionSearch}). Objective values enter in the study's direction, Yeo-Johnson transformed and standardized
 * ({@link PowerTransform}: a departure from Optuna, which standardizes only; on the three problems below it lowered
 * the median regret at 25 trials on all three, e.g. the mixed one from 0.0205 to 0.0102); the noise variance is
 * fitted, so noisy validation scores are smoothed rather than interpolated.
 *
 * <p><b>Start-up.</b> The first {@code startupTrials} (default 5) finished trials come from the Sobol design, and
 * the GP waits for at least 2 values (two give it a scale; see pruned trials below). Fewer start-up trials than TPE's 8
 * because the GP, with its priors, already models a handful of points usefully, and at small budgets every
 * model-driven trial counts. On Branin, Hartmann-6 and the mixed six-parameter problem of {@code SamplerProblems},
 * seeds 1000-1029, median regret at 25 trials with 5 start-up trials vs 8: 0.0034 vs 0.0068, 0.35 vs 0.29, 0.0102 vs
 * 0.0105 (our TPE: 0.23, 0.91, 0.0129); before the power transform 5 had won all three, and 3, 4, 6 or 10 were no
 * better on 10 seeds.
 *
 * <p><b>Conditional parameters</b> are modelled with the others: a trial that lacks one takes a fixed coordinate for
 * it ({@link GpSpace}), so the GP learns, say, a momentum together with the learning rate it scales; Optuna's
 * GPSampler hands them to an independent sampler instead, which on our conditional benchmark landscapes left the GP's
 * regret at 25 trials about a quarter higher.
 *
 * <p><b>Pruned trials</b> enter the GP as observations no better than the worst completed one: their last reported
 * value, moved up to the worst completed value if it is better, and down to at most half the completed range below it
 * (so one diverged curve cannot flatten the model; a NaN curve takes that floor). As in our TPE, they count towards
 * the start-up and rank below every completed trial. Until two trials have completed there is no such range: pruned
 * trials then enter at their last reported value as it is, and the GP starts once it has two values of any kind,
 * since with an aggressive pruner (ASHA on a CNN) the first hour may complete a single trial, and waiting for two
 * would leave a study of that hour on the Sobol design. Failed trials are ignored.
 *
 * <p><b>Running trials</b> enter as pending observations at the best value seen ("constant liar", the choice Optuna
 * benchmarked for its LogEI): the posterior variance collapses there and the improvement expected is nil, so a second
 * worker looks elsewhere; and a point whose unconditional part equals a running trial's is never proposed (the next
 * best found is, else a uniform draw).
 *
 * <p><b>Cost.</b> The kernel is fitted on at most {@value #FIT_LIMIT} observations and the posterior conditioned on
 * at most {@value #POSTERIOR_LIMIT}: past that the best half is kept and the rest drawn uniformly (seeded); below,
 * all observations count. Measured with {@code GpTiming} on one core: about 60 ms of CPU per proposal at 100 trials
 * and 70 ms at 300 (the budget is 200 ms and 1 s). Randomness comes only from
 * {@link SamplingContext#random}, so a seed reproduces a study run one trial at a time.
 *
 * <p><b>Several objectives</b> as ParEGO (Knowles 2006): each proposal takes its own weights (point n of a seeded
 * Sobol sequence mapped onto the simplex, so trial after trial they cover it evenly) and models one value, the
 * augmented Chebyshev scalarization of the rescaled losses ({@link Chebyshev}), so successive trials aim at
 * different parts of the front and the one-output GP above serves unchanged. The start-up design is 10 trials, as
 * Optuna's GPSampler: the model is refitted to another scalarization at each trial and needs the wider base. On
 * {@code ./sweep bench multiobjective}'s problems at 50 trials (10 seeds, median hypervolume) Sobol weights beat
 * random ones (DTLZ2 12.87 against 12.39, the mixed problem 1.597 against 1.586, ZDT1 6.18 against 6.15), and 10
 * start-up trials beat 5 on DTLZ2's twelve parameters (13.55 against 12.87) and matched them elsewhere. Optuna's
 * GPSampler maximizes the expected hypervolume improvement of one GP per objective instead, a costlier acquisition
 * (a box decomposition of the front per evaluation). Pruned and infeasible trials enter at the worst scalarized
 * value of the feasible completed ones.
 */
public final class GpSampler implements Sampler {
    static final int FIT_LIMIT = 100;
    static final int POSTERIOR_LIMIT = 200;
    private static final int FALLBACK_DRAWS = 32;

    private final long seed;
    private final int startupTrials;
    private final int startupTrialsSeveral;

    GpSampler(long seed, int startupTrials, int startupTrialsSeveral) {
        for (int n : new int[] {startupTrials, startupTrialsSeveral}) {
            if (n < 0) {
                throw new UsageException("gp startupTrials", n, "use 0 or more start-up trials");
            }
        }
        this.seed = seed;
        this.startupTrials = startupTrials;
        this.startupTrialsSeveral = startupTrialsSeveral;
    }

    /** A copy with another seed. */
    public GpSampler seed(long seed) {
        return new GpSampler(seed, startupTrials, startupTrialsSeveral);
    }

    /**
     * How many finished trials come from the Sobol design before the GP takes over (default 5 for one objective and 10
     * for several; at least 2 used); sets both.
     */
    public GpSampler startupTrials(int n) {
        return new GpSampler(seed, n, n);
    }

    @Override
    public Optional<Proposal> propose(SamplingContext context) {
        SearchSpace space = context.space();
        History history = context.history().get();
        GpSpace gpSpace = GpSpace.of(space);
        Observations obs = history.isMultiObjective()
                ? Observations.scalarized(gpSpace, history, context.trialNumber(),
                        Chebyshev.ofSobol(history.directions().size(), seed, context.trialNumber()))
                : Observations.of(gpSpace, history, context.direction(), context.trialNumber());
        int startup = history.isMultiObjective() ? startupTrialsSeveral : startupTrials;
        // two observations give the GP a scale: with one objective they may be pruned trials' last values
        int known = history.isMultiObjective() ? obs.completed() : obs.y().length;
        if (obs.finished() < Math.max(startup, 2) || known < 2 || gpSpace.dimensions() == 0) {
            return Optional.of(Proposal.of(SobolSampler.sample(space, seed, context.trialNumber())));
        }
        SplittableRandom random = context.random(seed, 3);
        int[] posteriorRows = subsample(obs.y(), POSTERIOR_LIMIT, random);
        int[] fitRows = subsample(pick(obs.y(), posteriorRows), FIT_LIMIT, random);
        double[][] x = pick(obs.x(), posteriorRows);
        double[] y = PowerTransform.apply(pick(obs.y(), posteriorRows));
        GaussianProcess fitted = GaussianProcess.fit(pick(x, fitRows), pick(y, fitRows), gpSpace.categorical());
        GaussianProcess gp = GaussianProcess.of(x, y, fitted.kernel(), fitted.noise());
        int bestRow = 0;
        for (int r = 1; r < y.length; r++) {
            bestRow = y[r] > y[bestRow] ? r : bestRow;
        }
        double best = y[bestRow];
        if (obs.pending().length > 0) {
            double[] liars = new double[obs.pending().length];
            Arrays.fill(liars, best);
            gp = gp.with(obs.pending(), liars);
        }
        LogExpectedImprovement acq = new LogExpectedImprovement(gp, best);
        Set<List<Double>> busy = new HashSet<>();
        for (double[] p : obs.pending()) {
            busy.add(key(p));
        }
        Params chosen = null;
        for (AcquisitionSearch.Scored s : AcquisitionSearch.maximize(acq, gpSpace, x[bestRow], random)) {
            if (!busy.contains(key(gpSpace.encode(gpSpace.decode(s.point()))))) {
                chosen = gpSpace.decode(s.point());
                break;
            }
        }
        for (int attempt = 0; chosen == null && attempt < FALLBACK_DRAWS; attempt++) {
            Params drawn = RandomSampler.sample(space, context.random(seed, 100 + attempt));
            chosen = busy.contains(key(gpSpace.encode(drawn))) ? null : drawn;
        }
        if (chosen == null) {
            chosen = RandomSampler.sample(space, context.random(seed, 99));
        }
        return Optional.of(Proposal.of(chosen));
    }

    private static List<Double> key(double[] point) {
        List<Double> k = new ArrayList<>(point.length);
        for (double v : point) {
            k.add(v);
        }
        return k;
    }

    /**
     * Rows to keep of {@code y} (larger is better): all if at most {@code limit}, else the best half of the limit
     * and a uniform draw of the others.
     */
    static int[] subsample(double[] y, int limit, SplittableRandom random) {
        int n = y.length;
        if (n <= limit) {
            int[] all = new int[n];
            Arrays.setAll(all, i -> i);
            return all;
        }
        Integer[] order = new Integer[n];
        Arrays.setAll(order, i -> i);
        Arrays.sort(order, (a, b) -> Double.compare(y[b], y[a]) != 0 ? Double.compare(y[b], y[a]) : a - b);
        int best = limit / 2;
        int[] rows = new int[limit];
        for (int i = 0; i < best; i++) {
            rows[i] = order[i];
        }
        // a partial Fisher-Yates shuffle of the rest
        for (int i = best; i < limit; i++) {
            int j = i + random.nextInt(n - i);
            Integer swap = order[i];
            order[i] = order[j];
            order[j] = swap;
            rows[i] = order[i];
        }
        Arrays.sort(rows);
        return rows;
    }

    private static double[] pick(double[] a, int[] rows) {
        double[] out = new double[rows.length];
        for (int i = 0; i < rows.length; i++) {
            out[i] = a[rows[i]];
        }
        return out;
    }

    private static double[][] pick(double[][] a, int[] rows) {
        double[][] out = new double[rows.length][];
        for (int i = 0; i < rows.length; i++) {
            out[i] = a[rows[i]];
        }
        return out;
    }

    /** Mean 0 and standard deviation 1 (a constant column stays 0). */
    static double[] standardized(double[] y) {
        double mean = Arrays.stream(y).average().orElse(0);
        double var = 0;
        for (double v : y) {
            var += (v - mean) * (v - mean);
        }
        double sd = Math.max(1e-10, Math.sqrt(var / y.length));
        double[] out = new double[y.length];
        for (int i = 0; i < y.length; i++) {
            out[i] = (y[i] - mean) / sd;
        }
        return out;
    }

    /** True: several objectives are scalarized per proposal, as ParEGO does (see the class comment). */
    @Override
    public boolean handlesSeveralObjectives() {
        return true;
    }

    @Override
    public String describe() {
        String several = startupTrialsSeveral == startupTrials ? ""
                : " (" + startupTrialsSeveral + " for several objectives)";
        return "gp(seed=" + seed + ", startup=" + startupTrials + several + " sobol, kernel=matern52-ard, "
                + "values=yeo-johnson, acquisition=logEI, candidates=" + AcquisitionSearch.CANDIDATES + ")";
    }

    /**
     * What the GP learns from: encoded points and values (larger is better) of completed and pruned trials, and the
     * points of running ones.
     */
    record Observations(double[][] x, double[] y, double[][] pending, int completed, int finished) {
        /** A trial the GP learns from, with its encoded point: completed with every value, pruned or running. */
        private record Seen(FrozenTrial trial, double[] point, boolean complete) {
        }

        /**
         * Adds to {@code into} the trials other than {@code currentTrial} the GP learns from, and returns how many of
         * them have finished (those whose parameters do not fit the space too).
         */
        private static int usable(GpSpace space, History history, int currentTrial, List<Seen> into) {
            int finished = 0;
            for (FrozenTrial t : history.trials()) {
                boolean complete = t.state() == TrialState.COMPLETE
                        && t.values().size() == history.directions().size()
                        && t.values().stream().noneMatch(v -> v.isNaN());
                if (t.number() == currentTrial || !(complete || t.state() == TrialState.PRUNED
                        || t.state() == TrialState.RUNNING)) {
                    continue;
                }
                finished += t.state() == TrialState.RUNNING ? 0 : 1;
                double[] point = space.encode(t.params());
                if (point != null) {
                    into.add(new Seen(t, point, complete));
                }
            }
            return finished;
        }

        static Observations of(GpSpace space, History history, Direction direction, int currentTrial) {
            double sign = direction == Direction.MAXIMIZE ? 1 : -1;
            List<double[]> xs = new ArrayList<>();
            List<Double> ys = new ArrayList<>();
            List<double[]> prunedX = new ArrayList<>();
            List<Double> prunedLast = new ArrayList<>();
            List<double[]> pending = new ArrayList<>();
            List<Seen> seen = new ArrayList<>();
            int finished = usable(space, history, currentTrial, seen);
            for (Seen u : seen) {
                FrozenTrial t = u.trial();
                double[] point = u.point();
                if (u.complete()) {
                    xs.add(point);
                    ys.add(sign * t.value());
                } else if (t.state() == TrialState.PRUNED) {
                    prunedX.add(point);
                    prunedLast.add(t.intermediateValues().isEmpty() ? null
                            : sign * t.intermediateValues().get(t.intermediateValues().lastKey()));
                } else {
                    pending.add(point);
                }
            }
            int completed = xs.size();
            double worst = Double.POSITIVE_INFINITY;
            double top = Double.NEGATIVE_INFINITY;
            for (double v : ys) {
                if (Double.isFinite(v)) {
                    worst = Math.min(worst, v);
                    top = Math.max(top, v);
                }
            }
            if (worst == Double.POSITIVE_INFINITY) {
                worst = top = 0;
            }
            for (int i = 0; i < completed; i++) {
                // infinite values as the most extreme finite ones, as Optuna does
                ys.set(i, Math.min(top, Math.max(worst, ys.get(i))));
            }
            double floor = worst - 0.5 * (top > worst ? top - worst : 1);
            for (int i = 0; i < prunedX.size(); i++) {
                Double last = prunedLast.get(i);
                if (completed < 2) {
                    // no completed range to place them under (an ASHA study may complete one trial in its first
                    // hour): they enter at the value they last reported, which compares them fairly with each other
                    // at a rung, and a trial that went further ranks above, as it reported later in its curve
                    if (last != null && Double.isFinite(last)) {
                        xs.add(prunedX.get(i));
                        ys.add(last);
                    }
                    continue;
                }
                double v = last == null ? worst : Double.isNaN(last) ? floor : Math.max(floor, Math.min(worst, last));
                xs.add(prunedX.get(i));
                ys.add(v);
            }
            return new Observations(xs.toArray(double[][]::new), ys.stream().mapToDouble(Double::doubleValue)
                    .toArray(), pending.toArray(double[][]::new), completed, finished);
        }

        /**
         * Several objectives as one value: completed feasible trials by {@code scalarization} (negated, so larger is
         * better); pruned and infeasible ones at the worst of those, as they stand below every feasible completed
         * trial in the front's ranking; running ones pending.
         */
        static Observations scalarized(GpSpace space, History history, int currentTrial, Chebyshev scalarization) {
            int m = history.directions().size();
            boolean constrained = Pareto.isConstrained(history.trials());
            List<double[]> xs = new ArrayList<>();
            List<double[]> losses = new ArrayList<>();
            List<double[]> below = new ArrayList<>();
            List<double[]> pending = new ArrayList<>();
            List<Seen> seen = new ArrayList<>();
            int finished = usable(space, history, currentTrial, seen);
            for (Seen u : seen) {
                FrozenTrial t = u.trial();
                double[] point = u.point();
                if (t.state() == TrialState.RUNNING) {
                    pending.add(point);
                } else if (u.complete() && !(constrained && t.violation() > 0)) {
                    xs.add(point);
                    double[] loss = new double[m];
                    for (int k = 0; k < m; k++) {
                        loss[k] = Pareto.asLoss(t.values().get(k), history.directions().get(k));
                    }
                    losses.add(loss);
                } else {
                    below.add(point);
                }
            }
            double[] s = scalarization.of(losses.toArray(double[][]::new));
            double worst = 0;
            double[] y = new double[xs.size() + below.size()];
            for (int i = 0; i < s.length; i++) {
                y[i] = -s[i];
                worst = Math.min(worst, y[i]);
            }
            Arrays.fill(y, s.length, y.length, worst);
            xs.addAll(below);
            return new Observations(xs.toArray(double[][]::new), y, pending.toArray(double[][]::new), s.length,
                    finished);
        }
    }
}
