package io.sweep4j.space;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.SplittableRandom;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

class SearchSpaceTest {

    private static UsageException bad(Consumer<SearchSpace.Builder> def) {
        return assertThrows(UsageException.class, () -> def.accept(SearchSpace.builder()));
    }

    private static void assertMentions(UsageException e, String... words) {
        for (String w : words) {
            assertTrue(e.getMessage().contains(w), "\"" + e.getMessage() + "\" should mention " + w);
        }
    }

    @Test
    void reversedOrEmptyRangeNamesTheParameterAndTheFix() {
        assertMentions(bad(s -> s.floatRange("dropout", 0.6, 0.0)), "dropout", "low must be below high");
        assertMentions(bad(s -> s.intRange("layers", 3, 3)), "layers", "low must be below high");
        // the bounds as typed, not as doubles (64.0) or in Java's exponent form (1.0E-4)
        assertMentions(bad(s -> s.intRange("batchSize", 64, 8)), "[64, 8]", "swap them");
        assertMentions(bad(s -> s.logFloat("lr", 1e-1, 1e-4)), "[0.1, 0.0001]");
        assertMentions(bad(s -> s.floatRange("x", Double.NaN, 1)), "x", "finite");
    }

    @Test
    void logRangeNeedsAPositiveLowerBound() {
        assertMentions(bad(s -> s.logFloat("lr", 0, 0.1)), "lr.low", "low > 0", "floatRange");
        assertMentions(bad(s -> s.logInt("batch", 0, 256)), "batch.low");
    }

    @Test
    void emptyOrRepeatedChoicesAreRefused() {
        assertMentions(bad(s -> s.choice("optimizer")), "optimizer", "at least one choice");
        assertMentions(bad(s -> s.choice("batch", 32, 64, 32L)), "batch", "twice");
        assertMentions(bad(s -> s.choice("x", List.of(new Object()))), "strings, numbers or booleans");
    }

    @Test
    void duplicateNamesAreRefused() {
        assertMentions(bad(s -> s.logFloat("lr", 1e-4, 1e-1).floatRange("lr", 0, 1)), "lr", "defined twice");
        assertMentions(bad(s -> s.floatRange(" ", 0, 1)), "non-empty name");
    }

    @Test
    void stepMustDivideTheRange() {
        UsageException e = bad(s -> s.floatRange("dropout", 0.0, 0.5, 0.2));
        assertMentions(e, "dropout.step", "does not divide", "high = 0.4");
        assertMentions(bad(s -> s.intRange("units", 32, 100, 32)), "units.step");
        assertMentions(bad(s -> s.floatRange("d", 0, 1, -0.1)), "positive");
        // exact division with floating-point steps is accepted
        SearchSpace ok = SearchSpace.builder().floatRange("d", 0.0, 0.9, 0.1).build();
        assertEquals(10, ok.params().get(0).distribution().gridValues(5).size());
    }

    @Test
    void conditionsMustNameAKnownParameterAndValue() {
        assertMentions(bad(s -> s.when("optimizer", "momentum", b -> b.floatRange("m", 0, 1))),
                "optimizer", "define it first");
        assertMentions(bad(s -> s.choice("optimizer", "sgd", "adam")
                .when("optimizer", List.of("momentum"), b -> b.floatRange("m", 0, 1))), "momentum",
                "never takes this value", "[sgd, adam]");
    }

    @Test
    void conditionalParameterExistsOnlyWhenItsConditionHolds() {
        SearchSpace space = SearchSpace.builder()
                .choice("optimizer", "sgd", "momentum", "nesterov", "adam")
                .when("optimizer", List.of("momentum", "nesterov"), b -> b.floatRange("momentum", 0.5, 0.99))
                .build();
        SplittableRandom r = new SplittableRandom(1);
        int withMomentum = 0;
        for (int i = 0; i < 400; i++) {
            Params p = Params.empty();
            for (Param param : space.params()) {
                if (param.isActive(p)) {
                    p = p.with(param.name(), param.distribution().fromUnit(r.nextDouble()));
                }
            }
            String opt = p.getString("optimizer");
            boolean expects = opt.equals("momentum") || opt.equals("nesterov");
            assertEquals(expects, p.has("momentum"), p.toString());
            assertTrue(space.isValid(p));
            withMomentum += expects ? 1 : 0;
        }
        assertTrue(withMomentum > 120 && withMomentum < 280, "about half: " + withMomentum);
        assertFalse(space.isValid(Params.of(java.util.Map.of("optimizer", "adam", "momentum", 0.9))));
    }

    @Test
    void distributionsMapTheUnitIntervalOntoTheirRange() {
        FloatDistribution log = new FloatDistribution(1e-4, 1e-1, true, null);
        assertEquals(1e-4, (double) log.fromUnit(0), 1e-12);
        assertEquals(1e-1, (double) log.fromUnit(1), 1e-12);
        assertEquals(Math.sqrt(1e-4 * 1e-1), (double) log.fromUnit(0.5), 1e-9);
        IntDistribution ints = new IntDistribution(1, 4, false, 1);
        int[] counts = new int[5];
        for (int i = 0; i < 4000; i++) {
            counts[(int) (long) (Long) ints.fromUnit((i + 0.5) / 4000)]++;
        }
        for (int v = 1; v <= 4; v++) {
            assertEquals(1000, counts[v], 1, "each integer equally likely");
        }
        IntDistribution logInt = new IntDistribution(16, 512, true, 1);
        assertEquals(16L, logInt.fromUnit(0.0));
        assertEquals(512L, logInt.fromUnit(0.999999));
        CategoricalDistribution c = new CategoricalDistribution(List.of("a", 64, true));
        assertEquals(1.0, c.toInternal(64L));
        assertEquals(true, c.toExternal(2));
        assertEquals(List.of(1e-4, 1e-3, 1e-2, 1e-1).size(), log.gridValues(4).size());
        assertEquals(1e-3, (double) log.gridValues(4).get(1), 1e-12);
    }

    @Test
    void paramsGettersExplainAMissingParameter() {
        Params p = Params.of(java.util.Map.of("lr", 0.01, "layers", 3L, "optimizer", "adam", "bn", true));
        assertEquals(3, p.getInt("layers"));
        assertEquals(0.01, p.getDouble("lr"));
        assertTrue(p.getBoolean("bn"));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> p.getDouble("momentum"));
        assertTrue(e.getMessage().contains("momentum") && e.getMessage().contains("has(\"momentum\")"));
        assertThrows(IllegalArgumentException.class, () -> p.getDouble("optimizer"));
        assertEquals(0.9, p.getDouble("momentum", 0.9));
    }
}
