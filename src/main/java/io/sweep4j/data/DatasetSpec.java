package io.sweep4j.data;

import java.net.URI;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.stream.IntStream;

/**
 * Where a standard IDX dataset comes from: its four files, their pinned digests, its download address,
 * the directory a system package installs it to, and its class names. All download URLs live here.
 *
 * <p>The pinned SHA-256 digests are of the <em>decompressed</em> IDX content, not of the .gz files: Debian's
 * {@code dataset-fashion-mnist} recompresses the upstream files (its .gz bytes differ from the upstream MD5s
 * in the Fashion-MNIST README), while the content is identical, so one digest validates a download from the
 * canonical address, a mirror serving raw files, and the Debian copy alike.
 */
public record DatasetSpec(String name, List<String> classNames, URI baseUrl, Path systemDirectory,
                          RemoteFile trainImages, RemoteFile trainLabels,
                          RemoteFile testImages, RemoteFile testLabels) {

    /** One IDX file: its name without {@code .gz} and the SHA-256 of its decompressed content (lower-case hex). */
    public record RemoteFile(String fileName, String contentSha256) {
        public RemoteFile {
            Objects.requireNonNull(fileName, "RemoteFile.fileName");
            if (contentSha256 == null || !contentSha256.matches("[0-9a-f]{64}")) {
                throw new IllegalArgumentException("RemoteFile.contentSha256 of " + fileName
                        + " must be 64 lower-case hex digits, was " + contentSha256);
            }
        }

        /** The name the file is downloaded under: upstream serves gzip-compressed files. */
        public String downloadName() {
            return fileName + ".gz";
        }
    }

    /** Zalando's Fashion-MNIST labels, in label order (README of github.com/zalandoresearch/fashion-mnist). */
    public static final List<String> FASHION_MNIST_CLASSES = List.of(
            "T-shirt/top", "Trouser", "Pullover", "Dress", "Coat",
            "Sandal", "Shirt", "Sneaker", "Bag", "Ankle boot");

    /**
     * Fashion-MNIST (60 000 + 10 000 images, 10 classes, MIT licence, Zalando SE). Download address from the
     * upstream README; digests computed from the Debian package's files and matching the raw-file digests
     * published alongside the upstream MD5s by third-party loaders.
     */
    public static final DatasetSpec FASHION_MNIST = new DatasetSpec(
            "fashion-mnist",
            FASHION_MNIST_CLASSES,
            URI.create("http://fashion-mnist.s3-website.eu-central-1.amazonaws.com/"),
            Path.of("/usr/share/datasets/fashion-mnist"),
            new RemoteFile("train-images-idx3-ubyte",
                    "c59f468a2f672dc815687fe0f83887768d799fd8a3f3276145d20f83aa44d888"),
            new RemoteFile("train-labels-idx1-ubyte",
                    "bad3541b69d912435c50bb6ba87bec294ff4f6a2e1246121d8633921760443d9"),
            new RemoteFile("t10k-images-idx3-ubyte",
                    "5b4141f0afbad91edebe8549f8fcffe087ea10ca49f1dbef5c9a5cd8815ce37b"),
            new RemoteFile("t10k-labels-idx1-ubyte",
                    "0402a96d92fd2663957122ceb108a494c5af83dab82d92729df917d7dec38c34"));

    /**
     * MNIST handwritten digits (LeCun, Cortes, Burges). Debian ships no MNIST package, so there is no system
     * directory. The original yann.lecun.com address refuses automated downloads; the CVDF mirror that
     * TensorFlow Datasets uses serves the original files.
     */
    public static final DatasetSpec MNIST = new DatasetSpec(
            "mnist",
            IntStream.range(0, 10).mapToObj(Integer::toString).toList(),
            URI.create("https://storage.googleapis.com/cvdf-datasets/mnist/"),
            null,
            new RemoteFile("train-images-idx3-ubyte",
                    "ba891046e6505d7aadcbbe25680a0738ad16aec93bde7f9b65e87a2fc25776db"),
            new RemoteFile("train-labels-idx1-ubyte",
                    "65a50cbbf4e906d70832878ad85ccda5333a97f0f4c3dd2ef09a8a9eef7101c5"),
            new RemoteFile("t10k-images-idx3-ubyte",
                    "0fa7898d509279e482958e8ce81c8e77db3f2f8254e26661ceb7762c4d494ce7"),
            new RemoteFile("t10k-labels-idx1-ubyte",
                    "ff7bcfd416de33731a308c3f266cc351222c34898ecbeaf847f06e48f7ec33f2"));

    public DatasetSpec {
        Objects.requireNonNull(name, "DatasetSpec.name");
        if (!name.matches("[a-z0-9][a-z0-9._-]*")) {
            // the name becomes a cache directory and part of a system property name
            throw new IllegalArgumentException("DatasetSpec.name must be lower-case letters, digits, '.', '_' or '-',"
                    + " was '" + name + "'");
        }
        classNames = List.copyOf(classNames);
        Objects.requireNonNull(baseUrl, "DatasetSpec.baseUrl");
        if (!baseUrl.toString().endsWith("/")) {
            baseUrl = URI.create(baseUrl + "/");
        }
        Objects.requireNonNull(trainImages, "DatasetSpec.trainImages");
        Objects.requireNonNull(trainLabels, "DatasetSpec.trainLabels");
        Objects.requireNonNull(testImages, "DatasetSpec.testImages");
        Objects.requireNonNull(testLabels, "DatasetSpec.testLabels");
    }

    /** The four files in a fixed order: train images, train labels, test images, test labels. */
    public List<RemoteFile> files() {
        return List.of(trainImages, trainLabels, testImages, testLabels);
    }

    public DatasetSpec withBaseUrl(URI newBaseUrl) {
        return new DatasetSpec(name, classNames, newBaseUrl, systemDirectory,
                trainImages, trainLabels, testImages, testLabels);
    }

    /** {@code null} means the dataset has no system-package directory. */
    public DatasetSpec withSystemDirectory(Path newSystemDirectory) {
        return new DatasetSpec(name, classNames, baseUrl, newSystemDirectory,
                trainImages, trainLabels, testImages, testLabels);
    }
}
