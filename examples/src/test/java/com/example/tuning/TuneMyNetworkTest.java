package com.example.tuning;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sweep4j.dl4j.Dl4j;
import io.sweep4j.study.StudyResult;
import io.sweep4j.trial.FrozenTrial;
import io.sweep4j.trial.TrialState;
import java.io.File;
import java.nio.file.Path;
import java.util.Arrays;
import org.deeplearning4j.datasets.iterator.utilty.ListDataSetIterator;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.dataset.DataSet;

/** The example against the installed sweep4j artifact: the study runs, its best model reloads and scores as stored. */
class TuneMyNetworkTest {
    @TempDir
    Path dir;

    @Test
    void tunesTheUsersNetworkOnTheUsersDataAndReloadsTheBestModel() {
        DataSet train = TuneMyNetwork.moons(2000, 1);
        DataSet validation = TuneMyNetwork.moons(1000, 2);
        StudyResult result = TuneMyNetwork.tune(dir, new ListDataSetIterator<>(train.asList(), 32),
                new ListDataSetIterator<>(validation.asList(), 100));
        assertEquals(6, result.history().inState(TrialState.COMPLETE, TrialState.PRUNED).size(),
                result.history().trials().toString());
        FrozenTrial best = result.best().orElseThrow();
        result.history().trials().forEach(t -> System.out.printf("trial %d %s %s %s%n", t.number(), t.state(),
                t.value(), t.params()));
        // the moons overlap a little (noise 0.15): a good network separates ~97 %, a linear one ~87 %
        assertTrue(best.value() >= 0.95, "best val_accuracy " + best.value());
        MultiLayerNetwork model = Dl4j.loadModel(best);
        assertEquals(best.value(), TuneMyNetwork.accuracy(model, validation), 1e-9);
    }

    @Test
    void theLibraryForcesNoLoggingBindingAndNoOnednnBuildOnItsUsers() {
        assertThrows(ClassNotFoundException.class, () -> Class.forName("org.slf4j.simple.SimpleLogger"));
        String classPath = System.getProperty("java.class.path");
        assertFalse(classPath.contains("-onednn"), classPath);
        // the installed artifact from the local repository, not the classes of the build folder above
        assertTrue(Arrays.stream(classPath.split(File.pathSeparator))
                .anyMatch(e -> e.replace('\\', '/').matches(".*/io/sweep4j/sweep4j/[^/]+/sweep4j-[^/]+\\.jar")),
                classPath);
    }
}
