package io.sweep4j.resume;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sweep4j.trial.Attributes;
import io.sweep4j.trial.FrozenTrial;
import io.sweep4j.trial.History;
import io.sweep4j.trial.TrialState;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Ctrl-C once, Ctrl-C twice and SIGTERM, sent to a real child JVM: the file stays consistent and resumes. */
class InterruptTest {
    /** Runs the child's study as {@code sweep run} does: only a command line takes over Ctrl-C. */
    private static final List<String> CLI = List.of("-Dcli=true");

    @TempDir
    Path dir;

    @Test
    void ctrlCOnceLetsRunningTrialsCheckpointAndTheNextRunContinuesThem() throws Exception {
        Path db = dir.resolve("once.db");
        ChildJvm child = ChildJvm.start(dir, "once", CLI, db.toString(), "once", "slow", "20", "2");
        assertTrue(child.awaitOutput("STARTED 1", 20_000), child.stderr());
        Thread.sleep(250);
        child.signal("INT");
        assertTrue(child.process().waitFor(10, TimeUnit.SECONDS), "the run did not stop after one Ctrl-C");
        assertEquals(0, child.process().exitValue(), child.stderr());
        assertTrue(child.stderr().contains("Stopping: no new trials"), child.stderr());
        assertTrue(child.stdout().contains("stop=INTERRUPTED"), child.stdout());

        Matcher stopping = Pattern.compile("Stopping: no new trials; (\\d+) running").matcher(child.stderr());
        assertTrue(stopping.find(), child.stderr());
        int runningAtTheStop = Integer.parseInt(stopping.group(1));

        History h = ChaosKillTest.history(db);
        for (FrozenTrial t : h.trials()) {
            // (a trial that happened to end before the signal arrived completed normally)
            assertTrue(t.state() == TrialState.COMPLETE || ChaosKillTest.isInterrupted(t), t.toString());
        }
        List<FrozenTrial> interrupted = h.trials().stream().filter(ChaosKillTest::isInterrupted).toList();
        assertFalse(interrupted.isEmpty(), "the running trials end interrupted");
        // none starts after the Ctrl-C: the interrupted ones are those running when it came (one may still complete)
        assertTrue(interrupted.size() <= runningAtTheStop, runningAtTheStop + " running at the stop: " + interrupted);
        for (FrozenTrial t : interrupted) {
            assertEquals("interrupted", t.systemAttributes().get(Attributes.FAIL_REASON));
            // a deliberate stop: its retry does not use up the retries kept for crashes
            assertEquals(true, t.systemAttributes().get(Attributes.STOPPED), t.toString());
            // the trial ended at a report, after its checkpoint: the checkpoint holds the last reported epoch
            int lastStep = t.intermediateValues().lastKey();
            Path checkpoint = dir.resolve("once.db-files/once-1").resolve("trial-" + t.number()).resolve("checkpoint");
            assertEquals(Integer.toString(lastStep), Files.readString(checkpoint));
        }

        // a budget that leaves room for exactly the retries
        String budget = Integer.toString(h.trials().size());
        ChildJvm resumed = ChildJvm.start(dir, "once-resumed", List.of(), db.toString(), "once", "slow", budget, "2");
        assertEquals(0, resumed.process().waitFor(), resumed.stderr());
        History after = ChaosKillTest.history(db);
        assertEquals(h.trials().size() + interrupted.size(), after.trials().size());
        for (FrozenTrial t : interrupted) {
            FrozenTrial retry = after.trials().stream().filter(r -> ChaosKillTest.retryOf(r) == t.number())
                    .findFirst().orElseThrow(() -> new AssertionError("trial " + t.number() + " not retried"));
            assertEquals(TrialState.COMPLETE, retry.state());
            assertEquals(t.params(), retry.params());
            int from = t.intermediateValues().lastKey() + 1;
            assertTrue(resumed.stdout().contains("RESUMED " + retry.number() + " from " + t.number() + " at " + from),
                    resumed.stdout());
        }
        assertTrue(after.inState(TrialState.RUNNING).isEmpty());
    }

    @Test
    void ctrlCTwiceStopsAtOnceAndMarksRunningTrialsInterrupted() throws Exception {
        Path db = dir.resolve("twice.db");
        ChildJvm child = ChildJvm.start(dir, "twice", CLI, db.toString(), "twice", "stubborn", "20", "2");
        assertTrue(child.awaitOutput("STARTED 1", 20_000), child.stderr());
        child.signal("INT");
        Thread.sleep(300);
        assertTrue(child.process().isAlive(), "one Ctrl-C must let running trials go on");
        child.signal("INT");
        assertTrue(child.process().waitFor(10, TimeUnit.SECONDS), "the second Ctrl-C did not stop the run");
        assertEquals(130, child.process().exitValue(), child.stderr());
        History h = ChaosKillTest.history(db);
        assertEquals(2, h.trials().size());
        assertTrue(h.trials().stream().allMatch(ChaosKillTest::isInterrupted), h.trials().toString());
        assertTrue(h.trials().stream().allMatch(t -> Boolean.TRUE.equals(t.systemAttributes().get(Attributes.STOPPED))),
                h.trials().toString());
    }

