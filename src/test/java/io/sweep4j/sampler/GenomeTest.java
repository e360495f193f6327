package io.sweep4j.sampler;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sweep4j.space.Params;
import io.sweep4j.space.SearchSpace;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class GenomeTest {
    static final SearchSpace SPACE = SearchSpace.builder()
            .logFloat("lr", 1e-4, 1e-1)
            .floatRange("dropout", 0.0, 0.6)
            .floatRange("ratio", 0.0, 1.0, 0.25)
            .intRange("layers", 1, 5)
            .logInt("batch", 16, 512)
            .choice("optimizer", "sgd", "momentum", "adam")
            .when("optimizer", List.of("momentum"), s -> s.floatRange("beta", 0.5, 0.99)
                    .choice("nesterov", true, false))
            .choice("width", 64, 128, 256)
            .build();

    @Test
    void everyParameterTypeSurvivesParamsToGenomeToParams() {
        Params p = Params.of(Map.of("lr", 3e-3, "dropout", 0.35, "ratio", 0.75, "layers", 4L, "batch", 100L,
                "optimizer", "momentum", "beta", 0.9, "nesterov", true, "width", 128));
        p = ordered(p);
        assertTrue(SPACE.isValid(p));
        Params back = Genome.of(SPACE, p, null).decode(SPACE);
        assertEquals(p.names(), back.names());
        for (String name : p.names()) {
            Object want = p.get(name);
            Object got = back.get(name);
            if (want instanceof Double d) {
                assertEquals(d, (Double) got, 1e-12 * Math.abs(d), name);
            } else if (want instanceof Long l) {
                assertEquals(l, got, name);
            } else {
                assertEquals(want, got, name);
            }
        }
    }

    @Test
    void inactiveGenesAreCarriedButNotExpressed() {
        // momentum's genes set, but optimizer = adam: beta and nesterov are latent
        double[] genes = Genome.of(SPACE, ordered(Params.of(Map.of("lr", 1e-3, "dropout", 0.1, "ratio", 0.0,
                "layers", 1L, "batch", 16L, "optimizer", "momentum", "beta", 0.6, "nesterov", false,
                "width", 64))), null).genes(SPACE);
        genes[5] = 2; // optimizer gene -> adam
        Genome genome = Genome.of(SPACE, genes);
        Params expressed = genome.decode(SPACE);
        assertFalse(expressed.has("beta"));
        assertFalse(expressed.has("nesterov"));
        assertTrue(SPACE.isValid(expressed));
        // the latent genes survive storage: stored genome + expressed params give the same genome back
        double[] stored = Genome.parseStored(genome.stored(SPACE), SPACE.size());
        assertArrayEquals(genes, stored, 0);
        assertArrayEquals(genes, Genome.of(SPACE, expressed, stored).genes(SPACE), 1e-12);
        // and come back into play when a descendant switches momentum on again
        double[] child = genes.clone();
        child[5] = 1;
        Params reactivated = Genome.of(SPACE, child).decode(SPACE);
        assertEquals(0.6, reactivated.getDouble("beta"), 1e-12);
        assertEquals(false, reactivated.get("nesterov"));
        assertNull(Genome.parseStored(List.of(1.0, 2.0), SPACE.size()), "a genome of another space is ignored");
    }

    @Test
    void randomGenesAlwaysDecodeToValidParamsAndRoundTripExactlyFromThere() {
        SplittableRandom r = new SplittableRandom(1);
        for (int i = 0; i < 500; i++) {
            double[] genes = new double[SPACE.size()];
            for (int g = 0; g < genes.length; g++) {
                genes[g] = r.nextDouble() * (g == 5 || g == 7 || g == 8 ? 3 : 1);
            }
            Params p = Genome.of(SPACE, genes).decode(SPACE);
            assertTrue(SPACE.isValid(p), p.toString());
            Params again = Genome.of(SPACE, p, null).decode(SPACE);
            assertEquals(p.names(), again.names());
            for (String name : p.names()) {
                Object want = p.get(name);
                if (want instanceof Double d) {
                    assertEquals(d, again.getDouble(name), 1e-9 * Math.max(1e-9, Math.abs(d)), name);
                } else {
                    assertEquals(want, again.get(name), name);
                }
            }
        }
    }

    private static Params ordered(Params p) {
        Params out = Params.empty();
        for (var param : SPACE.params()) {
            if (p.has(param.name())) {
                out = out.with(param.name(), p.get(param.name()));
            }
        }
        return out;
    }
}
