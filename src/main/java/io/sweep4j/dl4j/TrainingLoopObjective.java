package io.sweep4j.dl4j;

import io.sweep4j.data.Dataset;
import io.sweep4j.prune.DivergenceGuard;
import io.sweep4j.prune.EarlyStopping;
import io.sweep4j.space.Params;
import io.sweep4j.space.SearchSpace;
import io.sweep4j.space.UsageException;
import io.sweep4j.store.Storage;
import io.sweep4j.study.Objective;
import io.sweep4j.study.StudyResult;
import io.sweep4j.study.StudySpec;
import io.sweep4j.study.Trial;
import io.sweep4j.trial.Metrics;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;
import java.util.function.IntConsumer;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;

/**
 * The DL4J training loop as an objective: per trial it builds a network from the trial's parameters, trains it epoch by
 * epoch and returns the best epoch's value of the study's metric. A task plugs into it: classification
 * ({@code Dl4j.classifier(...)}, on an image dataset or the user's {@link UserData}) or regression ({@link
 * RegressionObjective}, which forwards its settings here).
 *
 * <pre>{@code
 * Dl4j.classifier(Datasets.fashionMnist()).mlp(512, 256).maxEpochs(30).patience(4)
 * }</pre>
 *
 * A classification reports {@code val_accuracy}, {@code val_loss} and {@code train_loss} per epoch; the study metric
 * must be one of them. It stops early on patience ({@link io.sweep4j.prune.EarlyStopping}), on the study's pruner,
 * and on divergence ({@link io.sweep4j.prune.DivergenceGuard}: NaN or exploding loss, as FAIL); checkpoints every
 * epoch so an interrupted trial's retry continues; stores the chosen epoch's {@code test_accuracy} as a user attribute
 * (never optimized on), and the network's cost ({@code param_count}, {@code train_samples_per_s}); keeps the models of
 * the top {@code k} trials. The hyperparameters it reads are listed in {@link Hyperparameter}; configure it before the
 * study runs.
 */
public final class TrainingLoopObjective implements Objective {
    public static final String VAL_ACCURACY = Metrics.VAL_ACCURACY;
    public static final String VAL_LOSS = Metrics.VAL_LOSS;
    public static final String TRAIN_LOSS = Metrics.TRAIN_LOSS;
    /** The metrics each epoch of a classification reports, any of which a study may optimize. */
    public static final List<String> METRICS = List.of(VAL_ACCURACY, VAL_LOSS, TRAIN_LOSS);

    private final DataSource data;
    private final Task task;
    private Architecture architecture = new Architecture.Mlp(List.of(256, 128));
    private int maxEpochs = 20;
    private EarlyStopping earlyStopping = EarlyStopping.after(5);
    private String patienceMetric;
    private boolean restoreBest = true;
    private int checkpointEvery = 1;
    private int keepTop = 3;
    private long seed = 42;
    private DivergenceGuard divergence = DivergenceGuard.DEFAULT;
    private boolean mirrorImages;
    private int shiftImages;
    private boolean evaluateMirrored;
    private final Map<Hyperparameter, String> names = new EnumMap<>(Hyperparameter.class);
    private IntConsumer afterEpochReported = epoch -> { };
    private boolean refit;

    TrainingLoopObjective(DataSource data) {
        this(data, Task.CLASSIFICATION);
    }

    /** With {@link Task#REGRESSION}: the loop settings a {@link RegressionObjective} forwards to. */
    TrainingLoopObjective(DataSource data, Task task) {
        this.data = data;
        this.task = task;
    }

    /** The settings a trial runs with; taken when the trial starts. */
    record Settings(DataSource data, Architecture architecture, int maxEpochs, EarlyStopping earlyStopping,
                    String patienceMetric, boolean restoreBest, int checkpointEvery, int keepTop, long seed,
                    DivergenceGuard divergence, boolean mirrorImages, int shiftImages,
                    boolean evaluateMirrored,
                    Map<Hyperparameter, String> names, IntConsumer afterEpochReported) {
        Settings {
            names = Map.copyOf(names);
        }
    }

    /** A fully connected network with these hidden-layer widths (default 256, 128). */
    public TrainingLoopObjective mlp(int... hidden) {
        for (int h : hidden) {
            if (h < 1) {
                throw new UsageException("mlp hidden width", h, "give widths >= 1, e.g. mlp(512, 256)");
            }
        }
        this.architecture = new Architecture.Mlp(Arrays.stream(hidden).boxed().toList());
        return this;
    }

