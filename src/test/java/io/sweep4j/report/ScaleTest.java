package io.sweep4j.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Axis ticks a person reads: round values inside the axis, whole numbers for trial numbers and epochs. */
class ScaleTest {
    @Test
    void trialNumbersGetWholeNumberTicks() {
        List<Scale.Tick> ticks = Scale.linear(0, 19).ticks();
        assertEquals(List.of("0", "5", "10", "15"), ticks.stream().map(Scale.Tick::label).toList());
        assertEquals(List.of("0", "2", "4", "6"), Scale.linear(0, 7).ticks().stream().map(Scale.Tick::label).toList());
    }

    @Test
    void ticksAreRoundValuesInsideTheAxis() {
        for (double[] range : new double[][] {{0.849, 0.873}, {-5, 6}, {1e-4, 3e-4}, {0, 1}, {12_345, 98_765}}) {
            List<Scale.Tick> ticks = Scale.linear(range[0], range[1]).ticks();
            assertTrue(ticks.size() >= 2 && ticks.size() <= 6, ticks.toString());
            double step = Double.parseDouble(ticks.get(1).label()) - Double.parseDouble(ticks.get(0).label());
            double mantissa = step / Math.pow(10, Math.floor(Math.log10(step)));
            assertTrue(List.of(1L, 2L, 5L).contains(Math.round(mantissa)) && Math.abs(mantissa - Math.round(mantissa))
                    < 1e-6, "step " + step + " of " + ticks);
            for (int i = 0; i < ticks.size(); i++) {
                Scale.Tick t = ticks.get(i);
                assertTrue(t.at() >= -1e-9 && t.at() <= 1 + 1e-9, t + " outside " + range[0] + ".." + range[1]);
                double v = Double.parseDouble(t.label());
                assertEquals(0, Math.abs(v / step - Math.round(v / step)), 1e-6, "a multiple of the step: " + t);
            }
        }
    }
}
