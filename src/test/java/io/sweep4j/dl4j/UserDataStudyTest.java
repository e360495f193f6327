package io.sweep4j.dl4j;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sweep4j.data.ImageSet;
import io.sweep4j.data.Splits;
import io.sweep4j.sampler.Samplers;
import io.sweep4j.space.UsageException;
import io.sweep4j.study.Budget;
import io.sweep4j.study.Study;
import io.sweep4j.study.StudyResult;
import io.sweep4j.trial.FrozenTrial;
import java.nio.file.Path;
import java.util.List;
import org.deeplearning4j.datasets.iterator.utilty.ListDataSetIterator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;

/** A classifier on the user's own DataSets and iterators, checked against the same study on the IDX loader. */
class UserDataStudyTest {
    @TempDir
    Path dir;

    private StudyResult study(String name, TrainingLoopObjective objective) {
        return Study.named(name)
                .storage(dir.resolve(name + ".db"))
                .space(Dl4j.space(s -> s.logFloat("lr", 1e-3, 1e-2).choice("optimizer", "adam", "nesterov")
                        .choice("batchSize", 32, 64).floatRange("dropout", 0.0, 0.3)))
                .sampler(Samplers.random(11))
                .objective(objective.mlp(32).maxEpochs(3).patience(0).seed(5))
                .maximize("val_accuracy")
                .parallelism(2)
                .budget(Budget.trials(4))
                .optimize();
    }

    /** What a user has: standardized images as [n, 1, rows, cols] (channels first, as DL4J's loaders give them). */
    private static DataSet images(ImageSet set, Splits s) {
        float[] pixels = set.normalizedPixels(0, set.size(), s.normalization());
        return new DataSet(Nd4j.create(pixels, new long[] {set.size(), 1, set.rows(), set.cols()}, 'c'),
                Nd4j.create(set.oneHotLabels(0, set.size()), new long[] {set.size(), set.classes()}, 'c'));
    }

    @Test
    void aStudyOnTheUsersIteratorsMatchesTheSameStudyOnTheIdxLoaderTrialByTrial() {
        Splits s = MiniData.SMALL;
        StudyResult idx = study("idx", Dl4j.classifier(s));
        // batches of 100 examples, as a user's pipeline would deliver them; a test set read the same way
        UserData data = UserData.of(new ListDataSetIterator<>(images(s.train(), s).asList(), 100),
                new ListDataSetIterator<>(images(s.validation(), s).asList(), 100))
                .test(new ListDataSetIterator<>(images(s.test(), s).asList(), 100));
        StudyResult user = study("user", Dl4j.classifier(data));
        assertEquals(4, idx.history().completed().size());
        assertEquals(4, user.history().completed().size());
        for (int n = 0; n < 4; n++) {
            FrozenTrial a = idx.history().trials().get(n);
            FrozenTrial b = user.history().trials().get(n);
            assertEquals(a.params(), b.params(), "trial " + n);
            assertEquals(a.intermediateValues(), b.intermediateValues(), "trial " + n + "'s learning curve");
            assertEquals(a.value(), b.value(), "trial " + n);
            assertEquals(a.userAttributes().get("test_accuracy"), b.userAttributes().get("test_accuracy"));
            assertEquals(a.userAttributes().get("test_loss"), b.userAttributes().get("test_loss"));
        }
        FrozenTrial best = user.best().orElseThrow();
        assertTrue(best.value() > 0.6, "val accuracy " + best.value());
        // the kept model reloads and scores what the trial stored
        var model = Dl4j.loadModel(best);
        TensorData t = TensorData.of(s);
        assertEquals(best.value(), TrainingRun.score(model, t.validation, false, false).accuracy(), 1e-9);
    }

    @Test
    void badUserDataFailsAtDefinitionNamingTheField() {
        DataSet flat = new DataSet(Nd4j.rand(20, 4), Nd4j.eye(2).repeat(0, 10));
        DataSet other = new DataSet(Nd4j.rand(20, 5), Nd4j.eye(2).repeat(0, 10));
        UsageException shape = assertThrows(UsageException.class, () -> Study.named("shape")
                .storage(dir.resolve("shape.db")).objective(Dl4j.classifier(flat, other)).maximize("val_accuracy")
                .optimize());
        assertEquals("validation features", shape.field(), shape.getMessage());
        DataSet oneColumn = new DataSet(Nd4j.rand(20, 4), Nd4j.rand(20, 1));
        UsageException labels = assertThrows(UsageException.class, () -> Study.named("labels")
                .storage(dir.resolve("labels.db")).objective(Dl4j.classifier(oneColumn, oneColumn))
                .maximize("val_accuracy").optimize());
        assertTrue(labels.getMessage().contains("Dl4j.regression"), labels.getMessage());
        UsageException cnn = assertThrows(UsageException.class, () -> Study.named("cnn").storage(dir.resolve("c.db"))
                .objective(Dl4j.classifier(flat, flat).cnn()).maximize("val_accuracy").optimize());
        assertEquals("data", cnn.field(), cnn.getMessage());
        assertTrue(cnn.getMessage().contains("[n, 1, height, width]"), cnn.getMessage());
        assertEquals(List.of(), List.of(dir.toFile().list()), "nothing stored");
    }
}
