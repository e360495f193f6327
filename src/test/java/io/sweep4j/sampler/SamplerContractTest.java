package io.sweep4j.sampler;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sweep4j.space.Params;
import io.sweep4j.space.SearchSpace;
import io.sweep4j.store.ClaimOutcome;
import io.sweep4j.store.SqliteStorage;
import io.sweep4j.store.Storage;
import io.sweep4j.store.TestClaims;
import io.sweep4j.study.Budget;
import io.sweep4j.study.Study;
import io.sweep4j.trial.Attributes;
import io.sweep4j.trial.Direction;
import io.sweep4j.trial.FrozenTrial;
import io.sweep4j.trial.History;
import io.sweep4j.trial.TrialDraft;
import io.sweep4j.trial.TrialState;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.LongFunction;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * What every sampler promises, run over each one {@link Samplers} makes (a sampler added there must be listed in
 * {@link #SAMPLERS}): proposals inside the space with its conditions honoured, enqueued values kept, the same trials
 * for the same seed on any storage, and a restart (a new instance over the stored history, whatever states its trials
 * are in) changing nothing.
 */
class SamplerContractTest {
    /** Every sampler of {@link Samplers}, by factory name, made from a seed. */
    static final Map<String, LongFunction<Sampler>> SAMPLERS = Map.of(
            "random", Samplers::random,
            "grid", seed -> Samplers.grid().shuffled(seed),
            "sobol", Samplers::sobol,
            "tpe", Samplers::tpe,
            "genetic", seed -> Samplers.genetic().seed(seed),
            // a population of 8 so that 30 trials run four generations
            "nsga2", seed -> Samplers.nsga2(seed).population(8),
            "gp", Samplers::gp,
            "auto", Samplers::auto);

    /**
     * Every kind of parameter: log and linear floats, stepped floats, a stepped int, a log int, choices of strings,
     * booleans and numbers, and conditions nested two deep. Its grid (22 680 points) is far larger than a run.
     */
    static final SearchSpace SPACE = SearchSpace.builder()
            .logFloat("lr", 1e-4, 1e-1)
            .floatRange("dropout", 0.0, 0.5, 0.25)
            .intRange("units", 16, 48, 16)
            .logInt("batch", 4, 6)
            .choice("opt", "sgd", "momentum", "adam")
            .when("opt", List.of("momentum"), m -> m.floatRange("momentum", 0.5, 0.99))
            .intRange("layers", 1, 2)
            .whenAtLeast("layers", 2, d -> d
                    .choice("act2", "relu", "tanh")
                    .when("act2", "tanh", t -> t.floatRange("gain", 0.5, 2.0, 0.5)))
            .choice("bn", true, false)
            .choice("width", 0.5, 2)
            .build();

    private static final int TRIALS = 30;

    @TempDir
    Path dir;

    static Stream<String> samplers() {
        return SAMPLERS.keySet().stream().sorted();
    }

    /** A smooth deterministic objective every parameter moves, so model-based samplers have something to learn. */
    static double loss(Params p) {
        double lr = Math.log10(p.getDouble("lr")) + 2.5;
        double v = lr * lr + p.getDouble("dropout") + Math.abs(p.getDouble("units") - 48) / 64
                + Math.abs(Math.log(p.getDouble("batch") / 8.0)) + (p.getString("opt").equals("adam") ? 0 : 0.3)
                + (p.getInt("layers") - 1) * 0.1 + (p.getBoolean("bn") ? 0 : 0.05) + p.getDouble("width") * 0.01;
        if (p.has("momentum")) {
            v += Math.abs(p.getDouble("momentum") - 0.9);
        }
        if (p.has("gain")) {
            v += Math.abs(p.getDouble("gain") - 1.0);
        }
        return v;
    }

    private Study study(Path db, Sampler sampler, int trials) {
        return Study.named("contract").storage(db).space(SPACE).sampler(sampler)
                .objective(t -> loss(t.params())).minimize("loss").parallelism(1).budget(Budget.trials(trials));
    }

    /** The study's trials as the SQLite file holds them, read by a new connection. */
    private static History stored(Path db) {
        try (SqliteStorage s = SqliteStorage.openReadOnly(db)) {
            return s.history(s.findStudy("contract").orElseThrow().studyId());
        }
    }

    @Test
    void everyFactoryOfSamplersIsInThisSuite() {
        Set<String> factories = Arrays.stream(Samplers.class.getDeclaredMethods())
                .filter(m -> Modifier.isPublic(m.getModifiers()) && Modifier.isStatic(m.getModifiers()))
                .map(Method::getName).collect(Collectors.toSet());
        assertEquals(factories, SAMPLERS.keySet(), "list every sampler Samplers makes in SamplerContractTest.SAMPLERS");
        Set<Class<?>> made = Arrays.stream(Samplers.class.getDeclaredMethods())
                .filter(m -> Modifier.isPublic(m.getModifiers()) && Modifier.isStatic(m.getModifiers()))
                .map(Method::getReturnType).collect(Collectors.toSet());
        Set<Class<?>> tested = SAMPLERS.values().stream().map(f -> f.apply(1)).map(Object::getClass)
                .collect(Collectors.toSet());
        assertEquals(made, tested, "the suite runs the classes the factories return");
    }

    @ParameterizedTest
    @MethodSource("samplers")
    void everyStoredTrialLiesInTheSpaceWithItsConditionsHonoured(String name) {
        Path db = dir.resolve(name + ".db");
        study(db, SAMPLERS.get(name).apply(3), TRIALS).optimize();
        History h = stored(db);
        assertEquals(TRIALS, h.completed().size());
        Set<Object> opts = new HashSet<>();
        for (FrozenTrial t : h.trials()) {
            assertInSpace(t.params(), "trial " + t.number());
            opts.add(t.params().get("opt"));
        }
        assertEquals(3, opts.size(), "every branch of the condition is reached: " + opts);
        assertTrue(h.trials().stream().anyMatch(t -> t.params().has("gain")), "the nested condition is reached");
    }

    /** Checks {@code p} against {@link #SPACE} as written above, not through the space's own checks. */
    static void assertInSpace(Params p, String what) {
        String at = what + ": " + p;
        double lr = (Double) p.get("lr");
        assertTrue(lr >= 1e-4 && lr <= 1e-1, at);
        double dropout = (Double) p.get("dropout");
        assertTrue(dropout >= 0 && dropout <= 0.5, at);
        assertTrue(dropout == 0 || dropout == 0.25 || dropout == 0.5, "dropout on its step of 0.25; " + at);
        long units = (Long) p.get("units");
        assertTrue(units == 16 || units == 32 || units == 48, "units on its step of 16; " + at);
        long batch = (Long) p.get("batch");
        assertTrue(batch >= 4 && batch <= 6, at);
        String opt = (String) p.get("opt");
        assertTrue(List.of("sgd", "momentum", "adam").contains(opt), at);
        assertEquals(opt.equals("momentum"), p.has("momentum"), "momentum exactly when opt=momentum; " + at);
        if (p.has("momentum")) {
            double m = (Double) p.get("momentum");
            assertTrue(m >= 0.5 && m <= 0.99, at);
        }
        long layers = (Long) p.get("layers");
        assertTrue(layers == 1 || layers == 2, at);
        assertEquals(layers >= 2, p.has("act2"), "act2 exactly when layers >= 2; " + at);
        boolean tanh = p.has("act2") && p.get("act2").equals("tanh");
        if (p.has("act2")) {
            assertTrue(List.of("relu", "tanh").contains(p.get("act2")), at);
        }
        assertEquals(tanh, p.has("gain"), "gain exactly when act2=tanh; " + at);
        if (p.has("gain")) {
            double g = (Double) p.get("gain");
            assertTrue(g == 0.5 || g == 1.0 || g == 1.5 || g == 2.0, "gain on its step of 0.5; " + at);
        }
        assertInstanceOf(Boolean.class, p.get("bn"), at);
        double width = ((Number) p.get("width")).doubleValue();
        assertTrue(width == 0.5 || width == 2, at);
        Set<String> known = Set.of("lr", "dropout", "units", "batch", "opt", "momentum", "layers", "act2", "gain",
                "bn", "width");
        assertTrue(known.containsAll(p.names()), "no parameter outside the space; " + at);
    }

    @ParameterizedTest
    @MethodSource("samplers")
    void enqueuedTrialsKeepTheirFixedValuesAndTheSamplerFillsTheRest(String name) {
        Path db = dir.resolve(name + ".db");
        study(db, SAMPLERS.get(name).apply(3), 12)
                // off the steps of dropout (0.25) and units (16): outside the space, so sampled instead
                .enqueue(Map.of("opt", "momentum", "momentum", 0.9, "layers", 2, "act2", "tanh", "dropout", 0.3,
                        "units", 40))
                // momentum is not a parameter when opt=sgd: ignored
                .enqueue(Map.of("opt", "sgd", "lr", 0.01, "units", 32, "dropout", 0.25, "momentum", 0.95))
                .optimize();
        History h = stored(db);
        assertEquals(12, h.completed().size());
        Params first = h.trials().get(0).params();
        assertEquals("momentum", first.get("opt"));
        assertEquals(0.9, (Double) first.get("momentum"), 0.0);
        assertEquals(2L, first.get("layers"), "an enqueued int is stored as the space's int");
        assertEquals("tanh", first.get("act2"));
        assertTrue(first.has("gain"), "the child the fixed parents open is sampled: " + first);
        Params second = h.trials().get(1).params();
        assertEquals("sgd", second.get("opt"));
        assertEquals(0.01, (Double) second.get("lr"), 0.0);
        assertEquals(32L, second.get("units"));
        assertEquals(0.25, (Double) second.get("dropout"), 0.0);
        assertFalse(second.has("momentum"), "no child of a branch the fixed parent closes: " + second);
        for (FrozenTrial t : h.trials()) {
            assertInSpace(t.params(), "trial " + t.number());
            assertEquals(t.number() < 2, t.systemAttributes().containsKey(Attributes.FIXED_PARAMS), "trial "
                    + t.number());
        }
    }

    @ParameterizedTest
    @MethodSource("samplers")
    void aNewSamplerOverTheStoredHistoryProposesWhatTheRunStored(String name) {
        Path db = dir.resolve(name + ".db");
        study(db, SAMPLERS.get(name).apply(5), TRIALS).optimize();
        History h = stored(db);
        assertEquals(TRIALS, h.trials().size());
        // at every trial a process restarted with a fresh sampler, seeing what was stored before it, would have
        // proposed what was run: the sampler keeps no state the file does not hold
        for (FrozenTrial t : h.trials()) {
            History before = h.withTrials(h.trials().subList(0, t.number()));
            Sampler fresh = SAMPLERS.get(name).apply(5);
            Proposal p = fresh.propose(new SamplingContext(SPACE, h.direction(), t.number(), () -> before))
                    .orElseThrow();
            assertEquals(t.params(), p.params(), name + " trial " + t.number());
            for (Map.Entry<String, Object> e : p.systemAttributes().entrySet()) {
                assertEquals(normalised(e.getValue()), normalised(t.systemAttributes().get(e.getKey())),
                        name + " trial " + t.number() + " attribute " + e.getKey());
            }
        }
    }

    @ParameterizedTest
    @MethodSource("samplers")
    void aSamplerThatHasProposedAndAFreshOneAgreeOnHistoriesOfEveryState(String name) {
        Sampler used = SAMPLERS.get(name).apply(9);
        List<String> disagreements = new ArrayList<>();
        try (Storage s = Storage.open("memory:")) {
            long studyId = s.createStudy("contract", Direction.MINIMIZE, Map.of()).studyId();
            TestClaims.Proposer request = (n, history, fixed) -> {
                History h = history.get();
                SamplingContext context = new SamplingContext(SPACE, Direction.MINIMIZE, n, () -> h);
                Optional<Proposal> p = used.propose(context);
                Optional<Proposal> fresh = SAMPLERS.get(name).apply(9).propose(context);
                if (!p.map(Proposal::params).equals(fresh.map(Proposal::params))) {
                    disagreements.add("trial " + n + ": " + p + " vs " + fresh);
                }
                return p.map(x -> TrialDraft.of(SPACE, x.params(), x.systemAttributes()));
            };
            FrozenTrial previous = null;
            for (int i = 0; i < TRIALS; i++) {
                // the next trial is proposed while the previous one still runs, then that one ends in one of the
                // ways a trial ends
                FrozenTrial t = ((ClaimOutcome.Claimed) TestClaims.claim(s, studyId, -1, request)).trial();
                assertInSpace(t.params(), name + " trial " + t.number());
                if (previous != null) {
                    end(s, previous);
                }
                previous = t;
            }
        }
        assertEquals(List.of(), disagreements);
    }

    /** Ends a trial COMPLETE, PRUNED after two steps, FAIL, or COMPLETE with a curve, by its number. */
    private static void end(Storage s, FrozenTrial t) {
        double v = loss(t.params());
        switch (t.number() % 4) {
            case 0 -> s.finish(t.trialId(), TrialState.COMPLETE, v, Map.of());
            case 1 -> {
                s.reportIntermediate(t.trialId(), 0, v + 1);
                s.reportIntermediate(t.trialId(), 1, v + 0.5);
                s.finish(t.trialId(), TrialState.PRUNED, v + 0.5, Map.of(Attributes.PRUNED_STEP, 1));
            }
            case 2 -> s.finish(t.trialId(), TrialState.FAIL, List.of(), Map.of(Attributes.FAIL_REASON, "diverged"));
            default -> {
                s.reportIntermediate(t.trialId(), 0, v + 0.1);
                s.finish(t.trialId(), TrialState.COMPLETE, v, Map.of());
            }
        }
    }

    @ParameterizedTest
    @MethodSource("samplers")
    void aStudyStoppedAndResumedRunsTheTrialsAnUninterruptedOneRuns(String name) {
        Path db = dir.resolve(name + ".db");
        study(db, SAMPLERS.get(name).apply(7), 13).optimize();
        study(db, SAMPLERS.get(name).apply(7), TRIALS).optimize();
        Path straight = dir.resolve(name + "-straight.db");
        study(straight, SAMPLERS.get(name).apply(7), TRIALS).optimize();
        assertEquals(byNumber(stored(straight)), byNumber(stored(db)));
    }

    @ParameterizedTest
    @MethodSource("samplers")
    void theSameSeedRunsTheSameTrialsOnAnyStorageAndAnotherSeedOthers(String name) {
        Path a = dir.resolve(name + "-a.db");
        study(a, SAMPLERS.get(name).apply(11), TRIALS).optimize();
        Path b = dir.resolve(name + "-b.db");
        study(b, SAMPLERS.get(name).apply(11), TRIALS).optimize();
        Map<Integer, Params> seeded = byNumber(stored(a));
        assertEquals(seeded, byNumber(stored(b)));
        assertEquals(seeded, byNumber(inMemory(SAMPLERS.get(name).apply(11), TRIALS)),
                "the same trials when the history comes from the memory storage");
        Path other = dir.resolve(name + "-other.db");
        study(other, SAMPLERS.get(name).apply(12), TRIALS).optimize();
        assertNotEquals(seeded, byNumber(stored(other)));
    }

    /**
     * A study run on the memory storage, one trial at a time, the sampler proposing inside each claim from the
     * history the storage hands it.
     */
    private static History inMemory(Sampler sampler, int trials) {
        try (Storage s = Storage.open("memory:")) {
            long studyId = s.createStudy("contract", Direction.MINIMIZE, Map.of()).studyId();
            TestClaims.Proposer request = (n, history, fixed) -> sampler.propose(
                    new SamplingContext(SPACE, Direction.MINIMIZE, n, history))
                    .map(p -> TrialDraft.of(SPACE, p.params(), p.systemAttributes()));
            while (TestClaims.claim(s, studyId, trials, request) instanceof ClaimOutcome.Claimed c) {
                s.finish(c.trial().trialId(), TrialState.COMPLETE, loss(c.trial().params()), Map.of());
            }
            return s.history(studyId);
        }
    }

    private static Map<Integer, Params> byNumber(History h) {
        Map<Integer, Params> m = new TreeMap<>();
        h.trials().forEach(t -> m.put(t.number(), t.params()));
        return m;
    }

    /** A stored attribute as JSON reads it back: numbers compared by value, lists element by element. */
    private static Object normalised(Object v) {
        if (v instanceof Number n) {
            return n.doubleValue();
        }
        if (v instanceof List<?> l) {
            return l.stream().map(SamplerContractTest::normalised).toList();
        }
        if (v instanceof Map<?, ?> m) {
            Map<Object, Object> out = new LinkedHashMap<>();
            m.forEach((k, x) -> out.put(k, normalised(x)));
            return out;
        }
        return v;
    }
}
