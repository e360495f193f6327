package io.sweep4j.prune;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sweep4j.space.Params;
import io.sweep4j.space.Readable;
import io.sweep4j.space.UsageException;
import io.sweep4j.study.Study;
import io.sweep4j.trial.Attributes;
import io.sweep4j.trial.Direction;
import io.sweep4j.trial.FrozenTrial;
import io.sweep4j.trial.History;
import io.sweep4j.trial.TrialState;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/** Every pruner on hand-made learning curves: what it prunes, when, why, and what it stores. */
class PrunerRulesTest {

    private static CurveReplay replay(Pruner p, Direction d, double[]... curves) {
        List<double[]> list = List.of(curves);
        return CurveReplay.run(p, "hand", d, list, CurveReplay.sequential(list));
    }

    private static double[][] negated(double[]... curves) {
        double[][] out = new double[curves.length][];
        for (int i = 0; i < curves.length; i++) {
            out[i] = curves[i].clone();
            for (int s = 0; s < out[i].length; s++) {
                out[i][s] = -out[i][s];
            }
        }
        return out;
    }

    // ---------------------------------------------------------------- successive halving

    private static final double[][] ASHA_CURVES = {
        {0.5, 0.6, 0.7, 0.8, 0.9},
        {0.4, 0.5, 0.6, 0.7, 0.8},
        {0.7, 0.8, 0.75, 0.8, 0.85},
        {0.6, 0.65, 0.72, 0.9, 0.95},
    };

    @Test
    void ashaPromotesTheTopHalfAtEachRungWithoutWaitingForTheRungToFill() {
        CurveReplay r = replay(Pruners.asha(1, 2), Direction.MAXIMIZE, ASHA_CURVES);
        // trial 0 is alone at every rung: promoted; rungs end at steps 1, 2, 4
        assertEquals(-1, r.prunedAt[0]);
        assertEquals(Map.of("completed_rung_0", 0.6, "completed_rung_1", 0.7, "completed_rung_2", 0.9),
                r.attributes.get(0));
        // trial 1: 0.5 against 0.6 at rung 0, one of two: needs the best
        assertEquals(1, r.prunedAt[1]);
        assertEquals("asha rung 0", r.decisions.get(1).rule());
        assertTrue(r.decisions.get(1).reason().contains("top 1/2 of the 2 trials"), r.decisions.get(1).reason());
        assertEquals(Map.of("completed_rung_0", 0.5), r.attributes.get(1));
        // trial 2: best at rung 0 (0.8) and at rung 1 (0.75 against 0.7), then 0.85 < 0.9 at rung 2
        assertEquals(4, r.prunedAt[2]);
        assertEquals("asha rung 2", r.decisions.get(2).rule());
        assertEquals("value 0.85 is not in the top 1/2 of the 2 trials at the rung (needs 0.9)",
                r.decisions.get(2).reason());
        // trial 3: 0.65 ties the top half of {0.5, 0.6, 0.65, 0.8} (promoted), then 0.72 < 0.75 at rung 1
        assertEquals(2, r.prunedAt[3]);
        assertEquals("asha rung 1", r.decisions.get(3).rule());
        assertEquals(Map.of("completed_rung_0", 0.65, "completed_rung_1", 0.72), r.attributes.get(3));
    }

    @Test
    void minimizingTheNegatedCurvesMakesTheSameDecisions() {
        for (Pruner p : List.of(Pruners.asha(1, 2), Pruners.median(1, 0), Pruners.percentile(25, 1, 0),
                Pruners.hyperband(1, 5, 2))) {
            CurveReplay max = replay(p, Direction.MAXIMIZE, ASHA_CURVES);
            CurveReplay min = replay(p, Direction.MINIMIZE, negated(ASHA_CURVES));
            assertArrayEquals(max.prunedAt, min.prunedAt, p.describe());
        }
    }

    @Test
    void ashaPrunesANanAtARungAndStoresNoRungForIt() {
        CurveReplay r = replay(Pruners.asha(1, 2), Direction.MAXIMIZE,
                new double[] {0.5, 0.6, 0.7}, new double[] {Double.NaN, Double.NaN, 0.9}, new double[] {0.1, 0.2});
        assertEquals(1, r.prunedAt[1]);
        assertEquals("NaN reported at step 1", r.decisions.get(1).reason());
        assertEquals(Map.of(), r.attributes.get(1));
        // the NaN trial stored nothing, so the next one competes with trial 0 alone
        assertEquals(1, r.prunedAt[2]);
    }

