package io.sweep4j.dl4j;

import io.sweep4j.space.Params;
import io.sweep4j.space.SearchSpace;
import java.util.List;
import java.util.Objects;
import java.util.function.Function;
import org.deeplearning4j.nn.conf.CNN2DFormat;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.ActivationLayer;
import org.deeplearning4j.nn.conf.layers.BatchNormalization;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.conf.layers.SubsamplingLayer;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.lossfunctions.LossFunctions;

/** The network a classifier trains: a built-in template, or the user's builder for any architecture. */
public sealed interface Architecture permits Architecture.Mlp, Architecture.NotebookCnn, Architecture.Custom,
        MlpSearch, CnnSearch {

    /** The configuration for one trial: {@code hp} from its parameters, images {@code rows x cols}, one channel. */
    MultiLayerConfiguration configure(Params params, HyperParams hp, int rows, int cols, int classes, long seed);

    /** Whether the network takes one-channel images (see {@link Batches#shape}) rather than flat [batch, rows*cols]. */
    boolean imageInput();

    /** Parameters this network adds to the study's space (a searched depth, widths, blocks); default none. */
    default void defineParameters(SearchSpace.Builder space) {
    }

    /**
     * Refuses, before anything runs, a network that some assignment of its parameters cannot build on
     * {@code rows x cols} images (a convolution stack that shrinks them below 1x1); default: every one builds.
     */
    default void check(int rows, int cols) {
    }

    /**
     * Fully connected layers of the given widths, then softmax. Each hidden layer: dense, [batch norm], activation;
     * dropout on the input of every layer after the first (i.e. after each hidden activation, as PyTorch's
     * {@code nn.Dropout} placed after it).
     */
    record Mlp(List<Integer> hidden) implements Architecture {
        public Mlp {
            hidden = List.copyOf(hidden);
        }

        @Override
        public MultiLayerConfiguration configure(Params params, HyperParams hp, int rows, int cols, int classes,
                                                 long seed) {
            NeuralNetConfiguration.ListBuilder list = NetworkParts.base(hp, seed).list();
            int in = rows * cols;
            for (int i = 0; i < hidden.size(); i++) {
                DenseLayer.Builder dense = new DenseLayer.Builder().nIn(in).nOut(hidden.get(i));
                if (i > 0) {
                    NetworkParts.dropout(dense, hp);
                }
                if (hp.batchNorm()) {
                    list.layer(dense.activation(Activation.IDENTITY).build());
                    list.layer(new BatchNormalization.Builder().build());
                    list.layer(new ActivationLayer.Builder().activation(hp.activation().activation()).build());
                } else {
                    list.layer(dense.activation(hp.activation().activation()).build());
                }
                in = hidden.get(i);
            }
            OutputLayer.Builder out = new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT)
                    .nIn(in).nOut(classes).activation(Activation.SOFTMAX);
            if (!hidden.isEmpty()) {
                NetworkParts.dropout(out, hp);
            }
            list.layer(out.build());
            return list.setInputType(InputType.feedForward((long) rows * cols)).build();
        }

        @Override
        public boolean imageInput() {
            return false;
        }
    }

    /**
     * The course notebooks' CNN: conv 5x5x32, max-pool 3, activation, conv 5x5x64, max-pool 2, activation, dense 200,
     * softmax. No padding, pools stride as wide as their window (PyTorch's {@code MaxPool2d(k)}); batch norm after
     * each convolution if asked; dropout on the inputs of the two dense layers. Channels last with oneDNN, channels
     * first on the plain build (each build's fast layout).
     */
    record NotebookCnn() implements Architecture {
        @Override
        public MultiLayerConfiguration configure(Params params, HyperParams hp, int rows, int cols, int classes,
                                                 long seed) {
            NeuralNetConfiguration.ListBuilder list = NetworkParts.base(hp, seed).list();
            CNN2DFormat format = NativeSetup.channelsLast() ? CNN2DFormat.NHWC : CNN2DFormat.NCHW;
            convBlock(list, hp, 32, 5, 3, format);
            convBlock(list, hp, 64, 5, 2, format);
            DenseLayer.Builder dense = new DenseLayer.Builder().nOut(200).activation(hp.activation().activation());
            list.layer(NetworkParts.dropout(dense, hp).build());
            OutputLayer.Builder out = new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT)
                    .nOut(classes).activation(Activation.SOFTMAX);
            list.layer(NetworkParts.dropout(out, hp).build());
            // for one input channel either layout is the same memory as [batch, rows*cols]: images need no copy
            return list.setInputType(InputType.convolutional(rows, cols, 1, format)).build();
        }

        private static void convBlock(NeuralNetConfiguration.ListBuilder list, HyperParams hp, int channels, int kernel,
                                      int pool, CNN2DFormat format) {
            list.layer(new ConvolutionLayer.Builder(kernel, kernel).stride(1, 1).nOut(channels)
                    .dataFormat(format).activation(Activation.IDENTITY).build());
            if (hp.batchNorm()) {
                list.layer(new BatchNormalization.Builder().dataFormat(format).build());
            }
            list.layer(new SubsamplingLayer.Builder(SubsamplingLayer.PoolingType.MAX)
                    .kernelSize(pool, pool).stride(pool, pool).dataFormat(format).build());
            list.layer(new ActivationLayer.Builder().activation(hp.activation().activation()).build());
        }

        @Override
        public boolean imageInput() {
            return true;
        }
    }

    /**
     * The user's network from a trial's parameters. It gets flat [batch, rows * cols] input (add
     * {@code InputType.convolutionalFlat(rows, cols, 1)} for convolutions) and must end in a softmax output layer
     * with one unit per class. {@link HyperParams#from(Params)} gives the mapped updater, init and dropout.
     */
    record Custom(Function<Params, MultiLayerConfiguration> builder) implements Architecture {
        public Custom {
            Objects.requireNonNull(builder, "builder");
        }

        @Override
        public MultiLayerConfiguration configure(Params params, HyperParams hp, int rows, int cols, int classes,
                                                 long seed) {
            return Objects.requireNonNull(builder.apply(params), "the network builder returned null");
        }

        @Override
        public boolean imageInput() {
            return false;
        }
    }
}
