package io.sweep4j.sampler;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sweep4j.space.Params;
import io.sweep4j.space.SearchSpace;
import io.sweep4j.trial.Direction;
import io.sweep4j.trial.FrozenTrial;
import io.sweep4j.trial.History;
import io.sweep4j.trial.TrialState;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.function.ToDoubleFunction;
import org.apache.commons.math3.distribution.NormalDistribution;
import org.junit.jupiter.api.Test;

/** The Gaussian-process sampler: its posterior, its kernel, its acquisition, and what a study gets from it. */
class GpSamplerTest {
    private static final SearchSpace BRANIN = SearchSpace.builder()
            .floatRange("x1", -5, 10).floatRange("x2", 0, 15).build();
    private static final double BRANIN_MIN = 0.397887;

    static double branin(Params p) {
        double x1 = p.getDouble("x1");
        double x2 = p.getDouble("x2");
        double b = 5.1 / (4 * Math.PI * Math.PI);
        double c = 5 / Math.PI;
        double t = 1 / (8 * Math.PI);
        return Math.pow(x2 - b * x1 * x1 + c * x1 - 6, 2) + 10 * (1 - t) * Math.cos(x1) + 10;
    }

    @Test
    void thePosteriorOfTwoObservationsIsTheClosedFormOne() {
        // 1-d, length scale 1/2 (λ = 4), scale 2, noise 0.1, observations y(0) = 1, y(0.5) = -1
        double scale = 2;
        double noise = 0.1;
        MaternKernel kernel = new MaternKernel(new double[] {4}, scale, new boolean[] {false});
        GaussianProcess gp = GaussianProcess.of(new double[][] {{0}, {0.5}}, new double[] {1, -1}, kernel, noise);
        // Matérn-5/2 at distance r, r² = λ d²: (1 + √5 r + 5/3 r²) exp(-√5 r)
        double k01 = scale * (1 + Math.sqrt(5) + 5.0 / 3) * Math.exp(-Math.sqrt(5)); // d = 0.5: r = 1
        double r = Math.sqrt(4 * 0.2 * 0.2); // x* = 0.2: distance 0.2 to the first point
        double kA = scale * (1 + Math.sqrt(5) * r + 5.0 / 3 * r * r) * Math.exp(-Math.sqrt(5) * r);
        double r2 = Math.sqrt(4 * 0.3 * 0.3); // and 0.3 to the second
        double kB = scale * (1 + Math.sqrt(5) * r2 + 5.0 / 3 * r2 * r2) * Math.exp(-Math.sqrt(5) * r2);
        // C = [[s + n, k01], [k01, s + n]], C⁻¹ = [[s + n, -k01], [-k01, s + n]] / det
        double a = scale + noise;
        double det = a * a - k01 * k01;
        double w1 = (a * 1 - k01 * -1) / det;
        double w2 = (-k01 * 1 + a * -1) / det;
        double mean = kA * w1 + kB * w2;
        double variance = scale - (kA * (a * kA - k01 * kB) + kB * (-k01 * kA + a * kB)) / det;
        double[] out = new double[2];
        gp.posterior(new double[] {0.2}, out);
        assertEquals(mean, out[0], 1e-12);
        assertEquals(variance, out[1], 1e-12);
        // far from the data the prior returns: mean 0, variance = scale
        gp.posterior(new double[] {50}, out);
        assertEquals(0, out[0], 1e-9);
        assertEquals(scale, out[1], 1e-9);
    }

    @Test
    void thePosteriorGradientsAreTheDerivativesOfMeanAndVariance() {
        SplittableRandom random = new SplittableRandom(3);
        double[][] x = new double[12][];
        double[] y = new double[12];
        for (int i = 0; i < x.length; i++) {
            x[i] = new double[] {random.nextDouble(), random.nextDouble(), random.nextInt(3)};
            y[i] = Math.sin(5 * x[i][0]) + x[i][1] * x[i][2];
        }
        boolean[] categorical = {false, false, true};
        GaussianProcess gp = GaussianProcess.of(x, y, new MaternKernel(new double[] {3, 0.5, 1}, 1.3, categorical),
                0.01);
        LogExpectedImprovement acq = new LogExpectedImprovement(gp, 1.0);
        double[] point = {0.37, 0.61, 1};
        double[] out = new double[2];
        double[] dMean = new double[3];
        double[] dVar = new double[3];
        double[] dAcq = new double[3];
        gp.posterior(point, out, dMean, dVar);
        acq.valueAndGradient(point, dAcq);
        double h = 1e-6;
        for (int j = 0; j < 2; j++) {
            double[] up = point.clone();
            double[] down = point.clone();
            up[j] += h;
            down[j] -= h;
            double[] o1 = new double[2];
            double[] o2 = new double[2];
            gp.posterior(up, o1);
            gp.posterior(down, o2);
            assertEquals((o1[0] - o2[0]) / (2 * h), dMean[j], 1e-5, "d mean / dx" + j);
            assertEquals((o1[1] - o2[1]) / (2 * h), dVar[j], 1e-5, "d variance / dx" + j);
            assertEquals((acq.value(up) - acq.value(down)) / (2 * h), dAcq[j], 1e-4, "d logEI / dx" + j);
        }
        assertEquals(0, dMean[2], 0.0, "no gradient along a categorical dimension");
    }

