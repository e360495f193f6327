package io.sweep4j.dl4j;

import io.sweep4j.trial.Metrics;

/** Keys of the user attributes (Optuna's {@code user_attrs}) the DL4J objectives store on a trial. */
public final class UserAttributes {
    /** The network's parameter count (DL4J's {@code numParams()}). */
    public static final String PARAM_COUNT = "param_count";
    /** Training samples per second over the epochs this trial trained (evaluation excluded). */
    public static final String TRAIN_SAMPLES_PER_S = "train_samples_per_s";
    /** Milliseconds to classify one validation example alone (batch 1), measured after training. */
    public static final String INFERENCE_MS_BATCH1 = "inference_ms_batch1";
    /** Milliseconds per validation example classified in batches of the trial's batch size, after training. */
    public static final String INFERENCE_MS_BATCHED = "inference_ms_batched";
    /** The epoch whose weights the trial kept (the best one, unless told to keep the last). */
    public static final String BEST_EPOCH = "best_epoch";
    public static final String EPOCHS_TRAINED = "epochs_trained";
    /** The absolute path of a trial's saved model (gone once it leaves the top k). */
    public static final String MODEL_FILE = "model_file";
    /** The kept epoch's test accuracy, never optimized on; each test score is stored as {@link Metrics#TEST} + name. */
    public static final String TEST_ACCURACY = Metrics.TEST + Metrics.ACCURACY;
    /** The best trial's configuration retrained on training + validation: its test scores, epochs and images. */
    public static final String REFIT_TEST_ACCURACY = "refit_test_accuracy";
    public static final String REFIT_TEST_LOSS = "refit_test_loss";
    public static final String REFIT_EPOCHS = "refit_epochs";
    public static final String REFIT_TRAIN_IMAGES = "refit_train_images";

    private UserAttributes() {
    }
}
