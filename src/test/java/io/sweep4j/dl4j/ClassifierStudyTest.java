package io.sweep4j.dl4j;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sweep4j.sampler.Samplers;
import io.sweep4j.space.UsageException;
import io.sweep4j.study.Budget;
import io.sweep4j.study.Study;
import io.sweep4j.study.StudyResult;
import io.sweep4j.study.TrialInterruptedException;
import io.sweep4j.trial.Attributes;
import io.sweep4j.trial.FrozenTrial;
import io.sweep4j.trial.TrialState;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Stream;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.util.ModelSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The classifier objective run by real studies on real SQLite files. */
class ClassifierStudyTest {
    @TempDir
    Path dir;

    private Study study(String name, TrainingLoopObjective objective) {
        return Study.named(name)
                .storage(dir.resolve(name + ".db"))
                .space(Dl4j.space(s -> s.logFloat("lr", 1e-3, 1e-2).choice("optimizer", "adam", "nesterov")
                        .choice("batchSize", 32, 64)))
                .sampler(Samplers.random(3))
                .objective(objective)
                .maximize("val_accuracy")
                .parallelism(2);
    }

    @Test
    void storesTheLearningCurveTestAccuracyAndTheTopModels() throws Exception {
        StudyResult r = study("curve", Dl4j.classifier(MiniData.SMALL).mlp(32).maxEpochs(3).patience(0).keepTop(2))
                .budget(Budget.trials(4)).optimize();
        List<FrozenTrial> done = r.history().completed();
        assertEquals(4, done.size());
        for (FrozenTrial t : done) {
            assertEquals(List.of(0, 1, 2), List.copyOf(t.intermediateValues().keySet()));
            double best = t.intermediateValues().values().stream().mapToDouble(Double::doubleValue).max().orElseThrow();
            assertEquals(best, t.value(), 0, "the value is the best epoch's val_accuracy");
            double test = ((Number) t.userAttributes().get("test_accuracy")).doubleValue();
            assertTrue(test > 0.4 && test <= 1, "test accuracy " + test);
            @SuppressWarnings("unchecked")
            Map<String, Object> epoch1 = (Map<String, Object>) t.systemAttributes().get(Attributes.PREFIX + "metrics:1");
            assertEquals(t.intermediateValues().get(1), ((Number) epoch1.get("val_accuracy")).doubleValue(), 0);
            assertTrue(epoch1.containsKey("val_loss") && epoch1.containsKey("train_loss"), epoch1.toString());
        }
        Path files = dir.resolve("curve.db-files/curve-1");
        List<Path> models;
        try (Stream<Path> s = Files.walk(files)) {
            models = s.filter(p -> p.getFileName().toString().equals(TopModels.MODEL_FILE)).sorted().toList();
        }
        List<Path> expected = r.history().ranked().subList(0, 2).stream()
                .map(t -> files.resolve("trial-" + t.number()).resolve(TopModels.MODEL_FILE))
                .sorted().toList();
        assertEquals(expected, models, "only the top 2 trials keep their model");
        MultiLayerNetwork back = ModelSerializer.restoreMultiLayerNetwork(models.get(0).toFile());
        assertEquals(3, back.getnLayers() + 1);
        try (Stream<Path> s = Files.walk(files)) {
            assertFalse(s.anyMatch(p -> p.getFileName().toString().equals(Checkpoint.FILE_NAME)),
                    "finished trials leave no checkpoint");
        }
        try (Stream<Path> s = Files.list(files)) {
            assertEquals(2, s.count(), "trials without a kept model leave no empty folder");
        }
    }

    @Test
    void theNotebookCnnTrainsOnImagesWithAndWithoutBatchNorm() {
        StudyResult r = Study.named("cnn").storage(dir.resolve("cnn.db"))
                .space(Dl4j.space(s -> s.choice("batchNorm", false, true).choice("optimizer", "sgd")
                        .choice("lr", 0.1).choice("dropout", 0.3)))
                .sampler(Samplers.grid())
                .objective(Dl4j.classifier(MiniData.SMALL).cnn().maxEpochs(2).patience(0))
                .maximize("val_accuracy").parallelism(2).optimize();
        assertEquals(2, r.history().completed().size(), r.history().trials().toString());
        for (FrozenTrial t : r.history().completed()) {
            assertTrue(t.value() > 0.5, "CNN val accuracy " + t.value() + " with " + t.params());
        }
    }

