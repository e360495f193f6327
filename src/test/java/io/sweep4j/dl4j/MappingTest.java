package io.sweep4j.dl4j;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sweep4j.space.Params;
import io.sweep4j.space.UsageException;
import java.io.File;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.deeplearning4j.nn.conf.dropout.Dropout;
import org.deeplearning4j.nn.conf.layers.BaseLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.deeplearning4j.util.ModelSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.Nesterovs;
import org.nd4j.linalg.learning.regularization.L2Regularization;

/** Each hyperparameter reaches DL4J as the mapping table in docs/dl4j.md says. */
class MappingTest {
    @TempDir
    Path dir;

    static List<String> optimizers() {
        return Optimizer.names();
    }

    static List<String> inits() {
        return Initializer.names();
    }

    @ParameterizedTest
    @MethodSource("optimizers")
    void everyOptimizerTrainsAnEpochWithFiniteLoss(String optimizer) {
        double loss = trainOneEpoch(Map.of("optimizer", optimizer, "lr", 1e-3), 1).loss();
        assertTrue(Double.isFinite(loss), optimizer + " gave loss " + loss);
        if (!optimizer.equals("nadam")) { // DL4J's Nadam lacks v's bias correction: its first steps are ~30x lr
            assertTrue(loss < Math.log(10) * 1.5, optimizer + " did not learn: loss " + loss);
        }
    }

    @ParameterizedTest
    @MethodSource("inits")
    void everyInitTrainsAnEpochWithFiniteLoss(String init) {
        double loss = trainOneEpoch(Map.of("init", init), 1).loss();
        assertTrue(Double.isFinite(loss), init + " gave loss " + loss);
    }

    @Test
    void stepDecayLowersTheRateEveryEpochForEveryOptimizerIncludingAdagrad() {
        HyperParams hp = HyperParams.from(Params.of(Map.of("lr", 0.1, "lrDecay", 0.5)));
        assertEquals(0.025, hp.learningRate(2), 1e-12);
        double loss = trainOneEpoch(Map.of("optimizer", "adagrad", "lr", 0.01, "lrDecay", 0.5), 1).loss();
        assertTrue(Double.isFinite(loss), "adagrad with decay gave " + loss);
    }

    @Test
    void plainMomentumIsNesterovsWithTheMomentumParameter() {
        HyperParams hp = HyperParams.from(Params.of(Map.of("optimizer", "momentum", "lr", 0.05, "momentum", 0.8)));
        Nesterovs n = assertInstanceOf(Nesterovs.class, hp.updater());
        assertEquals(0.8, n.getMomentum(), 1e-12);
        assertEquals(0.05, n.getLearningRate(0, 0), 1e-12);
        assertEquals(0.9, HyperParams.from(Params.of(Map.of("optimizer", "nesterov"))).momentum(), 0,
                "momentum defaults to 0.9 when the conditional parameter is absent");
    }

    @Test
    void orthogonalInitGivesOrthonormalColumnsAndSurvivesSaveAndLoad() throws Exception {
        Trained t = trainOneEpoch(Map.of("init", "orthogonal"), 0);
        INDArray w = t.net().getLayer(1).getParam("W"); // 64 x 32 before training: columns orthonormal
        INDArray gram = w.transpose().mmul(w);
        assertTrue(gram.equalsWithEps(Nd4j.eye(32).castTo(DataType.FLOAT), 1e-4), "W^T W = I");
        File f = dir.resolve("o.zip").toFile();
        ModelSerializer.writeModel(t.net(), f, true);
        MultiLayerNetwork back = ModelSerializer.restoreMultiLayerNetwork(f);
        assertEquals(t.net().params(), back.params());
        assertEquals(new OrthogonalInit(1.0), ((BaseLayer) back.getLayerWiseConfigurations().getConf(0).getLayer())
                .getWeightInitFn());
    }

    @Test
    void dropoutIsTheDropProbabilityAndDl4jGetsOneMinusIt() {
        HyperParams hp = HyperParams.from(Params.of(Map.of("dropout", 0.2)));
        assertEquals(0.8, hp.retainProbability(), 1e-12);
        MultiLayerNetwork net = network(Map.of("dropout", 0.2));
        assertEquals(0.8, ((Dropout) net.getLayerWiseConfigurations().getConf(1).getLayer().getIDropout()).getP(),
                1e-12);
        assertEquals(null, net.getLayerWiseConfigurations().getConf(0).getLayer().getIDropout(),
                "no dropout on the input pixels");
        // what DL4J does with it: about 20 % of activations zeroed, survivors scaled by 1 / 0.8
        INDArray ones = Nd4j.ones(DataType.FLOAT, 200, 500);
        INDArray out = new Dropout(hp.retainProbability()).applyDropout(ones, Nd4j.createUninitialized(
                DataType.FLOAT, 200, 500), 0, 0, LayerWorkspaceMgr.noWorkspaces());
        double zeroed = out.eq(0).castTo(DataType.DOUBLE).meanNumber().doubleValue();
        assertEquals(0.2, zeroed, 0.01);
        assertEquals(1 / 0.8, out.maxNumber().doubleValue(), 1e-5);
    }