    @Test
    void ashaBootstrapPrunesUntilEnoughTrialsReachedTheRung() {
        CurveReplay r = replay(Pruners.asha(1, 2).bootstrap(2), Direction.MAXIMIZE,
                new double[] {0.9, 0.9}, new double[] {0.8, 0.8}, new double[] {0.95, 0.95});
        // the first two are pruned at rung 0 for want of company; the third competes and is the best
        assertArrayEquals(new int[] {1, 1, -1}, r.prunedAt);
        assertTrue(r.decisions.get(0).reason().contains("bootstrap"));
    }

    @Test
    void ashaLongerCurvesReportingEveryOtherStepPassSeveralRungsAtOnce() {
        // reports only at steps 0 and 5: at step 5 rungs 0 (step 1) and 1 (step 2) and 2 (step 4) are judged together
        List<double[]> curves = List.of(new double[] {0.1, 0, 0, 0, 0, 0.8});
        List<int[]> schedule = List.of(new int[] {0, 0}, new int[] {0, 5});
        CurveReplay r = CurveReplay.run(Pruners.asha(1, 2), "hand", Direction.MAXIMIZE, curves, schedule);
        assertEquals(Map.of("completed_rung_0", 0.8, "completed_rung_1", 0.8, "completed_rung_2", 0.8),
                r.attributes.get(0));
    }

    // ---------------------------------------------------------------- median and percentile

    @Test
    void medianComparesTheBestSoFarWithTheCompletedTrialsValuesAtTheStep() {
        double[] a = {0.5, 0.6, 0.7, 0.8};
        double[] b = {0.5, 0.6, 0.7, 0.8};
        double[] c = {0.9, 0.1, 0.1, 0.1}; // its best so far (0.9) stays above the median: never pruned
        double[] d = {0.4, 0.5, 0.55, 0.6};
        CurveReplay r = replay(Pruners.median(2, 0), Direction.MAXIMIZE, a, b, c, d);
        assertArrayEquals(new int[] {-1, -1, -1, 0}, r.prunedAt);
        assertEquals("median", r.decisions.get(3).rule());
        assertEquals("best value 0.4 is below the median 0.5 of 3 trials at step 0", r.decisions.get(3).reason());
    }

    @Test
    void aReasonShowsItsNumbersAsEveryTableDoes() {
        double[] a = {0.5123456789};
        double[] c = {0.9};
        double[] d = {0.4123456789};
        CurveReplay r = replay(Pruners.median(2, 0), Direction.MAXIMIZE, a, a, c, d);
        assertEquals("best value " + Readable.number(0.4123456789) + " is below the median "
                + Readable.number(0.5123456789) + " of 3 trials at step 0", r.decisions.get(3).reason());
        assertEquals("best value 0.41235 is below the median 0.51235 of 3 trials at step 0",
                r.decisions.get(3).reason());
    }

    @Test
    void startupTrialsAndWarmupStepsKeepTheMedianSilent() {
        double[] good = {0.9, 0.9, 0.9, 0.9};
        double[] bad = {0.1, 0.1, 0.1, 0.1};
        assertArrayEquals(new int[] {-1, -1, -1}, replay(Pruners.median(3, 0), Direction.MAXIMIZE, good, good, bad)
                .prunedAt);
        assertArrayEquals(new int[] {-1, -1, 2}, replay(Pruners.median(2, 2), Direction.MAXIMIZE, good, good, bad)
                .prunedAt);
    }

    @Test
    void intervalJudgesOnlyAtTheFirstReportOfEachInterval() {
        double[] good = {0.9, 0.9, 0.9, 0.9, 0.9, 0.9};
        double[] late = {0.95, 0.95, 0.95, 0.1, 0.1, 0.1}; // best so far stays 0.95: never pruned by the median
        double[] bad = {0.1, 0.1, 0.1, 0.1, 0.1, 0.1};
        // warm-up 1, interval 2: judged at steps 1, 3, 5
        assertArrayEquals(new int[] {-1, -1, 1}, replay(Pruners.median(1, 1).interval(2), Direction.MAXIMIZE, good,
                late, bad).prunedAt);
        List<double[]> curves = List.of(good, bad);
        // reporting only steps 0, 2 and 4: step 2 is the first report of the interval starting at 1
        List<int[]> schedule = new ArrayList<>(CurveReplay.sequential(List.of(good)));
        schedule.addAll(List.of(new int[] {1, 0}, new int[] {1, 2}, new int[] {1, 4}));
        CurveReplay r = CurveReplay.run(Pruners.median(1, 1).interval(2), "hand", Direction.MAXIMIZE, curves,
                schedule);
        assertEquals(2, r.prunedAt[1]);
    }

