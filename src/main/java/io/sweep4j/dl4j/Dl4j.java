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

    /** A classifier objective on {@code dataset}'s default split (10 % stratified validation, seed 42). */
    public static ClassifierObjective classifier(Dataset dataset) {
        return new ClassifierObjective(ClassifierObjective.once(dataset));
    }

    /** A classifier objective on ready-made splits (e.g. a subset for a quick study). */
    public static ClassifierObjective classifier(Splits splits) {
        Objects.requireNonNull(splits, "splits");
        return new ClassifierObjective(new DataSource.FromSplits(() -> splits));
    }

    /** A classifier objective on the user's data (one-hot labels); see {@link UserData}. */
    public static ClassifierObjective classifier(UserData data) {
        return new ClassifierObjective(new DataSource.FromUser(data.forClassifier(), true));
    }

    /** {@code classifier(UserData.of(train, validation))}. */
    public static ClassifierObjective classifier(DataSet train, DataSet validation) {
        return classifier(UserData.of(train, validation));
    }

    /** {@code classifier(UserData.of(train, validation))}: the iterators are read once into memory. */
    public static ClassifierObjective classifier(DataSetIterator train, DataSetIterator validation) {
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
     * e.g. {@code Dl4j.loadModel(result.best().orElseThrow())}.
     */
    public static MultiLayerNetwork loadModel(FrozenTrial trial) {
        Object file = trial.userAttributes().get(UserAttributes.MODEL_FILE);
        if (file == null) {
            throw new UsageException("trial " + trial.number(), trial.state(), "only completed trials of a DL4J"
                    + " objective with keepTop > 0 save a model; pick a completed trial, e.g. result.best()");
        }
        Path path = Path.of(file.toString());
        if (!Files.isRegularFile(path)) {
            throw new UsageException("trial " + trial.number() + " model", path.toString(), "the model was deleted"
                    + " when the trial left the study's top keepTop trials; raise keepTop(k) or load a better trial");
        }
        try {
            return ModelSerializer.restoreMultiLayerNetwork(path.toFile(), false);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the model of trial " + trial.number() + " from " + path
                    + ": " + e.getMessage(), e);
        }
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
        new ClassifierObjective(new DataSource.FromSplits(() -> {
            throw new IllegalStateException("validation reads no data");
        })).validate(space);
        return space;
    }
}
