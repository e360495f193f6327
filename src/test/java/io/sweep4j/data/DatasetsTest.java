package io.sweep4j.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DatasetsTest {

    private static final Path DEBIAN = DatasetSpec.FASHION_MNIST.systemDirectory();

    @TempDir
    Path tmp;

    @Test
    void embeddedMiniSetHas6000BalancedTrainingAnd1000BalancedTestImages() {
        Dataset mini = Datasets.fashionMnistMini();

        assertEquals("fashion-mnist-mini", mini.name());
        assertEquals(6000, mini.train().size());
        assertEquals(1000, mini.test().size());
        assertEquals(28, mini.train().rows());
        assertEquals(28, mini.train().cols());
        assertEquals(10, mini.classes());
        int[] six = new int[10];
        Arrays.fill(six, 600);
        int[] one = new int[10];
        Arrays.fill(one, 100);
        assertArrayEquals(six, mini.train().classCounts());
        assertArrayEquals(one, mini.test().classCounts());
        assertEquals("T-shirt/top", mini.classNames().get(0));
        assertEquals("Ankle boot", mini.classNames().get(9));
    }

    @Test
    void miniSetSplitsIntoStratifiedTrainAndValidation() {
        Splits splits = Datasets.fashionMnistMini().split();
        assertEquals(5400, splits.train().size());
        assertEquals(600, splits.validation().size());
        assertEquals(1000, splits.test().size());
        int[] sixty = new int[10];
        Arrays.fill(sixty, 60);
        assertArrayEquals(sixty, splits.validation().classCounts());
        // Fashion-MNIST's mean pixel is about 0.29 and its std about 0.35 on the [0, 1] scale
        assertEquals(0.29, splits.normalization().mean(), 0.03);
        assertEquals(0.35, splits.normalization().std(), 0.03);
    }

    @Test
    void fullDebianFashionMnistLoadsAndIsTheOriginOfTheMiniSet() {
        assumeTrue(Files.isDirectory(DEBIAN), DEBIAN + " absent: install the Debian package dataset-fashion-mnist");
        // an empty private cache, so the Debian directory is what the lookup finds
        Dataset full = new DatasetLoader(tmp.resolve("cache"), true, java.util.Map.of()).load(DatasetSpec.FASHION_MNIST);

        assertEquals(60000, full.train().size());
        assertEquals(10000, full.test().size());
        int[] sixThousand = new int[10];
        Arrays.fill(sixThousand, 6000);
        assertArrayEquals(sixThousand, full.train().classCounts());

        Dataset mini = Datasets.fashionMnistMini();
        assertEquals(MiniSetGenerator.firstPerClass(full.train(), 600), mini.train());
        assertEquals(MiniSetGenerator.firstPerClass(full.test(), 100), mini.test());
    }

    @Test
    void pinnedFashionMnistDigestsMatchTheDebianFiles() throws IOException {
        assumeTrue(Files.isDirectory(DEBIAN), DEBIAN + " absent: install the Debian package dataset-fashion-mnist");
        for (DatasetSpec.RemoteFile file : DatasetSpec.FASHION_MNIST.files()) {
            try (InputStream content = IdxCodec.openContent(DEBIAN.resolve(file.downloadName()))) {
                assertEquals(file.contentSha256(), DatasetLoader.sha256(content), file.fileName());
            }
        }
    }

    @Test
    void fromDirectoryInfersClassesAndNamesThemByNumber() {
        ImageSet train = IdxCodecTest.randomSet(30, 3, 3, 3, 1);
        ImageSet test = IdxCodecTest.randomSet(6, 3, 3, 3, 2);
        Path dir = tmp.resolve("digits");
        IdxCodec.write(train, dir.resolve("train-images-idx3-ubyte.gz"), dir.resolve("train-labels-idx1-ubyte.gz"),
                true);
        IdxCodec.write(test, dir.resolve("t10k-images-idx3-ubyte"), dir.resolve("t10k-labels-idx1-ubyte"), false);

        Dataset dataset = Datasets.fromDirectory(dir);

        assertEquals("digits", dataset.name());
        assertEquals(List.of("0", "1", "2"), dataset.classNames());
        assertEquals(train, dataset.train());
        assertEquals(test, dataset.test());
        assertTrue(dataset.split(0.2, 1).validation().size() > 0);
    }
}
