package io.sweep4j.dl4j;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sweep4j.sampler.Samplers;
import io.sweep4j.space.Params;
import io.sweep4j.space.UsageException;
import io.sweep4j.study.Budget;
import io.sweep4j.study.Study;
import io.sweep4j.study.StudyResult;
import io.sweep4j.trial.FrozenTrial;
import io.sweep4j.trial.TrialState;
import java.nio.file.Path;
import java.util.Map;
import java.util.Random;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.weights.WeightInit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.lossfunctions.LossFunctions;

/** The regression objective on synthetic data whose noise floor is known: y = f(x) + N(0, sigma^2). */
class RegressionStudyTest {
    private static final double SIGMA = 0.1;
    private static final DataSet TRAIN = noisy(3000, 1).data();
    private static final Noisy VALIDATION_SET = noisy(2000, 2);
    private static final DataSet VALIDATION = VALIDATION_SET.data();
    private static final Noisy TEST = noisy(2000, 3);

    @TempDir
    Path dir;

    /** A synthetic set and the mean squared noise actually drawn into it (sigma^2 up to sampling). */
    record Noisy(DataSet data, double noiseMse) {
    }

    /** x uniform on [-1, 1]^2, f(x) = sin(2 x1) + x2^2 / 2, Gaussian noise of standard deviation SIGMA. */
    static Noisy noisy(int n, long seed) {
        Random random = new Random(seed);
        float[][] x = new float[n][2];
        float[][] y = new float[n][1];
        double squaredNoise = 0;
        for (int i = 0; i < n; i++) {
            x[i][0] = 2 * random.nextFloat() - 1;
            x[i][1] = 2 * random.nextFloat() - 1;
            double noise = SIGMA * random.nextGaussian();
            squaredNoise += noise * noise;
            y[i][0] = (float) (Math.sin(2 * x[i][0]) + x[i][1] * x[i][1] / 2 + noise);
        }
        return new Noisy(new DataSet(Nd4j.createFromArray(x), Nd4j.createFromArray(y)), squaredNoise / n);
    }

    /** The user's network: two tanh layers of the trial's width, a linear output with MSE loss. */
    static MultiLayerConfiguration network(Params p) {
        HyperParams hp = HyperParams.from(p);
        int width = p.getInt("width");
        return new NeuralNetConfiguration.Builder().seed(7).dataType(DataType.FLOAT).updater(hp.updater())
                .weightInit(WeightInit.XAVIER).list()
                .layer(new DenseLayer.Builder().nOut(width).activation(Activation.TANH).build())
                .layer(new DenseLayer.Builder().nOut(width).activation(Activation.TANH).build())
                .layer(new OutputLayer.Builder(LossFunctions.LossFunction.MSE).nOut(1)
                        .activation(Activation.IDENTITY).build())
                .setInputType(InputType.feedForward(2)).build();
    }