    /** The course notebooks' CNN (conv 5x5x32, pool 3, conv 5x5x64, pool 2, dense 200, softmax). */
    public TrainingLoopObjective cnn() {
        this.architecture = new Architecture.NotebookCnn();
        return this;
    }

    /**
     * A fully connected network whose depth and widths are searched:
     * {@code .mlp(Layers.depth("layers", 1, 4).width("width", 64, 1024))} adds {@code layers} and the conditional
     * {@code width_1 .. width_4} to the study's space (see {@link MlpSearch}).
     */
    public TrainingLoopObjective mlp(MlpSearch search) {
        this.architecture = Objects.requireNonNull(search, "search");
        return this;
    }

    /**
     * A CNN whose blocks are searched: {@code .cnn(Blocks.count("blocks", 1, 4).filters("filters", 16, 128))} adds
     * its parameters to the study's space (see {@link CnnSearch}); combinations that shrink the images below 1x1
     * are refused when the study is defined.
     */
    public TrainingLoopObjective cnn(CnnSearch search) {
        this.architecture = Objects.requireNonNull(search, "search");
        return this;
    }

    /**
     * After a run of the study ends by its budget, retrain the best trial's configuration on training + validation
     * images for its best epoch count and score the test split once (default off); see {@link Refit}.
     */
    public TrainingLoopObjective refit(boolean refit) {
        this.refit = refit;
        return this;
    }

    /** Any network, built from the trial's parameters; see {@link Architecture.Custom} for what it must accept. */
    public TrainingLoopObjective network(Function<Params, MultiLayerConfiguration> builder) {
        this.architecture = new Architecture.Custom(builder);
        return this;
    }

    /** At most this many epochs per trial (default 20). */
    public TrainingLoopObjective maxEpochs(int n) {
        positive("maxEpochs", n);
        this.maxEpochs = n;
        return this;
    }

    /** Epochs are the steps a trial reports: {@code maxEpochs}. */
    @Override
    public java.util.OptionalInt maxSteps() {
        return java.util.OptionalInt.of(maxEpochs);
    }

    /** Stop after this many epochs without improvement (default 5; 0 turns patience off). */
    public TrainingLoopObjective patience(int epochs) {
        this.earlyStopping = earlyStopping.withPatience(epochs);
        return this;
    }

    /** An epoch improves only if it beats the best by more than this (default 0). */
    public TrainingLoopObjective minDelta(double delta) {
        this.earlyStopping = earlyStopping.withMinDelta(delta);
        return this;
    }

    /** The metric patience watches and the best epoch is chosen by (default: the study's metric). */
    public TrainingLoopObjective patienceMetric(String metric) {
        this.patienceMetric = task.checkMetric("patienceMetric", metric);
        return this;
    }

    /** Whether the trial ends with the best epoch's weights (default) or the last epoch's. */
    public TrainingLoopObjective restoreBest(boolean restore) {
        this.restoreBest = restore;
        return this;
    }

    /** Checkpoint model and updater every {@code k} epochs (default 1; 0 turns checkpoints and resume off). */
    public TrainingLoopObjective checkpointEvery(int k) {
        if (k < 0) {
            throw new UsageException("checkpointEvery", k, "give 0 (off) or a number of epochs");
        }
        this.checkpointEvery = k;
        return this;
    }

    /** Keep the best-epoch models of the top {@code k} trials as {@code trial-<n>/model.zip} (default 3; 0: none). */
    public TrainingLoopObjective keepTop(int k) {
        if (k < 0) {
            throw new UsageException("keepTop", k, "give 0 (keep no models) or more");
        }
        this.keepTop = k;
        return this;
    }

    /** Base seed of weight init and shuffles; trial n uses seed + n (default 42). */
    public TrainingLoopObjective seed(long seed) {
        this.seed = seed;
        return this;
    }

    /**
     * A trial diverges when the mean loss of {@code window} iterations exceeds {@code factor} x its starting loss
     * (default 4 x over 20 iterations); a NaN or infinite loss fails it at once.
     */
    public TrainingLoopObjective divergence(double factor, int window) {
        this.divergence = new DivergenceGuard(factor, window);
        return this;
    }

    /**
     * Each epoch, trains on a random half of the images mirrored left to right (default off): augmentation that
     * narrows the gap between training and validation loss on clothes (Fashion-MNIST); wrong for digits and letters,
     * whose mirror images are other symbols. Validation and test images are never mirrored.
     */
    public TrainingLoopObjective mirrorImages(boolean mirror) {
        this.mirrorImages = mirror;
        return this;
    }

