package io.sweep4j.resume;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sweep4j.store.SqliteStorage;
import io.sweep4j.store.Storage;
import io.sweep4j.trial.Attributes;
import io.sweep4j.trial.FrozenTrial;
import io.sweep4j.trial.History;
import io.sweep4j.trial.TrialState;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
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
    /** A finished trial as the runner logs it (after the commit). */
    static final Pattern LOGGED = Pattern.compile("trial (\\d+) (COMPLETE|PRUNED) loss=(\\S+) params=");
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
        ChaosLedger ledger = new ChaosLedger(budget);
        int killedDuringRun = 0;
        // the children's temp directory: what kills leave there is counted at the end (issue 14)
        Path tmp = java.nio.file.Files.createDirectories(dir.resolve("tmp"));
        // a sampler taking 5 ms: kills land between a trial's reservation and its parameters' store too
        List<String> jvm = List.of("-Djava.io.tmpdir=" + tmp, "-DproposeMs=5");
        for (int k = 0; k < kills; k++) {
            ChildJvm child = ChildJvm.start(dir, "run" + k, jvm, db.toString(), STUDY, "chaos",
                    Integer.toString(budget), "2", "200");
            long t0 = System.nanoTime();
            waitForAKillMoment(child, random);
            long killAfter = (System.nanoTime() - t0) / 1_000_000;
            boolean wasAlive = child.process().isAlive();
            child.process().destroyForcibly().waitFor();
            Map<Integer, String> logged = loggedFinished(child.stderr());
            if (!logged.isEmpty()) {
                killedDuringRun++;
            }
            History h = history(db);
            if (h == null) {
                continue; // killed before the study existed
            }
            // a run that got as far as finishing a trial has opened the study, so it recovered the earlier run's
            // RUNNING trials: any of them still RUNNING is a zombie
            ledger.check(h, logged, !logged.isEmpty());
            System.out.printf("kill %d after %d ms (alive=%s): %d trials, %d finished, %d running, %d logged%n", k,
                    killAfter, wasAlive, h.trials().size(), ledger.finished(), ledger.running(), logged.size());
        }
        ChildJvm last = ChildJvm.start(dir, "final", jvm, db.toString(), STUDY, "chaos",
                Integer.toString(budget), "2", "200");
        assertEquals(0, last.process().waitFor(), last.stderr());
        History h = history(db);
        ledger.end(h, loggedFinished(last.stderr()));
        System.out.printf("CHAOS seed=%d kills=%d (%d during trials) budget=%d: %s%n", seed, kills, killedDuringRun,
                budget, ledger.summary(h));
        List<Path> tmpFiles;
        try (var walk = java.nio.file.Files.walk(tmp)) {
            tmpFiles = walk.filter(java.nio.file.Files::isRegularFile).toList();
        }
        System.out.printf("CHAOS temp files left after %d kills: %d %s%n", kills, tmpFiles.size(), tmpFiles);
        assertEquals(1, tmpFiles.size(), "only sqlite-jdbc's shared native library stays in the temp directory");
        ledger.assertClean(h);
    }

    /**
     * Waits for a random moment to kill {@code child}: one kill in four lands anywhere in start-up (opening the
     * storage, recovering, the first claims); the others after its first trial finished, at a random point of the
     * claim/report/finish cycle. Timed from the child's own progress, so a loaded machine (slow JVM start) does not
     * turn them all into the first kind.
     */
    static void waitForAKillMoment(ChildJvm child, Random random) throws Exception {
        if (random.nextInt(4) == 0) {
            Thread.sleep(50 + random.nextInt(900));
        } else {
            waitForFirstLoggedTrial(child, 30_000);
            Thread.sleep(random.nextInt(600));
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
                if (t.systemAttributes().containsKey(Attributes.RESERVED)) {
                    // killed between its reservation and its parameters: it never ran, so it is failed, not retried
                    assertEquals(Storage.NEVER_PROPOSED, after.systemAttributes().get(Attributes.FAIL_REASON),
                            "trial " + t.number() + " reserved at the kill: " + after);
                    assertTrue(h.trials().stream().noneMatch(r -> retryOf(r) == t.number()), after.toString());
                    continue;
                }
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
        return ChaosLedger.isInterrupted(t);
    }

    static int retryOf(FrozenTrial t) {
        return ChaosLedger.retryOf(t);
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
