package io.sweep4j.dl4j;

import io.sweep4j.data.ImageSet;
import io.sweep4j.data.Normalization;
import io.sweep4j.data.Splits;
import io.sweep4j.prune.DivergenceGuard;
import io.sweep4j.space.Readable;
import io.sweep4j.store.Storage;
import io.sweep4j.study.StudyResult;
import io.sweep4j.study.StudySpec;
import io.sweep4j.trial.FrozenTrial;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Optional;
import java.util.TreeMap;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.factory.Nd4j;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The final model of a study: the best trial's configuration retrained on training + validation images for as many
 * epochs as that trial's best epoch needed (batch size, augmentation and rate schedule as the trial had them; the
 * seeds derive from the trial's number, so a trial that continued an interrupted one's checkpoint refits from other
 * initial weights than its curve started from), scored once on the test split. Standard practice once a
 * configuration is chosen on validation: the held-out images then train too.
 *
 * <p>Stored on the chosen trial as user attributes apart from its own {@code test_accuracy}:
 * {@code refit_test_accuracy}, {@code refit_test_loss}, {@code refit_epochs}, {@code refit_train_images}; the
 * model goes to {@code refit/model.zip} in the study's folder ({@code <results>/<storage>-files/<study>-<id>/}). A
 * study run again whose best trial already has them does not train again; one whose best changed refits the new best.
 */
final class Refit {
    static final String DIR = "refit";
    private static final Logger LOG = LoggerFactory.getLogger(Refit.class);

    private Refit() {
    }

    static Optional<TrainingRun.Score> run(TrainingLoopObjective.Settings settings, StudySpec spec,
                                           StudyResult result, Storage storage) {
        Optional<FrozenTrial> chosen = result.best();
        if (chosen.isEmpty()) {
            LOG.info("refit: no completed trial to refit");
            return Optional.empty();
        }
        FrozenTrial best = chosen.get();
        if (best.userAttributes().containsKey(UserAttributes.REFIT_TEST_ACCURACY)) {
            return Optional.empty();
        }
        if (!(best.userAttributes().get(UserAttributes.BEST_EPOCH) instanceof Number bestEpoch)) {
            LOG.info("refit: trial {} stored no best_epoch; nothing to refit", best.number());
            return Optional.empty();
        }
        int epochs = bestEpoch.intValue() + 1;
        if (!(settings.data() instanceof DataSource.FromSplits builtIn)) {
            return Optional.empty(); // refused at definition: refit needs a built-in data set's splits
        }
        Splits merged = withValidationInTraining(builtIn.splits().get());
        // minutes of training after the study's own end: say what runs, then each epoch
        System.out.printf(Locale.ROOT, "refit: retraining trial %d's configuration on training + validation (%d"
                + " images) for %d epochs (Ctrl-C stops it; the study's next run that ends by budget, e.g. with"
                + " --trials 0, continues it from its last epoch)...%n", best.number(), merged.train().size(), epochs);
        Path dir = folder(spec, storage).resolve(DIR);
        TrainingRun.Score test = train(settings, best, merged, epochs, dir);
        storage.setTrialUserAttribute(best.trialId(), UserAttributes.REFIT_TEST_ACCURACY, test.accuracy());
        storage.setTrialUserAttribute(best.trialId(), UserAttributes.REFIT_TEST_LOSS, test.loss());
        storage.setTrialUserAttribute(best.trialId(), UserAttributes.REFIT_EPOCHS, epochs);
        storage.setTrialUserAttribute(best.trialId(), UserAttributes.REFIT_TRAIN_IMAGES, merged.train().size());
        System.out.printf(Locale.ROOT, "refit: trial %d's configuration on training + validation (%d images) for %d"
                        + " epochs: test accuracy %s (the trial's own: %s); model in %s%n", best.number(),
                merged.train().size(), epochs, Readable.number(test.accuracy()),
                Readable.of(best.userAttributes().get(UserAttributes.TEST_ACCURACY)),
                dir.resolve(TopModels.MODEL_FILE));
        return Optional.of(test);
    }

    /** The study's folder, named from its key in the storage as its trials' folders are. */
    private static Path folder(StudySpec spec, Storage storage) {
        long studyId = storage.findStudy(spec.name()).orElseThrow(() -> new IllegalStateException("study \""
                + spec.name() + "\" is not in " + storage.location())).studyId();
        return spec.folder(studyId).path();
    }

