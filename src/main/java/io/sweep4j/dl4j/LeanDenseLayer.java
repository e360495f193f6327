package io.sweep4j.dl4j;

import java.util.Collection;
import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.gradient.DefaultGradient;
import org.deeplearning4j.nn.gradient.Gradient;
import org.deeplearning4j.nn.layers.feedforward.dense.DenseLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.params.DefaultParamInitializer;
import org.deeplearning4j.nn.workspace.ArrayType;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.deeplearning4j.optimize.api.TrainingListener;
import org.nd4j.common.primitives.Pair;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * A dense layer that does each matrix product of a training iteration once, with DL4J's arithmetic.
 *
 * <p>DL4J M2.1's {@code BaseLayer} does three products more than the arithmetic needs: backprop recomputes the
 * forward product to get the pre-activation back (an extra [batch x nIn x nOut] gemm per layer: for a 784-200 first
 * layer as much time as the forward pass itself); {@code mmuli} into a c-order activation writes a temporary f-order
 * result and copies it; and the bottom layer computes the gradient with respect to the network's input, which nothing
 * reads (PyTorch skips it because the input does not require a gradient). This layer keeps the training forward
 * pass's pre-activation for its backprop, writes the forward gemm in place, and as the first layer returns a null
 * input gradient (what DL4J's own embedding layer returns; {@code MultiLayerNetwork} accepts it for the bottom
 * layer). Gradients are computed exactly as {@code BaseLayer.backpropGradient} computes them (tested to equal plain
 * DL4J's weights after training). Only the running layer objects are replaced: the configuration stays DL4J's
 * {@code DenseLayer}, so saved models and checkpoints load in plain DL4J.
 */
public final class LeanDenseLayer extends DenseLayer {
    private static final long serialVersionUID = 1L;

    private final boolean inputGradient;
    // the training forward pass's pre-activation, for the backprop that follows it on the same input
    private transient INDArray preActivation;
    private transient INDArray preActivationInput;

    private LeanDenseLayer(NeuralNetConfiguration conf, DataType dataType, boolean inputGradient) {
        super(conf, dataType);
        this.inputGradient = inputGradient;
    }

    /**
     * Replaces each plain dense layer of {@code net} (no layer norm, no weight noise) by this one; call it after
     * {@code init()} or a restore, before training. Returns how many layers it replaced.
     */
    public static int install(MultiLayerNetwork net) {
        Layer[] layers = net.getLayers();
        int replaced = 0;
        for (int i = 0; i < layers.length; i++) {
            if (layers[i].getClass() != DenseLayer.class) {
                continue;
            }
            DenseLayer original = (DenseLayer) layers[i];
            if (original.hasLayerNorm() || original.layerConf().getWeightNoise() != null) {
                continue;
            }
            LeanDenseLayer replacement = new LeanDenseLayer(original.conf(),
                    net.getLayerWiseConfigurations().getDataType(), i > 0);
            Collection<TrainingListener> listeners = original.getListeners();
            if (listeners != null) {
                replacement.setListeners(listeners);
            }
            replacement.setIndex(original.getIndex());
            // the same views into the network's flat parameter and gradient arrays: updater and serializer see no
            // change
            replacement.setParamsViewArray(original.params());
            replacement.setParamTable(original.paramTable());
            if (original.getGradientsViewArray() != null) {
                replacement.setBackpropGradientsViewArray(original.getGradientsViewArray());
            }
            layers[i] = replacement;
            replaced++;
        }
        return replaced;
    }

    /** Whether this layer computes the gradient with respect to its input (false only for a network's first). */
    public boolean computesInputGradient() {
        return inputGradient;
    }

    @Override
    public INDArray activate(boolean training, LayerWorkspaceMgr workspaceMgr) {
        preActivation = null;
        preActivationInput = null;
        if (!training || input == null || input.rank() != 2) {
            return super.activate(training, workspaceMgr); // inference, and DL4J's own input checks and messages
        }
        applyDropOutIfNecessary(true, workspaceMgr);
        INDArray weights = getParam(DefaultParamInitializer.WEIGHT_KEY);
        if (input.columns() != weights.rows()) {
            return super.activate(true, workspaceMgr);
        }
        INDArray z = workspaceMgr.createUninitialized(ArrayType.ACTIVATIONS, weights.dataType(), input.size(0),
                weights.size(1));
        Nd4j.gemm(input.castTo(weights.dataType()), weights, z, false, false, 1.0, 0.0);
        if (hasBias()) {
            z.addiRowVector(getParam(DefaultParamInitializer.BIAS_KEY));
        }
        if (maskArray != null) {
            applyMask(z);
        }
        // activations work in place: they get a copy, the pre-activation is kept for backprop
        INDArray out = layerConf().getActivationFn().getActivation(workspaceMgr.dup(ArrayType.ACTIVATIONS, z), true);
        if (maskArray != null) {
            applyMask(out);
        }
        preActivation = z;
        preActivationInput = input;
        return out;
    }

    @Override
    public Pair<Gradient, INDArray> backpropGradient(INDArray epsilon, LayerWorkspaceMgr workspaceMgr) {
        assertInputSet(true);
        INDArray z = preActivation != null && preActivationInput == input ? preActivation
                : preOutputWithPreNorm(true, true, workspaceMgr).getFirst();
        preActivation = null;
        preActivationInput = null;
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
        INDArray weights = getParam(DefaultParamInitializer.WEIGHT_KEY);
        INDArray epsilonNext = null;
        if (inputGradient) {
            epsilonNext = workspaceMgr.createUninitialized(ArrayType.ACTIVATION_GRAD, delta.dataType(),
                    new long[] {weights.size(0), delta.size(0)}, 'f');
            epsilonNext = weights.mmuli(delta.transpose(), epsilonNext).transpose();
        }
        INDArray weightGradient = gradientViews.get(DefaultParamInitializer.WEIGHT_KEY);
        Nd4j.gemm(input.castTo(weightGradient.dataType()), delta, weightGradient, true, false, 1.0, 0.0);
        gradient.gradientForVariable().put(DefaultParamInitializer.WEIGHT_KEY, weightGradient);
        weightNoiseParams.clear();
        if (inputGradient) {
            epsilonNext = backpropDropOutIfPresent(epsilonNext);
        }
        return new Pair<>(gradient, epsilonNext);
    }

    @Override
    public void clear() {
        super.clear();
        preActivation = null;
        preActivationInput = null;
    }
}
