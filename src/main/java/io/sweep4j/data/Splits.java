package io.sweep4j.data;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

/**
 * Train / validation / test sets of one dataset, with the {@link Normalization} fitted on {@code train} only.
 *
 * <p>Model selection reads {@code validation}; {@code test} is for reporting, never for choosing.
 */
public record Splits(String datasetName, ImageSet train, ImageSet validation, ImageSet test,
                     Normalization normalization, List<String> classNames, double validationFraction, long seed) {

    public Splits {
        classNames = List.copyOf(classNames);
        if (classNames.size() != train.classes()) {
            throw new IllegalArgumentException("Splits.classNames has " + classNames.size() + " names but the "
                    + datasetName + " training set has " + train.classes() + " classes; give one name per class");
        }
    }

    /**
     * Splits {@code fullTrain} into train and validation, stratified by class, deterministically for {@code seed}.
     *
     * <p>From every class, {@code round(n_c * validationFraction)} images go to validation (at least one if the
     * class has two or more), chosen by a Fisher-Yates shuffle driven by {@code java.util.Random(seed)}, whose
     * sequence the JDK specifies, so the split is the same on every JVM. Both parts keep file order.
     */
    public static Splits stratified(String datasetName, ImageSet fullTrain, ImageSet test, List<String> classNames,
                                    double validationFraction, long seed) {
        if (!(validationFraction > 0.0 && validationFraction < 1.0)) {
            throw new IllegalArgumentException("validationFraction must be in (0, 1), was " + validationFraction
                    + "; model selection needs a validation split, 0.1 is the usual choice");
        }
        if (test.rows() != fullTrain.rows() || test.cols() != fullTrain.cols()
                || test.classes() != fullTrain.classes()) {
            throw new IllegalArgumentException("the " + datasetName + " test set (" + test
                    + ") does not match its training set (" + fullTrain + ")");
        }
        List<List<Integer>> byClass = new ArrayList<>();
        for (int c = 0; c < fullTrain.classes(); c++) {
            byClass.add(new ArrayList<>());
        }
        for (int i = 0; i < fullTrain.size(); i++) {
            byClass.get(fullTrain.label(i)).add(i);
        }
        Random random = new Random(seed);
        boolean[] inValidation = new boolean[fullTrain.size()];
        int validationSize = 0;
        for (List<Integer> members : byClass) {
            int n = members.size();
            int take = (int) Math.round(n * validationFraction);
            if (n >= 2) {
                take = Math.max(1, Math.min(take, n - 1));
            } else {
                take = 0;
            }
            int[] shuffled = members.stream().mapToInt(Integer::intValue).toArray();
            for (int i = n - 1; i > 0; i--) {
                int j = random.nextInt(i + 1);
                int tmp = shuffled[i];
                shuffled[i] = shuffled[j];
                shuffled[j] = tmp;
            }
            for (int k = 0; k < take; k++) {
                inValidation[shuffled[k]] = true;
            }
            validationSize += take;
        }
        int[] trainIndices = new int[fullTrain.size() - validationSize];
        int[] validationIndices = new int[validationSize];
        int t = 0;
        int v = 0;
        for (int i = 0; i < fullTrain.size(); i++) {
            if (inValidation[i]) {
                validationIndices[v++] = i;
            } else {
                trainIndices[t++] = i;
            }
        }
        ImageSet train = fullTrain.subset(trainIndices);
        ImageSet validation = fullTrain.subset(validationIndices);
        return new Splits(datasetName, train, validation, test, Normalization.fit(train), classNames,
                validationFraction, seed);
    }

    public int classes() {
        return train.classes();
    }

    public int rows() {
        return train.rows();
    }

    public int cols() {
        return train.cols();
    }

    @Override
    public String toString() {
        return "Splits[" + datasetName + ": train " + train.size() + ", validation " + validation.size()
                + ", test " + test.size() + ", " + classes() + " classes " + Arrays.toString(classNames.toArray())
                + ", " + normalization + ", seed " + seed + "]";
    }
}