    /**
     * Each epoch, moves every training image by a random whole number of pixels, up to {@code pixels} each way on
     * both axes (default 0, off), filling with black: the network learns that a garment is the same a little to one
     * side. Validation and test images are never moved. A regularizer like dropout: the notebooks' small CNN, already
     * mirrored and with dropout, underfit with 2 pixels (results/benchmarks/quality.md).
     */
    public TrainingLoopObjective shiftImages(int pixels) {
        if (pixels < 0 || pixels > 8) {
            throw new UsageException("shiftImages", pixels, "give 0 (off) to 8 pixels; 1 to 3 suit 28x28 images");
        }
        this.shiftImages = pixels;
        return this;
    }

    /**
     * Scores validation and test images by the average of each image's and its left-right mirror's predictions
     * (test-time augmentation, default off), the same for both, so the choice on validation and the reported test
     * accuracy stay comparable. Pairs with {@link #mirrorImages}: a network trained on mirrored clothes sees both
     * views as the same garment, and two views' average errs less than either.
     */
    public TrainingLoopObjective evaluateMirrored(boolean mirrored) {
        this.evaluateMirrored = mirrored;
        return this;
    }

    /** Reads {@code hyperparameter} from the parameter called {@code name} instead of its default name. */
    public TrainingLoopObjective param(Hyperparameter hyperparameter, String name) {
        if (name == null || name.isBlank()) {
            throw new UsageException("param(" + hyperparameter + ")", name, "give a parameter name");
        }
        names.put(hyperparameter, name);
        return this;
    }

    /**
     * Checks a search space against what this objective understands: every optimizer, init and activation choice
     * must be a known name, dropout must stay below 1, and so on. Fails with a {@link UsageException} naming the
     * parameter, the value and the valid names; call it where the study is defined (or use {@link Dl4j#space}).
     */
    public TrainingLoopObjective validate(SearchSpace space) {
        new SpaceCheck(names).hyperparameters(space);
        return this;
    }

    /**
     * The study-definition check: the space as in {@link #validate(SearchSpace)}, the metric among {@link #METRICS},
     * and no batch size larger than the training split (which would silently train on one short batch per epoch).
     */
    @Override
    public void validate(SearchSpace space, String metric) {
        validate(space);
        task.checkMetric("metric", metric);
        checkBatchSizes(space);
        TrainingRun.checkImages(settings());
        if (refit && !(data instanceof DataSource.FromSplits)) {
            throw new UsageException("refit", true, "refit retrains on a built-in data set's training + validation"
                    + " images; on your own data, retrain the best trial's configuration yourself, or refit(false)");
        }
        if (data.images()) {
            int[] side = data.imageSize();
            architecture.check(side[0], side[1]);
        }
    }

    /** No batch size larger than the training split, which would silently train on one short batch per epoch. */
    void checkBatchSizes(SearchSpace space) {
        new SpaceCheck(names).batchSizes(space, data);
    }

    /** Called after each epoch's report (tests use it to interrupt a trial where Ctrl-C would). */
    TrainingLoopObjective afterEpochReported(IntConsumer hook) {
        this.afterEpochReported = Objects.requireNonNull(hook);
        return this;
    }

    @Override
    public void defineParameters(SearchSpace.Builder space) {
        architecture.defineParameters(space);
    }

    @Override
    public void studyEnded(StudySpec spec, StudyResult result, Storage storage) {
        if (refit) {
            Refit.run(settings(), spec, result, storage);
        }
    }

    @Override
    public double evaluate(Trial trial) {
        return new TrainingRun(settings(), task, trial).run();
    }

    Settings settings() {
        return new Settings(data, architecture, maxEpochs, earlyStopping, patienceMetric, restoreBest,
                checkpointEvery, keepTop, seed, divergence, mirrorImages, shiftImages,
                evaluateMirrored, names,
                afterEpochReported);
    }

    private static void positive(String field, int n) {
        if (n < 1) {
            throw new UsageException(field, n, "give a number >= 1");
        }
    }

    /** The dataset's default split, made on first use and shared by every objective on the same dataset object. */
    static DataSource once(Dataset dataset) {
        Objects.requireNonNull(dataset, "dataset");
        return new DataSource.FromSplits(() -> TensorData.splitsOf(dataset));
    }
}