    @Test
    void logExpectedImprovementIsExactWhereItCanBeComputedAndFiniteFarBelow() {
        NormalDistribution normal = new NormalDistribution(null, 0, 1);
        for (double z : new double[] {-4.9, -2, 0, 1.5, 6}) {
            double ei = z * normal.cumulativeProbability(z) + normal.density(z);
            assertEquals(Math.log(ei), LogExpectedImprovement.logEi(z), 1e-9, "z = " + z);
            assertEquals(normal.cumulativeProbability(z) / ei, LogExpectedImprovement.dLogEi(z), 1e-7, "z = " + z);
        }
        // on both sides of the switch to the continued fraction the function is continuous
        assertEquals(LogExpectedImprovement.logEi(-5 + 1e-9), LogExpectedImprovement.logEi(-5 - 1e-9), 1e-7);
        // far below, ei(z) ~ φ(z) / z²: the plain formula gives log 0, this one the asymptote
        double z = -40;
        double asymptote = -0.5 * z * z - 0.5 * Math.log(2 * Math.PI) - 2 * Math.log(-z);
        assertEquals(asymptote, LogExpectedImprovement.logEi(z), 2e-3);
    }

    @Test
    void twoChoicesAreEquallyFarApartWhateverTheirOrderAndLogParametersCompareOnTheLogScale() {
        SearchSpace space = SearchSpace.builder()
                .choice("act", "relu", "tanh", "elu", "gelu")
                .logFloat("lr", 1e-5, 1)
                .build();
        GpSpace gpSpace = GpSpace.of(space);
        MaternKernel kernel = new MaternKernel(new double[] {1, 1}, 1, gpSpace.categorical());
        double[] relu = gpSpace.encode(Params.of(Map.of("act", "relu", "lr", 1e-3)));
        double[] tanh = gpSpace.encode(Params.of(Map.of("act", "tanh", "lr", 1e-3)));
        double[] gelu = gpSpace.encode(Params.of(Map.of("act", "gelu", "lr", 1e-3)));
        assertEquals(kernel.covariance(relu, tanh), kernel.covariance(relu, gelu), 0.0,
                "first and second choice as far apart as first and last");
        assertEquals(kernel.covariance(tanh, gelu), kernel.covariance(relu, gelu), 0.0);
        assertTrue(kernel.covariance(relu, tanh) < kernel.covariance(relu, relu));
        // a decade is a decade: 1e-5 to 1e-4 as far as 1e-2 to 1e-1 (on a linear scale they differ 1000-fold)
        double[] a = gpSpace.encode(Params.of(Map.of("act", "relu", "lr", 1e-5)));
        double[] b = gpSpace.encode(Params.of(Map.of("act", "relu", "lr", 1e-4)));
        double[] c = gpSpace.encode(Params.of(Map.of("act", "relu", "lr", 1e-2)));
        double[] d = gpSpace.encode(Params.of(Map.of("act", "relu", "lr", 1e-1)));
        assertEquals(kernel.squaredDistance(a, b), kernel.squaredDistance(c, d), 1e-12);
        assertEquals(0.2 * 0.2, kernel.squaredDistance(a, b), 1e-12, "one decade of five is 0.2 of the unit range");
    }

