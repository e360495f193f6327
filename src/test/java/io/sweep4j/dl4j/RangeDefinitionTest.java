package io.sweep4j.dl4j;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sweep4j.space.SearchSpace;
import io.sweep4j.space.UsageException;
import io.sweep4j.study.Budget;
import io.sweep4j.study.Study;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The classifier's parameter checks apply at definition to every kind of parameter, not only to choices (issue 14:
 * {@code intRange("batchSize", 0, 8)} was accepted and every trial drawing 0 failed at run time).
 */
class RangeDefinitionTest {
    @TempDir
    Path dir;

    private static UsageException refused(String field, Consumer<SearchSpace.Builder> definition) {
        UsageException e = assertThrows(UsageException.class, () -> Dl4j.space(definition));
        assertEquals(field, e.field(), e.getMessage());
        return e;
    }

    @Test
    void integerRangesAreRefusedAtDefinitionNamingTheEndAndTheFix() {
        UsageException e = refused("batchSize.low", s -> s.intRange("batchSize", 0, 8));
        assertTrue(e.getMessage().contains("batchSize.low = 0") && e.getMessage().contains("batch size >= 1"),
                e.getMessage());
        refused("batchSize.low", s -> s.intRange("batchSize", -16, 64, 16)); // with a step
        refused("batchSize.low", s -> s.floatRange("batchSize", 0.2, 64)); // a float rounds to 0
    }

    @Test
    void everyKindOfRangeIsChecked() {
        refused("lr.low", s -> s.floatRange("lr", -0.1, 0.1));
        refused("lrDecay.high", s -> s.floatRange("lrDecay", 0.5, 1.5, 0.5)); // a float range with a step
        refused("momentum.high", s -> s.logFloat("momentum", 0.5, 1.0)); // a log range
        refused("dropout.high", s -> s.intRange("dropout", 0, 1)); // an int range on a float hyperparameter
        refused("l2.low", s -> s.floatRange("l2", -1e-3, 1e-3));
        // a conditional range, checked although it exists only for some optimizers
        refused("momentum.high", s -> s.choice("optimizer", "sgd", "nesterov")
                .when("optimizer", List.of("nesterov"), m -> m.floatRange("momentum", 0.5, 1.0)));
        refused("batchSize.low", s -> s.choice("optimizer", "sgd", "adam")
                .when("optimizer", "sgd", m -> m.intRange("batchSize", 0, 64)));
        // an int range with a step ends where its steps end: 1 + 2k up to 7, not at 8
        assertDoesNotThrow(() -> Dl4j.space(s -> s.intRange("batchSize", 1, 7, 2).logInt("batchSize2", 1, 8)));
        assertDoesNotThrow(() -> Dl4j.space(s -> s.logFloat("lr", 1e-4, 1e-1).floatRange("momentum", 0.5, 0.99)
                .floatRange("dropout", 0, 0.5, 0.1).intRange("batchNorm", 0, 1)));
    }

    @Test
    void aStudyWithABadIntegerRangeFailsBeforeItStoresAnything() {
        Study s = Study.named("b").storage(dir.resolve("b.db")).objective(Dl4j.classifier(MiniData.SMALL).mlp(16))
                .maximize("val_accuracy").budget(Budget.trials(1)).space(sp -> sp.intRange("batchSize", 0, 8));
        assertEquals("batchSize.low", assertThrows(UsageException.class, s::optimize).field());
        assertTrue(Files.notExists(dir.resolve("b.db")), "nothing stored");
    }
}
