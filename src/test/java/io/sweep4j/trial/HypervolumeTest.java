package io.sweep4j.trial;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class HypervolumeTest {

    @Test
    void unionOfBoxesByHand() {
        assertEquals(1.0, Hypervolume.of(List.of(new double[] {1, 1}), new double[] {2, 2}), 1e-12);
        assertEquals(3.0, Hypervolume.of(List.of(new double[] {0, 1}, new double[] {1, 0}), new double[] {2, 2}),
                1e-12);
        assertEquals(0.625, Hypervolume.of(List.of(new double[] {0, 0, 0.5}, new double[] {0.5, 0.5, 0}),
                new double[] {1, 1, 1}), 1e-12);
        // a point beyond the reference in one objective adds nothing
        assertEquals(1.0, Hypervolume.of(List.of(new double[] {1, 1}, new double[] {0, 3}), new double[] {2, 2}),
                1e-12);
        assertArrayEquals(new double[] {1.0, 1.0}, Hypervolume.contributions(
                List.of(new double[] {0, 1}, new double[] {1, 0}), new double[] {2, 2}), 1e-12);
    }

    @Test
    void agreesWithMonteCarloInThreeAndFourObjectives() {
        Random r = new Random(3);
        for (int d = 3; d <= 4; d++) {
            List<double[]> points = new ArrayList<>();
            for (int i = 0; i < 12; i++) {
                double[] p = new double[d];
                for (int k = 0; k < d; k++) {
                    p[k] = r.nextDouble();
                }
                points.add(p);
            }
            double[] ref = new double[d];
            java.util.Arrays.fill(ref, 1.0);
            int inside = 0;
            int samples = 400_000;
            for (int s = 0; s < samples; s++) {
                double[] x = new double[d];
                for (int k = 0; k < d; k++) {
                    x[k] = r.nextDouble();
                }
                for (double[] p : points) {
                    boolean dominated = true;
                    for (int k = 0; k < d; k++) {
                        dominated &= p[k] <= x[k];
                    }
                    if (dominated) {
                        inside++;
                        break;
                    }
                }
            }
            assertEquals((double) inside / samples, Hypervolume.of(points, ref), 0.005, "d=" + d);
        }
    }
}
