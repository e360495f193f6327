package io.sweep4j.dl4j;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sweep4j.sampler.Samplers;
import io.sweep4j.study.Budget;
import io.sweep4j.study.Study;
import io.sweep4j.study.StudyResult;
import io.sweep4j.trial.FrozenTrial;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.util.ModelSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Studies that search the network, run for real on the small mini-set slice (one or two epochs per trial). */
class ArchitectureStudyTest {
    @TempDir
    Path dir;

    @Test
    void aGridOverDepthAndWidthsRunsEveryNetworkOnceAndStoresItsCost() {
        // 1 layer: 2 widths, 2 layers: 4 -> 6 networks; width_2 only with 2 layers
        StudyResult r = Study.named("grid")
                .storage(dir.resolve("grid.db"))
                .space(Dl4j.space(s -> s.choice("lr", 3e-3)))
                .sampler(Samplers.grid())
                .objective(Dl4j.classifier(MiniData.SMALL).mlp(Layers.depth("layers", 1, 2).width("width",
                        List.of(8, 16))).maxEpochs(1).keepTop(0))
                .maximize("val_accuracy")
                .parallelism(2)
                .optimize();
        List<FrozenTrial> done = r.history().completed();
        assertEquals(6, done.size());
        Set<List<Object>> seen = new HashSet<>();
        for (FrozenTrial t : done) {
            int layers = t.params().getInt("layers");
            long expected = 0;
            long in = 784;
            for (int k = 1; k <= 2; k++) {
                assertEquals(k <= layers, t.params().has("width_" + k), "width_" + k + " in " + t.params());
                if (k <= layers) {
                    int w = t.params().getInt("width_" + k);
                    expected += in * w + w;
                    in = w;
                }
            }
            expected += in * 10 + 10;
            assertEquals(expected, ((Number) t.userAttributes().get(UserAttributes.PARAM_COUNT)).longValue(),
                    "param_count of " + t.params());
            double speed = ((Number) t.userAttributes().get(UserAttributes.TRAIN_SAMPLES_PER_S)).doubleValue();
            assertTrue(speed > 0 && Double.isFinite(speed), "train_samples_per_s " + speed);
            for (String latency : List.of(UserAttributes.INFERENCE_MS_BATCH1, UserAttributes.INFERENCE_MS_BATCHED)) {
                double ms = ((Number) t.userAttributes().get(latency)).doubleValue();
                assertTrue(ms > 0 && Double.isFinite(ms), latency + " " + ms);
            }
            seen.add(List.copyOf(t.params().asMap().values()));
        }
        assertEquals(6, seen.size(), "each network exactly once");
    }

    @Test
    void theBestSearchedCnnRestoresFromItsSavedModelWithTheSameTestAccuracyAndRefitsOnTrainPlusValidation()
            throws Exception {
        TrainingLoopObjective objective = Dl4j.classifier(MiniData.SMALL)
                .cnn(Blocks.count("blocks", 1, 2).filtersDoubling("filters", 4, 8).head("head", "flatten", "global")
                        .dense("dense", 16, 32))
                .maxEpochs(2).patience(0).keepTop(1).evaluateMirrored(true).refit(true);
        Study study = Study.named("cnn")
                .storage(dir.resolve("cnn.db"))
                .space(Dl4j.space(s -> s.logFloat("lr", 2e-3, 1e-2).choice("batchNorm", false, true)))
                .sampler(Samplers.random(5))
                .objective(objective)
                .maximize("val_accuracy")
                .parallelism(2)
                .budget(Budget.trials(3));
        StudyResult r = study.optimize();
        FrozenTrial best = r.best().orElseThrow();
        Path model = dir.resolve("cnn.db-files/cnn-1").resolve("trial-" + best.number()).resolve(TopModels.MODEL_FILE);
        MultiLayerNetwork back = ModelSerializer.restoreMultiLayerNetwork(model.toFile());
        TrainingRun.Score score = TrainingRun.score(back, TensorData.of(MiniData.SMALL).test, true, true);
        assertEquals(((Number) best.userAttributes().get("test_accuracy")).doubleValue(), score.accuracy(), 0,
                "the saved best model scores the stored test accuracy");
        assertEquals(((Number) best.userAttributes().get(UserAttributes.PARAM_COUNT)).longValue(), back.numParams());
        DenseLayer dense = (DenseLayer) back.getLayerWiseConfigurations().getConf(back.getnLayers() - 2).getLayer();
        assertEquals(best.params().getInt("dense"), dense.getNOut(), "the dense width the trial drew");

        // refit: the best configuration on all 1 200 training images for its best epoch count, stored apart
        FrozenTrial stored = refreshed(study, best.number());
        assertEquals(1200, ((Number) stored.userAttributes().get(UserAttributes.REFIT_TRAIN_IMAGES)).intValue());
        assertEquals(((Number) stored.userAttributes().get("best_epoch")).intValue() + 1,
                ((Number) stored.userAttributes().get(UserAttributes.REFIT_EPOCHS)).intValue());
        double refitAccuracy = ((Number) stored.userAttributes().get(UserAttributes.REFIT_TEST_ACCURACY)).doubleValue();
        assertEquals(best.userAttributes().get("test_accuracy"), stored.userAttributes().get("test_accuracy"),
                "the trial's own test accuracy is kept");
        Path refitModel = dir.resolve("cnn.db-files/cnn-1").resolve(Refit.DIR).resolve(TopModels.MODEL_FILE);
        MultiLayerNetwork refitted = ModelSerializer.restoreMultiLayerNetwork(refitModel.toFile());
        TensorData merged = TensorData.of(Refit.withValidationInTraining(MiniData.SMALL));
        assertEquals(refitAccuracy, TrainingRun.score(refitted, merged.test, true, true).accuracy(), 0,
                "the refit model restores and scores its stored test accuracy");
        assertFalse(merged.test.features().equals(TensorData.of(MiniData.SMALL).test.features()),
                "the refit standardizes by the statistics of its own training images");

        // run again: the budget is spent and the best is already refit, so nothing trains again
        long modified = Files.getLastModifiedTime(refitModel).toMillis();
        study.optimize();
        assertEquals(modified, Files.getLastModifiedTime(refitModel).toMillis());
    }

    private FrozenTrial refreshed(Study study, int number) {
        StudyResult again = study.budget(Budget.trials(3)).optimize();
        return again.history().trials().stream().filter(t -> t.number() == number).findFirst().orElseThrow();
    }
}
