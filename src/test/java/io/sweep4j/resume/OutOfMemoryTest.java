package io.sweep4j.resume;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sweep4j.sampler.Samplers;
import io.sweep4j.study.Budget;
import io.sweep4j.study.Study;
import io.sweep4j.study.StudyResult;
import io.sweep4j.trial.Attributes;
import io.sweep4j.trial.FrozenTrial;
import io.sweep4j.trial.History;
import io.sweep4j.trial.TrialState;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A trial that fills the heap fails alone, recorded as out of memory, and the study goes on. */
class OutOfMemoryTest {
    @TempDir
    Path dir;

    @Test
    void aTrialThatRunsOutOfMemoryFailsAloneAndTheStudyGoesOn() throws Exception {
        Path db = dir.resolve("oom.db");
        // a small heap, so the trial's allocations really exhaust it (not one impossible array)
        ChildJvm child = ChildJvm.start(dir, "oom", List.of("-Xmx64m"), db.toString(), "oom", "oom", "6", "1");
        assertTrue(child.process().waitFor(60, TimeUnit.SECONDS), "the study did not end");
        assertEquals(0, child.process().exitValue(), child.stderr());
        History h = ChaosKillTest.history(db);
        assertEquals(6, h.trials().size());
        FrozenTrial hog = h.trials().stream().filter(t -> t.number() == 1).findFirst().orElseThrow();
        assertEquals(TrialState.FAIL, hog.state());
        String reason = String.valueOf(hog.systemAttributes().get(Attributes.FAIL_REASON));
        assertTrue(reason.startsWith("out of memory"), reason);
        assertEquals(5, h.completed().size(), "every other trial completes");
    }

    @Test
    void anImpossibleAllocationInProcessFailsItsTrialOnly() {
        StudyResult r = Study.named("big").storage(dir.resolve("big.db"))
                .space(s -> s.intRange("i", 0, 9))
                .sampler(Samplers.random(1))
                .objective(t -> {
                    if (t.number() == 0) {
                        long[] huge = new long[Integer.MAX_VALUE - 8]; // 16 GB, more than any test heap
                        return huge.length;
                    }
                    return t.getInt("i");
                })
                .minimize("loss").parallelism(1).budget(Budget.trials(3)).optimize();
        FrozenTrial first = r.history().trials().get(0);
        assertEquals(TrialState.FAIL, first.state());
        assertTrue(String.valueOf(first.systemAttributes().get(Attributes.FAIL_REASON)).startsWith("out of memory"));
        assertEquals(2, r.history().completed().size());
    }
}
