package io.sweep4j.dl4j;

import io.sweep4j.space.Params;
import io.sweep4j.space.SearchSpace;
import io.sweep4j.space.UsageException;
import io.sweep4j.study.Objective;
import io.sweep4j.study.Trial;
import io.sweep4j.trial.Metrics;
import java.util.List;
import java.util.function.Function;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;

/**
 * Trains the user's DL4J network per trial on the user's numeric targets and returns the best epoch's value of the
 * study's metric: the same loop as {@link TrainingLoopObjective} (early stopping, the study's pruner, the divergence
 * guard, checkpoints and resume, the top models kept), scored by errors instead of accuracy.
 *
 * <pre>{@code
 * Dl4j.regression(trainIterator, validationIterator)
 *     .network(p -> myConfiguration(p.getDouble("lr"), p.getInt("width")))
 *     .maxEpochs(50).patience(5)
 * }</pre>
 *
 * Per epoch it reports {@code val_mse}, {@code val_mae} (averaged over examples and output columns, in the targets'
 * units) and {@code train_loss} (the network's own loss function on the training batches, with its penalties); with a
 * test set it stores {@code test_mse} and {@code test_mae} as user attributes. The network must end in an output layer
 * with one unit per target column (identity activation and an MSE loss, typically); hyperparameters such as
 * {@code batchSize} and {@code lrDecay} are read from the trial as listed in {@link Hyperparameter}.
 */
public final class RegressionObjective implements Objective {
    public static final String VAL_MSE = Metrics.VAL_MSE;
    public static final String VAL_MAE = Metrics.VAL_MAE;
    public static final String TRAIN_LOSS = Metrics.TRAIN_LOSS;
    /** The metrics each epoch reports, any of which a study may optimize (lower is better for all). */
    public static final List<String> METRICS = Task.REGRESSION.metrics();

    // the loop's settings and their checks live in one place; this class forwards the ones a regression has
    private final TrainingLoopObjective loop;
    private boolean hasNetwork;

    RegressionObjective(DataSource data) {
        this.loop = new TrainingLoopObjective(data, Task.REGRESSION);
    }

    /** The network for a trial's parameters (required); {@link HyperParams#from(Params)} maps updater, init, ... */
    public RegressionObjective network(Function<Params, MultiLayerConfiguration> builder) {
        loop.network(builder);
        hasNetwork = true;
        return this;
    }

    /** At most this many epochs per trial (default 20). */
    public RegressionObjective maxEpochs(int n) {
        loop.maxEpochs(n);
        return this;
    }

    /** Stop after this many epochs without improvement (default 5; 0 turns patience off). */
    public RegressionObjective patience(int epochs) {
        loop.patience(epochs);
        return this;
    }

    /** An epoch improves only if it beats the best by more than this (default 0). */
    public RegressionObjective minDelta(double delta) {
        loop.minDelta(delta);
        return this;
    }

    /** The metric patience watches and the best epoch is chosen by (default: the study's metric). */
    public RegressionObjective patienceMetric(String metric) {
        loop.patienceMetric(metric);
        return this;
    }

    /** Whether the trial ends with the best epoch's weights (default) or the last epoch's. */
    public RegressionObjective restoreBest(boolean restore) {
        loop.restoreBest(restore);
        return this;
    }

    /** Checkpoint model and updater every {@code k} epochs (default 1; 0 turns checkpoints and resume off). */
    public RegressionObjective checkpointEvery(int k) {
        loop.checkpointEvery(k);
        return this;
    }

    /** Keep the best-epoch models of the top {@code k} trials (default 3); {@link Dl4j#loadModel} reads them. */
    public RegressionObjective keepTop(int k) {
        loop.keepTop(k);
        return this;
    }

    /** Base seed of the minibatch shuffles; trial n uses seed + n (default 42). The network's seed is the user's. */
    public RegressionObjective seed(long seed) {
        loop.seed(seed);
        return this;
    }

    /**
     * A trial diverges when the mean loss of {@code window} iterations exceeds {@code factor} x the larger of its
     * first loss and the targets' variance (default 4 x over 20 iterations); a NaN or infinite loss fails it at once.
     */
    public RegressionObjective divergence(double factor, int window) {
        loop.divergence(factor, window);
        return this;
    }

    /** Reads {@code hyperparameter} from the parameter called {@code name} instead of its default name. */
    public RegressionObjective param(Hyperparameter hyperparameter, String name) {
        loop.param(hyperparameter, name);
        return this;
    }

    /** Checks a search space's optimizer, init, activation and dropout values, as the classifier's loop does. */
    public RegressionObjective validate(SearchSpace space) {
        loop.validate(space);
        return this;
    }

    @Override
    public void validate(SearchSpace space, String metric) {
        if (!hasNetwork) {
            throw new UsageException("network", null, "a regression trains the user's network: give it with"
                    + " .network(params -> multiLayerConfiguration)");
        }
        loop.validate(space, metric);
    }

    @Override
    public double evaluate(Trial trial) {
        return loop.evaluate(trial);
    }
}
