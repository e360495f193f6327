package io.sweep4j.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class SplitsTest {

    private static final List<String> FOUR = List.of("a", "b", "c", "d");

    /** Unbalanced classes (100, 200, 300, 400 images) with each image's first pixel = its index mod 256. */
    private static ImageSet unbalanced() {
        int[] sizes = {100, 200, 300, 400};
        int total = IntStream.of(sizes).sum();
        int[] labels = new int[total];
        int k = 0;
        for (int c = 0; c < sizes.length; c++) {
            for (int i = 0; i < sizes[c]; i++) {
                labels[k++] = c;
            }
        }
        byte[] pixels = new byte[total * 4];
        for (int i = 0; i < total; i++) {
            pixels[i * 4] = (byte) i;
            pixels[i * 4 + 1] = (byte) (i * 7);
            pixels[i * 4 + 2] = (byte) (i >> 3);
            pixels[i * 4 + 3] = (byte) labels[i];
        }
        return new ImageSet(pixels, labels, 2, 2, 4);
    }

    private static ImageSet tinyTest() {
        return IdxCodecTest.randomSet(8, 2, 2, 4, 9);
    }

    @Test
    void everyClassIsRepresentedProportionallyInValidation() {
        Splits splits = Splits.stratified("u", unbalanced(), tinyTest(), FOUR, 0.1, 7);
        assertArrayEquals(new int[] {10, 20, 30, 40}, splits.validation().classCounts());
        assertArrayEquals(new int[] {90, 180, 270, 360}, splits.train().classCounts());
        assertEquals(8, splits.test().size(), "the test set is passed through untouched");
    }

    @Test
    void trainAndValidationPartitionTheTrainingImages() {
        ImageSet full = unbalanced();
        Splits splits = Splits.stratified("u", full, tinyTest(), FOUR, 0.25, 3);
        Set<String> seen = new HashSet<>();
        for (ImageSet part : List.of(splits.train(), splits.validation())) {
            for (int i = 0; i < part.size(); i++) {
                // pixel bytes (index, 7*index, index/8) identify an image uniquely in this fixture
                String id = part.pixel(i, 0) + "/" + part.pixel(i, 1) + "/" + part.pixel(i, 2);
                assertTrue(seen.add(id), "image " + id + " appears twice");
                assertEquals(part.label(i), part.pixel(i, 3), "label travelled with its image");
            }
        }
        assertEquals(full.size(), seen.size());
    }

    @Test
    void sameSeedGivesTheSameSplitAndOtherSeedsAnother() {
        ImageSet full = unbalanced();
        Splits a = Splits.stratified("u", full, tinyTest(), FOUR, 0.1, 42);
        Splits b = Splits.stratified("u", full, tinyTest(), FOUR, 0.1, 42);
        Splits c = Splits.stratified("u", full, tinyTest(), FOUR, 0.1, 43);
        assertEquals(a.validation(), b.validation());
        assertEquals(a.train(), b.train());
        assertEquals(a.normalization(), b.normalization());
        assertNotEquals(a.validation(), c.validation());
        assertArrayEquals(a.validation().classCounts(), c.validation().classCounts());
    }

    @Test
    void normalizationIgnoresValidationAndTestPixels() {
        ImageSet full = unbalanced();
        Splits original = Splits.stratified("u", full, tinyTest(), FOUR, 0.1, 5);

        // find an image that the split put into validation, and one it put into train
        int validationImage = indexOfSameImage(full, original.validation(), 0);
        int trainImage = indexOfSameImage(full, original.train(), 0);

        byte[] changedInValidation = full.pixels().clone();
        changedInValidation[validationImage * 4 + 1] = (byte) (changedInValidation[validationImage * 4 + 1] + 99);
        ImageSet brightTest = new ImageSet(new byte[8 * 4], tinyTest().labels(), 2, 2, 4);
        java.util.Arrays.fill(brightTest.pixels(), (byte) 255);
        Splits withChangedValidation = Splits.stratified("u", withPixels(full, changedInValidation), brightTest,
                FOUR, 0.1, 5);
        assertEquals(original.normalization(), withChangedValidation.normalization());

        byte[] changedInTrain = full.pixels().clone();
        changedInTrain[trainImage * 4 + 1] = (byte) (changedInTrain[trainImage * 4 + 1] + 99);
        Splits withChangedTrain = Splits.stratified("u", withPixels(full, changedInTrain), tinyTest(), FOUR, 0.1, 5);
        assertNotEquals(original.normalization(), withChangedTrain.normalization());
    }

    @Test
    void normalizationStandardizesTheTrainingPixels() {
        Splits splits = Splits.stratified("u", unbalanced(), tinyTest(), FOUR, 0.1, 1);
        ImageSet train = splits.train();
        float[] standardized = train.normalizedPixels(0, train.size(), splits.normalization());
        double sum = 0;
        double sumOfSquares = 0;
        for (float v : standardized) {
            sum += v;
            sumOfSquares += v * v;
        }
        double mean = sum / standardized.length;
        assertEquals(0.0, mean, 1e-4);
        assertEquals(1.0, Math.sqrt(sumOfSquares / standardized.length - mean * mean), 1e-4);
    }

    @Test
    void knownStatisticsAreComputedExactly() {
        // pixels 0 and 255 in equal numbers: mean 0.5, std 0.5 on the [0, 1] scale
        ImageSet set = new ImageSet(new byte[] {0, (byte) 255, 0, (byte) 255}, new int[] {0, 1}, 1, 2, 2);
        Normalization n = Normalization.fit(set);
        assertEquals(0.5f, n.mean(), 1e-7f);
        assertEquals(0.5f, n.std(), 1e-7f);
        assertEquals(1f, n.apply(255), 1e-6f);
        assertEquals(-1f, n.apply(0), 1e-6f);
    }

    @Test
    void batchesComeOutAsFlatFloatsAndOneHotLabels() {
        ImageSet set = new ImageSet(new byte[] {0, (byte) 255, 51, 102}, new int[] {2, 0}, 1, 2, 3);
        assertArrayEquals(new float[] {0.2f, 0.4f}, set.normalizedPixels(1, 2, Normalization.UNIT_RANGE), 1e-6f);
        assertArrayEquals(new float[] {0, 0, 1, 1, 0, 0}, set.oneHotLabels(0, 2));
    }

    @Test
    void validationFractionOutsideTheOpenUnitIntervalIsRejected() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Splits.stratified("u", unbalanced(), tinyTest(), FOUR, 0.0, 1));
        assertTrue(e.getMessage().contains("validationFraction"), e.getMessage());
        assertThrows(IllegalArgumentException.class,
                () -> Splits.stratified("u", unbalanced(), tinyTest(), FOUR, 1.0, 1));
    }

    @Test
    void labelsCannotBeChangedThroughTheAccessor() {
        ImageSet set = unbalanced();
        set.labels()[0] = 3;
        assertEquals(0, set.label(0));
        assertFalse(set.toString().contains("["  + "B@"), "toString must not dump arrays");
    }

    private static ImageSet withPixels(ImageSet set, byte[] pixels) {
        return new ImageSet(pixels, set.labels(), set.rows(), set.cols(), set.classes());
    }

    private static int indexOfSameImage(ImageSet full, ImageSet part, int indexInPart) {
        for (int i = 0; i < full.size(); i++) {
            boolean same = true;
            for (int p = 0; p < full.pixelsPerImage(); p++) {
                same &= full.pixel(i, p) == part.pixel(indexInPart, p);
            }
            if (same) {
                return i;
            }
        }
        throw new AssertionError("image not found");
    }
}