    @Test
    void aRegressionStudyReachesTheNoiseFloorWithinTenPercent() {
        StudyResult r = Study.named("floor").storage(dir.resolve("floor.db"))
                .space(Dl4j.space(s -> s.logFloat("lr", 3e-3, 3e-2).choice("optimizer", "adam")
                        .choice("batchSize", 32, 64).intRange("width", 16, 64, 16)))
                .sampler(Samplers.random(1))
                .objective(Dl4j.regression(UserData.of(TRAIN, VALIDATION).test(TEST.data()))
                        .network(RegressionStudyTest::network).maxEpochs(40).patience(6))
                .minimize("val_mse").parallelism(2).budget(Budget.trials(4)).optimize();
        FrozenTrial best = r.best().orElseThrow();
        double floor = SIGMA * SIGMA;
        double testMse = ((Number) best.userAttributes().get("test_mse")).doubleValue();
        System.out.printf("regression noise floor %.5f (drawn: validation %.5f, test %.5f): best val_mse %.5f (%.3f x"
                + " sigma^2), its test_mse %.5f (%.3f x the test set's drawn noise), trial %d %s%n", floor,
                VALIDATION_SET.noiseMse(), TEST.noiseMse(), best.value(), best.value() / floor, testMse,
                testMse / TEST.noiseMse(), best.number(), best.params());
        assertTrue(best.value() <= 1.1 * floor, "best val_mse " + best.value() + " vs noise floor " + floor);
        // the test set is never chosen on: its error is measured against the noise drawn into it
        assertTrue(testMse <= 1.1 * TEST.noiseMse(), "test_mse " + testMse + " of the chosen trial vs the test set's"
                + " noise " + TEST.noiseMse());
        @SuppressWarnings("unchecked")
        Map<String, Object> epoch0 = (Map<String, Object>) best.systemAttributes().get("sweep4j:metrics:0");
        assertTrue(epoch0.keySet().containsAll(RegressionObjective.METRICS), epoch0.toString());
        // the kept model reloads and predicts what the trial scored
        MultiLayerNetwork model = Dl4j.loadModel(best);
        double mse = model.output(VALIDATION.getFeatures()).sub(VALIDATION.getLabels()).norm2Number().doubleValue();
        assertEquals(best.value(), mse * mse / VALIDATION.numExamples(), 1e-6);
    }

    @Test
    void aHugeLearningRateFailsAsDivergedAndAPlateauStopsOnPatience() {
        StudyResult r = Study.named("guard").storage(dir.resolve("guard.db"))
                .space(Dl4j.space(s -> s.choice("lr", 1e3, 1e-9).choice("optimizer", "sgd").choice("width", 16)))
                .sampler(Samplers.grid())
                .objective(Dl4j.regression(TRAIN, VALIDATION).network(RegressionStudyTest::network).maxEpochs(30)
                        .patience(2).minDelta(0.05))
                .minimize("val_mae").parallelism(1).optimize();
        FrozenTrial diverged = r.history().trials().stream().filter(t -> t.params().getDouble("lr") > 1).findFirst()
                .orElseThrow();
        assertEquals(TrialState.FAIL, diverged.state());
        assertTrue(diverged.failReason().orElseThrow().startsWith("diverged at epoch 0"), diverged.failReason().get());
        FrozenTrial flat = r.history().completed().get(0);
        assertEquals(3, ((Number) flat.userAttributes().get("epochs_trained")).intValue(), "patience 2 after epoch 0");
        assertTrue(flat.userAttributes().get("test_mse") == null, "no test set, no test score");
    }

    @Test
    void aRegressionIsCheckedAtDefinition() {
        UsageException noNetwork = assertThrows(UsageException.class, () -> Study.named("x")
                .storage(dir.resolve("x.db")).objective(Dl4j.regression(TRAIN, VALIDATION)).minimize("val_mse").spec());
        assertEquals("network", noNetwork.field());
        UsageException metric = assertThrows(UsageException.class, () -> Study.named("y")
                .storage(dir.resolve("y.db")).objective(Dl4j.regression(TRAIN, VALIDATION)
                        .network(RegressionStudyTest::network)).maximize("val_accuracy").spec());
        assertTrue(metric.getMessage().contains("val_mse") && metric.getMessage().contains("val_mae"),
                metric.getMessage());
        assertThrows(UsageException.class, () -> Dl4j.regression(TRAIN, VALIDATION).patienceMetric("val_loss"));
        DataSet threeInputs = new DataSet(Nd4j.rand(10, 3), Nd4j.rand(10, 1));
        UsageException shape = assertThrows(UsageException.class, () -> Study.named("z").storage(dir.resolve("z.db"))
                .objective(Dl4j.regression(TRAIN, threeInputs).network(RegressionStudyTest::network))
                .minimize("val_mse").optimize());
        assertEquals("validation features", shape.field(), shape.getMessage());
    }
}
