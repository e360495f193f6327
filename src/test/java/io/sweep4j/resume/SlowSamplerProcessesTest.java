package io.sweep4j.resume;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sweep4j.trial.Attributes;
import io.sweep4j.trial.FrozenTrial;
import io.sweep4j.trial.History;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two processes share one SQLite file with a sampler that takes its time: each proposes with no lock held, so one
 * process's sampling does not hold up the other's claims. Asserted from what the trials store (when each proposal
 * began and ended), not from wall time; the wall time is printed for the notes ({@code -DslowSampler.ms=1000
 * -DslowSampler.trials=20}: two processes x 10 trials, 1 s per proposal).
 */
class SlowSamplerProcessesTest {
    @TempDir
    Path dir;

    @Test
    void twoProcessesProposeAtTheSameTimeOnOneSqliteFile() throws Exception {
        long ms = Long.getLong("slowSampler.ms", 300);
        int trials = Integer.getInteger("slowSampler.trials", 12);
        Path db = dir.resolve("slow.db");
        Path go = dir.resolve("go");
        List<ChildJvm> children = new ArrayList<>();
        for (int i = 0; i < 2; i++) {
            children.add(ChildJvm.start(dir, "p" + i, List.of("-Dgo=" + go, "-DproposeMs=" + ms), db.toString(),
                    "slow", "fast", Integer.toString(trials), "1"));
        }
        for (ChildJvm c : children) {
            assertTrue(c.awaitOutput("READY", 60_000), c.stderr());
        }
        long t0 = System.nanoTime();
        Files.createFile(go);
        for (ChildJvm c : children) {
            assertTrue(c.process().waitFor(120, TimeUnit.SECONDS));
            assertEquals(0, c.process().exitValue(), c.stderr());
        }
        long wallMs = (System.nanoTime() - t0) / 1_000_000;
        History h = ChaosKillTest.history(db);
        assertEquals(trials, h.completed().size());
        long overlapMs = 0;
        for (FrozenTrial a : h.trials()) {
            assertTrue(a.params().size() > 0 && a.systemAttributes().containsKey(SlowSampler.FROM), a.toString());
            for (FrozenTrial b : h.trials()) {
                if (a.number() < b.number() && !worker(a).equals(worker(b))) {
                    overlapMs += Math.max(0, Math.min(to(a), to(b)) - Math.max(from(a), from(b)));
                }
            }
        }
        System.out.printf("SLOW SAMPLER 2 processes x parallelism 1, %d trials, %d ms per proposal: wall %d ms"
                + " (%d ms of proposals in all); the two processes proposed at the same time for %d ms%n", trials, ms,
                wallMs, trials * ms, overlapMs);
        assertTrue(h.trials().stream().map(SlowSamplerProcessesTest::worker).distinct().count() == 2,
                "both processes ran trials");
        // under a lock held while sampling, one process's proposals wait for the other's; sampling at once, each
        // process's proposals overlap the other's for about half of all proposal time (a fifth is asked)
        assertTrue(overlapMs >= trials * ms / 5, "the processes proposed at the same time for only " + overlapMs
                + " ms of " + trials * ms);
    }

    private static String worker(FrozenTrial t) {
        return String.valueOf(t.systemAttributes().get(Attributes.WORKER)).split("\\|")[1];
    }

    private static long from(FrozenTrial t) {
        return ((Number) t.systemAttributes().get(SlowSampler.FROM)).longValue();
    }

    private static long to(FrozenTrial t) {
        return ((Number) t.systemAttributes().get(SlowSampler.TO)).longValue();
    }
}
