package io.sweep4j.dl4j;

import io.sweep4j.prune.DivergenceGuard;
import io.sweep4j.prune.EarlyStopping;
import io.sweep4j.space.Readable;
import io.sweep4j.space.UsageException;
import io.sweep4j.study.Trial;
import io.sweep4j.study.TrialFailedException;
import io.sweep4j.study.TrialInterruptedException;
import io.sweep4j.study.TrialPrunedException;
import io.sweep4j.trial.Attributes;
import io.sweep4j.trial.Direction;
import io.sweep4j.trial.FrozenTrial;
import io.sweep4j.trial.Metrics;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.api.memory.MemoryWorkspace;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** One trial's training: epochs, validation, early stopping, divergence guard, checkpoints, resume, test score. */
final class TrainingRun {
    private static final Logger LOG = LoggerFactory.getLogger(TrainingRun.class);
    static final int EVAL_BATCH = 1000;

    private final TrainingLoopObjective.Settings settings;
    private final Task task;
    private final Trial trial;

    TrainingRun(TrainingLoopObjective.Settings settings, Task task, Trial trial) {
        this.settings = settings;
        this.task = task;
        this.trial = trial;
    }

    double run() {
        NativeSetup.configureOnce();
        String metric = task.checkMetric("study metric", trial.metric());
        String stopMetric = settings.patienceMetric() != null ? settings.patienceMetric() : metric;
        HyperParams hp = HyperParams.from(trial.params(), settings.names());
        TensorData data = settings.data().tensors();
        long[] inputShape = inputShape(data);
        Path dir = trial.artifactDir();
        TrialStamp stamp = TrialStamp.of(trial.folder(), trial.number(), trial.params());
        MultiLayerNetwork net = null;
        boolean interrupted = false;
        try {
            Map<Integer, Map<String, Double>> curve = new TreeMap<>();
            int seedRoot = trial.number();
            int startEpoch = 0;
            Direction direction = task.lowerIsBetter(stopMetric) ? Direction.MINIMIZE : Direction.MAXIMIZE;
            EarlyStopping.Tracker stopping = settings.earlyStopping().start(direction);
            INDArray bestParams = null;
            Optional<Checkpoint.Restored> restored = resume(dir, stamp);
            if (restored.isPresent()) {
                Checkpoint.Progress p = restored.get().progress();
                net = restored.get().network();
                seedRoot = p.seedRoot();
                startEpoch = p.epoch() + 1;
                stopping = settings.earlyStopping().resume(direction, p.bestEpoch(), p.bestValue());
                bestParams = p.bestParams() == null ? null : Nd4j.createFromArray(p.bestParams());
                rereport(trial.resumedFrom().get(), p.epoch(), curve);
                LOG.info("trial {} resumes trial {} at epoch {}", trial.number(), trial.resumedFrom().get().number(),
                        startEpoch);
            } else {
                MultiLayerConfiguration conf = settings.architecture().configure(trial.params(), hp, data.rows,
                        data.cols, data.classes, settings.seed() + seedRoot);
                net = new MultiLayerNetwork(conf);
                net.init();
            }
            installLeanParts(net, restored.isPresent());
            trial.setUserAttribute(UserAttributes.PARAM_COUNT, net.numParams());
            long trainNanos = 0;
            long trainedSamples = 0;
            Batches batches = new Batches(data, hp.batchSize(), inputShape, settings.mirrorImages(),
                    settings.shiftImages());
            DivergenceGuard.Tracker guard = settings.divergence().start(task.baselineLoss(data));
            int epoch = startEpoch;
            for (; epoch < settings.maxEpochs(); epoch++) {
                if (hp.lrDecay() < 1) {
                    net.setLearningRate(hp.learningRate(epoch));
                    LeanAdamUpdater.install(net); // setLearningRate builds a new updater
                }
                long t0 = System.nanoTime();
                double trainLoss = trainEpoch(net, batches, guard, epoch, shuffleSeed(settings.seed(), seedRoot,
                        epoch));
                trainNanos += System.nanoTime() - t0;
                trainedSamples += data.train.size();
                Map<String, Double> metrics = new LinkedHashMap<>();
                task.score(net, data.validation, inputShape, settings.evaluateMirrored())
                        .forEach((k, v) -> metrics.put(Metrics.VALIDATION + k, v));
                metrics.put(Metrics.TRAIN_LOSS, trainLoss);
                curve.put(epoch, metrics);
                EarlyStopping.Verdict verdict = stopping.observe(epoch, metrics.get(stopMetric));
                if (verdict instanceof EarlyStopping.Continue c && c.improved()) {
                    bestParams = detachedCopy(net.params());
                }
                boolean last = epoch + 1 == settings.maxEpochs() || verdict instanceof EarlyStopping.Stop;
                if (settings.checkpointEvery() > 0 && ((epoch + 1) % settings.checkpointEvery() == 0 || last)) {
                    // before the report: a report after Ctrl-C throws, and the retry must find this epoch saved
                    Checkpoint.write(dir, net, new Checkpoint.Progress(epoch, stopping.bestStep(), stopping.bestValue(),
                            bestParams.toFloatVector(), seedRoot, stamp));
                }
                // the throughput each epoch: a pruned or interrupted trial keeps its cost too
                boolean prune = trial.reportAndShouldPrune(epoch, metrics,
                        Map.of(UserAttributes.TRAIN_SAMPLES_PER_S, trainedSamples / (trainNanos / 1e9)));
                settings.afterEpochReported().accept(epoch);
                if (prune) {
                    throw new TrialPrunedException("pruned at epoch " + epoch + ": " + metric + "="
                            + Readable.number(metrics.get(metric)));
                }
                if (last) {
                    epoch++;
                    break;
                }
            }
            if (stopping.bestStep() < 0) {
                throw new IllegalStateException("no epoch was trained: maxEpochs is " + settings.maxEpochs()
                        + " and the checkpoint already holds epoch " + (startEpoch - 1));
            }
            int chosen = settings.restoreBest() ? stopping.bestStep() : epoch - 1;
            if (settings.restoreBest()) {
                net.setParams(bestParams);
            }
            if (data.test != null) {
                task.score(net, data.test, inputShape, settings.evaluateMirrored())
                        .forEach((k, v) -> trial.setUserAttribute(Metrics.TEST + k, v));
            }
            InferenceLatency.measure(net, data.validation, inputShape, hp.batchSize())
                    .forEach(trial::setUserAttribute);
            trial.setUserAttribute(UserAttributes.BEST_EPOCH, chosen);
            trial.setUserAttribute(UserAttributes.EPOCHS_TRAINED, epoch);
            double value = curve.get(chosen).get(metric);
            if (settings.keepTop() > 0) {
                trial.setUserAttribute(UserAttributes.MODEL_FILE, dir.resolve(TopModels.MODEL_FILE).toAbsolutePath()
                        .toString());
            }
            // a trial whose model leaves the top k (possibly this one) says so instead of naming a deleted file
            TopModels.offer(dir, net, new TopModels.Entry(stamp, trial.trialId(), metric, value),
                    task.lowerIsBetter(metric), settings.keepTop(), evicted -> trial.setUserAttributeOf(evicted,
                            UserAttributes.MODEL_FILE, TopModels.deleted(settings.keepTop())));
            return value;
        } catch (TrialInterruptedException e) {
            interrupted = true;
            throw e;
        } finally {
            if (!interrupted) {
                Checkpoint.delete(dir);
            }
            if (net != null) {
                net.close();
            }
            // workspaces are per thread and the pool thread runs the next trial: free them now
            Nd4j.getWorkspaceManager().destroyAllWorkspacesForCurrentThread();
        }
    }

