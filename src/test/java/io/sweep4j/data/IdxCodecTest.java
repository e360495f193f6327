package io.sweep4j.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class IdxCodecTest {

    @TempDir
    Path dir;

    static ImageSet randomSet(int count, int rows, int cols, int classes, long seed) {
        Random random = new Random(seed);
        byte[] pixels = new byte[count * rows * cols];
        random.nextBytes(pixels);
        int[] labels = new int[count];
        for (int i = 0; i < count; i++) {
            labels[i] = i % classes; // every class present, interleaved like the real files
        }
        return new ImageSet(pixels, labels, rows, cols, classes);
    }

    @Test
    void gzipAndRawFilesRoundTripToTheSameImages() {
        ImageSet original = randomSet(37, 5, 4, 10, 1);
        IdxCodec.write(original, dir.resolve("raw-images"), dir.resolve("raw-labels"), false);
        IdxCodec.write(original, dir.resolve("gz-images"), dir.resolve("gz-labels"), true);

        ImageSet fromRaw = IdxCodec.read(dir.resolve("raw-images"), dir.resolve("raw-labels"), 10);
        ImageSet fromGzip = IdxCodec.read(dir.resolve("gz-images"), dir.resolve("gz-labels"), 10);

        assertEquals(original, fromRaw);
        assertEquals(original, fromGzip);
        assertEquals(5, fromGzip.rows());
        assertEquals(4, fromGzip.cols());
    }

    @Test
    void gzipIsDetectedByContentNotByFileName() throws IOException {
        ImageSet original = randomSet(3, 2, 2, 3, 2);
        // deliberately misleading names: a gzip file without .gz and a raw file ending in .gz
        IdxCodec.write(original, dir.resolve("images.idx"), dir.resolve("labels.gz"), false);
        IdxCodec.writeImages(dir.resolve("images.idx"), original.pixels(), 3, 2, 2, true);
        assertEquals(0x1f, Files.readAllBytes(dir.resolve("images.idx"))[0] & 0xFF);

        assertEquals(original, IdxCodec.read(dir.resolve("images.idx"), dir.resolve("labels.gz"), 3));
    }

    @Test
    void rawFileHasTheDocumentedLayout() throws IOException {
        IdxCodec.writeImages(dir.resolve("i"), new byte[] {1, 2, 3, 4, 5, 6}, 1, 2, 3, false);
        byte[] bytes = Files.readAllBytes(dir.resolve("i"));
        assertArrayEquals(new byte[] {0, 0, 8, 3, 0, 0, 0, 1, 0, 0, 0, 2, 0, 0, 0, 3, 1, 2, 3, 4, 5, 6}, bytes);
    }

    @Test
    void pixelsAreUnsigned() {
        byte[] pixels = {(byte) 255, (byte) 128, 0, 7};
        IdxCodec.writeImages(dir.resolve("i.gz"), pixels, 1, 2, 2, true);
        IdxCodec.writeLabels(dir.resolve("l.gz"), new int[] {1}, true);
        ImageSet set = IdxCodec.read(dir.resolve("i.gz"), dir.resolve("l.gz"), 2);
        assertEquals(255, set.pixel(0, 0));
        assertEquals(128, set.pixel(0, 1));
        assertEquals(7, set.pixel(0, 3));
    }

    @Test
    void labelsFileGivenAsImagesFileIsCalledSwapped() {
        IdxCodec.writeLabels(dir.resolve("labels"), new int[] {0, 1}, true);
        DatasetFormatException e = assertThrows(DatasetFormatException.class,
                () -> IdxCodec.readImages(dir.resolve("labels")));
        assertEquals(dir.resolve("labels").toString(), e.source());
        assertTrue(e.getMessage().contains("0x00000803"), e.getMessage());
        assertTrue(e.getMessage().contains("0x00000801"), e.getMessage());
        assertTrue(e.getMessage().contains("swapped"), e.getMessage());
    }

    @Test
    void fileThatIsNotIdxIsRejectedWithItsMagic() throws IOException {
        Files.writeString(dir.resolve("notes.txt"), "hello, this is no IDX file");
        DatasetFormatException e = assertThrows(DatasetFormatException.class,
                () -> IdxCodec.readLabels(dir.resolve("notes.txt")));
        assertTrue(e.getMessage().contains("notes.txt"), e.getMessage());
        assertTrue(e.getMessage().contains("0x68656c6c"), e.getMessage()); // "hell"
        assertTrue(e.getMessage().contains("Fix:"), e.getMessage());
    }

    @Test
    void truncatedRawFileSaysHowManyBytesAreMissing() throws IOException {
        IdxCodec.writeImages(dir.resolve("full"), new byte[2 * 3 * 3], 2, 3, 3, false);
        byte[] bytes = Files.readAllBytes(dir.resolve("full"));
        Files.write(dir.resolve("cut"), Arrays.copyOf(bytes, bytes.length - 5));

        DatasetFormatException e = assertThrows(DatasetFormatException.class,
                () -> IdxCodec.readImages(dir.resolve("cut")));
        assertTrue(e.getMessage().contains("expected 18 bytes"), e.getMessage());
        assertTrue(e.getMessage().contains("only 13"), e.getMessage());
        assertTrue(e.getMessage().contains("truncated"), e.getMessage());
    }

    @Test
    void truncatedGzipFileIsReportedAsTruncated() throws IOException {
        ImageSet set = randomSet(200, 8, 8, 4, 3);
        IdxCodec.writeImages(dir.resolve("full.gz"), set.pixels(), 200, 8, 8, true);
        byte[] bytes = Files.readAllBytes(dir.resolve("full.gz"));
        Files.write(dir.resolve("cut.gz"), Arrays.copyOf(bytes, bytes.length / 2));

        DatasetFormatException e = assertThrows(DatasetFormatException.class,
                () -> IdxCodec.readImages(dir.resolve("cut.gz")));
        assertTrue(e.getMessage().contains("truncated"), e.getMessage());
        assertTrue(e.getMessage().contains("cut.gz"), e.getMessage());
    }

    @Test
    void truncatedHeaderIsRejected() {
        DatasetFormatException e = assertThrows(DatasetFormatException.class,
                () -> IdxCodec.readLabels(new ByteArrayInputStream(new byte[] {0, 0, 8, 1, 0, 0}), "tiny"));
        assertTrue(e.getMessage().startsWith("tiny:"), e.getMessage());
        assertTrue(e.getMessage().contains("label count"), e.getMessage());
    }

    @Test
    void bytesAfterThePayloadAreRejected() throws IOException {
        IdxCodec.writeLabels(dir.resolve("l"), new int[] {1, 2}, false);
        Files.write(dir.resolve("l"), new byte[] {9}, java.nio.file.StandardOpenOption.APPEND);
        DatasetFormatException e = assertThrows(DatasetFormatException.class,
                () -> IdxCodec.readLabels(dir.resolve("l")));
        assertTrue(e.getMessage().contains("exactly 2 payload bytes"), e.getMessage());
    }

    @Test
    void imagesAndLabelsOfDifferentCountsAreRejected() {
        ImageSet set = randomSet(5, 2, 2, 2, 4);
        IdxCodec.writeImages(dir.resolve("images"), set.pixels(), 5, 2, 2, true);
        IdxCodec.writeLabels(dir.resolve("labels"), new int[] {0, 1, 0, 1}, true);

        DatasetFormatException e = assertThrows(DatasetFormatException.class,
                () -> IdxCodec.read(dir.resolve("images"), dir.resolve("labels"), 2));
        assertEquals("5 labels, one per image in " + dir.resolve("images"), e.expected());
        assertEquals("4 labels", e.found());
        assertTrue(e.fix().contains("pair matching files"), e.fix());
    }

    @Test
    void labelBeyondTheDeclaredClassesIsRejected() {
        IdxCodec.writeImages(dir.resolve("images"), new byte[2], 2, 1, 1, false);
        IdxCodec.writeLabels(dir.resolve("labels"), new int[] {0, 10}, false);
        DatasetFormatException e = assertThrows(DatasetFormatException.class,
                () -> IdxCodec.read(dir.resolve("images"), dir.resolve("labels"), 10));
        assertTrue(e.getMessage().contains("label 10"), e.getMessage());
    }

    @Test
    void classesAreInferredWhenNotGiven() {
        IdxCodec.writeImages(dir.resolve("images"), new byte[3], 3, 1, 1, false);
        IdxCodec.writeLabels(dir.resolve("labels"), new int[] {0, 4, 2}, false);
        assertEquals(5, IdxCodec.read(dir.resolve("images"), dir.resolve("labels"), 0).classes());
    }

    @Test
    void missingFileNamesThePath() {
        DatasetFormatException e = assertThrows(DatasetFormatException.class,
                () -> IdxCodec.readImages(dir.resolve("nope.gz")));
        assertTrue(e.getMessage().contains("nope.gz"), e.getMessage());
        assertTrue(e.getMessage().contains("no such file"), e.getMessage());
    }
}
