package io.sweep4j.data;

import java.util.List;

/** A loaded labelled image dataset: its official training and test sets and the name of each class. */
public record Dataset(String name, ImageSet train, ImageSet test, List<String> classNames) {

    /** Validation share used by {@link #split()}. */
    public static final double DEFAULT_VALIDATION_FRACTION = 0.1;
    /** Seed used by {@link #split()}; fixed so that every study on a dataset sees the same validation set. */
    public static final long DEFAULT_SEED = 42L;

    public Dataset {
        classNames = List.copyOf(classNames);
        if (classNames.size() != train.classes()) {
            throw new IllegalArgumentException("Dataset " + name + " has " + train.classes() + " classes but "
                    + classNames.size() + " class names; give one name per class");
        }
    }

    /** 10 % stratified validation split with seed 42, normalization fitted on the remaining training images. */
    public Splits split() {
        return split(DEFAULT_VALIDATION_FRACTION, DEFAULT_SEED);
    }

    /** A stratified split: see {@link Splits#stratified}. */
    public Splits split(double validationFraction, long seed) {
        return Splits.stratified(name, train, test, classNames, validationFraction, seed);
    }

    public int classes() {
        return train.classes();
    }
}