    /**
     * Puts sweep4j's lean layers and updater into a new or restored network (a trial's, or a refit's). A restored
     * network's updater was built over the layers the lean installs replace, and DL4J's setLearningRate cannot rebuild
     * it from those (NullPointerException in rebuildUpdaterStateArray): a new one over the current layers takes the
     * restored state, whose layout is the same.
     */
    static void installLeanParts(MultiLayerNetwork net, boolean restored) {
        LeanDenseLayer.install(net);
        LeanBatchNorm.install(net);
        if (restored) {
            INDArray state = net.getUpdater().getStateViewArray().dup();
            net.setUpdater(null);
            net.getUpdater().setStateViewArray(net, state, false);
        }
        LeanAdamUpdater.install(net);
    }

    /** One epoch of minibatches in the order {@code shuffleSeed} gives; returns the mean training loss. */
    static double trainEpoch(MultiLayerNetwork net, Batches batches, DivergenceGuard.Tracker guard, int epoch,
                             long shuffleSeed) {
        batches.shuffle(shuffleSeed);
        double sum = 0;
        int n = batches.count();
        for (int b = 0; b < n; b++) {
            Batches.Batch batch = batches.get(b);
            net.fit(batch.features(), batch.labels());
            double loss = net.score();
            Optional<String> diverged = guard.check(epoch, b, loss);
            if (diverged.isPresent()) {
                throw new TrialFailedException(diverged.get());
            }
            sum += loss;
        }
        net.incrementEpochCount();
        return sum / n;
    }

