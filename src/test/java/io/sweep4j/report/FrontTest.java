package io.sweep4j.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sweep4j.space.Params;
import io.sweep4j.trial.Direction;
import io.sweep4j.trial.FrozenTrial;
import io.sweep4j.trial.History;
import io.sweep4j.trial.Hypervolume;
import io.sweep4j.trial.TrialState;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The report's model of a multi-objective study: its front is the history's (Optuna's best_trials), the rest split
 * into dominated and infeasible, knees found on hand-made fronts, the hypervolume after each trial and its reference
 * point, the verdict and the trial table with every objective.
 */
class FrontTest {
    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-12-01T12:00:00Z"), ZoneOffset.UTC);

    @ParameterizedTest
    @CsvSource({"2, false", "2, true", "3, false", "3, true"})
    void theModelsFrontIsTheHistorysParetoFrontAndTheRestIsSplitByWhy(int objectives, boolean constrained) {
        StudyView view = MultiObjectiveStudies.view("mo", objectives, 120, constrained, 7);
        Front f = ReportModel.of(view, CLOCK).front().orElseThrow();
        History h = view.history();
        assertEquals(h.paretoFront(), f.front());
        assertTrue(f.front().size() >= 3 && f.front().size() < h.completed().size(), "a real trade-off: "
                + f.front().size() + " of " + h.completed().size());
        Set<FrozenTrial> all = new HashSet<>(f.front());
        all.addAll(f.dominated());
        all.addAll(f.infeasible());
        assertEquals(new HashSet<>(h.completed()), all, "every completed trial is in one group");
        assertEquals(h.completed().size(), f.front().size() + f.dominated().size() + f.infeasible().size());
        if (constrained) {
            assertFalse(f.infeasible().isEmpty(), "the constraint cuts off the widest networks");
            assertTrue(f.infeasible().stream().noneMatch(FrozenTrial::feasible));
            assertTrue(f.front().stream().allMatch(FrozenTrial::feasible));
            assertTrue(f.dominated().stream().allMatch(FrozenTrial::feasible));
        } else {
            assertTrue(f.infeasible().isEmpty());
        }
        assertTrue(f.front().contains(f.chosen()), "the chosen trial is on the front");
    }

    private static FrozenTrial trial(int number, double... values) {
        List<Double> v = new ArrayList<>();
        for (double x : values) {
            v.add(x);
        }
        return new FrozenTrial(number + 1, number, TrialState.COMPLETE, v, Params.of(Map.of()), Map.of(),
                new TreeMap<>(), Map.of(), Map.of(), null, null);
    }

    @Test
    void theKneeIsTheFrontPointFarthestFromTheLineBetweenTheExtremes() {
        // minimize both; normalised over the range 10: distances to x + y = 1 are (1 - x - y) / sqrt 2:
        // #1 0.5, #2 0.55, #3 0.5, #4 0 ... #2 bulges most
        List<FrozenTrial> front = List.of(trial(0, 0, 10), trial(1, 1, 4), trial(2, 2, 2.5), trial(3, 4, 1),
                trial(4, 10, 0));
        List<Front.Knee> knees = Front.knees(front, List.of(Direction.MINIMIZE, Direction.MINIMIZE));
        assertEquals(List.of(2), knees.stream().map(k -> k.trial().number()).toList());
        assertEquals(0.55 / Math.sqrt(2), knees.get(0).distance(), 1e-12);
    }

    @Test
    void aFrontWithTwoBulgesHasTwoKneesTheLargerFirstInEitherDirection() {
        // normalised distances (1 - x - y): 0, .6, .45, .26, .35, 0: peaks at #1 (.6) and #4 (.35)
        double[][] pts = {{0, 10}, {1, 3}, {3, 2.5}, {5, 2.4}, {6, 0.5}, {10, 0}};
        List<FrozenTrial> min = new ArrayList<>();
        List<FrozenTrial> max = new ArrayList<>();
        for (int i = 0; i < pts.length; i++) {
            min.add(trial(i, pts[i][0], pts[i][1]));
            // the same front with the second objective maximized: its values negated
            max.add(trial(i, pts[i][0], -pts[i][1]));
        }
        for (var c : List.of(Map.entry(min, Direction.MINIMIZE), Map.entry(max, Direction.MAXIMIZE))) {
            List<Front.Knee> knees = Front.knees(c.getKey(), List.of(Direction.MINIMIZE, c.getValue()));
            assertEquals(List.of(1, 4), knees.stream().map(k -> k.trial().number()).toList(), c.getValue().name());
            assertEquals(0.6 / Math.sqrt(2), knees.get(0).distance(), 1e-12);
            assertEquals(0.35 / Math.sqrt(2), knees.get(1).distance(), 1e-12);
        }
    }

    @Test
    void aFrontTrialWithAnInfiniteValueIsNoKnee() {
        List<Direction> dirs = List.of(Direction.MINIMIZE, Direction.MINIMIZE);
        List<FrozenTrial> front = List.of(trial(0, 0, 10), trial(1, 1, 4), trial(2, 2, 2.5), trial(3, 4, 1),
                trial(4, 10, 0), trial(5, Double.NEGATIVE_INFINITY, 20));
        assertEquals(List.of(2), Front.knees(front, dirs).stream().map(k -> k.trial().number()).toList());
        List<FrozenTrial> three = List.of(trial(0, 0, 0, 1), trial(1, 1, 0, 0), trial(2, 0, 1, 0),
                trial(3, 0.3, 0.3, 0.3), trial(4, Double.NEGATIVE_INFINITY, 2, 2));
        assertEquals(3, Front.knees(three, List.of(Direction.MINIMIZE, Direction.MINIMIZE, Direction.MINIMIZE)).get(0)
                .trial().number());
        assertEquals(List.of(5), Front.knees(List.of(trial(5, Double.NEGATIVE_INFINITY, 20)), dirs).stream()
                .map(k -> k.trial().number()).toList());
    }

    @Test
    void withThreeObjectivesTheChosenTrialIsTheOneNearestTheIdealPoint() {
        List<FrozenTrial> front = List.of(trial(0, 0, 0, 1), trial(1, 1, 0, 0), trial(2, 0, 1, 0),
                trial(3, 0.3, 0.3, 0.3), trial(4, 0.1, 0.2, 0.8));
        List<Front.Knee> knees = Front.knees(front, List.of(Direction.MINIMIZE, Direction.MINIMIZE,
                Direction.MINIMIZE));
        assertEquals(3, knees.get(0).trial().number());
        assertEquals(4, knees.get(1).trial().number());
        assertEquals(1 - Math.sqrt(0.27), knees.get(0).distance(), 1e-12);
    }

    @Test
    void theReferencePointIsTheWorstValueSeenATenthOfTheRangeBeyond() {
        // maximize the first (loss = -value: worst -0.5, best -0.9), minimize the second (worst 300, best 100)
        List<FrozenTrial> ts = List.of(trial(0, 0.5, 100), trial(1, 0.9, 300), trial(2, 0.7, 200));
        double[] ref = Front.reference(ts, List.of(Direction.MAXIMIZE, Direction.MINIMIZE));
        assertEquals(-0.5 + 0.04, ref[0], 1e-12);
        assertEquals(300 + 20, ref[1], 1e-12);
    }

    @ParameterizedTest
    @CsvSource({"2, false", "2, true", "3, true"})
    void theHypervolumeAfterEachTrialIsThatOfTheCompletedTrialsSoFar(int objectives, boolean constrained) {
        StudyView view = MultiObjectiveStudies.view("mo", objectives, 90, constrained, 3);
        Front f = ReportModel.of(view, CLOCK).front().orElseThrow();
        History h = view.history();
        List<FrozenTrial> measured = Front.measured(h);
        double[] ref = f.reference().stream().mapToDouble(Double::doubleValue).toArray();
        assertTrue(f.hypervolume().size() >= f.front().size(), "a step at least for each front trial");
        double last = 0;
        for (Front.Step s : f.hypervolume()) {
            List<FrozenTrial> soFar = measured.stream().filter(t -> t.number() <= s.number()).toList();
            assertEquals(Hypervolume.ofTrials(soFar, h.directions(), ref), s.hypervolume(), 1e-9 * s.hypervolume(),
                    "after trial " + s.number());
            assertTrue(s.hypervolume() > last, "a step is drawn only when the hypervolume rises");
            last = s.hypervolume();
        }
        assertEquals(Hypervolume.ofTrials(h.paretoFront(), h.directions(), ref), last, 1e-9 * last);
        if (constrained) {
            // an infeasible trial never raises it: the steps are all feasible trials'
            Set<Integer> feasible = new HashSet<>();
            measured.forEach(t -> feasible.add(t.number()));
            assertTrue(f.hypervolume().stream().allMatch(s -> feasible.contains(s.number())));
        }
    }

    @Test
    void aLongStudyHasItsHypervolumeMeasuredAtASampleOfItsChangesEndingExact() {
        // every trial extends the front (x falling, y rising): 600 changes, then a repeat of the last point
        List<FrozenTrial> ts = new ArrayList<>();
        for (int i = 0; i < 600; i++) {
            ts.add(trial(i, 600 - i, 400 + i * i / 600.0));
        }
        ts.add(trial(600, 1, 400 + 599 * 599 / 600.0));
        List<Direction> dirs = List.of(Direction.MINIMIZE, Direction.MINIMIZE);
        double[] ref = Front.reference(ts, dirs);
        List<Front.Step> steps = Front.hypervolume(ts, dirs, ref);
        assertTrue(steps.size() >= Front.MAX_STEPS - 1 && steps.size() <= Front.MAX_STEPS + 1, "" + steps.size());
        for (Front.Step s : steps) {
            assertEquals(Hypervolume.ofTrials(ts.subList(0, s.number() + 1), dirs, ref), s.hypervolume(), 1e-6);
        }
        assertEquals(Hypervolume.ofTrials(ts, dirs, ref), steps.get(steps.size() - 1).hypervolume(), 1e-6,
                "the line ends at the study's hypervolume");
    }

    @Test
    void theVerdictNamesTheFrontTheKneeAndEachObjectivesImportance() {
        StudyView view = MultiObjectiveStudies.view("mo", 2, 120, true, 7);
        ReportModel m = ReportModel.of(view, CLOCK);
        Front f = m.front().orElseThrow();
        String v = String.join("\n", m.verdict());
        assertTrue(v.contains("The Pareto front holds " + f.front().size() + " of " + view.history().completed().size()
                + " completed trials"), v);
        assertTrue(v.contains("The knee, the chosen trial: #" + f.chosen().number() + " with val_accuracy = "), v);
        assertTrue(v.contains(f.infeasible().size() + " completed trial(s) break a constraint"), v);
        assertTrue(v.contains("What mattered for val_accuracy") && v.contains("What mattered for param_count"), v);
        assertTrue(v.contains("Best in each objective: val_accuracy #"), v);
        assertEquals(f.chosen(), m.top(1).get(0), "the chosen trial's curves come first");
    }

    @Test
    void theTrialTableHasEveryObjectivesValue() {
        StudyView view = MultiObjectiveStudies.view("mo", 3, 30, false, 7);
        TrialTable t = TrialTable.of(view, view.history().trials());
        assertEquals(List.of("number", "state", "val_accuracy", "param_count", "latency_ms", "duration_s"),
                t.columns().subList(0, 6));
        FrozenTrial first = view.history().completed().get(0);
        Map<String, Object> row = t.rows().get(first.number());
        assertEquals(first.values(), List.of(row.get("val_accuracy"), row.get("param_count"), row.get("latency_ms")));
        assertFalse(t.columns().contains(TrialTable.FEASIBLE), "no constraints, no feasible column");
        StudyView constrained = MultiObjectiveStudies.view("mo", 2, 30, true, 7);
        TrialTable c = TrialTable.of(constrained, constrained.history().trials());
        assertEquals(List.of("number", "state", "val_accuracy", "param_count", "feasible", "duration_s"),
                c.columns().subList(0, 6));
        for (int i = 0; i < c.rows().size(); i++) {
            assertEquals(constrained.history().trials().get(i).feasible(), c.rows().get(i).get("feasible"));
        }
    }

    @Test
    void aSingleObjectiveStudyHasNoFront() {
        StudyView one = StudyView.of(new io.sweep4j.store.StudyInfo(1, "one", Direction.MAXIMIZE, Map.of()),
                new History(Direction.MAXIMIZE, List.of(trial(0, 0.5), trial(1, 0.7))));
        assertTrue(ReportModel.of(one, CLOCK).front().isEmpty());
        assertEquals(List.of("value"), one.objectives());
    }
}
