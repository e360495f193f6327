package io.sweep4j.sampler;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sweep4j.space.Params;
import io.sweep4j.space.UsageException;
import io.sweep4j.store.SqliteStorage;
import io.sweep4j.study.Budget;
import io.sweep4j.study.Study;
import io.sweep4j.trial.Attributes;
import io.sweep4j.trial.Direction;
import io.sweep4j.trial.FrozenTrial;
import io.sweep4j.trial.History;
import io.sweep4j.trial.TrialState;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code Samplers.auto}: the GP proposes until the stated number of trials has finished, TPE from then on, each
 * proposal stored with the name of the sampler that made it, and the choice read from the stored history alone.
 */
class AutoSamplerTest {
    @TempDir
    Path dir;

    @Test
    void theGpProposesUntilTheStatedSwitchPointAndTpeFromThenOnAsEachAloneWould() {
        Path db = dir.resolve("auto.db");
        int trials = AutoSampler.SWITCH_AT + 3;
        Study.named("auto").storage(db).space(SimulatedStudy.bowlSpace()).sampler(Samplers.auto(3))
                .objective(t -> SimulatedStudy.bowl(t.params())).minimize("loss").parallelism(1)
                .budget(Budget.trials(trials)).optimize();
        History stored;
        try (SqliteStorage s = SqliteStorage.openReadOnly(db)) {
            stored = s.history(s.findStudy("auto").orElseThrow().studyId());
        }
        assertEquals(trials, stored.completed().size());
        for (FrozenTrial t : stored.trials()) {
            boolean gp = t.number() < AutoSampler.SWITCH_AT;
            assertEquals(gp ? "gp" : "tpe", t.systemAttributes().get(Attributes.AUTO_SAMPLER), "trial " + t.number());
            if (t.number() % 10 != 0 && Math.abs(t.number() - AutoSampler.SWITCH_AT) > 1) {
                continue;
            }
            // what the sampler it names proposes over the history stored before the trial, seed for seed (checked at
            // every tenth trial and around the switch: each GP proposal costs a kernel fit)
            History before = new History(Direction.MINIMIZE, stored.trials().subList(0, t.number()));
            SamplingContext context = new SamplingContext(SimulatedStudy.bowlSpace(), Direction.MINIMIZE, t.number(),
                    () -> before);
            Sampler alone = gp ? Samplers.gp(3) : Samplers.tpe(3);
            assertEquals(alone.propose(context).orElseThrow().params(), t.params(), "trial " + t.number());
        }
    }

    @Test
    void completedAndPrunedTrialsCountTowardsTheSwitchFailedAndRunningOnesDoNot() {
        AutoSampler auto = Samplers.auto(1).switchAt(3);
        SimulatedStudy study = new SimulatedStudy(SimulatedStudy.bowlSpace(), Direction.MINIMIZE);
        Params p = Params.of(Map.of("x", 0.5, "y", 0.5));
        study.trials.add(SimulatedStudy.trial(0, TrialState.COMPLETE, 0.3, p, Map.of()));
        study.trials.add(SimulatedStudy.trial(1, TrialState.COMPLETE, 0.2, p, Map.of()));
        study.trials.add(SimulatedStudy.trial(2, TrialState.FAIL, null, p, Map.of()));
        study.trials.add(SimulatedStudy.trial(3, TrialState.RUNNING, null, p, Map.of()));
        study.trials.add(SimulatedStudy.trial(4, TrialState.COMPLETE, Double.NaN, p, Map.of()));
        assertEquals("gp", auto.propose(study.context(5)).orElseThrow().systemAttributes().get(
                Attributes.AUTO_SAMPLER), "2 finished trials: the GP's turn");
        study.trials.add(new FrozenTrial(1005, 5, TrialState.PRUNED, (Double) null, p, Map.of(),
                new TreeMap<>(Map.of(0, 0.4)), Map.of(), Map.of(), Instant.EPOCH, Instant.EPOCH));
        assertEquals("tpe", auto.propose(study.context(6)).orElseThrow().systemAttributes().get(
                Attributes.AUTO_SAMPLER), "a pruned trial is the third finished one: TPE's turn");
    }

    @Test
    void aStudyOfSeveralObjectivesSwitchesFromTheGpToMultiObjectiveTpeAsOneObjectiveDoes() {
        assertTrue(Samplers.auto(1).handlesSeveralObjectives());
        java.util.Random r = new java.util.Random(5);
        List<FrozenTrial> done = new java.util.ArrayList<>();
        for (int n = 0; n < 12; n++) {
            Params p = Samplers.random(n).propose(new SamplingContext(SimulatedStudy.bowlSpace(), Direction.MINIMIZE,
                    n, () -> new History(Direction.MINIMIZE, List.of()))).orElseThrow().params();
            done.add(new FrozenTrial(n, n, TrialState.COMPLETE, List.of(r.nextDouble(), r.nextDouble()), p, Map.of(),
                    new TreeMap<>(), Map.of(), Map.of(), Instant.EPOCH, Instant.EPOCH));
        }
        for (int size : new int[] {0, 12}) {
            History two = new History(List.of(Direction.MINIMIZE, Direction.MAXIMIZE), done.subList(0, size));
            SamplingContext c = new SamplingContext(SimulatedStudy.bowlSpace(), Direction.MINIMIZE, size, () -> two);
            Proposal gp = Samplers.auto(1).switchAt(10).propose(c).orElseThrow();
            Sampler expected = size < 10 ? Samplers.gp(1) : Samplers.tpe(1);
            assertEquals(size < 10 ? "gp" : "tpe", gp.systemAttributes().get(Attributes.AUTO_SAMPLER),
                    "after " + size + " trials");
            assertEquals(expected.propose(c).orElseThrow().params(), gp.params(),
                    "auto proposes what " + expected.describe() + " does, after " + size + " trials");
        }
    }

    @Test
    void itsDescriptionNamesTheSwitchAndBothSamplers() {
        String d = Samplers.auto(7).describe();
        assertTrue(d.startsWith("auto(seed=7: gp until " + AutoSampler.SWITCH_AT + " finished trials, then tpe"), d);
        assertTrue(d.contains(Samplers.gp(7).describe()) && d.contains(Samplers.tpe(7).describe()), d);
        assertTrue(Samplers.auto(7).switchAt(12).describe().contains("gp until 12 finished"));
        assertEquals(100, Samplers.auto(7).switchPoint(), "the switch point AutoSampler's Javadoc states, measured");
    }
}
