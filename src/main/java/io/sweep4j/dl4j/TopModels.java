package io.sweep4j.dl4j;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Properties;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.util.ModelSerializer;

/**
 * Keeps the best-epoch models of a study's top {@code k} trials: each completed trial saves {@code model.zip} (with
 * {@code model.properties}: metric and value) in its folder, then the files of trials that fell out of the top k,
 * possibly its own, are deleted. The folders themselves are the registry, so a resumed study keeps counting.
 */
final class TopModels {
    static final String MODEL_FILE = "model.zip";
    static final String INFO_FILE = "model.properties";
    // trials of one JVM finish concurrently; the scan-and-delete must not interleave
    private static final Object LOCK = new Object();

    private TopModels() {
    }

    static void offer(Path trialDir, MultiLayerNetwork net, String metric, double value, boolean lowerIsBetter, int k) {
        if (k <= 0) {
            return;
        }
        try {
            write(net, trialDir);
            Properties info = new Properties();
            info.setProperty("metric", metric);
            info.setProperty("value", Double.toString(value));
            try (Writer w = Files.newBufferedWriter(trialDir.resolve(INFO_FILE))) {
                info.store(w, "best-epoch model of this trial, kept while among the top " + k);
            }
            synchronized (LOCK) {
                keepTop(trialDir.getParent(), metric, lowerIsBetter, k);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot save the model in " + trialDir + ": " + e.getMessage(), e);
        }
    }

    /** Writes {@code net} (without its updater) as {@code dir/model.zip}, whole or not at all. */
    static void write(MultiLayerNetwork net, Path dir) throws IOException {
        Files.createDirectories(dir);
        Path tmp = Files.createTempFile(dir, "model-", ".tmp");
        try {
            ModelSerializer.writeModel(net, tmp.toFile(), false);
            Files.move(tmp, dir.resolve(MODEL_FILE), StandardCopyOption.ATOMIC_MOVE,
                    StandardCopyOption.REPLACE_EXISTING);
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    private record Saved(Path dir, double value) {
        int number() {
            String name = dir.getFileName().toString();
            try {
                return Integer.parseInt(name.substring(name.indexOf('-') + 1));
            } catch (NumberFormatException e) {
                return Integer.MAX_VALUE;
            }
        }
    }

    private static void keepTop(Path root, String metric, boolean lowerIsBetter, int k) throws IOException {
        List<Saved> saved = new ArrayList<>();
        try (DirectoryStream<Path> dirs = Files.newDirectoryStream(root, "trial-*")) {
            for (Path d : dirs) {
                Path info = d.resolve(INFO_FILE);
                if (!Files.isRegularFile(info)) {
                    continue;
                }
                Properties p = new Properties();
                try (Reader r = Files.newBufferedReader(info)) {
                    p.load(r);
                }
                if (metric.equals(p.getProperty("metric"))) {
                    saved.add(new Saved(d, Double.parseDouble(p.getProperty("value", "NaN"))));
                }
            }
        }
        Comparator<Saved> best = Comparator.comparingDouble(Saved::value);
        // ties by trial number, as History.ranked() breaks them: the study's best trial keeps its model
        saved.sort((lowerIsBetter ? best : best.reversed()).thenComparingInt(Saved::number));
        for (Saved s : saved.subList(Math.min(k, saved.size()), saved.size())) {
            Files.deleteIfExists(s.dir().resolve(MODEL_FILE));
            Files.deleteIfExists(s.dir().resolve(INFO_FILE));
            Checkpoint.deleteIfEmpty(s.dir());
        }
    }
}
