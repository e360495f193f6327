package com.example.tuning;

import io.sweep4j.dl4j.Dl4j;
import io.sweep4j.dl4j.HyperParams;
import io.sweep4j.sampler.Samplers;
import io.sweep4j.space.Params;
import io.sweep4j.study.Budget;
import io.sweep4j.study.Study;
import io.sweep4j.study.StudyResult;
import io.sweep4j.trial.FrozenTrial;
import java.nio.file.Path;
import java.util.Random;
import org.deeplearning4j.datasets.iterator.utilty.ListDataSetIterator;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.evaluation.classification.Evaluation;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.dataset.api.iterator.DataSetIterator;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.lossfunctions.LossFunctions;

/** A user's own network and data, tuned with sweep4j: two interleaved half moons, an MLP of tuned width and rate. */
public final class TuneMyNetwork {
    private TuneMyNetwork() {
    }

    /** The user's network builder, from a trial's parameters. */
    static MultiLayerConfiguration myNetwork(Params p) {
        int width = p.getInt("width");
        return new NeuralNetConfiguration.Builder()
                .seed(123)
                .updater(HyperParams.from(p).updater()) // sweep4j maps lr and optimizer to DL4J's updater
                .list()
                .layer(new DenseLayer.Builder().nIn(2).nOut(width).activation(Activation.RELU).build())
                .layer(new DenseLayer.Builder().nOut(width).activation(Activation.RELU).build())
                .layer(new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT).nOut(2)
                        .activation(Activation.SOFTMAX).build())
                .setInputType(InputType.feedForward(2))
                .build();
    }

    /** Tunes the network on the user's iterators; the study is stored in {@code dir/moons.db}. */
    public static StudyResult tune(Path dir, DataSetIterator train, DataSetIterator validation) {
        return Study.named("moons")
                .storage(dir.resolve("moons.db"))
                .space(s -> s.logFloat("lr", 1e-3, 3e-2).choice("optimizer", "adam").intRange("width", 8, 64, 8))
                .sampler(Samplers.tpe(7))
                .objective(Dl4j.classifier(train, validation).network(TuneMyNetwork::myNetwork)
                        .maxEpochs(20).patience(4))
                .maximize("val_accuracy")
                .budget(Budget.trials(6))
                .optimize();
    }

    /** Two interleaved half moons with Gaussian noise, one-hot labels: the user's data, in memory. */
    public static DataSet moons(int n, long seed) {
        Random random = new Random(seed);
        float[][] x = new float[n][2];
        float[][] y = new float[n][2];
        for (int i = 0; i < n; i++) {
            int label = i % 2;
            double t = Math.PI * random.nextDouble();
            x[i][0] = (float) (label == 0 ? Math.cos(t) : 1 - Math.cos(t)) + (float) (0.15 * random.nextGaussian());
            x[i][1] = (float) (label == 0 ? Math.sin(t) : 0.5 - Math.sin(t)) + (float) (0.15 * random.nextGaussian());
            y[i][label] = 1;
        }
        return new DataSet(Nd4j.createFromArray(x), Nd4j.createFromArray(y));
    }

    /** Accuracy of {@code model} on {@code data}, with DL4J's own evaluation. */
    public static double accuracy(MultiLayerNetwork model, DataSet data) {
        Evaluation e = new Evaluation(2);
        e.eval(data.getLabels(), model.output(data.getFeatures()));
        return e.accuracy();
    }

    public static void main(String[] args) {
        DataSet train = moons(2000, 1);
        DataSet validation = moons(1000, 2);
        StudyResult result = tune(Path.of(args.length > 0 ? args[0] : "."),
                new ListDataSetIterator<>(train.asList(), 32), new ListDataSetIterator<>(validation.asList(), 100));
        FrozenTrial best = result.best().orElseThrow();
        MultiLayerNetwork model = Dl4j.loadModel(best);
        System.out.printf("best trial %d: val_accuracy %.4f with %s; reloaded model: %.4f%n", best.number(),
                best.value(), best.params(), accuracy(model, validation));
    }
}
