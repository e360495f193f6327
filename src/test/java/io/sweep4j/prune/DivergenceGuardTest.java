package io.sweep4j.dl4j;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.sweep4j.study.TrialFailedException;
import java.util.Locale;
import org.junit.jupiter.api.Test;

/** The reason a diverged trial stores reads the same on every machine, in the project's one number format. */
class DivergenceGuardTest {

    @Test
    void theStoredReasonDoesNotDependOnTheMachinesLocale() {
        Locale before = Locale.getDefault();
        Locale.setDefault(Locale.GERMANY); // a decimal comma: "6,91" stored by a German machine, "6.91" by others
        try {
            DivergenceGuard guard = new DivergenceGuard(3, 2, Math.log(10));
            guard.check(0, 0, Math.log(10));
            guard.check(0, 1, 10);
            TrialFailedException e = assertThrows(TrialFailedException.class, () -> guard.check(0, 2, 10));
            assertEquals("diverged at epoch 0, iteration 2: loss=10.0 (the mean loss of the last 2 iterations exceeds"
                    + " 6.9078 (3.0 x the starting loss)); lower the learning rate", e.getMessage());
        } finally {
            Locale.setDefault(before);
        }
    }
}
