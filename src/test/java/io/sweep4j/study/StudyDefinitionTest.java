package io.sweep4j.study;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sweep4j.space.UsageException;
import io.sweep4j.store.SqliteStorage;
import io.sweep4j.store.Storage;
import io.sweep4j.store.StudyInfo;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A study definition is checked whole before anything runs or is stored. */
class StudyDefinitionTest {
    @TempDir
    Path dir;

    private Study valid(String name) {
        return Study.named(name).storage(dir.resolve("s.db")).space(s -> s.floatRange("x", 0, 1))
                .objective(t -> t.getDouble("x")).maximize("x").budget(Budget.trials(3)).parallelism(1);
    }

    private static void assertUsage(String field, Runnable r) {
        UsageException e = assertThrows(UsageException.class, r::run);
        assertTrue(e.getMessage().contains(field), e.getMessage());
    }

    @Test
    void badBudgetsParallelismAndMissingPartsAreNamed() {
        assertUsage("budget.trials", () -> Budget.trials(-1));
        assertUsage("budget.time", () -> Budget.time(Duration.ofSeconds(-5)));
        assertUsage("parallelism", () -> valid("a").parallelism(0).spec());
        assertUsage("parallelism", () -> valid("a").parallelism(-2).spec());
        assertUsage("retries", () -> valid("a").retries(-1).spec());
        assertUsage("objective", () -> valid("a").objective(null).spec());
        assertUsage("study name", () -> Study.named("").storage("x.db").objective(t -> 0).minimize("l").spec());
        assertUsage("storage", () -> Study.named("a").objective(t -> 0).minimize("l").spec());
        assertUsage("direction", () -> Study.named("a").storage("x.db").objective(t -> 0).spec());
        assertUsage("study name", () -> valid("n".repeat(513)).spec());
        assertUsage("study name", () -> valid("a\0b").spec()); // fails at definition, not when the storage opens
        assertTrue(Files.notExists(dir.resolve("s.db")), "a failed definition stores nothing");
    }

    @Test
    void aZeroTrialBudgetRunsNothing() {
        StudyResult r = valid("z").budget(Budget.trials(0)).optimize();
        assertEquals(0, r.history().trials().size());
        assertEquals(StopReason.BUDGET_TRIALS, r.stopReason());
    }

    /** A clock the objective moves, read by the runner's thread. */
    private static final class SteppedClock extends Clock {
        private final AtomicReference<Instant> now = new AtomicReference<>(Instant.parse("2026-11-30T06:00:00Z"));

        void advance(Duration d) {
            now.updateAndGet(t -> t.plus(d));
        }

        @Override
        public Instant instant() {
            return now.get();
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }
    }

    private static StudyResult run(Study study, RunListener listener, Clock clock) {
        StudySpec spec = study.spec();
        try (Storage storage = new StudyOpener(spec).openStorage()) {
            return new StudyRunner(spec, storage, listener, false, clock).run();
        }
    }

    @Test
    void aTimeBudgetLaunchesTrialsUntilItsTimeHasPassed() {
        SteppedClock clock = new SteppedClock();
        // each trial takes 100 ms of the run's clock: a 300 ms budget launches exactly three, one after another
        StudyResult r = run(valid("t").budget(Budget.time(Duration.ofMillis(300))).objective(t -> {
            clock.advance(Duration.ofMillis(100));
            return 1;
        }), new RunListener() { }, clock);
        assertEquals(StopReason.BUDGET_TIME, r.stopReason());
        assertEquals(3, r.history().trials().size(), r.history().trials().toString());
        assertEquals(3, r.history().completed().size());
    }

    @Test
    void aTrialRunningAtTheTimeBudgetGoesOnToItsEndAndTheRunSaysSo() {
        SteppedClock clock = new SteppedClock();
        List<String> waits = new java.util.concurrent.CopyOnWriteArrayList<>();
        CountDownLatch told = new CountDownLatch(1);
        RunListener recorder = new RunListener() {
            @Override
            public void waiting(String why) {
                waits.add(why);
                told.countDown();
            }
        };
        Study study = valid("late").budget(Budget.time(Duration.ofMillis(200))).parallelism(1)
                .objective(t -> {
                    clock.advance(Duration.ofSeconds(1)); // the trial outlives the budget...
                    told.await(60, TimeUnit.SECONDS); // ...and is still running when the run notices
                    return 1;
                });
        StudyResult r = run(study, recorder, clock);
        assertEquals(StopReason.BUDGET_TIME, r.stopReason());
        assertEquals(1, r.history().trials().size(), "no trial launched after the deadline");
        assertEquals(1, r.history().completed().size(), "the trial running at the deadline completed");
        assertTrue(waits.stream().anyMatch(w -> w.startsWith("time budget used: no new trials; the 1 running trial(s)"
                + " go on to their end")), waits.toString());
    }

    @Test
    void severalStudiesShareOneFileAndKeepTheirOwnDirections() {
        valid("first").optimize();
        Study.named("second").storage(dir.resolve("s.db")).space(s -> s.intRange("k", 1, 9))
                .objective(t -> t.getInt("k")).minimize("k").budget(Budget.trials(4)).optimize();
        try (SqliteStorage s = SqliteStorage.openReadOnly(dir.resolve("s.db"))) {
            List<StudyInfo> studies = s.studies();
            assertEquals(List.of("first", "second"), studies.stream().map(StudyInfo::name).toList());
            assertEquals(3, s.history(studies.get(0).studyId()).trials().size());
            assertEquals(4, s.history(studies.get(1).studyId()).trials().size());
            assertEquals("k", studies.get(1).metric());
        }
        UsageException e = assertThrows(UsageException.class, () -> valid("second").optimize());
        assertTrue(e.getMessage().contains("MINIMIZE"), e.getMessage());
    }
}