    @Test
    void minTrialsAtTheStepKeepsShortCurvesFromJudgingLongOnesOptuna2441() {
        double[] shortLow = {0.5, 0.5};
        double[] longGood = {0.8, 0.8, 0.8, 0.8, 0.8, 0.8};
        double[] longBad = {0.95, 0.95, 0.5, 0.5, 0.5, 0.5};
        double[] judged = {0.6, 0.6, 0.6};
        // at step 2 only one completed trial reported: with minTrials 1 the median of that one prunes
        assertEquals(2, replay(Pruners.median(1, 0), Direction.MAXIMIZE, shortLow, shortLow, longGood, judged)
                .prunedAt[3]);
        // with minTrials 2 it waits for two trials at that step
        CurveReplay r = replay(Pruners.median(1, 0).minTrials(2), Direction.MAXIMIZE, shortLow, shortLow,
                longGood, judged);
        assertEquals(-1, r.prunedAt[3]);
        // and the best-so-far rule: 0.95 early keeps longBad from ever being pruned
        assertEquals(-1, replay(Pruners.median(1, 0), Direction.MAXIMIZE, longGood, longBad).prunedAt[1]);
    }

    @Test
    void nanValuesAreSkippedInPeersAndAnAllNanTrialIsPruned() {
        double[] good = {0.9, Double.NaN, 0.9};
        double[] other = {0.9, Double.NaN, 0.95};
        double[] nan = {Double.NaN, Double.NaN, Double.NaN};
        CurveReplay r = replay(Pruners.median(1, 0), Direction.MAXIMIZE, good, other, nan);
        assertEquals(-1, r.prunedAt[1]);
        assertEquals(0, r.prunedAt[2]);
        assertEquals("no value but NaN reported up to step 0", r.decisions.get(2).reason());
        // at step 1 every peer reported NaN: no threshold, no pruning there
        assertTrue(Double.isNaN(PercentilePruner.nanPercentile(List.of(Double.NaN, Double.NaN), 50)));
    }

    @Test
    void percentileInterpolatesAsNumpy() {
        List<Double> v = List.of(4.0, 1.0, 3.0, 2.0, Double.NaN);
        assertEquals(2.5, PercentilePruner.nanPercentile(v, 50));
        assertEquals(1.75, PercentilePruner.nanPercentile(v, 25));
        assertEquals(4.0, PercentilePruner.nanPercentile(v, 100));
        assertEquals(1.0, PercentilePruner.nanPercentile(v, 0));
    }

    // ---------------------------------------------------------------- hyperband

    @Test
    void hyperbandBracketBudgetsAreIntegerExact() {
        assertEquals(List.of(9, 5, 3), Brackets.of(1, 20, 3).budgets());
        assertEquals(List.of(81, 34, 15, 8, 5), Brackets.of(1, 81, 3).budgets());
        assertEquals(5, Brackets.of(1, 243, 3).count(), "Optuna's count: math.log(243, 3) is 4.999...");
        assertEquals(1, Brackets.of(5, 5, 3).count());
    }

    @Test
    void hyperbandTagsTheBracketAtClaimAndShowsTheSamplerOnlyThatBracket() {
        HyperbandPruner hb = Pruners.hyperband(1, 20, 3);
        Brackets b = hb.brackets();
        List<FrozenTrial> trials = new ArrayList<>();
        for (int n = 0; n < 30; n++) {
            assertEquals(Map.of(Attributes.BRACKET, b.bracketOf("s", n)), hb.onClaim("s", n));
            trials.add(trial(n, TrialState.COMPLETE, Map.of()));
        }
        History all = new History(Direction.MAXIMIZE, trials);
        History view = hb.samplerView("s", 30, all);
        int bracket = b.bracketOf("s", 30);
        assertTrue(view.trials().size() > 0 && view.trials().size() < 30);
        assertTrue(view.trials().stream().allMatch(t -> b.bracketOf("s", t.number()) == bracket));
        // a stored bracket (a retry keeps its original's) wins over the computed one
        FrozenTrial moved = trial(3, TrialState.COMPLETE, Map.of(Attributes.BRACKET, (bracket + 1) % b.count()));
        assertTrue(hb.samplerView("s", 30, new History(Direction.MAXIMIZE, List.of(moved))).trials().isEmpty());
    }