    @Test
    void lr100WithSgdFailsAsDivergedWithinTheFirstEpoch() {
        StudyResult r = Study.named("boom").storage(dir.resolve("boom.db"))
                .space(Dl4j.space(s -> s.choice("lr", 100.0).choice("optimizer", "sgd")))
                .objective(Dl4j.classifier(MiniData.MINI).mlp(200, 100).maxEpochs(30).patience(0))
                .maximize("val_accuracy").budget(Budget.trials(1)).optimize();
        FrozenTrial t = r.history().trials().get(0);
        assertEquals(TrialState.FAIL, t.state());
        String reason = t.failReason().orElseThrow();
        assertTrue(reason.startsWith("diverged at epoch 0, iteration "), reason);
        assertTrue(reason.contains("loss="), reason);
        assertTrue(t.intermediateValues().isEmpty(), "no epoch completed");
    }

    @Test
    void patienceStopsWhenTheMetricStopsImproving() {
        // a learning rate of 1e-9 cannot move the validation accuracy by the required 0.2
        StudyResult r = Study.named("flat").storage(dir.resolve("flat.db"))
                .space(Dl4j.space(s -> s.choice("lr", 1e-9).choice("optimizer", "sgd")))
                .objective(Dl4j.classifier(MiniData.SMALL).mlp(16).maxEpochs(30).patience(2).minDelta(0.2))
                .maximize("val_accuracy").budget(Budget.trials(1)).optimize();
        FrozenTrial t = r.history().completed().get(0);
        assertEquals(List.of(0, 1, 2), List.copyOf(t.intermediateValues().keySet()));
        assertEquals(0, ((Number) t.userAttributes().get("best_epoch")).intValue());
        assertEquals(3, ((Number) t.userAttributes().get("epochs_trained")).intValue());
    }

    @Test
    void minimizingValLossReturnsTheLowestLoss() {
        StudyResult r = Study.named("loss").storage(dir.resolve("loss.db"))
                .space(Dl4j.space(s -> s.choice("lr", 3e-3)))
                .objective(Dl4j.classifier(MiniData.SMALL).mlp(16).maxEpochs(3).patience(0))
                .minimize("val_loss").budget(Budget.trials(1)).optimize();
        FrozenTrial t = r.history().completed().get(0);
        double min = t.intermediateValues().values().stream().mapToDouble(Double::doubleValue).min().orElseThrow();
        assertEquals(min, t.value(), 0);
        assertTrue(min < Math.log(10), "val loss " + min);
    }

    @Test
    void anUnknownOptimizerOrInitFailsAtDefinitionWithTheValidNames() {
        UsageException e = assertThrows(UsageException.class,
                () -> Dl4j.space(s -> s.choice("optimizer", "adam", "adamw")));
        assertTrue(e.getMessage().contains("\"adamw\""), e.getMessage());
        for (String name : Optimizer.names()) {
            assertTrue(e.getMessage().contains(name), e.getMessage());
        }
        assertEquals("optimizer", e.field());
        UsageException init = assertThrows(UsageException.class,
                () -> Dl4j.space(s -> s.choice("init", "xavier", "glorot")));
        assertTrue(init.getMessage().contains("orthogonal") && init.getMessage().contains("glorot"),
                init.getMessage());
        // a renamed parameter is checked under its new name, at the objective's definition
        TrainingLoopObjective renamed = Dl4j.classifier(MiniData.SMALL).param(Hyperparameter.OPTIMIZER, "opt");
        UsageException named = assertThrows(UsageException.class, () -> renamed.validate(
                io.sweep4j.space.SearchSpace.builder().choice("opt", "sgd", "lbfgs").build()));
        assertEquals("opt", named.field());
        assertThrows(UsageException.class, () -> Dl4j.space(s -> s.floatRange("dropout", 0.0, 1.0)));
    }

