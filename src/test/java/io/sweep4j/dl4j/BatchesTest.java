package io.sweep4j.dl4j;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sweep4j.data.Datasets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;

/** Minibatches: the same order with mirroring on or off, and mirrored images exactly left-right reversed. */
class BatchesTest {
    private static final TensorData DATA = TensorData.of(MiniData.SMALL);

    @Test
    void mirroringShowsAboutHalfOfEachEpochReversedLeftToRightAndNothingElse() {
        Batches plain = new Batches(DATA, 50, false);
        Batches mirrored = new Batches(DATA, 50, false, true);
        int seen = 0;
        int reversed = 0;
        for (long epoch = 0; epoch < 2; epoch++) {
            plain.shuffle(epoch);
            mirrored.shuffle(epoch);
            for (int b = 0; b < plain.count(); b++) {
                float[][] expected = plain.get(b).features().toFloatMatrix();
                float[][] labels = plain.get(b).labels().toFloatMatrix();
                Batches.Batch batch = mirrored.get(b);
                assertArrayEquals(labels, batch.labels().toFloatMatrix(), "the same images in the same order");
                float[][] actual = batch.features().toFloatMatrix();
                for (int r = 0; r < expected.length; r++) {
                    seen++;
                    if (!java.util.Arrays.equals(expected[r], actual[r])) {
                        assertArrayEquals(mirror(expected[r], DATA.cols), actual[r], "row " + r + " of batch " + b);
                        reversed++;
                    }
                }
            }
        }
        assertEquals(2 * DATA.train.size(), seen);
        double share = reversed / (double) seen;
        assertTrue(share > 0.4 && share < 0.6, "mirrored share " + share);
    }

    @Test
    void theSameSeedMirrorsTheSameImagesAndAnotherEpochOthers() {
        Batches a = new Batches(DATA, 64, true, true);
        Batches b = new Batches(DATA, 64, true, true);
        a.shuffle(7);
        b.shuffle(7);
        assertEquals(a.get(3).features(), b.get(3).features());
        INDArray epoch7 = a.get(0).features().dup();
        a.shuffle(8);
        assertNotEquals(epoch7, a.get(0).features());
    }

    @Test
    void theObjectiveHandsTheSettingToItsTrainingRuns() {
        List<Boolean> settings = new ArrayList<>();
        for (boolean on : new boolean[] {false, true}) {
            settings.add(Dl4j.classifier(Datasets.fashionMnistMini()).cnn().mirrorImages(on).settings()
                    .mirrorImages());
        }
        assertEquals(List.of(false, true), settings);
    }

    private static float[] mirror(float[] image, int cols) {
        float[] out = new float[image.length];
        for (int i = 0; i < image.length; i++) {
            int row = i / cols;
            int col = i % cols;
            out[row * cols + (cols - 1 - col)] = image[i];
        }
        return out;
    }
}
