package io.sweep4j.study;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sweep4j.console.LiveDisplay;
import io.sweep4j.sampler.Samplers;
import io.sweep4j.store.Storage;
import io.sweep4j.trial.FrozenTrial;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What the banner of a resumed run says about the interrupted trials: only those still to retry are to retry. */
class ResumeBannerTest {
    @TempDir
    Path dir;

    private Study study(int retries) {
        return Study.named("chain").storage(dir.resolve("s.db"))
                .space(s -> s.floatRange("x", -5, 5))
                .sampler(Samplers.random(5))
                // trial 0 and each retry of it are cut short as by a crash; every other trial completes
                .objective(t -> {
                    if (t.number() == 0 || t.resumedFrom().isPresent()) {
                        throw new TrialInterruptedException("worker lost");
                    }
                    return t.getDouble("x");
                })
                .minimize("loss").parallelism(1).retries(retries).budget(Budget.trials(2));
    }

    private static String banner(StudySpec spec) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (Storage storage = Storage.open(spec.storage(), Storage.Access.READ_WRITE);
                LiveDisplay d = new LiveDisplay(new PrintStream(bytes, true, StandardCharsets.UTF_8), false, 200,
                        Clock.systemUTC())) {
            new StudyRunner(spec, storage, new CommandLine(d)).run();
        }
        String out = bytes.toString(StandardCharsets.UTF_8);
        return out.lines().filter(l -> l.contains("resuming")).findFirst().orElse(out);
    }

    @Test
    void retriedAndExhaustedInterruptionsAreNotAnnouncedAsRetries() {
        StudyResult first = study(2).optimize();
        // trial 0 interrupted, retried as 1, 1 retried as 2, 2 past the limit of 2; then 3 and 4 complete
        assertEquals(3, first.history().trials().stream().filter(FrozenTrial::interrupted).count());

        String again = banner(study(2).spec());
        assertEquals("  resuming: 5 trials stored (2 complete, 0 pruned, 0 failed, 3 interrupted)", again);

        // one more retry allowed: trial 2 is the one interruption still to retry
        String more = banner(study(3).spec());
        assertTrue(more.endsWith("3 interrupted); 1 interrupted trial to retry with the same parameters"), more);
    }
}
