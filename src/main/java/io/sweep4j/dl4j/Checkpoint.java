package io.sweep4j.dl4j;

import java.io.IOException;
import java.io.Serializable;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Optional;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.util.ModelSerializer;

/**
 * A trial's state after an epoch in one zip: network, updater state (momentum, Adam moments, iteration and epoch
 * counts) and the early-stopping {@link Progress}. Written to a temporary file and moved into place atomically, so a
 * kill leaves either the previous checkpoint or the new one, never half of one.
 */
final class Checkpoint {
    static final String FILE_NAME = "checkpoint.zip";
    private static final String PROGRESS_ENTRY = "sweep4j-progress";

    /**
     * Where early stopping stood after {@code epoch}: the best epoch, its metric value and weights,
     * {@code seedRoot}, the trial number the epoch shuffles derive from (kept across retries), and {@code owner}, the
     * trial that wrote it (null for a refit, whose folder is named for its trial and parameters).
     */
    record Progress(int epoch, int bestEpoch, double bestValue, float[] bestParams, int seedRoot, TrialStamp owner)
            implements Serializable {
    }

    /** A checkpoint read back: the network with its updater state, and the progress. */
    record Restored(MultiLayerNetwork network, Progress progress) {
    }

    private Checkpoint() {
    }

    static void write(Path dir, MultiLayerNetwork net, Progress progress) {
        try {
            Files.createDirectories(dir);
            Path tmp = Files.createTempFile(dir, "checkpoint-", ".tmp");
            try {
                ModelSerializer.writeModel(net, tmp.toFile(), true);
                ModelSerializer.addObjectToFile(tmp.toFile(), PROGRESS_ENTRY, progress);
                Files.move(tmp, dir.resolve(FILE_NAME), StandardCopyOption.ATOMIC_MOVE,
                        StandardCopyOption.REPLACE_EXISTING);
            } finally {
                Files.deleteIfExists(tmp);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the checkpoint in " + dir + ": " + e.getMessage(), e);
        }
    }

    /** The checkpoint in {@code dir}, if there is a readable one. */
    static Optional<Restored> read(Path dir) {
        Path file = dir.resolve(FILE_NAME);
        if (!Files.isRegularFile(file)) {
            return Optional.empty();
        }
        try {
            MultiLayerNetwork net = ModelSerializer.restoreMultiLayerNetwork(file.toFile(), true);
            Progress progress = ModelSerializer.getObjectFromFile(file.toFile(), PROGRESS_ENTRY);
            return Optional.of(new Restored(net, progress));
        } catch (IOException | RuntimeException e) {
            throw new UncheckedIOException("cannot read the checkpoint " + file + ": " + e.getMessage()
                    + "; delete it to retrain the trial from its first epoch",
                    e instanceof IOException io ? io : new IOException(e));
        }
    }

    static void delete(Path dir) {
        try {
            Files.deleteIfExists(dir.resolve(FILE_NAME));
            deleteIfEmpty(dir);
        } catch (IOException e) {
            // a leftover checkpoint only costs disk space
        }
    }

    /** Removes a trial's folder once nothing is left in it, so the study's folder lists only trials with files. */
    static void deleteIfEmpty(Path dir) throws IOException {
        try (var entries = Files.list(dir)) {
            if (entries.findAny().isEmpty()) {
                Files.deleteIfExists(dir);
            }
        } catch (java.nio.file.NoSuchFileException | java.nio.file.DirectoryNotEmptyException e) {
            // gone already, or another thread just wrote into it
        }
    }
}