    /**
     * Trains the trial's network as its trial did, on {@code data}'s training images, and scores the test split. Each
     * epoch is checkpointed in a folder of {@code dir} named for the trial and its parameters (a study started over
     * under the same name cannot pick up another network's), so a refit stopped by Ctrl-C or a kill continues from
     * its last epoch on the study's next run that ends by budget; the folder is removed when the refit is done.
     */
    static TrainingRun.Score train(TrainingLoopObjective.Settings settings, FrozenTrial trial, Splits data, int epochs,
                                   Path dir) {
        NativeSetup.configureOnce();
        HyperParams hp = HyperParams.from(trial.params(), settings.names());
        TensorData tensors = TensorData.uncached(data);
        Architecture arch = settings.architecture();
        Path progress = dir.resolve(String.format(Locale.ROOT, "progress-trial-%d-%08x", trial.number(),
                new TreeMap<>(trial.params().asMap()).toString().hashCode())); // in name order: however it was read
        Optional<Checkpoint.Restored> restored = Checkpoint.read(progress);
        int startEpoch = restored.map(r -> r.progress().epoch() + 1).orElse(0);
        MultiLayerNetwork net;
        if (restored.isPresent()) {
            net = restored.get().network();
            System.out.printf(Locale.ROOT, "refit: continuing from its checkpoint after epoch %d of %d%n", startEpoch,
                    epochs);
        } else {
            net = new MultiLayerNetwork(arch.configure(trial.params(), hp, tensors.rows, tensors.cols,
                    tensors.classes, settings.seed() + trial.number()));
            net.init();
        }
        try {
            TrainingRun.installLeanParts(net, restored.isPresent());
            Batches batches = new Batches(tensors, hp.batchSize(), arch.imageInput(), settings.mirrorImages(),
                    settings.shiftImages());
            DivergenceGuard.Tracker guard = settings.divergence().start(Math.log(tensors.classes));
            for (int epoch = startEpoch; epoch < epochs; epoch++) {
                if (hp.lrDecay() < 1) {
                    net.setLearningRate(hp.learningRate(epoch));
                    LeanAdamUpdater.install(net);
                }
                TrainingRun.trainEpoch(net, batches, guard, epoch,
                        TrainingRun.shuffleSeed(settings.seed(), trial.number(), epoch));
                Checkpoint.write(progress, net, new Checkpoint.Progress(epoch, epoch, Double.NaN, null,
                        trial.number(), null));
                LOG.info("refit: epoch {}/{} trained", epoch + 1, epochs);
                settings.afterEpochReported().accept(epoch);
            }
            TrainingRun.Score test = TrainingRun.score(net, tensors.test, arch.imageInput(),
                    settings.evaluateMirrored());
            save(net, dir);
            Checkpoint.delete(progress);
            return test;
        } finally {
            net.close();
            Nd4j.getWorkspaceManager().destroyAllWorkspacesForCurrentThread();
        }
    }

    /** The same test split; training = training + validation images, standardized by their joint statistics. */
    static Splits withValidationInTraining(Splits s) {
        ImageSet a = s.train();
        ImageSet b = s.validation();
        byte[] pixels = new byte[a.pixels().length + b.pixels().length];
        System.arraycopy(a.pixels(), 0, pixels, 0, a.pixels().length);
        System.arraycopy(b.pixels(), 0, pixels, a.pixels().length, b.pixels().length);
        int[] labels = new int[a.size() + b.size()];
        System.arraycopy(a.labels(), 0, labels, 0, a.size());
        System.arraycopy(b.labels(), 0, labels, a.size(), b.size());
        ImageSet all = new ImageSet(pixels, labels, a.rows(), a.cols(), a.classes());
        return new Splits(s.datasetName() + "+validation", all, b, s.test(), Normalization.fit(all), s.classNames(),
                s.validationFraction(), s.seed());
    }

    private static void save(MultiLayerNetwork net, Path dir) {
        try {
            TopModels.write(net, dir);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot save the refit model in " + dir + ": " + e.getMessage(), e);
        }
    }
}