    @Test
    void aConditionalParameterIsADimensionWithAFixedCoordinateWhereItsParentSwitchesItOff() {
        SearchSpace space = SearchSpace.builder()
                .choice("optimizer", "sgd", "momentum", "nesterov")
                .when("optimizer", List.of("momentum", "nesterov"), m -> m
                        .floatRange("momentum", 0.5, 0.9)
                        .choice("schedule", "flat", "step")
                        .when("schedule", "step", n -> n.floatRange("gamma", 0.1, 0.9)))
                .logFloat("lr", 1e-4, 1e-1)
                .build();
        GpSpace gpSpace = GpSpace.of(space);
        assertEquals(5, gpSpace.dimensions(), "every parameter, conditional or not");
        double[] sgd = gpSpace.encode(Params.of(Map.of("optimizer", "sgd", "lr", 1e-2)));
        double[] momentum = gpSpace.encode(Params.of(Map.of("optimizer", "momentum", "momentum", 0.8,
                "schedule", "flat", "lr", 1e-2)));
        assertArrayEquals(new double[] {0, GpSpace.INACTIVE, 2, GpSpace.INACTIVE, 2.0 / 3}, sgd, 1e-12,
                "inactive: the middle of a range, a value past the choices");
        assertArrayEquals(new double[] {1, 0.75, 0, GpSpace.INACTIVE, 2.0 / 3}, momentum, 1e-12);
        // two trials of one branch differ only where they differ; the parent's dimension separates the branches
        double[] otherSgd = gpSpace.encode(Params.of(Map.of("optimizer", "sgd", "lr", 1e-3)));
        MaternKernel kernel = new MaternKernel(new double[] {1, 1, 1, 1, 1}, 1, gpSpace.categorical());
        assertEquals(1.0 / 9, kernel.squaredDistance(sgd, otherSgd), 1e-12);
        assertEquals(1 + 0.25 * 0.25 + 1, kernel.squaredDistance(sgd, momentum), 1e-12);
        // a point whose parent switches parameters off loses them when decoded and when made canonical
        double[] step = gpSpace.encode(Params.of(Map.of("optimizer", "nesterov", "momentum", 0.8,
                "schedule", "step", "gamma", 0.5, "lr", 1e-2)));
        assertEquals(0.5, step[3], 1e-12);
        assertEquals(0.5, (double) gpSpace.decode(step).get("gamma"), 1e-12);
        step[0] = 0;
        Params decoded = gpSpace.decode(step);
        assertEquals(Set.of("optimizer", "lr"), decoded.asMap().keySet());
        assertEquals("sgd", decoded.get("optimizer"));
        assertEquals(1e-2, decoded.getDouble("lr"), 1e-12);
        assertArrayEquals(new double[] {0, GpSpace.INACTIVE, 2, GpSpace.INACTIVE, 2.0 / 3}, gpSpace.canonical(step),
                1e-12, "switching the optimizer off switches off the schedule's gamma under it too");
        // a choice switched back on leaves the inactive marker for a real choice
        double[] on = gpSpace.canonical(new double[] {2, 0.5, 2, 0.3, 0.5});
        assertArrayEquals(new double[] {2, 0.5, 0, GpSpace.INACTIVE, 0.5}, on, 1e-12);
        assertEquals("flat", gpSpace.decode(on).get("schedule"));
    }

    @Test
    void theFitGivesARelevantParameterAShorterLengthScaleThanAnIrrelevantOne() {
        SplittableRandom random = new SplittableRandom(11);
        double[][] x = new double[30][];
        double[] y = new double[30];
        for (int i = 0; i < x.length; i++) {
            x[i] = new double[] {random.nextDouble(), random.nextDouble()};
            y[i] = Math.sin(6 * x[i][0]);
        }
        GaussianProcess gp = GaussianProcess.fit(x, GpSampler.standardized(y), new boolean[] {false, false});
        double[] lambda = gp.kernel().inverseSquaredLengthScales();
        assertTrue(lambda[0] > 10 * lambda[1], "λ = " + lambda[0] + ", " + lambda[1]);
        assertTrue(gp.noise() < 0.05, "a noiseless function gets little noise: " + gp.noise());
    }

    @Test
    void aNoisyFunctionGetsTheNoiseItHas() {
        SplittableRandom random = new SplittableRandom(12);
        double[][] x = new double[40][];
        double[] y = new double[40];
        for (int i = 0; i < x.length; i++) {
            x[i] = new double[] {random.nextDouble()};
            // a gentle slope (standard deviation ~0.29) plus noise of standard deviation 0.3
            y[i] = x[i][0] + 0.3 * random.nextGaussian();
        }
        GaussianProcess gp = GaussianProcess.fit(x, GpSampler.standardized(y), new boolean[] {false});
        // the noise variance is 0.09 of a total of about 0.17: about 0.5 in standardized units (the fit starts at 1)
        assertTrue(gp.noise() > 0.25 && gp.noise() < 0.8, "noise variance in standardized units: " + gp.noise());
    }

