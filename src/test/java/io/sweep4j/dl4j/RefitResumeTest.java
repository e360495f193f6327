package io.sweep4j.dl4j;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.sweep4j.data.Splits;
import io.sweep4j.space.Params;
import io.sweep4j.trial.FrozenTrial;
import io.sweep4j.trial.TrialState;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Stream;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.util.ModelSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A refit is minutes to hours of training after a study: a stop in the middle must not cost the epochs done. */
class RefitResumeTest {
    @TempDir
    Path dir;

    private static final FrozenTrial BEST = new FrozenTrial(7, 3, TrialState.COMPLETE, 0.8,
            Params.of(Map.of("lr", 3e-3, "optimizer", "adam", "batchNorm", true, "lrDecay", 0.9)), Map.of(),
            new TreeMap<>(), Map.of(), Map.of(), Instant.EPOCH, Instant.EPOCH);

    @Test
    void aStoppedRefitContinuesFromItsLastEpochAndEndsWithTheSameModel() throws Exception {
        Splits merged = Refit.withValidationInTraining(MiniData.SMALL);
        // the searched CNNs' case: batch norm, Adam and a decaying rate, whose restored updater once failed to rebuild
        TrainingRun.Score whole = Refit.train(cnn().settings(), BEST, merged, 3, dir.resolve("whole"));

        List<Integer> trained = new CopyOnWriteArrayList<>();
        AtomicBoolean stopOnce = new AtomicBoolean(true);
        TrainingLoopObjective stopped = cnn().afterEpochReported(epoch -> {
            trained.add(epoch);
            if (epoch == 1 && stopOnce.getAndSet(false)) {
                throw new IllegalStateException("killed after epoch 1");
            }
        });
        Path refit = dir.resolve("stopped");
        assertThrows(IllegalStateException.class, () -> Refit.train(stopped.settings(), BEST, merged, 3, refit));
        assertEquals(1, checkpoints(refit), "epoch 1 is checkpointed");
        TrainingRun.Score resumed = Refit.train(stopped.settings(), BEST, merged, 3, refit);

        assertEquals(List.of(0, 1, 2), trained, "the second run trains epoch 2 only");
        assertEquals(whole.accuracy(), resumed.accuracy(), 0);
        assertEquals(whole.loss(), resumed.loss(), 1e-12);
        MultiLayerNetwork a = ModelSerializer.restoreMultiLayerNetwork(
                dir.resolve("whole").resolve(TopModels.MODEL_FILE).toFile());
        MultiLayerNetwork b = ModelSerializer.restoreMultiLayerNetwork(refit.resolve(TopModels.MODEL_FILE).toFile());
        assertArrayEquals(a.params().toFloatVector(), b.params().toFloatVector(), "the same weights, bit for bit");
        assertEquals(0, checkpoints(refit), "a finished refit leaves only its model");
    }

    @Test
    void aCheckpointOfAnotherTrialIsNotContinued() {
        Splits merged = Refit.withValidationInTraining(MiniData.SMALL);
        AtomicBoolean stopOnce = new AtomicBoolean(true);
        TrainingLoopObjective stopped = cnn().afterEpochReported(epoch -> {
            if (stopOnce.getAndSet(false)) {
                throw new IllegalStateException("killed after epoch 0");
            }
        });
        Path refit = dir.resolve("refit");
        assertThrows(IllegalStateException.class, () -> Refit.train(stopped.settings(), BEST, merged, 2, refit));
        // the same number, other parameters: a study started over under the same name
        FrozenTrial other = new FrozenTrial(9, 3, TrialState.COMPLETE, 0.8,
                Params.of(Map.of("lr", 5e-3, "optimizer", "adam", "batchNorm", true, "lrDecay", 0.9)), Map.of(),
                new TreeMap<>(), Map.of(), Map.of(), Instant.EPOCH, Instant.EPOCH);
        List<Integer> trained = new CopyOnWriteArrayList<>();
        Refit.train(cnn().afterEpochReported(trained::add).settings(), other, merged, 2, refit);
        assertEquals(List.of(0, 1), trained, "trained from its first epoch");
    }

    private static TrainingLoopObjective cnn() {
        return Dl4j.classifier(MiniData.SMALL).cnn().mirrorImages(true).refit(true);
    }

    private static long checkpoints(Path refit) throws Exception {
        try (Stream<Path> s = Files.walk(refit)) {
            return s.filter(p -> p.getFileName().toString().equals(Checkpoint.FILE_NAME)).count();
        }
    }
}
