package io.sweep4j.dl4j;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sweep4j.space.Params;
import java.io.File;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.deeplearning4j.nn.layers.feedforward.dense.DenseLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.updater.BaseMultiLayerUpdater;
import org.deeplearning4j.util.ModelSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.AdamUpdater;
import org.nd4j.linalg.learning.config.Adam;

/** The lean dense layers and Adam updater change nothing a user can see, only the time. */
class LeanDenseLayerTest {
    @TempDir
    Path dir;

    @Test
    void trainingWithLeanLayersAndUpdaterGivesTheSameWeightsAsPlainDl4j() {
        for (Map<String, Object> params : List.<Map<String, Object>>of(
                Map.of("optimizer", "adam", "activation", "elu", "l2", 1e-4),
                Map.of("optimizer", "adam", "activation", "tanh", "dropout", 0.3, "lrDecay", 0.5),
                Map.of("optimizer", "momentum", "activation", "relu", "dropout", 0.3, "batchNorm", true))) {
            MultiLayerNetwork plain = MappingTest.network(params);
            MultiLayerNetwork lean = MappingTest.network(params);
            assertEquals(2, LeanDenseLayer.install(lean), "both hidden layers of a 784-64-32-10 MLP");
            assertFalse(((LeanDenseLayer) lean.getLayer(0)).computesInputGradient(), "nothing reads it");
            train(plain, params, 2);
            train(lean, params, 2);
            if (params.get("optimizer").equals("adam")) {
                assertInstanceOf(LeanAdamUpdater.class, ((BaseMultiLayerUpdater<?>) lean.getUpdater())
                        .getUpdaterBlocks().get(0).getGradientUpdater(), "the lean updater did the training");
            }
            assertSameWeights(plain, lean, params.toString());
            assertTrue(plain.getLayer(0).getParam("W").sub(MappingTest.network(params).getLayer(0).getParam("W"))
                    .amaxNumber().doubleValue() > 1e-3, "the first layer really trained");
            assertEquals(plain.score(), lean.score(), 1e-5, params.toString());
        }
    }

    @Test
    void theCnnsDenseLayerGivesPlainDl4jsOutputsAndGradients() {
        Map<String, Object> params = Map.of("optimizer", "adam", "lr", 3e-3);
        MultiLayerNetwork plain = MappingTest.cnn(params);
        MultiLayerNetwork lean = MappingTest.cnn(params);
        assertEquals(1, LeanDenseLayer.install(lean), "the dense 200 after the convolutions");
        LeanDenseLayer dense = assertInstanceOf(LeanDenseLayer.class, lean.getLayer(lean.getnLayers() - 2));
        assertTrue(dense.computesInputGradient(), "the convolutions below it need its input gradient");
        Batches batches = new Batches(TensorData.of(MiniData.SMALL), 64, true);
        batches.shuffle(1);
        Batches.Batch batch = batches.get(0);
        // its gemm writes the c-order activation directly where DL4J goes through an f-order copy, so sums may round
        // differently in the last bit: equal to float precision, not bit for bit (the MLP test above trains on equal)
        for (MultiLayerNetwork net : List.of(plain, lean)) {
            net.setInput(batch.features());
            net.setLabels(batch.labels());
            net.computeGradientAndScore();
        }
        assertEquals(plain.score(), lean.score(), 1e-6);
        Map<String, INDArray> expected = plain.gradient().gradientForVariable();
        Map<String, INDArray> actual = lean.gradient().gradientForVariable();
        assertEquals(expected.keySet(), actual.keySet());
        for (String name : expected.keySet()) {
            double scale = expected.get(name).amaxNumber().doubleValue();
            double diff = expected.get(name).sub(actual.get(name)).amaxNumber().doubleValue();
            assertTrue(scale > 0 && diff <= 1e-5 * scale, name + ": gradient differs by " + diff + " of " + scale);
        }
    }

