package io.sweep4j.dl4j;

import io.sweep4j.data.Dataset;
import io.sweep4j.data.Splits;
import io.sweep4j.space.SearchSpace;
import java.util.Objects;
import java.util.function.Consumer;

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
        return new ClassifierObjective(() -> splits);
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
        new ClassifierObjective(() -> {
            throw new IllegalStateException("validation reads no data");
        }).validate(space);
        return space;
    }
}
