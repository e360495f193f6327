package io.sweep4j.dl4j;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sweep4j.space.UsageException;
import io.sweep4j.store.SqliteStorage;
import io.sweep4j.store.Storage;
import io.sweep4j.store.StudyBackup;
import io.sweep4j.study.Budget;
import io.sweep4j.study.Study;
import io.sweep4j.study.StopReason;
import io.sweep4j.study.StudyResult;
import io.sweep4j.study.StudyRunner;
import io.sweep4j.study.StudySpec;
import io.sweep4j.trial.FrozenTrial;
import io.sweep4j.trial.History;
import io.sweep4j.trial.TrialState;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Whose a trial's files are: studies of the same name in storages side by side, copies, deleted models, retries. */
class TrialFilesTest {
    @TempDir
    Path dir;

    /** One trial of {@code lr} (a single choice), an MLP of {@code width}, 2 epochs, the best model kept. */
    private static Study study(Path db, double lr, int width) {
        return Study.named("same").storage(db)
                .space(Dl4j.space(s -> s.choice("lr", lr)))
                .objective(Dl4j.classifier(MiniData.SMALL).mlp(width).maxEpochs(2).patience(0).keepTop(1))
                .maximize("val_accuracy").parallelism(1).budget(Budget.trials(1));
    }

    @Test
    void twoStoragesWithTheSameStudyNameInOneFolderKeepTheirOwnModels() {
        FrozenTrial a = study(dir.resolve("a.db"), 3e-3, 16).optimize().best().orElseThrow();
        FrozenTrial b = study(dir.resolve("b.db"), 3e-3, 48).optimize().best().orElseThrow();

        MultiLayerNetwork fromA = Dl4j.loadModel(a);
        assertEquals(((Number) a.userAttributes().get("param_count")).longValue(), fromA.numParams(),
                "study a's best trial loads a's network, not b's");
        assertNotEquals(((Number) b.userAttributes().get("param_count")).longValue(), fromA.numParams());
        assertEquals(dir.resolve("a.db-files/same-1/trial-0/model.zip").toAbsolutePath().toString(),
                a.userAttributes().get("model_file"), "each storage's study has its own folder beside the file");
        assertEquals(dir.resolve("b.db-files/same-1/trial-0/model.zip").toAbsolutePath().toString(),
                b.userAttributes().get("model_file"));
    }

    @Test
    void anInterruptedTrialContinuesItsOwnCheckpointAfterARestartAndAnotherStorageRanTheSameStudyName()
            throws Exception {
        List<Integer> trainedByA = new CopyOnWriteArrayList<>();
        Study a = stoppedAfterEpoch1(dir.resolve("a.db"), 3e-3, trainedByA);

        // meanwhile b, another file in the same folder, runs a study of the same name to its end
        assertEquals(TrialState.COMPLETE, study(dir.resolve("b.db"), 5e-3, 16).optimize().best().orElseThrow()
                .state());

        // a's next run, as a restarted process: its retry finds a's checkpoint in the folder named from a.db
        StudyResult r = runOnce(a.spec());
        FrozenTrial retry = r.history().trials().get(1);
        assertEquals(TrialState.COMPLETE, retry.state());
        assertEquals(List.of(0, 2), trainedByA, "a's retry trains epoch 2 only, from a's own checkpoint");
        assertEquals(List.of(0, 1, 2), List.copyOf(retry.intermediateValues().keySet()));
        try (Stream<Path> files = Files.walk(dir)) {
            assertEquals(List.of(), files.filter(p -> p.getFileName().toString().equals(Checkpoint.FILE_NAME))
                    .toList(), "no checkpoint is left once the retry has finished");
        }
    }

    @Test
    void twoFilesOfTheSameNameSharingAResultsDirKeepTheirOwnModels() throws Exception {
        Path shared = dir.resolve("shared");
        Files.createDirectories(dir.resolve("p"));
        Files.createDirectories(dir.resolve("q"));
        FrozenTrial a = study(dir.resolve("p/a.db"), 3e-3, 16).resultsDir(shared).optimize().best().orElseThrow();
        FrozenTrial b = study(dir.resolve("q/a.db"), 3e-3, 48).resultsDir(shared).optimize().best().orElseThrow();

        assertEquals(((Number) a.userAttributes().get("param_count")).longValue(), Dl4j.loadModel(a).numParams(),
                "p/a.db's best trial loads its own network, not q/a.db's");
        assertEquals(((Number) b.userAttributes().get("param_count")).longValue(), Dl4j.loadModel(b).numParams());
        Path aModel = Path.of(a.userAttributes().get("model_file").toString());
        Path bModel = Path.of(b.userAttributes().get("model_file").toString());
        assertEquals(shared.toAbsolutePath(), aModel.getParent().getParent().getParent().getParent());
        assertNotEquals(aModel.getParent().getParent().getParent(), bModel.getParent().getParent().getParent(),
                "each file has its own folder in the shared one: " + aModel + ", " + bModel);
    }

