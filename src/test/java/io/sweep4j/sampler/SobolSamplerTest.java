package io.sweep4j.sampler;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sweep4j.space.Params;
import io.sweep4j.space.SearchSpace;
import io.sweep4j.trial.Direction;
import java.util.Arrays;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class SobolSamplerTest {

    @Test
    void sixtyFourPointsHitEveryCellOfAnEightByEightGridForAnySeed() {
        for (long seed : new long[] {0, 1, 42, -7}) {
            boolean[][] hit = new boolean[8][8];
            for (int n = 0; n < 64; n++) {
                double[] u = SobolSampler.unitPoint(2, seed, n);
                hit[(int) (u[0] * 8)][(int) (u[1] * 8)] = true;
            }
            for (boolean[] row : hit) {
                for (boolean cell : row) {
                    assertTrue(cell, "seed " + seed + " left a cell of the 8x8 grid empty");
                }
            }
        }
    }

    @Test
    void everyCoordinateIsStratifiedInSixDimensions() {
        // each one-dimensional projection of 32 points puts exactly one point in each 1/32 interval
        for (int d = 0; d < 6; d++) {
            Set<Integer> cells = new HashSet<>();
            for (int n = 0; n < 32; n++) {
                cells.add((int) (SobolSampler.unitPoint(6, 3, n)[d] * 32));
            }
            assertEquals(32, cells.size(), "dimension " + d);
        }
    }

    @Test
    void trialNDependsOnlyOnSeedAndN() {
        SearchSpace space = SearchSpace.builder().logFloat("lr", 1e-4, 1e-1).choice("opt", "sgd", "adam")
                .intRange("layers", 1, 4).build();
        Sampler a = Samplers.sobol(5);
        Params p17 = a.propose(new SamplingContext(space, Direction.MINIMIZE, 17, () -> null)).orElseThrow().params();
        // a new sampler object, asked out of order, gives the same point
        Sampler b = Samplers.sobol(5);
        b.propose(new SamplingContext(space, Direction.MINIMIZE, 3, () -> null));
        assertEquals(p17, b.propose(new SamplingContext(space, Direction.MINIMIZE, 17, () -> null)).orElseThrow().params());
        assertTrue(space.isValid(p17));
        assertFalse(Arrays.equals(SobolSampler.unitPoint(3, 5, 17), SobolSampler.unitPoint(3, 6, 17)),
                "another seed gives another design");
        assertArrayEquals(SobolSampler.unitPoint(3, 5, 17), SobolSampler.unitPoint(3, 5, 17));
    }

    @Test
    void conditionalParametersAppearOnlyWhenActive() {
        SearchSpace space = SearchSpace.builder().choice("opt", "sgd", "momentum")
                .when("opt", "momentum", s -> s.floatRange("beta", 0.5, 0.99)).build();
        int withBeta = 0;
        for (int n = 0; n < 32; n++) {
            Params p = SobolSampler.sample(space, 1, n);
            assertTrue(space.isValid(p), p.toString());
            withBeta += p.has("beta") ? 1 : 0;
        }
        assertEquals(16, withBeta, "half the Sobol points choose momentum");
    }
}
