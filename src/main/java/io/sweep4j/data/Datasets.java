package io.sweep4j.data;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.IntStream;

/** Entry points to the datasets sweep4j knows; each returns a loaded {@link Dataset}, call {@code split()} on it. */
public final class Datasets {

    /** Class-path folder of the embedded mini set, relative to this package. */
    static final String MINI_RESOURCE_DIR = "fashion-mnist-mini/";
    static final String MINI_NAME = "fashion-mnist-mini";

    private Datasets() {
    }

    /**
     * The embedded Fashion-MNIST subset: 6 000 training images (600 per class) and 1 000 test images
     * (100 per class), read from the jar; needs no network and no files. See
     * {@code io/sweep4j/data/fashion-mnist-mini/README.md} for licence and provenance.
     */
    public static Dataset fashionMnistMini() {
        DatasetSpec spec = DatasetSpec.FASHION_MNIST;
        ImageSet train = readResource(spec.trainImages(), spec.trainLabels());
        ImageSet test = readResource(spec.testImages(), spec.testLabels());
        return new Dataset(MINI_NAME, train, test, spec.classNames());
    }

    /** Full Fashion-MNIST: cache, then {@code /usr/share/datasets/fashion-mnist}, then a verified download. */
    public static Dataset fashionMnist() {
        return DatasetLoader.fromEnvironment().load(DatasetSpec.FASHION_MNIST);
    }

    /** Full Fashion-MNIST from {@code directory} only (the four IDX files, gzip or raw). */
    public static Dataset fashionMnist(Path directory) {
        return DatasetLoader.fromEnvironment().load(DatasetSpec.FASHION_MNIST, directory);
    }

    /** Full MNIST: cache, then a verified download (Debian ships no MNIST package). */
    public static Dataset mnist() {
        return DatasetLoader.fromEnvironment().load(DatasetSpec.MNIST);
    }

    /** Full MNIST from {@code directory} only. */
    public static Dataset mnist(Path directory) {
        return DatasetLoader.fromEnvironment().load(DatasetSpec.MNIST, directory);
    }

    /**
     * Any MNIST-layout dataset in {@code directory}: {@code train-images-idx3-ubyte}, {@code train-labels-idx1-ubyte},
     * {@code t10k-images-idx3-ubyte}, {@code t10k-labels-idx1-ubyte}, each optionally {@code .gz}. Classes are
     * {@code max(label) + 1} of the training labels, named "0", "1", ...
     */
    public static Dataset fromDirectory(Path directory) {
        return readDirectory(directory, null);
    }

    /** As {@link #fromDirectory(Path)}, with one name per class, in label order. */
    public static Dataset fromDirectory(Path directory, List<String> classNames) {
        return readDirectory(directory, List.copyOf(classNames));
    }

    /** {@code classNames == null}: infer the classes from the training labels and name them by number. */
    private static Dataset readDirectory(Path directory, List<String> classNames) {
        DatasetSpec layout = DatasetSpec.MNIST; // only its file names are used: the standard MNIST layout
        new DatasetLoader(DatasetLoader.defaultCacheRoot()).locate(layout, directory);
        ImageSet train = IdxCodec.read(DatasetLoader.find(directory, layout.trainImages()),
                DatasetLoader.find(directory, layout.trainLabels()), classNames == null ? 0 : classNames.size());
        List<String> names = classNames != null ? classNames
                : IntStream.range(0, train.classes()).mapToObj(Integer::toString).toList();
        ImageSet test = IdxCodec.read(DatasetLoader.find(directory, layout.testImages()),
                DatasetLoader.find(directory, layout.testLabels()), train.classes());
        Path fileName = directory.toAbsolutePath().normalize().getFileName();
        return new Dataset(fileName == null ? "dataset" : fileName.toString(), train, test, names);
    }

    private static ImageSet readResource(DatasetSpec.RemoteFile images, DatasetSpec.RemoteFile labels) {
        String imagesName = MINI_RESOURCE_DIR + images.downloadName();
        String labelsName = MINI_RESOURCE_DIR + labels.downloadName();
        try (InputStream imagesIn = Datasets.class.getResourceAsStream(imagesName);
             InputStream labelsIn = Datasets.class.getResourceAsStream(labelsName)) {
            if (imagesIn == null || labelsIn == null) {
                throw new DatasetUnavailableException("the embedded mini set is missing from the class path ("
                        + "io/sweep4j/data/" + (imagesIn == null ? imagesName : labelsName) + "). Fix: rebuild the"
                        + " jar with src/main/resources, or regenerate it with MiniSetGenerator (src/bench of a source"
                        + " checkout)");
            }
            return IdxCodec.read(imagesIn, "classpath:io/sweep4j/data/" + imagesName,
                    labelsIn, "classpath:io/sweep4j/data/" + labelsName, DatasetSpec.FASHION_MNIST_CLASSES.size());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the embedded mini set: " + e.getMessage(), e);
        }
    }
}
