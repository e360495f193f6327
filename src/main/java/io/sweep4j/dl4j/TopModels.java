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
import java.util.Optional;
import java.util.Properties;
import java.util.function.LongConsumer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.util.ModelSerializer;

/**
 * Keeps the best-epoch models of a study's top {@code k} trials: each completed trial saves {@code model.zip} in its
 * folder, with {@code model.properties} (metric, value, the trial's storage key and its {@link TrialStamp}), then
 * the files of trials that fell out of the top k, possibly its own, are deleted and those trials' {@code model_file}
 * says so. The study's folder is the registry, so a resumed study keeps counting.
 */
final class TopModels {
    static final String MODEL_FILE = "model.zip";
    static final String INFO_FILE = "model.properties";
    /** How the trial's {@link UserAttributes#MODEL_FILE} starts once its model was deleted. */
    static final String DELETED = "model deleted:";
    private static final String TRIAL_ID = "trial_id";
    // trials of one JVM finish concurrently; the scan-and-delete must not interleave
    private static final Object LOCK = new Object();

    /** A model offered to the top k: whose it is, and its value of the metric the study ranks by. */
    record Entry(TrialStamp stamp, long trialId, String metric, double value) {
    }

    private TopModels() {
    }

    /** What {@link UserAttributes#MODEL_FILE} says once a trial's model was deleted. */
    static String deleted(int k) {
        return DELETED + " only the top " + k + " are kept";
    }

    /**
     * Saves {@code net} as {@code entry}'s model in {@code trialDir}, then deletes the models of this study's trials
     * outside the top {@code k} and passes each one's storage key to {@code evicted}.
     */
    static void offer(Path trialDir, MultiLayerNetwork net, Entry entry, boolean lowerIsBetter, int k,
                      LongConsumer evicted) {
        if (k <= 0) {
            return;
        }
        try {
            write(net, trialDir);
            Properties info = new Properties();
            info.setProperty("metric", entry.metric());
            info.setProperty("value", Double.toString(entry.value()));
            info.setProperty(TRIAL_ID, Long.toString(entry.trialId()));
            entry.stamp().writeTo(info);
            try (Writer w = Files.newBufferedWriter(trialDir.resolve(INFO_FILE))) {
                info.store(w, "best-epoch model of this trial, kept while among the top " + k);
            }
            synchronized (LOCK) {
                keepTop(trialDir.getParent(), entry, lowerIsBetter, k, evicted);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot save the model in " + trialDir + ": " + e.getMessage(), e);
        }
    }

    /** The stamp saved beside the model in {@code trialDir}, if there is one. */
    static Optional<TrialStamp> stampOf(Path trialDir) throws IOException {
        Path info = trialDir.resolve(INFO_FILE);
        if (!Files.isRegularFile(info)) {
            return Optional.empty();
        }
        return TrialStamp.readFrom(read(info));
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

    private record Saved(Path dir, double value, long trialId) {
        int number() {
            String name = dir.getFileName().toString();
            try {
                return Integer.parseInt(name.substring(name.indexOf('-') + 1));
            } catch (NumberFormatException e) {
                return Integer.MAX_VALUE;
            }
        }
    }

    private static void keepTop(Path root, Entry entry, boolean lowerIsBetter, int k, LongConsumer evicted)
            throws IOException {
        List<Saved> saved = new ArrayList<>();
        try (DirectoryStream<Path> dirs = Files.newDirectoryStream(root, "trial-*")) {
            for (Path d : dirs) {
                Path info = d.resolve(INFO_FILE);
                if (!Files.isRegularFile(info)) {
                    continue;
                }
                Properties p = read(info);
                // never another study's files, should a folder be shared (one resultsDir for two same-named files)
                boolean ours = TrialStamp.readFrom(p).map(entry.stamp()::sameStudy).orElse(false);
                if (ours && entry.metric().equals(p.getProperty("metric"))) {
                    saved.add(new Saved(d, Double.parseDouble(p.getProperty("value", "NaN")),
                            Long.parseLong(p.getProperty(TRIAL_ID, "-1"))));
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
            if (s.trialId() >= 0) {
                evicted.accept(s.trialId());
            }
        }
    }

    private static Properties read(Path info) throws IOException {
        Properties p = new Properties();
        try (Reader r = Files.newBufferedReader(info)) {
            p.load(r);
        }
        return p;
    }
}
