package io.sweep4j.dl4j;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sweep4j.data.Datasets;
import java.util.Map;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;

/** Test-time mirroring: each image scored by the mean of its own and its mirror's probabilities, nothing else. */
class MirroredEvaluationTest {
    private static final TensorData DATA = TensorData.of(MiniData.SMALL);

    @Test
    void mirrorReversesEveryLineOfEveryImageAndLeavesTheInputAlone() {
        INDArray x = DATA.test.features();
        INDArray before = x.dup();
        float[][] mirrored = TrainingRun.mirror(x).toFloatMatrix();
        float[][] original = x.toFloatMatrix();
        assertEquals(before, x, "the dataset's own images are not touched");
        for (int i = 0; i < original.length; i++) {
            for (int row = 0; row < DATA.rows; row++) {
                for (int col = 0; col < DATA.cols; col++) {
                    assertEquals(original[i][row * DATA.cols + col],
                            mirrored[i][row * DATA.cols + DATA.cols - 1 - col], "image " + i);
                }
            }
        }
    }

    @Test
    void mirroredScoresAverageTheTwoViewsProbabilities() {
        MultiLayerNetwork net = MappingTest.network(Map.of("optimizer", "adam"));
        Batches batches = new Batches(DATA, 50, false);
        batches.shuffle(1);
        for (int b = 0; b < batches.count(); b++) {
            net.fit(batches.get(b).features(), batches.get(b).labels());
        }
        TensorData.Part part = DATA.test;
        float[][] p = net.output(part.features(), false).toFloatMatrix();
        float[][] q = net.output(TrainingRun.mirror(part.features()), false).toFloatMatrix();
        int plainCorrect = 0;
        int meanCorrect = 0;
        double meanLoss = 0;
        for (int i = 0; i < p.length; i++) {
            float[] mean = new float[p[i].length];
            for (int c = 0; c < mean.length; c++) {
                mean[c] = (p[i][c] + q[i][c]) / 2;
            }
            plainCorrect += argmax(p[i]) == part.classes()[i] ? 1 : 0;
            meanCorrect += argmax(mean) == part.classes()[i] ? 1 : 0;
            meanLoss -= Math.log(mean[part.classes()[i]]);
        }
        TrainingRun.Score plain = TrainingRun.score(net, part, false, false);
        TrainingRun.Score mirrored = TrainingRun.score(net, part, false, true);
        assertEquals(plainCorrect / (double) p.length, plain.accuracy(), 1e-12);
        assertEquals(meanCorrect / (double) p.length, mirrored.accuracy(), 1e-12);
        assertEquals(meanLoss / p.length, mirrored.loss(), 1e-5);
        assertNotEquals(plain.loss(), mirrored.loss(), "the mirrored view changes the probabilities");
        assertTrue(plain.accuracy() > 0.5, "the network learned something: " + plain.accuracy());
    }

    @Test
    void theObjectiveHandsTheSettingToItsRunsOffByDefault() {
        assertFalse(Dl4j.classifier(Datasets.fashionMnistMini()).cnn().settings().evaluateMirrored());
        assertTrue(Dl4j.classifier(Datasets.fashionMnistMini()).cnn().evaluateMirrored(true).settings()
                .evaluateMirrored());
    }

    private static int argmax(float[] p) {
        int best = 0;
        for (int c = 1; c < p.length; c++) {
            if (p[c] > p[best]) {
                best = c;
            }
        }
        return best;
    }
}