    @Test
    void pendingTrialsNeverGetTheSameProposalAndAreAvoided() {
        SimulatedStudy study = new SimulatedStudy(BRANIN, Direction.MINIMIZE);
        study.optimize(Samplers.gp(0), GpSamplerTest::branin, 14);
        // what trial 15 would get if trial 14 were not running: the same random streams, the same history otherwise
        SimulatedStudy alone = new SimulatedStudy(BRANIN, Direction.MINIMIZE);
        alone.trials.addAll(study.trials);
        alone.trials.add(SimulatedStudy.trial(14, TrialState.FAIL, null, Params.empty(), Map.of()));
        Params unaware = Samplers.gp(0).propose(alone.context(15)).orElseThrow().params();
        Params first = study.ask(Samplers.gp(0)).params();
        Params second = study.ask(Samplers.gp(0)).params();
        // unaware of the running trial, trial 15 would go where trial 14 went (the same acquisition maximum); the liar
        // makes it look elsewhere
        double unawareDistance = unitDistance(unaware, first);
        double distance = unitDistance(second, first);
        assertTrue(distance > 0.01 && distance > 10 * unawareDistance, "running " + first + ", proposed " + second
                + ", proposed unaware of the running one " + unaware);

        // a small discrete space whose optimum the model finds at once: still two different points
        SearchSpace small = SearchSpace.builder().intRange("a", 0, 3).choice("b", "x", "y", "z").build();
        ToDoubleFunction<Params> f = p -> Math.abs(p.getLong("a") - 2) + (p.getString("b").equals("y") ? 0 : 1);
        SimulatedStudy discrete = new SimulatedStudy(small, Direction.MINIMIZE);
        discrete.optimize(Samplers.gp(5), f, 10);
        List<Params> running = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            Params p = discrete.ask(Samplers.gp(5)).params();
            assertTrue(!running.contains(p), p + " is already running: " + running);
            running.add(p);
        }
    }

    private static double unitDistance(Params a, Params b) {
        return Math.hypot((a.getDouble("x1") - b.getDouble("x1")) / 15, (a.getDouble("x2") - b.getDouble("x2")) / 15);
    }

    @Test
    void theSameSeedGivesTheSameTrialsAndAnotherSeedOthers() {
        List<Params> a = run(Samplers.gp(21), 14);
        assertEquals(a, run(Samplers.gp(21), 14));
        assertNotEquals(a.subList(10, 14), run(Samplers.gp(22), 14).subList(10, 14));
    }

    private static List<Params> run(Sampler sampler, int n) {
        SimulatedStudy study = new SimulatedStudy(GpTiming.MIXED, Direction.MINIMIZE);
        study.optimize(sampler, GpTiming::mixed, n);
        return study.trials.stream().map(FrozenTrial::params).toList();
    }

    @Test
    void onBraninItBeatsRandomSearchAt25TrialsInEitherDirection() {
        int seeds = 8;
        int wins = 0;
        double[] gpRegret = new double[seeds];
        double[] randomRegret = new double[seeds];
        List<String> lines = new ArrayList<>();
        for (int seed = 0; seed < seeds; seed++) {
            // even seeds minimize branin, odd ones maximize its negative
            Direction direction = seed % 2 == 0 ? Direction.MINIMIZE : Direction.MAXIMIZE;
            double sign = direction == Direction.MINIMIZE ? 1 : -1;
            ToDoubleFunction<Params> f = p -> sign * branin(p);
            gpRegret[seed] = sign * new SimulatedStudy(BRANIN, direction).optimize(Samplers.gp(seed), f, 25)
                    - BRANIN_MIN;
            randomRegret[seed] = sign * new SimulatedStudy(BRANIN, direction).optimize(Samplers.random(seed), f, 25)
                    - BRANIN_MIN;
            lines.add(String.format("seed %d: gp %.4f random %.4f", seed, gpRegret[seed], randomRegret[seed]));
            wins += gpRegret[seed] < randomRegret[seed] ? 1 : 0;
        }
        Arrays.sort(gpRegret);
        Arrays.sort(randomRegret);
        assertTrue(wins >= 6, "GP beats random on most seeds: " + lines);
        assertTrue(gpRegret[seeds / 2] < 0.1 && gpRegret[seeds / 2] < randomRegret[seeds / 2] / 5,
                "GP's median regret far below random's: " + lines);
    }

    @Test
    void thePowerTransformKeepsTheOrderAndPullsInTheBadTail() {
        // losses with one diverged trial, in the GP's convention (larger is better)
        double[] y = {-0.40, -0.45, -0.52, -0.61, -0.75, -0.90, -1.2, -1.9, -300};
        double[] plain = GpSampler.standardized(y);
        double[] warped = PowerTransform.apply(y);
        for (int i = 1; i < y.length; i++) {
            assertTrue(warped[i] < warped[i - 1], "order kept at " + i);
        }
        // standardized as they are, the eight good values sit within 0.01 of each other and the outlier at -2.8;
        // transformed, the good end spreads out
        assertTrue(plain[0] - plain[7] < 0.02, "plain spread " + (plain[0] - plain[7]));
        assertTrue(warped[0] - warped[7] > 0.1, "transformed spread " + (warped[0] - warped[7]));
        assertEquals(0, Arrays.stream(warped).average().orElseThrow(), 1e-9);
    }

    @Test
    void prunedTrialsCountAsNoBetterThanTheWorstCompletedOne() {
        SearchSpace space = SearchSpace.builder().floatRange("x", 0, 1).build();
        List<FrozenTrial> trials = new ArrayList<>();
        double[] complete = {1, 2, 3};
        for (int i = 0; i < complete.length; i++) {
            trials.add(SimulatedStudy.trial(i, TrialState.COMPLETE, complete[i], Params.of(Map.of("x", 0.1 * i)),
                    Map.of()));
        }
        // minimizing: worst completed is 3, the range 2, so the floor is 3 + 1 = 4
        double[] lastReported = {2.5, 3.5, 100, Double.NaN};
        for (int i = 0; i < lastReported.length; i++) {
            TreeMap<Integer, Double> curve = new TreeMap<>(Map.of(0, 50.0, 3, lastReported[i]));
            trials.add(new FrozenTrial(10 + i, 3 + i, TrialState.PRUNED, (Double) null, Params.of(Map.of("x", 0.5 + 0.1 * i)),
                    Map.of(), curve, Map.of(), Map.of(), Instant.EPOCH, Instant.EPOCH));
        }
        trials.add(SimulatedStudy.trial(7, TrialState.RUNNING, null, Params.of(Map.of("x", 0.95)), Map.of()));
        trials.add(SimulatedStudy.trial(8, TrialState.FAIL, null, Params.of(Map.of("x", 0.99)), Map.of()));
        GpSampler.Observations obs = GpSampler.Observations.of(GpSpace.of(space),
                new History(Direction.MINIMIZE, trials), Direction.MINIMIZE, 9);
        // values enter negated (larger is better)
        assertArrayEquals(new double[] {-1, -2, -3, -3, -3.5, -4, -4}, obs.y(), 0.0);
        assertEquals(1, obs.pending().length);
        assertEquals(3, obs.completed());
        assertEquals(7, obs.finished());
    }

    @Test
    void beforeTwoTrialsCompleteThePrunedOnesGuideTheGpByTheirLastValues() {
        // an ASHA study's first hour: six trials pruned at epoch 2, their validation accuracy peaking near x = 0.7,
        // one running; none complete
        SearchSpace space = SearchSpace.builder().floatRange("x", 0, 1).build();
        List<FrozenTrial> trials = new ArrayList<>();
        double[] xs = {0.05, 0.25, 0.45, 0.6, 0.8, 0.95};
        for (int i = 0; i < xs.length; i++) {
            double accuracy = 0.9 - (xs[i] - 0.7) * (xs[i] - 0.7);
            trials.add(new FrozenTrial(10 + i, i, TrialState.PRUNED, (Double) null, Params.of(Map.of("x", xs[i])),
                    Map.of(), new TreeMap<>(Map.of(0, accuracy - 0.05, 1, accuracy)), Map.of(), Map.of(),
                    Instant.EPOCH, Instant.EPOCH));
        }
        trials.add(SimulatedStudy.trial(6, TrialState.RUNNING, null, Params.of(Map.of("x", 0.35)), Map.of()));
        History history = new History(Direction.MAXIMIZE, trials);
        GpSampler.Observations obs = GpSampler.Observations.of(GpSpace.of(space), history, Direction.MAXIMIZE, 7);
        assertEquals(0, obs.completed());
        assertEquals(6, obs.y().length, "each pruned trial at its last value");
        assertEquals(0.9 - 0.1 * 0.1, obs.y()[3], 1e-12);
        Params proposed = Samplers.gp(4).propose(new SamplingContext(space, Direction.MAXIMIZE, 7, () -> history))
                .orElseThrow().params();
        assertNotEquals(SobolSampler.sample(space, 4, 7).get("x"), proposed.get("x"), "the GP proposes, not Sobol");
        assertEquals(0.7, proposed.getDouble("x"), 0.15, "near the peak of the pruned trials' curves: " + proposed);
    }
}
