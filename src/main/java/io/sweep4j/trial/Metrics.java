package io.sweep4j.trial;

/**
 * Names of the metrics a trial reports per epoch (a study optimizes one of them), and the prefixes that say which
 * split a score was measured on: {@code val_accuracy} is {@link #VALIDATION} + {@link #ACCURACY}.
 */
public final class Metrics {
    /** Prefix of a score on the validation split: what a study may optimize. */
    public static final String VALIDATION = "val_";
    /** Prefix of a score on the test split: stored as a user attribute, never optimized on. */
    public static final String TEST = "test_";
    public static final String ACCURACY = "accuracy";
    public static final String LOSS = "loss";
    /** Mean squared and mean absolute error of a regression. */
    public static final String MSE = "mse";
    public static final String MAE = "mae";
    public static final String VAL_ACCURACY = VALIDATION + ACCURACY;
    public static final String VAL_LOSS = VALIDATION + LOSS;
    public static final String VAL_MSE = VALIDATION + MSE;
    public static final String VAL_MAE = VALIDATION + MAE;
    /** The network's own loss on the training batches (with its penalties), averaged over the epoch. */
    public static final String TRAIN_LOSS = "train_loss";

    private Metrics() {
    }
}
