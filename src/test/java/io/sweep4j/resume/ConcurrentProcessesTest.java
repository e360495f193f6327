package io.sweep4j.resume;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sweep4j.space.Params;
import io.sweep4j.store.Storage;
import io.sweep4j.trial.Attributes;
import io.sweep4j.trial.FrozenTrial;
import io.sweep4j.trial.History;
import io.sweep4j.trial.TrialState;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Several processes running the same study in the same file at once, as several `sweep run` would. */
class ConcurrentProcessesTest {
    private static final Pattern RAN = Pattern.compile("DONE ran=(\\d+) stop=(\\w+)");

    @TempDir
    Path dir;

    @Test
    void fourProcessesShareOneBudgetWithUniqueNumbersAndNoErrors() throws Exception {
        Path db = dir.resolve("shared.db");
        List<ChildJvm> children = new ArrayList<>();
        // all four start on a file that does not exist yet: creating the schema and the study is raced too; they
        // wait at a start line so that a slow JVM start on a loaded machine cannot leave one of them out
        Path go = dir.resolve("go");
        for (int i = 0; i < 4; i++) {
            children.add(ChildJvm.start(dir, "p" + i, List.of("-Dgo=" + go), db.toString(), "shared", "fast", "200",
                    "1"));
        }
        for (ChildJvm c : children) {
            assertTrue(c.awaitOutput("READY", 60_000), c.stderr());
        }
        java.nio.file.Files.createFile(go);
        int ran = 0;
        for (ChildJvm c : children) {
            assertTrue(c.process().waitFor(120, TimeUnit.SECONDS));
            assertEquals(0, c.process().exitValue(), c.stderr());
            assertNoErrors(c);
            Matcher m = RAN.matcher(c.stdout());
            assertTrue(m.find(), c.stdout());
            ran += Integer.parseInt(m.group(1));
            assertEquals("BUDGET_TRIALS", m.group(2));
        }
        assertEquals(200, ran, "the processes together ran exactly the budget");
        History h = ChaosKillTest.history(db);
        assertEquals(200, h.completed().size());
        Set<Integer> numbers = new HashSet<>();
        h.trials().forEach(t -> numbers.add(t.number()));
        assertEquals(200, numbers.size());
        assertEquals(199, numbers.stream().mapToInt(i -> i).max().orElseThrow());
        Set<Object> workers = new HashSet<>();
        h.trials().forEach(t -> workers.add(pidOf(t)));
        assertEquals(4, workers.size(), "every process ran trials");
    }

    @Test
    void threeProcessesOnOneGridRunEveryPointExactlyOnce() throws Exception {
        Path db = dir.resolve("grid.db");
        List<ChildJvm> children = new ArrayList<>();
        Path go = dir.resolve("go");
        for (int i = 0; i < 3; i++) {
            children.add(ChildJvm.start(dir, "g" + i, List.of("-Dgo=" + go), db.toString(), "grid", "grid", "0",
                    "2"));
        }
        // all three start together: on a loaded machine one JVM could otherwise run the whole grid alone
        for (ChildJvm c : children) {
            assertTrue(c.awaitOutput("READY", 60_000), c.stderr());
        }
        java.nio.file.Files.createFile(go);
        for (ChildJvm c : children) {
            assertTrue(c.process().waitFor(120, TimeUnit.SECONDS));
            assertEquals(0, c.process().exitValue(), c.stderr());
            assertNoErrors(c);
            assertTrue(c.stdout().contains("stop=SAMPLER_EXHAUSTED"), c.stdout());
        }
        History h = ChaosKillTest.history(db);
        assertEquals(60, h.trials().size(), "3 × 4 × 5 grid points");
        Set<Params> points = new HashSet<>();
        Set<Object> gridIds = new HashSet<>();
        for (FrozenTrial t : h.trials()) {
            assertEquals(TrialState.COMPLETE, t.state());
            assertTrue(points.add(t.params()), "grid point run twice: " + t.params());
            gridIds.add(t.systemAttributes().get(Attributes.GRID_ID));
        }
        assertEquals(60, gridIds.size());
        Set<Object> workers = new HashSet<>();
        h.trials().forEach(t -> workers.add(pidOf(t)));
        assertTrue(workers.size() >= 2, "the grid was shared, not run by one process: " + workers);
    }

    @Test
    void whenOneOfThreeProcessesIsKilledTheOthersRetryItsTrialsAndEndExactlyOnBudget() throws Exception {
        Path db = dir.resolve("survivors.db");
        List<ChildJvm> children = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            children.add(ChildJvm.start(dir, "s" + i, List.of(), db.toString(), "survivors", "chaos", "150", "2",
                    "200"));
        }
        ChildJvm victim = children.get(0);
        long deadline = System.currentTimeMillis() + 30_000;
        while (ChaosKillTest.loggedFinished(victim.stderr()).size() < 5 && System.currentTimeMillis() < deadline) {
            Thread.sleep(5);
        }
        victim.process().destroyForcibly().waitFor();
        History atKill = ChaosKillTest.history(db);
        String victimPid = Long.toString(victim.process().pid());
        List<FrozenTrial> killed = atKill.inState(TrialState.RUNNING).stream()
                .filter(t -> pidOf(t).equals(victimPid)).toList();
        // a trial reserved whose parameters were not stored yet never ran: failed, not counted, not retried
        List<Integer> orphans = killed.stream().filter(t -> !t.systemAttributes().containsKey(Attributes.RESERVED))
                .map(FrozenTrial::number).toList();
        List<Long> reservations = killed.stream().filter(t -> t.systemAttributes().containsKey(Attributes.RESERVED))
                .map(FrozenTrial::trialId).toList();
        for (ChildJvm c : children.subList(1, 3)) {
            assertTrue(c.process().waitFor(120, TimeUnit.SECONDS));
            assertEquals(0, c.process().exitValue(), c.stderr());
        }
        History h = ChaosKillTest.history(db);
        assertTrue(h.inState(TrialState.RUNNING).isEmpty(), "no trial left running, without any restart");
        assertEquals(150, h.trials().stream().filter(t -> t.state().isFinished() && !ChaosKillTest.isInterrupted(t))
                .count());
        for (long id : reservations) {
            FrozenTrial t = h.trials().stream().filter(r -> r.trialId() == id).findFirst().orElseThrow();
            assertEquals(Storage.NEVER_PROPOSED, t.systemAttributes().get(Attributes.FAIL_REASON), t.toString());
        }
        for (int n : orphans) {
            assertTrue(h.trials().stream().anyMatch(t -> ChaosKillTest.retryOf(t) == n && !pidOf(t).equals(victimPid)),
                    "trial " + n + " of the killed process was not retried by a survivor");
        }
    }

    private static void assertNoErrors(ChildJvm c) throws Exception {
        String err = c.stderr();
        assertFalse(err.contains("locked") || err.contains("Exception") || err.contains("ERROR")
                || err.contains("WARN"), err);
    }

    private static String pidOf(FrozenTrial t) {
        return String.valueOf(t.systemAttributes().get(io.sweep4j.trial.Attributes.WORKER)).split("\\|")[1];
    }
}
