package io.sweep4j.sampler;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sweep4j.space.Params;
import io.sweep4j.study.Budget;
import io.sweep4j.study.Objective;
import io.sweep4j.study.Study;
import io.sweep4j.study.StudyResult;
import io.sweep4j.store.SqliteStorage;
import io.sweep4j.trial.FrozenTrial;
import io.sweep4j.trial.History;
import io.sweep4j.trial.TrialState;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The samplers through a real {@link Study} on a real SQLite file: what they derive from the stored history must
 * survive a restart, a copy of the file and a second process on the same study.
 */
class SamplerStorageIntegrationTest {
    @TempDir
    Path dir;

    private static final Objective BOWL = t -> GeneticSamplerTest.mixedBowl(t.params());

    private Study study(Path db, Sampler sampler, int trials) {
        return Study.named("s").storage(db)
                .space(GeneticSamplerTest.mixedSpace())
                .sampler(sampler)
                .objective(BOWL)
                .minimize("loss")
                .parallelism(1)
                .budget(Budget.trials(trials));
    }

    @Test
    void aResumedGeneticStudyContinuesTheStoredEvolutionAndACopyOfTheFileReproducesIt() throws IOException {
        Path db = dir.resolve("ga.db");
        History first = study(db, Samplers.genetic().population(8).seed(3), 20).optimize().history();
        int storedGeneration = first.trials().stream().mapToInt(SamplerStorageIntegrationTest::generation).max()
                .orElseThrow();
        assertTrue(storedGeneration >= 1, "the first run already bred children");
        Path copy = copyDatabase(db, dir.resolve("copy"));

        History resumed = study(db, Samplers.genetic().population(8).seed(3), 36).optimize().history();
        assertEquals(36, resumed.completed().size());
        List<FrozenTrial> later = resumed.trials().subList(20, 36);
        assertTrue(generation(later.get(0)) >= storedGeneration, "generations go on from the stored ones");
        assertTrue(generation(later.get(15)) > storedGeneration, "and keep advancing");
        boolean bredFromFirstRun = false;
        for (FrozenTrial t : later) {
            List<Integer> parents = parents(t);
            assertEquals(2, parents.size(), "trial " + t.number());
            for (int p : parents) {
                FrozenTrial parent = resumed.trials().get(p);
                assertTrue(p < t.number() && parent.state() == TrialState.COMPLETE, "parent " + p + " of " + t.number());
                assertTrue(generation(parent) <= generation(t));
                bredFromFirstRun |= p < 20;
            }
        }
        assertTrue(bredFromFirstRun, "the first run's trials are parents after the restart");

        // the same seed over a copy of the file proposes exactly the same trials: the file is the whole state
        History fromCopy = study(copy, Samplers.genetic().population(8).seed(3), 36).optimize().history();
        assertEquals(byNumber(resumed), byNumber(fromCopy));
        assertEquals(attributes(resumed), attributes(fromCopy));
        // and stopping at 20 changed nothing: one uninterrupted run of 36 gives the same trials
        History straight = study(dir.resolve("straight.db"), Samplers.genetic().population(8).seed(3), 36)
                .optimize().history();
        assertEquals(byNumber(resumed), byNumber(straight));
    }

    @Test
    void twoRunnersOnOneStudyBreedFromOnePopulation() throws Exception {
        Path db = dir.resolve("shared.db");
        Map<Integer, String> ranBy = new ConcurrentHashMap<>();
        // both runners must be in the study before either gets far, as two processes started together would be
        CountDownLatch bothStarted = new CountDownLatch(2);
        Set<String> started = ConcurrentHashMap.newKeySet();
        ExecutorService threads = Executors.newFixedThreadPool(2);
        try {
            List<Future<StudyResult>> runs = new ArrayList<>();
            for (String runner : List.of("A", "B")) {
                Study s = study(db, Samplers.genetic().population(8).seed(3), 48).parallelism(2).objective(t -> {
                    ranBy.put(t.number(), runner);
                    if (started.add(runner)) {
                        bothStarted.countDown();
                    }
                    bothStarted.await(10, TimeUnit.SECONDS);
                    Thread.sleep(5);
                    return GeneticSamplerTest.mixedBowl(t.params());
                });
                runs.add(threads.submit(s::optimize));
            }
            for (Future<StudyResult> r : runs) {
                r.get(60, TimeUnit.SECONDS);
            }
        } finally {
            threads.shutdownNow();
        }
        History h = stored(db);
        assertEquals(48, h.completed().size());
        assertEquals(48, ranBy.size());
        assertTrue(ranBy.containsValue("A") && ranBy.containsValue("B"), "both runners ran trials: " + ranBy);
        Set<String> crossings = ConcurrentHashMap.newKeySet();
        for (FrozenTrial t : h.trials()) {
            for (int p : parents(t)) {
                assertEquals(TrialState.COMPLETE, h.trials().get(p).state());
                if (!ranBy.get(p).equals(ranBy.get(t.number()))) {
                    crossings.add(ranBy.get(t.number()));
                }
            }
        }
        assertEquals(Set.of("A", "B"), crossings, "each runner bred from the other's trials");
    }