    /**
     * The shape of one example as the network takes it: one-channel images for the built-in CNN, the user's own shape
     * for the user's network on the user's data, flat rows (null) otherwise.
     */
    private long[] inputShape(TensorData data) {
        if (settings.architecture().imageInput()) {
            return Batches.imageShape(data.rows, data.cols);
        }
        return settings.architecture() instanceof Architecture.Custom ? data.sampleShape : null;
    }

    /** Refuses image-only settings (the built-in CNN, mirrors, shifts) on data that are not one-channel images. */
    static void checkImages(TrainingLoopObjective.Settings settings) {
        boolean needsImages = settings.architecture().imageInput() || settings.mirrorImages()
                || settings.shiftImages() > 0 || settings.evaluateMirrored();
        if (needsImages && !settings.data().images()) {
            throw new UsageException("data", "examples of shape " + settings.data().exampleShape(), "cnn(),"
                    + " mirrorImages, shiftImages and evaluateMirrored need one-channel images, features"
                    + " [n, 1, height, width]");
        }
    }

    /**
     * The predecessor's checkpoint, if one of this study's trials with these parameters wrote it (a retry continues
     * the configuration, so the number may be that of any trial in the chain of retries). It is moved into this
     * trial's folder, so a second interruption still finds it and nothing is left behind once this trial ends.
     */
    private Optional<Checkpoint.Restored> resume(Path dir, TrialStamp stamp) {
        if (trial.resumedFrom().isEmpty()) {
            return Optional.empty();
        }
        int predecessor = trial.resumedFrom().get().number();
        Path from = trial.folder().trialDir(predecessor);
        if (!Files.isRegularFile(from.resolve(Checkpoint.FILE_NAME))) {
            LOG.info("trial {} retries trial {} from its first epoch: no checkpoint in {}", trial.number(),
                    predecessor, from);
            return Optional.empty();
        }
        Optional<Checkpoint.Restored> restored = Checkpoint.read(from);
        TrialStamp owner = restored.get().progress().owner();
        if (owner == null || !owner.sameConfiguration(stamp)) {
            LOG.warn("trial {} retries trial {} from its first epoch: the checkpoint {} belongs to {}, not to this"
                    + " study's trial with these parameters; it is left as it is", trial.number(), predecessor,
                    from.resolve(Checkpoint.FILE_NAME), owner == null ? "no trial (unstamped)" : owner.describe());
            restored.get().network().close();
            return Optional.empty();
        }
        try {
            Files.createDirectories(dir);
            Files.move(from.resolve(Checkpoint.FILE_NAME), dir.resolve(Checkpoint.FILE_NAME),
                    StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            Checkpoint.deleteIfEmpty(from);
        } catch (IOException e) {
            restored.get().network().close();
            throw new UncheckedIOException("cannot move the checkpoint of trial " + predecessor + " into " + dir
                    + ": " + e.getMessage(), e);
        }
        return restored;
    }

    /** Reports the predecessor's curve up to the checkpointed epoch, so this trial's curve starts at epoch 0. */
    private void rereport(FrozenTrial predecessor, int upTo, Map<Integer, Map<String, Double>> curve) {
        for (var e : predecessor.intermediateValues().entrySet()) {
            int step = e.getKey();
            if (step > upTo) {
                continue;
            }
            Map<String, Double> metrics = new LinkedHashMap<>();
            if (predecessor.systemAttributes().get(Attributes.metricsAt(step)) instanceof Map<?, ?> m) {
                m.forEach((k, v) -> {
                    if (v instanceof Number num) {
                        metrics.put(String.valueOf(k), num.doubleValue());
                    }
                });
            }
            metrics.putIfAbsent(trial.metric(), e.getValue());
            curve.put(step, metrics);
            trial.report(step, metrics);
        }
    }

    /**
     * Accuracy and mean cross-entropy of {@code net} on {@code part}, in inference mode (no dropout, batch-norm running
     * statistics); with {@code mirrored}, of the mean of each image's and its left-right mirror's predicted
     * probabilities (test-time augmentation).
     */
    static Score score(MultiLayerNetwork net, TensorData.Part part, boolean imageInput, boolean mirrored) {
        return score(net, part, imageInput ? imageShape(part) : null, mirrored);
    }

    /** As {@link #score(MultiLayerNetwork, TensorData.Part, boolean, boolean)}, examples of {@code inputShape}. */
    static Score score(MultiLayerNetwork net, TensorData.Part part, long[] inputShape, boolean mirrored) {
        int n = part.size();
        int correct = 0;
        double lossSum = 0;
        for (int from = 0; from < n; from += EVAL_BATCH) {
            int to = Math.min(n, from + EVAL_BATCH);
            INDArray x = part.features().get(NDArrayIndex.interval(from, to), NDArrayIndex.all());
            float[][] p = net.output(shaped(x, inputShape), false).toFloatMatrix();
            if (mirrored) {
                float[][] q = net.output(shaped(mirror(x), inputShape), false).toFloatMatrix();
                for (int i = 0; i < p.length; i++) {
                    for (int c = 0; c < p[i].length; c++) {
                        p[i][c] = (p[i][c] + q[i][c]) / 2;
                    }
                }
            }
            int[] labels = part.classes();
            for (int i = 0; i < p.length; i++) {
                int label = labels[from + i];
                int argmax = 0;
                for (int c = 1; c < p[i].length; c++) {
                    if (p[i][c] > p[i][argmax]) {
                        argmax = c;
                    }
                }
                if (argmax == label) {
                    correct++;
                }
                lossSum -= Math.log(Math.max(p[i][label], 1e-12f));
            }
        }
        return new Score((double) correct / n, lossSum / n);
    }

    /** The one-channel layout of flat square images the built-in CNN takes. */
    private static long[] imageShape(TensorData.Part part) {
        long side = Math.round(Math.sqrt(part.features().size(1)));
        return Batches.imageShape(side, part.features().size(1) / side);
    }

    /** Flat rows [n, features] as examples of {@code shape} (null: as they are), a view in c order. */
    static INDArray shaped(INDArray flat, long[] shape) {
        if (shape == null) {
            return flat;
        }
        long[] full = new long[shape.length + 1];
        full[0] = flat.size(0);
        System.arraycopy(shape, 0, full, 1, shape.length);
        return flat.reshape('c', full);
    }

    /** Each flat square image of {@code x} mirrored left to right, as a new array. */
    static INDArray mirror(INDArray x) {
        float[][] rows = x.toFloatMatrix();
        int side = (int) Math.round(Math.sqrt(rows[0].length));
        for (float[] image : rows) {
            Batches.mirror(image, 0, image.length, side);
        }
        return Nd4j.createFromArray(rows);
    }

    record Score(double accuracy, double loss) {
    }

    private static INDArray detachedCopy(INDArray params) {
        try (MemoryWorkspace ignored = Nd4j.getMemoryManager().scopeOutOfWorkspaces()) {
            return params.dup();
        }
    }

    /** A seed per (trial, epoch), mixed so neighbouring trials do not get correlated shuffles. */
    static long shuffleSeed(long base, int seedRoot, int epoch) {
        long z = base * 0x9E3779B97F4A7C15L + seedRoot * 0xBF58476D1CE4E5B9L + epoch * 0x94D049BB133111EBL;
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }
}