    @Test
    void dropoutActsInTrainingModeOnlyAndInferenceIsDeterministic() {
        MultiLayerNetwork net = network(Map.of("dropout", 0.5));
        INDArray x = TensorData.of(MiniData.SMALL).validation.features().get(
                org.nd4j.linalg.indexing.NDArrayIndex.interval(0, 50), org.nd4j.linalg.indexing.NDArrayIndex.all());
        assertNotEquals(net.output(x, true), net.output(x, true));
        assertEquals(net.output(x, false), net.output(x, false));
    }

    @Test
    void l2ShrinksTheWeightsAndIsDl4jL2NotWeightDecay() {
        double plain = trainOneEpoch(Map.of("optimizer", "sgd", "lr", 0.1), 2).net().getLayer(0).getParam("W")
                .norm2Number().doubleValue();
        Trained decayed = trainOneEpoch(Map.of("optimizer", "sgd", "lr", 0.1, "l2", 0.05), 2);
        double withL2 = decayed.net().getLayer(0).getParam("W").norm2Number().doubleValue();
        assertTrue(withL2 < 0.9 * plain, "L2 0.05 should shrink the weights: " + withL2 + " vs " + plain);
        var regs = ((BaseLayer) decayed.net().getLayerWiseConfigurations().getConf(0).getLayer())
                .getRegularization();
        assertEquals(1, regs.size());
        assertInstanceOf(L2Regularization.class, regs.get(0));
        assertTrue(((BaseLayer) decayed.net().getLayerWiseConfigurations().getConf(0).getLayer())
                .getRegularizationBias().isEmpty(), "biases are not decayed");
    }

    @Test
    void missingParametersFallBackToTheDocumentedDefaults() {
        HyperParams hp = HyperParams.defaults();
        assertEquals(new HyperParams(1e-3, Optimizer.ADAM, Initializer.XAVIER, 0.0, 64, 0.0, 0.9, false, 1.0,
                Nonlinearity.RELU), hp);
    }

    @Test
    void renamedParametersAreReadUnderTheirNewName() {
        HyperParams hp = HyperParams.from(Params.of(Map.of("learning_rate", 0.5, "lr", 0.1)),
                Map.of(Hyperparameter.LR, "learning_rate"));
        assertEquals(0.5, hp.lr(), 0);
    }

    @Test
    void aDropProbabilityOfOneIsRefusedWithTheFix() {
        UsageException e = assertThrows(UsageException.class,
                () -> HyperParams.from(Params.of(Map.of("dropout", 1.0))));
        assertTrue(e.getMessage().contains("[0, 1)"), e.getMessage());
    }

    @Test
    void everyActivationBuildsAndBatchNormAddsLayers() {
        for (String a : Nonlinearity.names()) {
            assertTrue(Double.isFinite(trainOneEpoch(Map.of("activation", a), 1).loss()), a);
        }
        MultiLayerNetwork bn = network(Map.of("batchNorm", true));
        assertEquals(7, bn.getnLayers(), "dense, bn, activation per hidden layer, then the output");
        assertFalse(network(Map.of()).getnLayers() == 7);
    }

    record Trained(MultiLayerNetwork net, double loss) {
    }

    /** A 784-64-32-10 MLP with {@code params}' hyperparameters, initialized with a fixed seed. */
    static MultiLayerNetwork network(Map<String, Object> params) {
        HyperParams hp = HyperParams.from(Params.of(params));
        MultiLayerNetwork net = new MultiLayerNetwork(new Architecture.Mlp(List.of(64, 32))
                .configure(Params.of(params), hp, 28, 28, 10, 7));
        net.init();
        return net;
    }

    /** The notebooks' CNN as the template builds it for {@code params} (seed 7), initialized. */
    static MultiLayerNetwork cnn(Map<String, Object> params) {
        HyperParams hp = HyperParams.from(Params.of(params));
        MultiLayerNetwork net = new MultiLayerNetwork(new Architecture.NotebookCnn()
                .configure(Params.of(params), hp, 28, 28, 10, 7));
        net.init();
        return net;
    }

    /** A 784-64-32-10 MLP trained for {@code epochs} on the small slice; returns it and its last-epoch mean loss. */
    static Trained trainOneEpoch(Map<String, Object> params, int epochs) {
        MultiLayerNetwork net = network(params);
        HyperParams hp = HyperParams.from(Params.of(params));
        Batches batches = new Batches(TensorData.of(MiniData.SMALL), hp.batchSize(), false);
        double mean = Double.NaN;
        for (int e = 0; e < epochs; e++) {
            batches.shuffle(e);
            double sum = 0;
            for (int b = 0; b < batches.count(); b++) {
                Batches.Batch batch = batches.get(b);
                net.fit(batch.features(), batch.labels());
                sum += net.score();
            }
            mean = sum / batches.count();
        }
        return new Trained(net, mean);
    }
}
