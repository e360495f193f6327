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
import java.time.Duration;
import java.util.List;
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

    @Test
    void aTimeBudgetStopsLaunching() {
        long t0 = System.nanoTime();
        StudyResult r = valid("t").budget(Budget.time(Duration.ofMillis(300)))
                .objective(t -> {
                    Thread.sleep(20);
                    return 1;
                }).optimize();
        assertEquals(StopReason.BUDGET_TIME, r.stopReason());
        assertTrue(r.history().trials().size() >= 3, "ran trials until the deadline");
        assertTrue((System.nanoTime() - t0) / 1e6 < 3000);
    }

    @Test
    void aTrialRunningAtTheTimeBudgetGoesOnToItsEndAndTheRunSaysSo() {
        List<String> waits = new java.util.concurrent.CopyOnWriteArrayList<>();
        RunListener recorder = new RunListener() {
            @Override
            public void waiting(String why) {
                waits.add(why);
            }
        };
        Study study = valid("late").budget(Budget.time(Duration.ofMillis(200))).parallelism(1)
                .objective(t -> {
                    Thread.sleep(1200);
                    return 1;
                });
        StudySpec spec = study.spec();
        StudyResult r;
        try (Storage storage = new StudyOpener(spec).openStorage()) {
            r = new StudyRunner(spec, storage, recorder).run();
        }
        assertEquals(StopReason.BUDGET_TIME, r.stopReason());
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
