package io.sweep4j.dl4j;

import io.sweep4j.data.Dataset;
import io.sweep4j.data.Splits;
import io.sweep4j.space.SearchSpace;
import io.sweep4j.space.UsageException;
import io.sweep4j.trial.FrozenTrial;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Consumer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.util.ModelSerializer;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.dataset.api.iterator.DataSetIterator;

/** Entry point of the DL4J bridge: {@code Dl4j.classifier(Datasets.fashionMnist()).mlp(512, 256)}. */
public final class Dl4j {
    static {
        NativeSetup.beforeNd4jLoads();
    }

    private Dl4j() {
    }

    /** The training loop classifying {@code dataset} on its default split (10 % stratified validation, seed 42). */
    public static TrainingLoopObjective classifier(Dataset dataset) {
        return new TrainingLoopObjective(TrainingLoopObjective.once(dataset));
    }

    /** A classifier objective on ready-made splits (e.g. a subset for a quick study). */
    public static TrainingLoopObjective classifier(Splits splits) {
        Objects.requireNonNull(splits, "splits");
        return new TrainingLoopObjective(new DataSource.FromSplits(() -> splits));
    }

    /** A classifier objective on the user's data (one-hot labels); see {@link UserData}. */
    public static TrainingLoopObjective classifier(UserData data) {
        return new TrainingLoopObjective(new DataSource.FromUser(data.forClassifier(), true));
    }

    /** {@code classifier(UserData.of(train, validation))}. */
    public static TrainingLoopObjective classifier(DataSet train, DataSet validation) {
        return classifier(UserData.of(train, validation));
    }

    /** {@code classifier(UserData.of(train, validation))}: the iterators are read once into memory. */
    public static TrainingLoopObjective classifier(DataSetIterator train, DataSetIterator validation) {
        return classifier(UserData.of(train, validation));
    }

    /** A regression objective on the user's data (labels are the targets); see {@link RegressionObjective}. */
    public static RegressionObjective regression(UserData data) {
        return new RegressionObjective(new DataSource.FromUser(Objects.requireNonNull(data, "data"), false));
    }

    /** {@code regression(UserData.of(train, validation))}. */
    public static RegressionObjective regression(DataSet train, DataSet validation) {
        return regression(UserData.of(train, validation));
    }

    /** {@code regression(UserData.of(train, validation))}: the iterators are read once into memory. */
    public static RegressionObjective regression(DataSetIterator train, DataSetIterator validation) {
        return regression(UserData.of(train, validation));
    }

    /**
     * The best-epoch model a DL4J objective saved for {@code trial} (kept for the study's top {@code keepTop} trials),
     * e.g. {@code Dl4j.loadModel(result.best().orElseThrow())}. The file is the one the trial's {@code model_file}
     * names; it is loaded only if the stamp saved with it names this trial (number and parameters) and the study and
     * storage whose folder it is in, so a file another study's run put in its place is refused, never returned.
     */
    public static MultiLayerNetwork loadModel(FrozenTrial trial) {
        Object file = trial.userAttributes().get(UserAttributes.MODEL_FILE);
        if (file == null) {
            throw new UsageException("trial " + trial.number(), trial.state(), "only completed trials of a DL4J"
                    + " objective with keepTop > 0 save a model; pick a completed trial, e.g. result.best()");
        }
        if (file.toString().startsWith(TopModels.DELETED)) {
            throw new UsageException("trial " + trial.number() + " model_file", file.toString(), "the model was"
                    + " deleted when the trial left the study's top keepTop trials; load one of result.top(k), or"
                    + " raise keepTop(k) and run the study again");
        }
        Path path = Path.of(file.toString());
        if (!Files.isRegularFile(path)) {
            throw new UsageException("trial " + trial.number() + " model", path.toString(), "no such file: it was"
                    + " deleted or moved (a study's models are in <storage>-files/ beside its database file); load a"
                    + " trial whose model exists, or run the study again with a larger keepTop(k)");
        }
        checkOwner(trial, path);
        try {
            return ModelSerializer.restoreMultiLayerNetwork(path.toFile(), false);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the model of trial " + trial.number() + " from " + path
                    + ": " + e.getMessage(), e);
        }
    }

    /** Refuses a model whose stamp is not this trial's in the study folder the file is in. */
    private static void checkOwner(FrozenTrial trial, Path model) {
        Path trialDir = model.toAbsolutePath().getParent();
        Optional<TrialStamp> stamp;
        try {
            stamp = TopModels.stampOf(trialDir);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the stamp of " + model + ": " + e.getMessage(), e);
        }
        String params = TrialStamp.canonical(trial.params());
        if (stamp.isPresent() && stamp.get().trial() == trial.number() && stamp.get().params().equals(params)
                && trialDir.getFileName().toString().equals("trial-" + trial.number())
                && stamp.get().filedUnder(trialDir.getParent())) {
            return;
        }
        if (stamp.isEmpty()) {
            throw new UsageException("trial " + trial.number() + " model", model.toString(), "it has no stamp in "
                    + TopModels.INFO_FILE + " saying whose it is (saved by an older sweep4j, in a folder that studies"
                    + " of the same name in other storages shared), so it may be another study's trial's; run the"
                    + " study again to save a stamped model, or load this file unchecked with"
                    + " ModelSerializer.restoreMultiLayerNetwork if you know it is this trial's");
        }
        String owner = stamp.get().describe();
        throw new UsageException("trial " + trial.number() + " model", model.toString(), "this file belongs to "
                + owner + ", not to the trial asked for, trial " + trial.number() + " (" + params + ") of the study"
                + " whose files are in " + trialDir.getParent() + ": it was put in that trial's place (copied there,"
                + " or saved by another study's run); put the trial's own model.zip and " + TopModels.INFO_FILE
                + " back, or run its study again to save its model (ModelSerializer.restoreMultiLayerNetwork reads"
                + " a file unchecked)");
    }

    /**
     * A search space, checked against the classifier's default parameter names as it is defined: an unknown
     * optimizer, init or activation (e.g. "adamw") fails here, before any trial, with the list of valid names.
     * Use it as {@code Study.named(..).space(Dl4j.space(s -> s.choice("optimizer", "sgd", "adam")))}.
     */
    public static SearchSpace space(Consumer<SearchSpace.Builder> definition) {
        SearchSpace.Builder b = SearchSpace.builder();
        definition.accept(b);
        SearchSpace space = b.build();
        new TrainingLoopObjective(new DataSource.FromSplits(() -> {
            throw new IllegalStateException("validation reads no data");
        })).validate(space);
        return space;
    }
}
