package io.sweep4j.resume;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sweep4j.space.Readable;
import io.sweep4j.store.SqliteStorage;
import io.sweep4j.trial.Attributes;
import io.sweep4j.trial.FrozenTrial;
import io.sweep4j.trial.History;
import io.sweep4j.trial.TrialState;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Random;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A study in a child JVM killed with SIGKILL at random moments, again and again, and resumed each time: what a
 * user relies on after {@code kill -9}, an OOM killer or a power switch (minus the OS cache) must hold.
 *
 * <p>{@code -Dchaos.kills=20} runs the long measurement; the suite runs 6 kills.
 */
class ChaosKillTest {
    private static final Pattern LOGGED = Pattern.compile("trial (\\d+) (COMPLETE|PRUNED) loss=(\\S+) params=");
    private static final Pattern LOGGED_FAIL = Pattern.compile("trial (\\d+) failed: ");
    private static final String STUDY = "chaos";

    @TempDir
    Path dir;

    @Test
    void killedAgainAndAgainLosesNothingAndEndsWithExactlyTheBudget() throws Exception {
        int kills = Integer.getInteger("chaos.kills", 6);
        long seed = Long.getLong("chaos.seed", System.nanoTime());
        int budget = 60 * kills + 60;
        Random random = new Random(seed);
        Path db = dir.resolve("chaos.db");
        Map<Integer, FrozenTrial> finishedBefore = new HashMap<>();
        Set<Integer> runningBefore = new HashSet<>();
        int lost = 0;
        int zombies = 0;
        int duplicates = 0;
        int killedDuringRun = 0;
        // the children's temp directory: what kills leave there is counted at the end (issue 14)
        Path tmp = java.nio.file.Files.createDirectories(dir.resolve("tmp"));
        List<String> jvm = List.of("-Djava.io.tmpdir=" + tmp);
        for (int k = 0; k < kills; k++) {
            ChildJvm child = ChildJvm.start(dir, "run" + k, jvm, db.toString(), STUDY, "chaos",
                    Integer.toString(budget), "2", "200");
            // one kill in four lands anywhere in start-up (opening the file, recovering, the first claims); the
            // others after the first trial finished, at a random point of the claim/report/finish cycle. Timed from
            // the child's own progress, so a loaded machine (slow JVM start) does not turn them all into the first
            long killAfter;
            long t0 = System.nanoTime();
            if (random.nextInt(4) == 0) {
                Thread.sleep(50 + random.nextInt(900));
            } else {
                waitForFirstLoggedTrial(child, 30_000);
                Thread.sleep(random.nextInt(600));
            }
            killAfter = (System.nanoTime() - t0) / 1_000_000;
            boolean wasAlive = child.process().isAlive();
            child.process().destroyForcibly().waitFor();
            String log = child.stderr();
            Map<Integer, String> logged = loggedFinished(log);
            if (!logged.isEmpty()) {
                killedDuringRun++;
            }
            History h = history(db);
            if (h == null) {
                continue; // killed before the study existed
            }
            Map<Integer, FrozenTrial> byNumber = new HashMap<>();
            for (FrozenTrial t : h.trials()) {
                if (byNumber.put(t.number(), t) != null) {
                    duplicates++;
                }
            }
            duplicates += duplicateRetries(h);
            // every trial finished before this kill (stored or logged) is still there, unchanged
            for (FrozenTrial was : finishedBefore.values()) {
                FrozenTrial now = byNumber.get(was.number());
                if (now == null || now.state() != was.state() || !Objects.equals(now.value(), was.value())
                        || !now.params().equals(was.params())) {
                    lost++;
                }
            }
            for (var e : logged.entrySet()) {
                FrozenTrial now = byNumber.get(e.getKey());
                // the log shows values as a person reads them (5 significant digits)
                if (now == null || !now.state().isFinished()
                        || !Objects.equals(now.value() == null ? null : Readable.of(now.value()), e.getValue())) {
                    lost++;
                }
            }
            // a run that got as far as finishing a trial has opened the study, so it recovered the earlier run's
            // RUNNING trials: any of them still RUNNING is a zombie
            if (!logged.isEmpty()) {
                for (int n : runningBefore) {
                    if (byNumber.get(n).state() == TrialState.RUNNING) {
                        zombies++;
                    }
                }
            }
            assertTrue(counted(h) <= budget, "the budget was overshot: " + counted(h) + " > " + budget);
            finishedBefore.clear();
            runningBefore.clear();
            for (FrozenTrial t : h.trials()) {
                if (t.state().isFinished()) {
                    finishedBefore.put(t.number(), t);
                } else if (t.state() == TrialState.RUNNING) {
                    runningBefore.add(t.number());
                }
            }
            System.out.printf("kill %d after %d ms (alive=%s): %d trials, %d finished, %d running, %d logged%n", k,
                    killAfter, wasAlive, h.trials().size(), finishedBefore.size(), runningBefore.size(),
                    logged.size());
        }
        ChildJvm last = ChildJvm.start(dir, "final", jvm, db.toString(), STUDY, "chaos",
                Integer.toString(budget), "2", "200");
        assertEquals(0, last.process().waitFor(), last.stderr());
        History h = history(db);
        for (FrozenTrial was : finishedBefore.values()) {
            FrozenTrial now = h.trials().stream().filter(t -> t.number() == was.number()).findFirst().orElse(null);
            if (now == null || now.state() != was.state() || !Objects.equals(now.value(), was.value())) {
                lost++;
            }
        }
        Set<Integer> numbers = new HashSet<>();
        for (FrozenTrial t : h.trials()) {
            if (!numbers.add(t.number())) {
                duplicates++;
            }
        }
        duplicates += duplicateRetries(h);
        zombies += h.inState(TrialState.RUNNING).size();
        long interrupted = h.trials().stream().filter(ChaosKillTest::isInterrupted).count();
        long retries = h.trials().stream().filter(t -> t.systemAttributes().containsKey(Attributes.RETRY_OF)).count();
        System.out.printf("CHAOS seed=%d kills=%d (%d during trials) budget=%d: lost=%d duplicates=%d zombies=%d;"
                + " %d trials stored, %d interrupted, %d retries%n", seed, kills, killedDuringRun, budget, lost,
                duplicates, zombies, h.trials().size(), interrupted, retries);
        List<Path> tmpFiles;
        try (var walk = java.nio.file.Files.walk(tmp)) {
            tmpFiles = walk.filter(java.nio.file.Files::isRegularFile).toList();
        }
        System.out.printf("CHAOS temp files left after %d kills: %d %s%n", kills, tmpFiles.size(), tmpFiles);
        assertEquals(1, tmpFiles.size(), "only sqlite-jdbc's shared native library stays in the temp directory");
        assertEquals(0, lost, "finished trials lost");
        assertEquals(0, duplicates, "duplicate trial numbers or retries");
        assertEquals(0, zombies, "trials left RUNNING");
        assertEquals(budget, counted(h), "counted trials at the end");
        assertEquals(budget, h.trials().stream().filter(t -> t.state().isFinished() && !isInterrupted(t)).count());
        // every interrupted trial was retried, unless its chain of retries ran out
        for (FrozenTrial t : h.trials()) {
            int depth = ((Number) t.systemAttributes().getOrDefault(Attributes.PREFIX + "retry_depth", 0)).intValue();
            if (isInterrupted(t) && depth < 2) {
                assertTrue(h.trials().stream().anyMatch(r -> retryOf(r) == t.number()),
                        "interrupted trial " + t.number() + " was not retried");
            }
        }
    }

