package io.sweep4j.dl4j;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.lossfunctions.LossFunctions;

/** Which trials keep their saved model. */
class TopModelsTest {
    @TempDir
    Path dir;

    @Test
    void tiedTrialsKeepTheirModelsByTrialNumberAsTheStudyRanksThem() {
        MultiLayerNetwork net = new MultiLayerNetwork(new NeuralNetConfiguration.Builder().seed(1).list()
                .layer(new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT).nIn(2).nOut(2)
                        .activation(Activation.SOFTMAX).build()).build());
        net.init();
        // finishing out of order, all with the same value; History.ranked() puts trial 0 first
        List<Long> evicted = new ArrayList<>();
        for (int n : new int[] {3, 1, 0, 2}) {
            TopModels.offer(dir.resolve("trial-" + n), net, new TopModels.Entry(new TrialStamp("s.db", "s", 1, n,
                    "x=1"), 100 + n, "val_accuracy", 0.99), false, 2, evicted::add);
        }
        List<Integer> kept = IntStream.range(0, 4)
                .filter(n -> Files.isRegularFile(dir.resolve("trial-" + n).resolve(TopModels.MODEL_FILE))).boxed()
                .toList();
        assertEquals(List.of(0, 1), kept);
        assertEquals(List.of(103L, 102L), evicted, "the trials whose models were deleted, by storage key");
    }
}