    @Test
    void loadModelRefusesAModelOfAnotherStudyPutInItsPlace() throws Exception {
        FrozenTrial a = study(dir.resolve("a.db"), 3e-3, 16).optimize().best().orElseThrow();
        FrozenTrial b = study(dir.resolve("b.db"), 5e-3, 16).optimize().best().orElseThrow();
        // b's trial 0 files copied over a's, as a hand-made restore or a shared folder would leave them
        Path aTrial = Path.of(a.userAttributes().get("model_file").toString()).getParent();
        Path bTrial = Path.of(b.userAttributes().get("model_file").toString()).getParent();
        for (String f : List.of(TopModels.MODEL_FILE, TopModels.INFO_FILE)) {
            Files.copy(bTrial.resolve(f), aTrial.resolve(f), StandardCopyOption.REPLACE_EXISTING);
        }

        UsageException e = assertThrows(UsageException.class, () -> Dl4j.loadModel(a));
        assertEquals("trial 0 model = \"" + aTrial.resolve("model.zip").toAbsolutePath() + "\": this file belongs to"
                + " trial 0 (lr=0.005) of study \"same\" (id 1) in b.db, not to the trial asked for, trial 0"
                + " (lr=0.003) of the study whose files are in " + aTrial.getParent().toAbsolutePath() + ": it was"
                + " put in that trial's place (copied there, or saved by another study's run); put the trial's own"
                + " model.zip and model.properties back, or run its study again to save its model"
                + " (ModelSerializer.restoreMultiLayerNetwork reads a file unchecked)", e.getMessage());
    }

    @Test
    void loadModelRefusesAModelWithoutAStamp() throws Exception {
        FrozenTrial a = study(dir.resolve("a.db"), 3e-3, 16).optimize().best().orElseThrow();
        Path model = Path.of(a.userAttributes().get("model_file").toString());
        // what an older sweep4j left beside a model: its metric and value, nothing saying whose it is
        Files.writeString(model.resolveSibling(TopModels.INFO_FILE), "metric=val_accuracy\nvalue=0.5\n");

        UsageException e = assertThrows(UsageException.class, () -> Dl4j.loadModel(a));
        assertTrue(e.getMessage().startsWith("trial 0 model = \"" + model + "\": it has no stamp in"
                + " model.properties saying whose it is"), e.getMessage());
        assertTrue(e.getMessage().contains("ModelSerializer.restoreMultiLayerNetwork"), e.getMessage());
    }

    @Test
    void aCopyOfTheStudyFileLoadsItsModelsAndItsRunsWriteBesideTheCopy() throws Exception {
        Path original = dir.resolve("a.db");
        // a learning rate too small to learn much in two epochs: the copy's next trial beats it
        FrozenTrial slow = study(original, 1e-5, 16).optimize().best().orElseThrow();
        Path kept = Path.of(slow.userAttributes().get("model_file").toString());
        String before = sha256(kept);
        Path copy = dir.resolve("a-copy.db");
        StudyBackup.backup(original, copy);

        FrozenTrial copied = history(copy).trials().get(0);
        assertArrayEquals(Dl4j.loadModel(slow).params().toFloatVector(),
                Dl4j.loadModel(copied).params().toFloatVector(), "the copy's trial loads the study's model");

        History after = study(copy, 3e-3, 16).allowSpaceChange().budget(Budget.trials(2)).optimize().history();
        FrozenTrial better = after.trials().get(1);
        assertTrue(better.value() > slow.value(), better.value() + " vs " + slow.value());
        assertTrue(Files.isRegularFile(kept), "the copy's better trial did not push the original's model out");
        assertEquals(before, sha256(kept), "the original's model is untouched");
        assertEquals(copy.resolveSibling("a-copy.db-files/same-1/trial-1/model.zip").toAbsolutePath().toString(),
                better.userAttributes().get("model_file"), "the copy's runs write beside the copy");
        assertEquals(kept.toString(), history(original).trials().get(0).userAttributes().get("model_file"));
        Dl4j.loadModel(history(original).trials().get(0));
    }