    @Test
    void fiftyTrialStudyKilledAtThirtyEndsWithExactlyFifty() throws Exception {
        Path db = dir.resolve("fifty.db");
        ChildJvm child = ChildJvm.start(dir, "fifty", List.of(), db.toString(), "fifty", "chaos", "50", "2", "200");
        long deadline = System.currentTimeMillis() + 30_000;
        while (loggedFinished(child.stderr()).size() < 30 && System.currentTimeMillis() < deadline) {
            Thread.sleep(2);
        }
        child.process().destroyForcibly().waitFor();
        History killed = history(db);
        int finishedAtKill = (int) killed.trials().stream().filter(t -> t.state().isFinished()).count();
        assertTrue(finishedAtKill >= 30 && finishedAtKill < 50, "finished at the kill: " + finishedAtKill);

        ChildJvm resumed = ChildJvm.start(dir, "fifty-resumed", List.of(), db.toString(), "fifty", "chaos", "50", "2",
                "200");
        assertEquals(0, resumed.process().waitFor(), resumed.stderr());
        History h = history(db);
        assertEquals(50, h.trials().stream().filter(t -> t.state().isFinished() && !isInterrupted(t)).count());
        assertTrue(h.inState(TrialState.RUNNING).isEmpty());
        for (FrozenTrial t : killed.trials()) {
            if (t.state() == TrialState.RUNNING) {
                FrozenTrial after = h.trials().stream().filter(a -> a.number() == t.number()).findFirst()
                        .orElseThrow();
                assertTrue(isInterrupted(after), "trial " + t.number() + " running at the kill: " + after);
                FrozenTrial retry = h.trials().stream().filter(r -> retryOf(r) == t.number()).findFirst()
                        .orElseThrow(() -> new AssertionError("trial " + t.number() + " was not retried"));
                assertEquals(t.params(), retry.params());
            }
        }
    }

