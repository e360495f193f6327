package io.sweep4j.prune;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sweep4j.space.UsageException;
import io.sweep4j.trial.FailureKind;
import java.util.Locale;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * The divergence guard any objective can use: when it fails a trial, the reason it stores (the same on every machine,
 * in the project's one number format) is one the study's failure grouping names "diverged".
 */
class DivergenceGuardTest {

    @Test
    void theStoredReasonDoesNotDependOnTheMachinesLocale() {
        Locale before = Locale.getDefault();
        Locale.setDefault(Locale.GERMANY); // a decimal comma: "6,91" stored by a German machine, "6.91" by others
        try {
            DivergenceGuard.Tracker guard = new DivergenceGuard(3, 2).start(Math.log(10));
            assertEquals(Optional.empty(), guard.check(0, 0, Math.log(10)));
            assertEquals(Optional.empty(), guard.check(0, 1, 10));
            String reason = guard.check(0, 2, 10).orElseThrow();
            assertEquals("diverged at epoch 0, iteration 2: loss=10.0 (the mean loss of the last 2 iterations exceeds"
                    + " 6.9078 (3.0 x the starting loss)); lower the learning rate", reason);
            assertEquals("diverged (the loss rose far above its start)", FailureKind.name(reason));
        } finally {
            Locale.setDefault(before);
        }
    }

    @Test
    void aLossThatIsNotFiniteDivergesAtOnceAndAFallingLossNever() {
        DivergenceGuard.Tracker guard = DivergenceGuard.DEFAULT.start();
        for (int i = 0; i < 100; i++) {
            assertEquals(Optional.empty(), guard.check(i / 10, i % 10, 50.0 / (i + 1)), "iteration " + i);
        }
        String reason = guard.check(10, 0, Double.NaN).orElseThrow();
        assertEquals("diverged at epoch 10, iteration 0: loss=NaN (the loss is not finite); lower the learning rate",
                reason);
        assertEquals("diverged (the loss became NaN or infinite)", FailureKind.name(reason));
        assertTrue(DivergenceGuard.DEFAULT.start(1).check(0, 0, Double.POSITIVE_INFINITY).isPresent());
    }

    @Test
    void theStartingLossIsTheLargerOfTheFirstLossAndTheBaseline() {
        // a first loss of 1 against a baseline of 2.3: the limit is 2 x 2.3, so a mean of 3 is not divergence
        DivergenceGuard.Tracker withBaseline = new DivergenceGuard(2, 2).start(2.3);
        DivergenceGuard.Tracker firstOnly = new DivergenceGuard(2, 2).start();
        assertEquals(Optional.empty(), withBaseline.check(0, 0, 1));
        assertEquals(Optional.empty(), withBaseline.check(0, 1, 3));
        assertEquals(Optional.empty(), withBaseline.check(0, 2, 3));
        firstOnly.check(0, 0, 1);
        firstOnly.check(0, 1, 3);
        assertTrue(firstOnly.check(0, 2, 3).isPresent(), "a mean of 3 exceeds 2 x the first loss, 1");
    }

    @Test
    void aBadConfigurationIsRefusedNamingTheField() {
        assertEquals("divergence factor = 1: give a factor > 1, e.g. 4",
                assertThrows(UsageException.class, () -> new DivergenceGuard(1, 20)).getMessage());
        assertEquals("divergence window = 0: give a number >= 1",
                assertThrows(UsageException.class, () -> new DivergenceGuard(4, 0)).getMessage());
        assertThrows(UsageException.class, () -> DivergenceGuard.DEFAULT.start(Double.NaN));
    }
}
