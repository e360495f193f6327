package io.sweep4j.trial;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** The names failure kinds get, from the reasons sweep4j and objectives store. */
class FailureKindTest {
    @Test
    void theReasonsSweep4jStoresGetReadableNamesAndNumbersDoNotSplitAKind() {
        // DivergenceGuard's two reasons, word for word
        assertEquals("diverged (the loss became NaN or infinite)", FailureKind.name("diverged at epoch 2, iteration"
                + " 40: loss=NaN (the loss is not finite); lower the learning rate"));
        assertEquals("diverged (the loss rose far above its start)", FailureKind.name("diverged at epoch 0, iteration"
                + " 19: loss=41.2 (the mean loss of the last 20 iterations exceeds 6.91 (3.0 x the starting loss));"
                + " lower the learning rate"));
        assertEquals("out of memory", FailureKind.name("out of memory: Java heap space (a smaller batch size or model,"
                + " or a larger -Xmx, would fit)"));
        assertEquals("the objective returned NaN", FailureKind.name("the objective returned NaN"));
        assertEquals("IllegalStateException", FailureKind.name("java.lang.IllegalStateException: no data at 3"));
        assertEquals("no data", FailureKind.name("no data at 0.25"));
        assertEquals(FailureKind.key("diverged at epoch 2: loss=NaN"),
                FailureKind.key("diverged at epoch 11: loss=-Infinity"));
    }
}