    @Test
    void hyperbandJudgesATrialWithinItsBracketFromTheBracketsFirstRung() {
        HyperbandPruner hb = Pruners.hyperband(1, 9, 3);
        Brackets b = hb.brackets(); // rungs of bracket k start at step 3^k
        int deep = -1;
        for (int n = 0; n < 50 && deep < 0; n++) {
            if (b.bracketOf("hand", n) == 2) {
                deep = n;
            }
        }
        double[][] curves = new double[deep + 1][];
        for (int i = 0; i <= deep; i++) {
            curves[i] = new double[] {0.9, 0.9, 0.9, 0.9, 0.9, 0.9, 0.9, 0.9, 0.9, 0.9};
        }
        curves[deep] = new double[] {0.1, 0.1, 0.1, 0.1, 0.1, 0.1, 0.1, 0.1, 0.1, 0.1};
        CurveReplay r = replay(hb, Direction.MAXIMIZE, curves);
        // bracket 2's first rung ends at step 9: its bad trial runs until then, alone or last in its bracket
        boolean alone = true;
        for (int n = 0; n < deep; n++) {
            alone &= b.bracketOf("hand", n) != 2;
        }
        assertEquals(alone ? -1 : 9, r.prunedAt[deep]);
        assertEquals(Map.of(Attributes.BRACKET, 2, "completed_rung_0", 0.1), r.attributes.get(deep));
    }

    @Test
    void autoResourcesAreFixedFromTheObjectivesStepsWhenTheStudyIsDefined() {
        io.sweep4j.study.Objective declared = new io.sweep4j.study.Objective() {
            @Override
            public double evaluate(io.sweep4j.study.Trial trial) {
                return 0;
            }

            @Override
            public OptionalInt maxSteps() {
                return OptionalInt.of(27);
            }
        };
        Study s = Study.named("auto").storage(Path.of("unused.db")).maximize("v").objective(declared);
        assertEquals("hyperband(min=1, max=27, eta=3, brackets=4)", s.pruner(Pruners.hyperband()).spec().pruner()
                .describe());
        assertEquals("asha(min=1, eta=4)", s.pruner(Pruners.asha()).spec().pruner().describe());
        UsageException e = assertThrows(UsageException.class, () -> Study.named("auto").storage(Path.of("u.db"))
                .maximize("v").objective(t -> 0).pruner(Pruners.hyperband()).spec());
        assertTrue(e.getMessage().contains("maxResource") && e.getMessage().contains("Pruners.hyperband(1, 20, 3)"),
                e.getMessage());
    }

    @Test
    void badSettingsNameTheFieldTheValueAndTheFix() {
        UsageException e = assertThrows(UsageException.class, () -> Pruners.percentile(101, 0, 0));
        assertTrue(e.getMessage().contains("percentile") && e.getMessage().contains("101"), e.getMessage());
        e = assertThrows(UsageException.class, () -> Pruners.asha(1, 1));
        assertTrue(e.getMessage().contains("reductionFactor"), e.getMessage());
        e = assertThrows(UsageException.class, () -> Pruners.hyperband(5, 3, 3));
        assertTrue(e.getMessage().contains("maxResource") && e.getMessage().contains("3"), e.getMessage());
        e = assertThrows(UsageException.class, () -> Pruners.median().minTrials(0));
        assertTrue(e.getMessage().contains("minTrials"), e.getMessage());
    }

    private static FrozenTrial trial(int number, TrialState state, Map<String, Object> attrs) {
        return new FrozenTrial(number, number, state, state == TrialState.COMPLETE ? 0.5 : null, Params.empty(),
                Map.of(), new TreeMap<>(Map.of(0, 0.5)), Map.of(), attrs, null, null);
    }
}