    @Test
    void parallelTpeNeverRunsTheSameParametersTwiceAtOnce() {
        // a small discrete space, where TPE's draws from l(x) collide easily without the liar
        Set<Params> running = ConcurrentHashMap.newKeySet();
        List<Params> duplicates = new ArrayList<>();
        AtomicInteger concurrent = new AtomicInteger();
        AtomicInteger maxConcurrent = new AtomicInteger();
        StudyResult r = Study.named("tpe").storage(dir.resolve("tpe.db"))
                .space(s -> s.intRange("a", 0, 4).intRange("b", 0, 4).choice("c", "p", "q"))
                .sampler(Samplers.tpe(11))
                .objective(t -> {
                    if (!running.add(t.params())) {
                        synchronized (duplicates) {
                            duplicates.add(t.params());
                        }
                    }
                    maxConcurrent.accumulateAndGet(concurrent.incrementAndGet(), Math::max);
                    try {
                        Thread.sleep(15);
                        double a = t.getInt("a") - 2;
                        double b = t.getInt("b") - 3;
                        return a * a + b * b + (t.getString("c").equals("p") ? 0 : 1);
                    } finally {
                        concurrent.decrementAndGet();
                        running.remove(t.params());
                    }
                })
                .minimize("loss").parallelism(4).budget(Budget.trials(48)).optimize();
        assertEquals(48, r.history().completed().size());
        assertTrue(maxConcurrent.get() >= 3, "trials overlapped: " + maxConcurrent.get());
        assertEquals(List.of(), duplicates);
        // and it still searches: within one step of the optimum (0) of a space whose mean is above 4
        assertTrue(r.best().orElseThrow().value() <= 1.0, "best " + r.best().orElseThrow());
    }

    @Test
    void aSeededTpeStudyProposesTheSameNextTrialsFromACopyOfTheFile() throws IOException {
        Path db = dir.resolve("tpe.db");
        study(db, Samplers.tpe(5), 15).optimize();
        Path copy = copyDatabase(db, dir.resolve("copy"));
        History resumed = study(db, Samplers.tpe(5), 20).optimize().history();
        History fromCopy = study(copy, Samplers.tpe(5), 20).optimize().history();
        Map<Integer, Params> a = byNumber(resumed);
        assertEquals(a, byNumber(fromCopy));
        // past the 8 start-up trials: these are TPE's own proposals, read back from SQLite
        assertFalse(a.get(15).equals(a.get(16)));
        History straight = study(dir.resolve("straight.db"), Samplers.tpe(5), 20).optimize().history();
        assertEquals(a, byNumber(straight));
    }

    private static History stored(Path db) {
        try (SqliteStorage s = SqliteStorage.openReadOnly(db)) {
            return s.history(s.findStudy("s").orElseThrow().studyId());
        }
    }

    /** Copies a closed study file (and any WAL beside it) as a user would copy it to another machine. */
    private static Path copyDatabase(Path db, Path toDir) throws IOException {
        Files.createDirectories(toDir);
        Path target = toDir.resolve(db.getFileName());
        for (String suffix : List.of("", "-wal", "-shm")) {
            Path source = Path.of(db + suffix);
            if (Files.exists(source)) {
                Files.copy(source, Path.of(target + suffix));
            }
        }
        return target;
    }

    private static int generation(FrozenTrial t) {
        return ((Number) t.systemAttributes().get(GeneticSampler.GENERATION)).intValue();
    }

    private static List<Integer> parents(FrozenTrial t) {
        return ((List<?>) t.systemAttributes().get(GeneticSampler.PARENTS)).stream()
                .map(p -> ((Number) p).intValue()).toList();
    }

    private static Map<Integer, Params> byNumber(History h) {
        Map<Integer, Params> m = new TreeMap<>();
        h.trials().forEach(t -> m.put(t.number(), t.params()));
        return m;
    }

    /** The GA's own attributes per trial (not the worker's, which names the process). */
    private static Map<Integer, List<Object>> attributes(History h) {
        Map<Integer, List<Object>> m = new TreeMap<>();
        h.trials().forEach(t -> m.put(t.number(), List.of(generation(t), parents(t),
                t.systemAttributes().get(GeneticSampler.GENOME))));
        return m;
    }
}