    private static void waitForFirstLoggedTrial(ChildJvm child, long timeoutMs) throws Exception {
        long end = System.currentTimeMillis() + timeoutMs;
        while (System.currentTimeMillis() < end && child.process().isAlive()
                && !LOGGED.matcher(child.stderr()).find()) {
            Thread.sleep(5);
        }
    }

    static History history(Path db) {
        if (!db.toFile().exists() || db.toFile().length() == 0) {
            return null;
        }
        // read-write: a read-only connection cannot recover the WAL a killed process left behind
        try (SqliteStorage s = SqliteStorage.open(db)) {
            return s.studies().stream().findFirst().map(i -> s.history(i.studyId())).orElse(null);
        }
    }

    static boolean isInterrupted(FrozenTrial t) {
        return t.state() == TrialState.FAIL && Boolean.TRUE.equals(t.systemAttributes().get(Attributes.INTERRUPTED));
    }

    static int retryOf(FrozenTrial t) {
        Object of = t.systemAttributes().get(Attributes.RETRY_OF);
        return of instanceof Number n ? n.intValue() : -1;
    }

    static long counted(History h) {
        return h.trials().stream().filter(t -> t.state() == TrialState.RUNNING
                || (t.state().isFinished() && !isInterrupted(t))).count();
    }

    /** Interrupted trials retried more than once (two processes or two runs picking the same one). */
    private static int duplicateRetries(History h) {
        Set<Integer> seen = new HashSet<>();
        int dup = 0;
        for (FrozenTrial t : h.trials()) {
            int of = retryOf(t);
            if (of >= 0 && !seen.add(of)) {
                dup++;
            }
        }
        return dup;
    }

    /** What the child logged as finished (the runner logs only after the commit), by trial number. */
    static Map<Integer, String> loggedFinished(String log) {
        Map<Integer, String> out = new HashMap<>();
        Matcher m = LOGGED.matcher(log);
        while (m.find()) {
            out.put(Integer.parseInt(m.group(1)), m.group(3));
        }
        List<Integer> failed = new ArrayList<>();
        Matcher f = LOGGED_FAIL.matcher(log);
        while (f.find()) {
            failed.add(Integer.parseInt(f.group(1)));
        }
        for (int n : failed) {
            out.put(n, null);
        }
        return out;
    }
}