    @Test
    void leanAdamStepsAsLibnd4jsKernelDoes() {
        Adam config = new Adam(2e-3);
        int n = 5_000;
        INDArray nativeState = Nd4j.zeros(DataType.FLOAT, 1, 2L * n);
        INDArray leanState = nativeState.dup();
        var dl4j = (AdamUpdater) config.instantiate(nativeState, true);
        var lean = new LeanAdamUpdater((AdamUpdater) config.instantiate(leanState, true));
        Nd4j.getRandom().setSeed(5);
        for (int iteration : new int[] {0, 1, 2, 500, 100_000}) {
            INDArray gradient = Nd4j.randn(DataType.FLOAT, 1, n).muli(1e-2);
            INDArray expected = gradient.dup();
            INDArray actual = gradient.dup();
            dl4j.applyUpdater(expected, iteration, 0);
            lean.applyUpdater(actual, iteration, 0);
            double scale = expected.amaxNumber().doubleValue();
            assertTrue(scale > 0 && expected.sub(actual).amaxNumber().doubleValue() <= 1e-6 * scale,
                    "update at iteration " + iteration);
            assertTrue(nativeState.sub(leanState).amaxNumber().doubleValue() <= 1e-6
                    * nativeState.amaxNumber().doubleValue(), "m and v at iteration " + iteration);
        }
    }

    @Test
    void aSavedModelIsPlainDl4jAndARestoredOneTrainsOnWithTheSwap() throws Exception {
        Map<String, Object> params = Map.of("optimizer", "adam");
        MultiLayerNetwork net = MappingTest.network(params);
        LeanDenseLayer.install(net);
        train(net, params, 1);
        File file = dir.resolve("model.zip").toFile();
        ModelSerializer.writeModel(net, file, true);
        MultiLayerNetwork restored = ModelSerializer.restoreMultiLayerNetwork(file, true);
        assertSame(DenseLayer.class, restored.getLayer(0).getClass(), "nothing of sweep4j in a saved model");
        assertEquals(net.params(), restored.params());
        assertEquals(net.getUpdater().getStateViewArray(), restored.getUpdater().getStateViewArray(),
                "Adam's m and v saved as DL4J keeps them");

        MultiLayerNetwork plain = ModelSerializer.restoreMultiLayerNetwork(file, true);
        assertEquals(2, LeanDenseLayer.install(restored), "installs on a restored network, updater state included");
        train(restored, params, 1);
        train(plain, params, 1);
        assertSameWeights(plain, restored, "resumed training");
    }

    @Test
    void layersAlreadyReplacedOrNotPlainDenseAreLeftAlone() {
        MultiLayerNetwork mlp = MappingTest.network(Map.of());
        assertEquals(2, LeanDenseLayer.install(mlp));
        assertEquals(0, LeanDenseLayer.install(mlp), "installed once");
        assertEquals(0, LeanAdamUpdater.install(MappingTest.network(Map.of("optimizer", "sgd"))), "not Adam");
        MultiLayerNetwork adam = MappingTest.network(Map.of("optimizer", "adam"));
        assertTrue(LeanAdamUpdater.install(adam) > 0);
        assertEquals(0, LeanAdamUpdater.install(adam), "installed once");
    }

    private static void assertSameWeights(MultiLayerNetwork expected, MultiLayerNetwork actual, String what) {
        double maxDiff = expected.params().sub(actual.params()).amaxNumber().doubleValue();
        assertTrue(maxDiff < 1e-5, what + ": weights differ by " + maxDiff);
    }

    /** Trains as {@code TrainingRun} does: the lean parts installed when the network is, again after a rate step. */
    private static void train(MultiLayerNetwork net, Map<String, Object> params, int epochs) {
        HyperParams hp = HyperParams.from(Params.of(params));
        boolean lean = net.getLayer(0) instanceof LeanDenseLayer || net.getLayer(net.getnLayers() - 2)
                instanceof LeanDenseLayer;
        if (lean) {
            LeanAdamUpdater.install(net);
        }
        boolean image = net.getnLayers() > 0 && !(net.getLayer(0) instanceof DenseLayer);
        Batches batches = new Batches(TensorData.of(MiniData.SMALL), hp.batchSize(), image);
        Nd4j.getRandom().setSeed(11); // the same dropout masks for both networks
        for (int epoch = 0; epoch < epochs; epoch++) {
            if (hp.lrDecay() < 1) {
                net.setLearningRate(hp.learningRate(epoch));
                if (lean) {
                    LeanAdamUpdater.install(net);
                }
            }
            batches.shuffle(3 + epoch);
            for (int b = 0; b < batches.count(); b++) {
                Batches.Batch batch = batches.get(b);
                net.fit(batch.features(), batch.labels());
            }
        }
    }
}