    @Test
    void theStudyChecksNamesMetricAndBatchSizeAtDefinitionEvenWithoutDl4jSpace() {
        int train = MiniData.SMALL.train().size();
        TrainingLoopObjective objective = Dl4j.classifier(MiniData.SMALL).mlp(16);
        Study badName = Study.named("n").storage(dir.resolve("n.db")).objective(objective).maximize("val_accuracy")
                .space(s -> s.choice("optimizer", "adam", "adamw"));
        assertEquals("optimizer", assertThrows(UsageException.class, badName::spec).field());
        Study badMetric = Study.named("m").storage(dir.resolve("m.db")).objective(objective).maximize("accuracy")
                .space(s -> s.logFloat("lr", 1e-3, 1e-2));
        UsageException metric = assertThrows(UsageException.class, badMetric::spec);
        assertTrue(metric.getMessage().contains("val_accuracy"), metric.getMessage());
        Study hugeBatch = Study.named("b").storage(dir.resolve("b.db")).objective(objective).maximize("val_accuracy")
                .space(s -> s.choice("batchSize", 64, train + 1));
        UsageException batch = assertThrows(UsageException.class, hugeBatch::optimize);
        assertEquals("batchSize", batch.field());
        assertTrue(batch.getMessage().contains(Integer.toString(train)), batch.getMessage());
        assertTrue(java.nio.file.Files.notExists(dir.resolve("b.db")), "nothing stored");
    }

    @Test
    void anInterruptedTrialResumesAtTheNextEpochWithItsCurveIntact() {
        List<Integer> epochsTrained = new CopyOnWriteArrayList<>();
        AtomicBoolean interruptOnce = new AtomicBoolean(true);
        TrainingLoopObjective objective = Dl4j.classifier(MiniData.SMALL).mlp(32).maxEpochs(4).patience(0)
                .afterEpochReported(epoch -> {
                    epochsTrained.add(epoch);
                    // exactly what Trial.report does after Ctrl-C: the epoch is committed, then the trial ends
                    if (epoch == 1 && interruptOnce.getAndSet(false)) {
                        throw new TrialInterruptedException("stopped by the user after step 1");
                    }
                });
        StudyResult r = Study.named("resume").storage(dir.resolve("resume.db"))
                .space(Dl4j.space(s -> s.choice("lr", 3e-3)))
                .objective(objective).maximize("val_accuracy").parallelism(1)
                .budget(Budget.trials(1)).optimize();
        FrozenTrial first = r.history().trials().get(0);
        FrozenTrial retry = r.history().trials().get(1);
        assertEquals(TrialState.FAIL, first.state());
        assertEquals(true, first.systemAttributes().get(Attributes.INTERRUPTED));
        assertEquals(TrialState.COMPLETE, retry.state());
        assertEquals(0, ((Number) retry.systemAttributes().get(Attributes.RETRY_OF)).intValue());
        assertEquals(List.of(0, 1, 2, 3), epochsTrained, "the retry trains epochs 2 and 3 only");
        assertEquals(List.of(0, 1, 2, 3), List.copyOf(retry.intermediateValues().keySet()));
        assertEquals(first.intermediateValues().get(0), retry.intermediateValues().get(0));
        assertEquals(first.intermediateValues().get(1), retry.intermediateValues().get(1));
        assertFalse(Files.exists(dir.resolve("resume.db-files/resume-1/trial-0")),
                "the retry took the interrupted trial's checkpoint, and left nothing once it ended");
        assertTrue(retry.userAttributes().containsKey("test_accuracy"));
    }

    @Test
    void aBatchNormCnnWithADecayingRateResumesFromItsCheckpoint() {
        // the searched CNNs' case: DL4J's setLearningRate on a restored network whose layers the lean installs
        // replaced threw a NullPointerException, so every resumed trial failed at once (found in FashionCnnSearch)
        AtomicBoolean interruptOnce = new AtomicBoolean(true);
        TrainingLoopObjective objective = Dl4j.classifier(MiniData.SMALL).cnn().maxEpochs(3).patience(0)
                .afterEpochReported(epoch -> {
                    if (epoch == 0 && interruptOnce.getAndSet(false)) {
                        throw new TrialInterruptedException("stopped by the user after step 0");
                    }
                });
        StudyResult r = Study.named("resume-cnn").storage(dir.resolve("resume-cnn.db"))
                .space(Dl4j.space(s -> s.choice("lr", 3e-3).choice("optimizer", "adam").choice("batchNorm", true)
                        .choice("lrDecay", 0.9)))
                .objective(objective).maximize("val_accuracy").parallelism(1)
                .budget(Budget.trials(1)).optimize();
        FrozenTrial retry = r.history().trials().get(1);
        assertEquals(TrialState.COMPLETE, retry.state(), String.valueOf(retry.systemAttributes()));
        assertEquals(List.of(0, 1, 2), List.copyOf(retry.intermediateValues().keySet()));
        assertTrue(retry.intermediateValues().get(2) > 0.5, "the resumed network goes on learning: "
                + retry.intermediateValues());
    }
}
