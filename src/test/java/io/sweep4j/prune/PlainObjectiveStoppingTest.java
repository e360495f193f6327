package io.sweep4j.prune;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sweep4j.sampler.Samplers;
import io.sweep4j.study.Budget;
import io.sweep4j.study.Study;
import io.sweep4j.study.StudyResult;
import io.sweep4j.study.Trial;
import io.sweep4j.study.TrialFailedException;
import io.sweep4j.study.TrialPrunedException;
import io.sweep4j.trial.Attributes;
import io.sweep4j.trial.Direction;
import io.sweep4j.trial.FailureKind;
import io.sweep4j.trial.FrozenTrial;
import io.sweep4j.trial.TrialState;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Early stopping and the divergence guard in a plain Java objective (no DL4J), on a real SQLite study: a trial whose
 * value levels off stops early and completes with its best value, one whose loss explodes or becomes NaN fails as
 * "diverged", and the study's pruner still prunes, as in the DL4J training loop.
 */
class PlainObjectiveStoppingTest {
    private static final int ITERATIONS = 10;
    private static final EarlyStopping PATIENCE = EarlyStopping.after(3);

    @TempDir
    Path dir;

    /** A simulated training whose loss per iteration follows the trial's curve; returns the best epoch's value. */
    private static double train(Trial trial) {
        String curve = trial.getString("curve");
        EarlyStopping.Tracker stopping = PATIENCE.start(Direction.MINIMIZE);
        DivergenceGuard.Tracker guard = DivergenceGuard.DEFAULT.start(Math.log(10));
        for (int epoch = 0; epoch < 20; epoch++) {
            for (int i = 0; i < ITERATIONS; i++) {
                Optional<String> diverged = guard.check(epoch, i, loss(curve, epoch, i));
                if (diverged.isPresent()) {
                    throw new TrialFailedException(diverged.get());
                }
            }
            double value = loss(curve, epoch, ITERATIONS - 1);
            EarlyStopping.Verdict verdict = stopping.observe(epoch, value);
            trial.report(epoch, value);
            if (trial.shouldPrune()) {
                throw new TrialPrunedException("pruned at epoch " + epoch);
            }
            if (verdict instanceof EarlyStopping.Stop stop) {
                trial.setUserAttribute("stopped_early", stop.reason());
                break;
            }
        }
        return stopping.bestValue();
    }

    private static double loss(String curve, int epoch, int iteration) {
        return switch (curve) {
            case "plateau" -> 1.0 / (1 + Math.min(epoch, 4)); // falls for 5 epochs, then levels off at 0.2
            case "explode" -> Math.pow(1.2, epoch * ITERATIONS + iteration);
            case "nan" -> epoch == 2 && iteration == 5 ? Double.NaN : 0.9 / (1 + epoch);
            default -> 5.0; // "worse": above the plateau trial from the start
        };
    }

    @Test
    void aPlainObjectiveStopsEarlyFailsAsDivergedAndIsPruned() {
        Study study = Study.named("plain").storage(dir.resolve("s.db"))
                .space(s -> s.choice("curve", "plateau", "explode", "nan", "worse"))
                .sampler(Samplers.random(1)).pruner(Pruners.median(1, 1))
                .objective(PlainObjectiveStoppingTest::train)
                .minimize("loss").parallelism(1).budget(Budget.trials(4));
        for (String curve : List.of("plateau", "explode", "nan", "worse")) {
            study.enqueue(Map.of("curve", curve));
        }
        StudyResult r = study.optimize();
        List<FrozenTrial> trials = r.history().trials();
        assertEquals(4, trials.size(), trials.toString());

        FrozenTrial plateau = trials.get(0);
        assertEquals(TrialState.COMPLETE, plateau.state());
        assertEquals(0.2, plateau.value());
        assertEquals(IntStream.rangeClosed(0, 7).boxed().toList(), List.copyOf(plateau.intermediateValues().keySet()),
                "best at epoch 4, patience 3: the last epoch is 7");
        assertEquals("stopped early at step 7: no improvement in 3 steps since the best, 0.2 at step 4",
                plateau.userAttributes().get("stopped_early"));

        FrozenTrial explode = trials.get(1);
        assertEquals(TrialState.FAIL, explode.state());
        String reason = (String) explode.systemAttributes().get(Attributes.FAIL_REASON);
        assertTrue(reason.startsWith("diverged at epoch 1, iteration "), reason);
        assertEquals("diverged (the loss rose far above its start)", FailureKind.name(reason));

        FrozenTrial nan = trials.get(2);
        assertEquals(TrialState.FAIL, nan.state());
        assertEquals("diverged at epoch 2, iteration 5: loss=NaN (the loss is not finite); lower the learning rate",
                nan.systemAttributes().get(Attributes.FAIL_REASON));
        assertEquals(List.of(0, 1), List.copyOf(nan.intermediateValues().keySet()));
        assertEquals(List.of("diverged (the loss rose far above its start)", "diverged (the loss became NaN or"
                + " infinite)"), FailureKind.of(r.history()).stream().map(FailureKind::name).toList());

        FrozenTrial worse = trials.get(3);
        assertEquals(TrialState.PRUNED, worse.state());
        assertEquals(1, ((Number) worse.systemAttributes().get(Attributes.PRUNED_STEP)).intValue(),
                "after one warm-up step, above the median of the completed trial");
    }
}
