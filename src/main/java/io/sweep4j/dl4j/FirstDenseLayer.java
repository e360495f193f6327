package io.sweep4j.dl4j;

import java.util.Collection;
import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.gradient.DefaultGradient;
import org.deeplearning4j.nn.gradient.Gradient;
import org.deeplearning4j.nn.layers.feedforward.dense.DenseLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.params.DefaultParamInitializer;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.nd4j.common.primitives.Pair;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * A network's first dense layer that does not compute the gradient with respect to its input, which nothing reads.
 *
 * <p>DL4J computes it for every layer: for an MLP on 784 pixels that is one extra [batch x 784] gemm per iteration,
 * as large as the first layer's forward pass (PyTorch skips it because the input does not require a gradient). The
 * weight and bias gradients are computed exactly as {@code BaseLayer.backpropGradient} does; a null input gradient is
 * what DL4J's own embedding layer returns, and {@code MultiLayerNetwork} accepts it for the bottom layer. Only the
 * running layer object is replaced: the configuration stays DL4J's {@code DenseLayer}, so saved models and
 * checkpoints load in plain DL4J.
 */
public final class FirstDenseLayer extends DenseLayer {
    private static final long serialVersionUID = 1L;

    private FirstDenseLayer(NeuralNetConfiguration conf, DataType dataType) {
        super(conf, dataType);
    }

    /**
     * Replaces {@code net}'s first layer by this one if it is a plain dense layer (no layer norm, no weight noise);
     * call it after {@code init()} or a restore, before training. Returns whether it did.
     */
    public static boolean install(MultiLayerNetwork net) {
        Layer[] layers = net.getLayers();
        if (layers.length < 2 || layers[0].getClass() != DenseLayer.class) {
            return false;
        }
        DenseLayer original = (DenseLayer) layers[0];
        if (original.hasLayerNorm() || original.layerConf().getWeightNoise() != null) {
            return false;
        }
        FirstDenseLayer replacement = new FirstDenseLayer(original.conf(),
                net.getLayerWiseConfigurations().getDataType());
        Collection<org.deeplearning4j.optimize.api.TrainingListener> listeners = original.getListeners();
        if (listeners != null) {
            replacement.setListeners(listeners);
        }
        replacement.setIndex(original.getIndex());
        // the same views into the network's flat parameter and gradient arrays: updater and serializer see no change
        replacement.setParamsViewArray(original.params());
        replacement.setParamTable(original.paramTable());
        if (original.getGradientsViewArray() != null) {
            replacement.setBackpropGradientsViewArray(original.getGradientsViewArray());
        }
        layers[0] = replacement;
        return true;
    }

    @Override
    public Pair<Gradient, INDArray> backpropGradient(INDArray epsilon, LayerWorkspaceMgr workspaceMgr) {
        assertInputSet(true);
        INDArray z = preOutputWithPreNorm(true, true, workspaceMgr).getFirst();
        INDArray delta = layerConf().getActivationFn().backprop(z, epsilon).getFirst();
        if (maskArray != null) {
            applyMask(delta);
        }
        Gradient gradient = new DefaultGradient();
        if (hasBias()) {
            INDArray biasGradient = gradientViews.get(DefaultParamInitializer.BIAS_KEY);
            delta.sum(biasGradient, 0);
            gradient.gradientForVariable().put(DefaultParamInitializer.BIAS_KEY, biasGradient);
        }
        INDArray weightGradient = gradientViews.get(DefaultParamInitializer.WEIGHT_KEY);
        Nd4j.gemm(input.castTo(weightGradient.dataType()), delta, weightGradient, true, false, 1.0, 0.0);
        gradient.gradientForVariable().put(DefaultParamInitializer.WEIGHT_KEY, weightGradient);
        weightNoiseParams.clear();
        return new Pair<>(gradient, null);
    }
}
