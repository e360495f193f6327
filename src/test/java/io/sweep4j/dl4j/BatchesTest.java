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
    void shiftsMoveEachImageByUpToTheLimitFillingWithBlackAndKeepTheOrder() {
        Batches plain = new Batches(DATA, 50, false);
        Batches shifted = new Batches(DATA, 50, false, false, 2);
        java.util.Set<String> offsets = new java.util.HashSet<>();
        int seen = 0;
        int moved = 0;
        plain.shuffle(5);
        shifted.shuffle(5);
        for (int b = 0; b < plain.count(); b++) {
            float[][] expected = plain.get(b).features().toFloatMatrix();
            float[][] labels = plain.get(b).labels().toFloatMatrix();
            Batches.Batch batch = shifted.get(b);
            assertArrayEquals(labels, batch.labels().toFloatMatrix(), "the same images in the same order");
            float[][] actual = batch.features().toFloatMatrix();
            for (int r = 0; r < expected.length; r++) {
                seen++;
                String found = null;
                for (int down = -2; down <= 2 && found == null; down++) {
                    for (int right = -2; right <= 2 && found == null; right++) {
                        if (java.util.Arrays.equals(shift(expected[r], down, right), actual[r])) {
                            found = down + "," + right;
                        }
                    }
                }
                assertTrue(found != null, "row " + r + " of batch " + b + " is not its image moved by <= 2 pixels");
                offsets.add(found);
                if (!found.equals("0,0")) {
                    moved++;
                }
            }
        }
        assertEquals(DATA.train.size(), seen);
        assertEquals(25, offsets.size(), "every offset from -2 to 2 on both axes drawn: " + offsets);
        assertTrue(moved > 0.85 * seen, "24 of 25 offsets move the image: " + moved + " of " + seen);
        assertTrue(DATA.blank < 0, "black is below the mean after standardization");
    }

    @Test
    void shiftsOfHalfAnImageOrMoreAreRefusedWhereTheyAreAsked() {
        var e = org.junit.jupiter.api.Assertions.assertThrows(io.sweep4j.space.UsageException.class,
                () -> Dl4j.classifier(Datasets.fashionMnistMini()).shiftImages(-1));
        assertTrue(e.getMessage().contains("shiftImages") && e.getMessage().contains("-1"), e.getMessage());
        org.junit.jupiter.api.Assertions.assertThrows(io.sweep4j.space.UsageException.class,
                () -> Dl4j.classifier(Datasets.fashionMnistMini()).shiftImages(9));
        var tooFar = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                () -> new Batches(DATA, 50, true, false, 14));
        assertTrue(tooFar.getMessage().contains("maxShift 14"), tooFar.getMessage());
    }

    @Test
    void theObjectiveHandsTheSettingToItsTrainingRuns() {
        List<Boolean> settings = new ArrayList<>();
        for (boolean on : new boolean[] {false, true}) {
            settings.add(Dl4j.classifier(Datasets.fashionMnistMini()).cnn().mirrorImages(on).settings()
                    .mirrorImages());
        }
        assertEquals(List.of(false, true), settings);
        assertEquals(2, Dl4j.classifier(Datasets.fashionMnistMini()).cnn().shiftImages(2).settings().shiftImages());
        assertEquals(0, Dl4j.classifier(Datasets.fashionMnistMini()).cnn().settings().shiftImages(), "off by default");
    }

    private static float[] shift(float[] image, int down, int right) {
        float[] out = new float[image.length];
        java.util.Arrays.fill(out, DATA.blank);
        int cols = DATA.cols;
        int rows = image.length / cols;
        for (int row = 0; row < rows; row++) {
            for (int col = 0; col < cols; col++) {
                int r = row - down;
                int c = col - right;
                if (r >= 0 && r < rows && c >= 0 && c < cols) {
                    out[row * cols + col] = image[r * cols + c];
                }
            }
        }
        return out;
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
