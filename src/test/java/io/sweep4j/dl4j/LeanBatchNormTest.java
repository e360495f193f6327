package io.sweep4j.dl4j;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.deeplearning4j.nn.conf.CNN2DFormat;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.WorkspaceMode;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.ActivationLayer;
import org.deeplearning4j.nn.conf.layers.BatchNormalization;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.conf.layers.SubsamplingLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.Nesterovs;
import org.nd4j.linalg.lossfunctions.LossFunctions;

/** The lean batch-norm helper computes what DL4J's batch-norm layer computes, in every layout the templates use. */
class LeanBatchNormTest {
    private static final Batches IMAGES = new Batches(TensorData.of(MiniData.SMALL), 50, true);
    private static final Batches ROWS = new Batches(TensorData.of(MiniData.SMALL), 50, false);

    private record Case(String name, Supplier<MultiLayerNetwork> network, Batches batches, int layers,
                        boolean channelsFirst) {
        Case(String name, Supplier<MultiLayerNetwork> network, Batches batches, int layers) {
            this(name, network, batches, layers, false);
        }

        /** The batch's features in the network's layout (one channel: channels first is the same memory). */
        INDArray features(Batches.Batch batch) {
            INDArray f = batch.features();
            return channelsFirst ? f.reshape(f.size(0), 1, f.size(1), f.size(2)) : f;
        }
    }

    private static List<Case> cases() {
        // momentum, not Adam: a bias right before batch norm has a zero gradient up to rounding noise, which Adam would
        // scale up to full steps in a direction that differs with every rounding (harmless: batch norm cancels it)
        Map<String, Object> cnnParams = Map.of("optimizer", "momentum", "lr", 0.02, "batchNorm", true);
        return List.of(
                new Case("the notebooks' CNN", () -> MappingTest.cnn(cnnParams), IMAGES, 2),
                new Case("channels last", () -> small(CNN2DFormat.NHWC), IMAGES, 1),
                new Case("channels first", () -> small(CNN2DFormat.NCHW), IMAGES, 1, true),
                new Case("dense (MLP)", () -> MappingTest.network(Map.of("optimizer", "momentum", "lr", 0.02,
                        "activation", "tanh", "batchNorm", true)), ROWS, 2));
    }

    @Test
    void scoreAndEveryGradientEqualDl4jsOwn() {
        for (Case c : cases()) {
            MultiLayerNetwork plain = c.network().get();
            MultiLayerNetwork lean = c.network().get();
            assertEquals(c.layers(), LeanBatchNorm.install(lean), c.name());
            c.batches().shuffle(1);
            Batches.Batch batch = c.batches().get(0);
            for (MultiLayerNetwork net : List.of(plain, lean)) {
                net.setInput(c.features(batch));
                net.setLabels(batch.labels());
                net.computeGradientAndScore();
            }
            assertEquals(plain.score(), lean.score(), 1e-5 * plain.score(), c.name());
            Map<String, INDArray> expected = plain.gradient().gradientForVariable();
            Map<String, INDArray> actual = lean.gradient().gradientForVariable();
            assertEquals(expected.keySet(), actual.keySet(), c.name());
            for (String name : expected.keySet()) {
                if (name.endsWith("_mean") || name.endsWith("_var") || name.endsWith("_log10stdev")) {
                    continue; // running statistics: compared after training below
                }
                if (name.endsWith("_b") && feedsBatchNorm(lean, name)) {
                    // batch norm subtracts the mean, so this bias's gradient is zero up to rounding in both
                    double weights = expected.get(name.replace("_b", "_W")).amaxNumber().doubleValue();
                    assertTrue(expected.get(name).amaxNumber().doubleValue() < 1e-4 * weights, c.name() + name);
                    assertTrue(actual.get(name).amaxNumber().doubleValue() < 1e-4 * weights, c.name() + name);
                    continue;
                }
                assertClose(expected.get(name), actual.get(name), 1e-4, c.name() + " " + name);
            }
        }
    }

