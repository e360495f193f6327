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
import org.deeplearning4j.util.ModelSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** Skipping the first layer's unused input gradient changes nothing a user can see, only the time. */
class FirstDenseLayerTest {
    @TempDir
    Path dir;

    @Test
    void trainingWithTheFirstLayerReplacedGivesTheSameWeightsAsPlainDl4j() {
        for (Map<String, Object> params : List.<Map<String, Object>>of(
                Map.of("optimizer", "adam", "activation", "elu", "l2", 1e-4),
                Map.of("optimizer", "momentum", "activation", "relu", "dropout", 0.3, "batchNorm", true))) {
            MultiLayerNetwork plain = MappingTest.network(params);
            MultiLayerNetwork fast = MappingTest.network(params);
            assertTrue(FirstDenseLayer.install(fast), "an MLP's first layer is a plain dense layer");
            assertInstanceOf(FirstDenseLayer.class, fast.getLayer(0));
            train(plain, params);
            train(fast, params);
            INDArray a = plain.params();
            INDArray b = fast.params();
            double maxDiff = a.sub(b).amaxNumber().doubleValue();
            assertTrue(maxDiff < 1e-5, params + ": weights differ by " + maxDiff);
            assertTrue(plain.getLayer(0).getParam("W").sub(MappingTest.network(params).getLayer(0).getParam("W"))
                    .amaxNumber().doubleValue() > 1e-3, "the first layer really trained");
            assertEquals(plain.score(), fast.score(), 1e-5, params.toString());
        }
    }

    @Test
    void aSavedModelIsPlainDl4jAndARestoredOneTrainsOnWithTheSwap() throws Exception {
        Map<String, Object> params = Map.of("optimizer", "adam");
        MultiLayerNetwork net = MappingTest.network(params);
        FirstDenseLayer.install(net);
        train(net, params);
        File file = dir.resolve("model.zip").toFile();
        ModelSerializer.writeModel(net, file, true);
        MultiLayerNetwork restored = ModelSerializer.restoreMultiLayerNetwork(file, true);
        assertSame(DenseLayer.class, restored.getLayer(0).getClass(), "nothing of sweep4j in a saved model");
        assertEquals(net.params(), restored.params());

        MultiLayerNetwork plain = ModelSerializer.restoreMultiLayerNetwork(file, true);
        assertTrue(FirstDenseLayer.install(restored), "installs on a restored network, updater state included");
        train(restored, params);
        train(plain, params);
        double maxDiff = plain.params().sub(restored.params()).amaxNumber().doubleValue();
        assertTrue(maxDiff < 1e-5, "resumed training differs by " + maxDiff);
    }

    @Test
    void networksWhoseFirstLayerIsNotAPlainDenseLayerAreLeftAlone() {
        HyperParams hp = HyperParams.from(Params.empty());
        MultiLayerNetwork cnn = new MultiLayerNetwork(new Architecture.NotebookCnn()
                .configure(Params.empty(), hp, 28, 28, 10, 7));
        cnn.init();
        assertFalse(FirstDenseLayer.install(cnn));
        MultiLayerNetwork mlp = MappingTest.network(Map.of());
        assertTrue(FirstDenseLayer.install(mlp));
        assertFalse(FirstDenseLayer.install(mlp), "installed once");
    }

    private static void train(MultiLayerNetwork net, Map<String, Object> params) {
        Batches batches = new Batches(TensorData.of(MiniData.SMALL), HyperParams.from(Params.of(params)).batchSize(),
                false);
        batches.shuffle(3);
        Nd4j.getRandom().setSeed(11); // the same dropout masks for both networks
        for (int b = 0; b < batches.count(); b++) {
            Batches.Batch batch = batches.get(b);
            net.fit(batch.features(), batch.labels());
        }
    }
}