    @Test
    void trialsWhoseModelWasDeletedSaySoAndLoadModelExplains() {
        StudyResult r = Study.named("top").storage(dir.resolve("top.db"))
                .space(Dl4j.space(s -> s.choice("lr", 1e-5, 1e-4, 3e-3)))
                .sampler(io.sweep4j.sampler.Samplers.grid())
                .objective(Dl4j.classifier(MiniData.SMALL).mlp(16).maxEpochs(2).patience(0).keepTop(1))
                .maximize("val_accuracy").parallelism(1).budget(Budget.trials(3)).optimize();
        FrozenTrial best = r.best().orElseThrow();
        assertTrue(Files.isRegularFile(Path.of(best.userAttributes().get("model_file").toString())));
        Dl4j.loadModel(best);
        List<FrozenTrial> others = r.history().completed().stream().filter(t -> t.number() != best.number())
                .toList();
        assertEquals(2, others.size());
        for (FrozenTrial t : others) {
            assertEquals("model deleted: only the top 1 are kept", t.userAttributes().get("model_file"));
            UsageException e = assertThrows(UsageException.class, () -> Dl4j.loadModel(t));
            assertTrue(e.getMessage().startsWith("trial " + t.number()
                    + " model_file = \"model deleted: only the top 1 are kept\": the model was deleted when the trial"
                    + " left the study's top keepTop trials"), e.getMessage());
        }
        try (Stream<Path> s = Files.list(dir.resolve("top.db-files/top-1"))) {
            assertFalse(s.anyMatch(p -> !p.getFileName().toString().equals("trial-" + best.number())),
                    "only the kept trial has a folder");
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /**
     * A study of one 3-epoch trial of {@code lr} that is stopped as by Ctrl-C once, in the run this returns after:
     * epoch 1 trains, is checkpointed, and its report ends the trial. {@code trained} gets each reported epoch.
     */
    private static Study stoppedAfterEpoch1(Path db, double lr, List<Integer> trained) {
        AtomicReference<StudyRunner> firstRun = new AtomicReference<>();
        Study study = Study.named("same").storage(db)
                .space(Dl4j.space(s -> s.choice("lr", lr)))
                .objective(Dl4j.classifier(MiniData.SMALL).mlp(16).maxEpochs(3).patience(0).keepTop(1)
                        .afterEpochReported(epoch -> {
                            trained.add(epoch);
                            if (epoch == 0 && firstRun.get() != null) {
                                firstRun.get().requestStop();
                            }
                        }))
                .maximize("val_accuracy").parallelism(1).budget(Budget.trials(1));
        StudyResult stopped;
        try (Storage storage = Storage.open(study.spec().storage(), Storage.Access.READ_WRITE)) {
            firstRun.set(new StudyRunner(study.spec(), storage));
            stopped = firstRun.get().run();
        }
        firstRun.set(null);
        assertEquals(StopReason.INTERRUPTED, stopped.stopReason());
        assertEquals(List.of(0, 1), List.copyOf(stopped.history().trials().get(0).intermediateValues().keySet()));
        return study;
    }

    @Test
    void aRetryDoesNotContinueACheckpointOfAnotherStudyPutInItsPlace() throws Exception {
        List<Integer> trainedByA = new CopyOnWriteArrayList<>();
        Study a = stoppedAfterEpoch1(dir.resolve("a.db"), 3e-3, trainedByA);
        stoppedAfterEpoch1(dir.resolve("b.db"), 5e-3, new CopyOnWriteArrayList<>());
        Path foreign = dir.resolve("a.db-files/same-1/trial-0").resolve(Checkpoint.FILE_NAME);
        Files.copy(dir.resolve("b.db-files/same-1/trial-0").resolve(Checkpoint.FILE_NAME), foreign,
                StandardCopyOption.REPLACE_EXISTING);
        String before = sha256(foreign);

        FrozenTrial retry = runOnce(a.spec()).history().trials().get(1);
        assertEquals(TrialState.COMPLETE, retry.state());
        assertEquals(List.of(0, 0, 1, 2), trainedByA, "a's retry trains from its first epoch, not from b's network");
        assertEquals(before, sha256(foreign), "b's checkpoint is left as it is");
    }

    private static History history(Path db) {
        try (SqliteStorage s = SqliteStorage.openReadOnly(db)) {
            return s.history(s.findStudy("same").orElseThrow().studyId());
        }
    }

    private static String sha256(Path file) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(file)));
    }

    /** One run of the study as a restarted process makes it: its own storage, opened and closed. */
    private static StudyResult runOnce(StudySpec spec) {
        try (Storage storage = Storage.open(spec.storage(), Storage.Access.READ_WRITE)) {
            return new StudyRunner(spec, storage).run();
        }
    }
}
