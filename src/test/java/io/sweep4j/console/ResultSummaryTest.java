package io.sweep4j.console;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sweep4j.space.Params;
import io.sweep4j.trial.Attributes;
import io.sweep4j.trial.Direction;
import io.sweep4j.trial.FrozenTrial;
import io.sweep4j.trial.History;
import io.sweep4j.trial.TrialState;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/** The lines a run prints when it ends. */
class ResultSummaryTest {

    @Test
    void interruptedTrialsAreCountedApartFromFailuresByKind() {
        History h = new History(Direction.MAXIMIZE, List.of(
                trial(0, TrialState.COMPLETE, 0.91, Map.of()),
                trial(1, TrialState.FAIL, null, Map.of(Attributes.FAIL_REASON, "diverged at epoch 2, iteration 40:"
                        + " loss=Infinity (the loss is not finite); lower the learning rate")),
                trial(2, TrialState.FAIL, null, Map.of(Attributes.FAIL_REASON, "diverged at epoch 0, iteration 7:"
                        + " loss=NaN (the loss is not finite); lower the learning rate")),
                trial(3, TrialState.FAIL, null, Map.of(Attributes.FAIL_REASON, "interrupted",
                        Attributes.INTERRUPTED, true)),
                trial(4, TrialState.FAIL, null, Map.of(Attributes.FAIL_REASON, "interrupted",
                        Attributes.INTERRUPTED, true, Attributes.STOPPED, true))));
        String out = ResultSummary.render("s", "s.db", "val_accuracy", h, "budget time", 5, 3);
        // every count of a line has one scope: the study's stored trials, then this run
        assertTrue(out.contains("Study \"s\" in s.db: 5 trials: 1 complete, 0 pruned, 2 failed, 2 interrupted,"
                + " 0 running\nThis run: ran 5 trials, stopped: budget time\n"), out);
        // one readable kind, and one whole reason with its numbers
        assertTrue(out.contains("2 failed, by kind:\n  diverged (the loss became NaN or infinite) ×2, e.g. trial 2:"
                + " diverged at epoch 0, iteration 7: loss=NaN (the loss is not finite); lower the learning rate\n"),
                out);
        assertFalse(out.contains("#,") || out.contains("=#"), "no blanked numbers: " + out);
        assertTrue(out.contains("Interrupted (Ctrl-C, a kill or a lost worker; retried within the retry limit): 2\n"),
                out);
        assertFalse(out.contains("× interrupted"), out);
        assertTrue(out.contains("#0     0.91"), out);
    }

    private static FrozenTrial trial(int number, TrialState state, Double value, Map<String, Object> system) {
        return new FrozenTrial(number + 10, number, state, value, Params.of(Map.of("lr", 0.01)), Map.of(),
                new TreeMap<>(), Map.of(), system, Instant.EPOCH, Instant.EPOCH);
    }
}