    @Test
    void trainingGivesDl4jsWeightsRunningStatisticsAndInferenceOutputs() {
        // not the notebooks' CNN: after its ReLU and max pooling, an output that differs in the last bit can switch
        // which pixel wins a pool, and from then on the two trainings (both right) part ways; the other three
        // networks are smooth after batch norm, so an epoch of steps must end where DL4J's does
        for (Case c : cases().subList(1, 4)) {
            MultiLayerNetwork plain = c.network().get();
            MultiLayerNetwork lean = c.network().get();
            LeanBatchNorm.install(lean);
            for (MultiLayerNetwork net : List.of(plain, lean)) {
                c.batches().shuffle(3);
                for (int b = 0; b < c.batches().count(); b++) {
                    Batches.Batch batch = c.batches().get(b);
                    net.fit(c.features(batch), batch.labels());
                }
            }
            INDArray before = c.network().get().params();
            assertTrue(plain.params().sub(before).amaxNumber().doubleValue() > 1e-3, c.name() + " trained");
            // every parameter, running mean and variance (or log10 std) included
            assertClose(plain.params(), lean.params(), 1e-5, c.name() + " parameters");
            Batches.Batch batch = c.batches().get(0);
            assertClose(plain.output(c.features(batch), false), lean.output(c.features(batch), false), 1e-5,
                    c.name() + " inference with the running statistics");
        }
    }

    @Test
    void installsOnceAndCopiesArePlainDl4j() throws Exception {
        MultiLayerNetwork net = MappingTest.cnn(Map.of("batchNorm", true));
        assertEquals(2, LeanBatchNorm.install(net));
        assertEquals(0, LeanBatchNorm.install(net), "installed once");
        assertEquals(0, LeanBatchNorm.install(MappingTest.cnn(Map.of("batchNorm", false))), "no batch norm");
        assertInstanceOf(LeanBatchNorm.class, ((org.deeplearning4j.nn.layers.normalization.BatchNormalization)
                net.getLayer(1)).getHelper());
        MultiLayerNetwork copy = net.clone();
        assertNotSame(net.getLayer(1), copy.getLayer(1));
        assertTrue(!(((org.deeplearning4j.nn.layers.normalization.BatchNormalization) copy.getLayer(1)).getHelper()
                instanceof LeanBatchNorm), "a copy is plain DL4J again, as a restored model is");
    }

    private static boolean feedsBatchNorm(MultiLayerNetwork net, String bias) {
        int layer = Integer.parseInt(bias.substring(0, bias.indexOf('_')));
        return layer + 1 < net.getnLayers()
                && net.getLayer(layer + 1) instanceof org.deeplearning4j.nn.layers.normalization.BatchNormalization;
    }

    private static void assertClose(INDArray expected, INDArray actual, double relative, String what) {
        double scale = expected.amaxNumber().doubleValue();
        double diff = expected.sub(actual).amaxNumber().doubleValue();
        assertTrue(scale > 0 && diff <= relative * scale, what + ": differs by " + diff + " of " + scale);
    }

    /** conv 5x5x8 -> batch norm -> tanh -> average-pool 4 -> softmax, in the given layout. */
    private static MultiLayerNetwork small(CNN2DFormat format) {
        MultiLayerConfiguration conf = new NeuralNetConfiguration.Builder()
                .seed(3).dataType(DataType.FLOAT).updater(new Nesterovs(0.02, 0.9))
                .trainingWorkspaceMode(WorkspaceMode.ENABLED).inferenceWorkspaceMode(WorkspaceMode.ENABLED)
                .list()
                .layer(new ConvolutionLayer.Builder(5, 5).nOut(8).dataFormat(format).activation(Activation.IDENTITY)
                        .build())
                .layer(new BatchNormalization.Builder().dataFormat(format).build())
                .layer(new ActivationLayer.Builder().activation(Activation.TANH).build())
                .layer(new SubsamplingLayer.Builder(SubsamplingLayer.PoolingType.AVG).kernelSize(4, 4).stride(4, 4)
                        .dataFormat(format).build())
                .layer(new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT).nOut(10)
                        .activation(Activation.SOFTMAX).build())
                .setInputType(InputType.convolutional(28, 28, 1, format))
                .build();
        MultiLayerNetwork net = new MultiLayerNetwork(conf);
        net.init();
        Nd4j.getRandom().setSeed(3);
        return net;
    }
}
