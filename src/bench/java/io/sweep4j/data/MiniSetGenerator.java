package io.sweep4j.data;

import java.nio.file.Path;

/**
 * A developer tool (in src/bench, not in the library jar): regenerates the embedded mini set from full
 * Fashion-MNIST, the first 600 training and first 100 test images of each class, in file order, written as gzipped
 * IDX files.
 *
 * <p>Run from the repository root (the full set is read through the usual lookup, e.g. the Debian package):
 * <pre>
 * mvn -q -DskipTests package
 * java -cp target/classes:target/bench-classes io.sweep4j.data.MiniSetGenerator [sourceDir] [targetDir]
 * </pre>
 * {@code targetDir} defaults to {@code src/main/resources/io/sweep4j/data/fashion-mnist-mini}. The output is
 * byte-for-byte reproducible on one JDK (gzip header mtime is 0; deflate output can differ between zlib builds,
 * the decompressed content never does).
 */
public final class MiniSetGenerator {

    public static final int TRAIN_PER_CLASS = 600;
    public static final int TEST_PER_CLASS = 100;

    private MiniSetGenerator() {
    }

    public static void main(String[] args) {
        Dataset full = args.length > 0 && !args[0].isBlank()
                ? Datasets.fashionMnist(Path.of(args[0]))
                : Datasets.fashionMnist();
        Path target = Path.of(args.length > 1 ? args[1] : "src/main/resources/io/sweep4j/data/fashion-mnist-mini");
        DatasetSpec spec = DatasetSpec.FASHION_MNIST;
        ImageSet train = firstPerClass(full.train(), TRAIN_PER_CLASS);
        ImageSet test = firstPerClass(full.test(), TEST_PER_CLASS);
        IdxCodec.write(train, target.resolve(spec.trainImages().downloadName()),
                target.resolve(spec.trainLabels().downloadName()), true);
        IdxCodec.write(test, target.resolve(spec.testImages().downloadName()),
                target.resolve(spec.testLabels().downloadName()), true);
        System.out.println("wrote " + train + " and " + test + " to " + target.toAbsolutePath());
    }

    /** The first {@code perClass} images of every class, kept in file order (so classes stay interleaved). */
    static ImageSet firstPerClass(ImageSet set, int perClass) {
        int[] taken = new int[set.classes()];
        int[] chosen = new int[perClass * set.classes()];
        int n = 0;
        for (int i = 0; i < set.size() && n < chosen.length; i++) {
            int label = set.label(i);
            if (taken[label] < perClass) {
                taken[label]++;
                chosen[n++] = i;
            }
        }
        if (n < chosen.length) {
            throw new IllegalArgumentException("the source set " + set + " has fewer than " + perClass
                    + " images of some class; use the full Fashion-MNIST");
        }
        return set.subset(chosen);
    }
}