    @Test
    void sigtermMarksRunningTrialsInterrupted() throws Exception {
        Path db = dir.resolve("term.db");
        ChildJvm child = ChildJvm.start(dir, "term", List.of(), db.toString(), "term", "stubborn", "20", "1");
        assertTrue(child.awaitOutput("STARTED 0", 20_000), child.stderr());
        child.signal("TERM");
        assertTrue(child.process().waitFor(10, TimeUnit.SECONDS), "SIGTERM did not stop the run");
        assertEquals(143, child.process().exitValue(), child.stderr());
        assertFalse(child.stderr().contains("SIGINT is ignored"), "a run that takes Ctrl-C warns: " + child.stderr());
        assertTrue(child.stderr().contains("1 running trial(s) marked interrupted; they resume when the study runs"
                + " again"), "SIGTERM says what became of the running trial: " + child.stderr());
        History h = ChaosKillTest.history(db);
        assertEquals(1, h.trials().size());
        assertTrue(ChaosKillTest.isInterrupted(h.trials().get(0)), h.trials().toString());
        assertEquals(true, h.trials().get(0).systemAttributes().get(Attributes.STOPPED), h.trials().toString());
    }

    @Test
    void aRunStartedInTheBackgroundSaysHowToStopItSinceCtrlCCannot() throws Exception {
        Path db = dir.resolve("background.db");
        ChildJvm child = ChildJvm.startInBackground(dir, "background", CLI, db.toString(), "background", "stubborn",
                "20", "1");
        try {
            assertTrue(child.awaitOutput("STARTED 0", 20_000), child.stderr());
            assertTrue(child.stderr().contains("SIGINT is ignored in this process"), child.stderr());
            assertTrue(child.stderr().contains("kill -TERM " + child.process().pid()), child.stderr());
            child.signal("TERM");
            assertTrue(child.process().waitFor(10, TimeUnit.SECONDS), "SIGTERM did not stop the run");
        } finally {
            // its trial never ends by itself, and Ctrl-C cannot reach it: a failed assertion must not leave it running
            child.process().destroyForcibly();
        }
        History h = ChaosKillTest.history(db);
        assertTrue(ChaosKillTest.isInterrupted(h.trials().get(0)), h.trials().toString());
    }

    @Test
    void aLibraryRunLeavesCtrlCToTheApplicationInEveryStudyOfTheJvm() throws Exception {
        ChildJvm child = ChildJvm.startMain(dir, "library", CtrlCChild.class, dir.toString(), "library");
        try {
            for (String study : List.of("first", "second")) {
                assertTrue(child.awaitOutput(study + " STARTED 0", 20_000), child.stdout() + child.stderr());
                child.signal("INT");
                // the application's handler gets the press; the study goes on to its end
                assertTrue(child.awaitOutput(study + " DONE stop=BUDGET_TRIALS", 20_000),
                        child.stdout() + child.stderr());
            }
            assertTrue(child.awaitOutput("AFTER", 20_000), child.stdout());
            child.signal("INT");
            assertTrue(child.process().waitFor(20, TimeUnit.SECONDS));
            assertEquals(0, child.process().exitValue(), child.stderr());
            assertTrue(child.stdout().contains("APP SIGINT 1") && child.stdout().contains("APP SIGINT 2")
                    && child.stdout().contains("END app presses 3"), child.stdout());
            assertFalse(child.stderr().contains("Stopping"), child.stderr());
        } finally {
            child.process().destroyForcibly();
        }
    }

    @Test
    void eachCommandLineRunStopsOnItsOwnFirstCtrlCAndGivesSigintBackAfterwards() throws Exception {
        ChildJvm child = ChildJvm.startMain(dir, "cli", CtrlCChild.class, dir.toString(), "cli");
        try {
            for (String study : List.of("first", "second")) {
                assertTrue(child.awaitOutput(study + " STARTED 0", 20_000), child.stdout() + child.stderr());
                child.signal("INT");
                // one press stops this run cleanly: the second study's first press must not halt the JVM
                assertTrue(child.awaitOutput(study + " EXIT 130", 20_000), child.stdout() + child.stderr());
            }
            assertTrue(child.awaitOutput("AFTER", 20_000), child.stdout());
            assertFalse(child.stdout().contains("APP SIGINT"), "the runs held SIGINT: " + child.stdout());
            // after the runs, the application's own handler has SIGINT back
            child.signal("INT");
            assertTrue(child.process().waitFor(20, TimeUnit.SECONDS));
            assertEquals(0, child.process().exitValue(), child.stdout() + child.stderr());
            assertTrue(child.stdout().contains("END app presses 1"), child.stdout());
        } finally {
            child.process().destroyForcibly();
        }
        for (String study : List.of("first", "second")) {
            History h = ChaosKillTest.history(dir.resolve(study + ".db"));
            assertTrue(h.trials().stream().allMatch(ChaosKillTest::isInterrupted), h.trials().toString());
        }
    }
}
