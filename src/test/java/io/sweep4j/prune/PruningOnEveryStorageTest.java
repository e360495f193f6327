package io.sweep4j.prune;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sweep4j.space.Params;
import io.sweep4j.space.SearchSpace;
import io.sweep4j.store.ClaimOutcome;
import io.sweep4j.store.PgTestServer;
import io.sweep4j.store.Storage;
import io.sweep4j.store.TestClaims;
import io.sweep4j.trial.Attributes;
import io.sweep4j.trial.Direction;
import io.sweep4j.trial.FrozenTrial;
import io.sweep4j.trial.TrialDraft;
import io.sweep4j.trial.TrialState;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Pruners read only what a storage holds: the same curves, claimed, reported and judged through a SQLite file, a
 * real PostgreSQL database and memory, make the decisions and store the rungs and brackets of the in-memory replay
 * (which {@link OptunaPrunerAgreementTest} checks against Optuna).
 */
class PruningOnEveryStorageTest {
    private static final SearchSpace SPACE = SearchSpace.builder().floatRange("x", 0, 1).build();

    @TempDir
    Path dir;

    static Stream<String> backends() {
        return Stream.of("sqlite", "postgresql", "memory");
    }

    private Storage open(String backend) {
        return switch (backend) {
            case "sqlite" -> Storage.open(dir.resolve("pruning.db").toString());
            case "postgresql" -> Storage.open(PgTestServer.get().newDatabase());
            default -> Storage.open("memory:");
        };
    }

    @ParameterizedTest
    @MethodSource("backends")
    void pruningThroughAStorageMakesTheReplaysDecisionsAndStoresItsAttributes(String backend) {
        Map<String, Pruner> pruners = Map.of("median", Pruners.median(3, 1), "asha", Pruners.asha(1, 3),
                "hyperband", Pruners.hyperband(1, 9, 3));
        int pruned = 0;
        int rungs = 0;
        try (Storage storage = open(backend)) {
            for (var e : new TreeMap<>(pruners).entrySet()) {
                for (Direction direction : Direction.values()) {
                    String study = "prune-" + e.getKey() + "-" + direction;
                    List<double[]> curves = OptunaPrunerAgreementTest.curves(new Random(study.hashCode()), 20,
                            direction);
                    List<int[]> schedule = CurveReplay.interleaved(curves, 3);
                    CurveReplay expected = CurveReplay.run(e.getValue(), study, direction, curves, schedule);
                    Stored actual = replay(storage, e.getValue(), study, direction, curves, schedule);
                    assertArrayEquals(expected.prunedAt, actual.prunedAt, backend + " " + study + ": pruned steps");
                    for (int i = 0; i < curves.size(); i++) {
                        assertEquals(kept(expected.attributes.get(i)), kept(actual.attributes[i]),
                                backend + " " + study + ": stored rungs and bracket of curve " + i);
                        if (expected.decisions.get(i) != null) {
                            assertEquals(expected.decisions.get(i).rule(),
                                    actual.attributes[i].get(Attributes.PRUNED_RULE), backend + " " + study);
                            pruned++;
                        }
                        rungs += (int) actual.attributes[i].keySet().stream()
                                .filter(k -> k.startsWith(Attributes.COMPLETED_RUNG)).count();
                    }
                }
            }
        }
        assertTrue(pruned >= 20 && rungs >= 20, "the curves exercise the rules: " + pruned + " prunings, " + rungs
                + " rungs");
    }

    private record Stored(int[] prunedAt, Map<String, Object>[] attributes) {
    }

    /** The {@link CurveReplay} protocol, with every read and write going through the storage as the runner's do. */
    @SuppressWarnings("unchecked")
    private static Stored replay(Storage storage, Pruner pruner, String study, Direction direction,
            List<double[]> curves, List<int[]> schedule) {
        long studyId = storage.createStudy(study, direction, Map.of()).studyId();
        Map<Integer, Long> ids = new HashMap<>();
        int[] prunedAt = new int[curves.size()];
        java.util.Arrays.fill(prunedAt, -1);
        boolean[] done = new boolean[curves.size()];
        for (int[] event : schedule) {
            int i = event[0];
            int step = event[1];
            if (done[i]) {
                continue;
            }
            if (!ids.containsKey(i)) {
                ClaimOutcome out = TestClaims.claim(storage, studyId, -1,
                        (n, h, fixed) -> Optional.of(TrialDraft.of(SPACE,
                        Params.of(Map.of("x", 0.5)), pruner.onClaim(study, n))));
                ids.put(i, ((ClaimOutcome.Claimed) out).trial().trialId());
            }
            long id = ids.get(i);
            double value = curves.get(i)[step];
            storage.reportIntermediate(id, step, value);
            Decision d = pruner.judge(new PruningContext(study, direction, storage.trial(id),
                    () -> storage.history(studyId)));
            d.attributes().forEach((k, v) -> storage.setTrialSystemAttribute(id, k, v));
            if (d instanceof Decision.Prune p) {
                prunedAt[i] = step;
                done[i] = true;
                storage.finish(id, TrialState.PRUNED, Double.isNaN(value) ? null : value,
                        Map.of(Attributes.PRUNED_STEP, p.step(), Attributes.PRUNED_RULE, p.rule(),
                                Attributes.PRUNED_REASON, p.reason()));
            } else if (step == curves.get(i).length - 1) {
                done[i] = true;
                storage.finish(id, TrialState.COMPLETE, value, Map.of());
            }
        }
        Map<String, Object>[] attributes = new Map[curves.size()];
        for (var e : ids.entrySet()) {
            FrozenTrial t = storage.trial(e.getValue());
            attributes[e.getKey()] = t.systemAttributes();
        }
        return new Stored(prunedAt, attributes);
    }

    /** The pruner's own attributes, numbers compared as doubles (a JSON round trip may turn an int into a long). */
    private static Map<String, Double> kept(Map<String, Object> attributes) {
        Map<String, Double> out = new TreeMap<>();
        attributes.forEach((k, v) -> {
            if (k.startsWith(Attributes.COMPLETED_RUNG) || k.equals(Attributes.BRACKET)) {
                out.put(k, ((Number) v).doubleValue());
            }
        });
        return out;
    }
}
