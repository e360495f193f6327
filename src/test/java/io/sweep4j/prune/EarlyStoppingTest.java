package io.sweep4j.prune;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.sweep4j.space.UsageException;
import io.sweep4j.trial.Direction;
import org.junit.jupiter.api.Test;

/** Patience and minDelta as any objective counts them: steps since the best, improvement by more than minDelta. */
class EarlyStoppingTest {

    /** The step at which the tracker says stop, or -1 when it goes through every value. */
    private static int stopStep(EarlyStopping.Tracker tracker, double... values) {
        for (int step = 0; step < values.length; step++) {
            if (tracker.observe(step, values[step]) instanceof EarlyStopping.Stop) {
                return step;
            }
        }
        return -1;
    }

    @Test
    void itStopsOncePatienceStepsPassedSinceTheBest() {
        EarlyStopping.Tracker t = EarlyStopping.after(2).start(Direction.MINIMIZE);
        assertEquals(new EarlyStopping.Continue(true, 0, 1.0), t.observe(0, 1.0));
        assertEquals(new EarlyStopping.Continue(true, 1, 0.5), t.observe(1, 0.5));
        assertEquals(new EarlyStopping.Continue(false, 1, 0.5), t.observe(2, 0.5), "equal is not better");
        EarlyStopping.Verdict v = t.observe(3, 0.7);
        EarlyStopping.Stop stop = assertInstanceOf(EarlyStopping.Stop.class, v);
        assertEquals(3, stop.step());
        assertEquals(1, stop.bestStep());
        assertEquals(0.5, stop.bestValue());
        assertEquals("stopped early at step 3: no improvement in 2 steps since the best, 0.5 at step 1",
                stop.reason());
        assertEquals(1, t.bestStep());
        assertEquals(0.5, t.bestValue());
    }

    @Test
    void minDeltaAndDirectionDecideWhatCountsAsImprovement() {
        EarlyStopping rule = EarlyStopping.after(2).withMinDelta(0.01);
        // maximizing accuracy: +0.005 is no improvement by more than 0.01, +0.02 is
        assertEquals(2, stopStep(rule.start(Direction.MAXIMIZE), 0.80, 0.805, 0.809, 0.9));
        assertEquals(-1, stopStep(rule.start(Direction.MAXIMIZE), 0.80, 0.805, 0.82, 0.825));
        // minimizing: the same rising values never improve
        assertEquals(2, stopStep(rule.start(Direction.MINIMIZE), 0.80, 0.805, 0.82, 0.825));
        EarlyStopping.Tracker t = EarlyStopping.after(1).withMinDelta(0.01).start(Direction.MINIMIZE);
        t.observe(0, 1.0);
        assertEquals("stopped early at step 1: no improvement by more than 0.01 in 1 steps since the best, 1 at step 0",
                ((EarlyStopping.Stop) t.observe(1, 0.995)).reason());
    }

    @Test
    void patienceZeroNeverStopsAndTheFirstValueIsAlwaysTheBest() {
        EarlyStopping.Tracker t = EarlyStopping.OFF.start(Direction.MINIMIZE);
        assertEquals(-1, t.bestStep());
        assertEquals(-1, stopStep(t, 5, 6, 7, 8, 9, 10));
        assertEquals(0, t.bestStep());
        assertEquals(5.0, t.bestValue());
    }

    @Test
    void aResumedTrackerCountsFromTheCheckpointedBest() {
        // best at step 1, checkpointed after step 2: one more step without improvement uses up patience 2
        EarlyStopping.Tracker t = EarlyStopping.after(2).resume(Direction.MINIMIZE, 1, 0.5);
        assertInstanceOf(EarlyStopping.Stop.class, t.observe(3, 0.6));
        EarlyStopping.Tracker better = EarlyStopping.after(2).resume(Direction.MINIMIZE, 1, 0.5);
        assertEquals(new EarlyStopping.Continue(true, 3, 0.4), better.observe(3, 0.4));
        assertThrows(IllegalArgumentException.class, () -> EarlyStopping.after(2).resume(Direction.MINIMIZE, 1, 0.5)
                .observe(1, 0.1), "a step at or before the best is not new");
    }

    @Test
    void aBadConfigurationIsRefusedNamingTheField() {
        assertEquals("patience = -1: give 0 (off) or a number of epochs (steps), e.g. 5",
                assertThrows(UsageException.class, () -> EarlyStopping.after(-1)).getMessage());
        assertEquals("minDelta = NaN: give a finite value >= 0, e.g. 1e-4",
                assertThrows(UsageException.class, () -> EarlyStopping.after(3).withMinDelta(Double.NaN))
                        .getMessage());
        assertThrows(UsageException.class, () -> EarlyStopping.OFF.withMinDelta(-0.1));
        assertEquals(new EarlyStopping(0, 0.1), EarlyStopping.after(3).withMinDelta(0.1).withPatience(0));
    }
}
