package io.sweep4j.console;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sweep4j.space.Params;
import io.sweep4j.trial.Direction;
import io.sweep4j.trial.FrozenTrial;
import io.sweep4j.trial.History;
import io.sweep4j.trial.TrialState;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/** The display's words and arithmetic on a clock the test moves: counts, best so far, ETA by trials or by time. */
class LiveDisplayLinesTest {
    /** A clock a test sets. */
    static final class Manual extends Clock {
        Instant now = Instant.parse("2026-11-30T06:00:00Z");

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }

    private static FrozenTrial trial(int n, double x) {
        return new FrozenTrial(n, n, TrialState.RUNNING, List.of(), Params.of(Map.of("x", x)), Map.of(), new TreeMap<>(),
                Map.of(), Map.of(), null, null);
    }

    private static RunHeading heading(OptionalInt trials, Optional<Duration> time) {
        return new RunHeading("s", "/tmp/never-opened.db", Direction.MINIMIZE, "loss", "random", "none", "a budget",
                trials, time, 2);
    }

    @Test
    void plainLinesCountTheBudgetTrackTheBestAndEstimateTheRest() {
        Manual clock = new Manual();
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        LiveDisplay d = new LiveDisplay(new PrintStream(bytes, true, StandardCharsets.UTF_8), false, 100, clock);
        d.opened(heading(OptionalInt.of(10), Optional.empty()), new History(Direction.MINIMIZE, List.of()), 0);
        d.started(trial(0, 0.123456789));
        d.started(trial(1, 0.5));
        clock.now = clock.now.plusSeconds(30);
        d.reported(0, 3, 0.25);
        d.ended(trial(0, 0.123456789), TrialState.COMPLETE, 0.0152415787, "");
        clock.now = clock.now.plusSeconds(30);
        d.ended(trial(1, 0.5), TrialState.FAIL, null, "diverged at epoch 2");
        String out = bytes.toString(StandardCharsets.UTF_8);
        assertTrue(out.contains("[00:00:00] trial 0 started: x=0.12346"), out);
        assertTrue(out.contains("[00:00:30] trial 0 step 3 loss=0.25"), out);
        // 1 done in 30 s, 9 left at that pace
        assertTrue(out.contains("trial 0 COMPLETE loss=0.015242 in 30s · study: 1/10 done (1 complete, 0 pruned,"
                + " 0 failed), ETA 4m 30s"), out);
        assertTrue(out.contains("trial 1 failed in 1m 00s: diverged at epoch 2 · study: 2/10 done (1 complete,"
                + " 0 pruned, 1 failed), ETA 4m 00s"), out);
        assertTrue(d.block().get(1).contains("best #0 loss=0.015242  x=0.12346"), d.block().toString());
        assertTrue(!d.allFailed());
    }

    @Test
    void theTimeBudgetEndsFirstWhenItIsShorterAndEveryFailureIsNoticed() {
        Manual clock = new Manual();
        LiveDisplay d = new LiveDisplay(new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8),
                false, 100, clock);
        d.opened(heading(OptionalInt.of(100), Optional.of(Duration.ofMinutes(5))),
                new History(Direction.MINIMIZE, List.of()), 0);
        d.started(trial(0, 0.1));
        clock.now = clock.now.plusSeconds(60);
        d.ended(trial(0, 0.1), TrialState.FAIL, null, "boom");
        // by trials 99 x 60 s; by time 4 minutes left: the time wins
        assertTrue(d.block().get(0).contains("ETA 4m 00s"), d.block().toString());
        assertTrue(d.allFailed());
        assertEquals(1, d.endedHere());
        // past the time budget no trial starts: no ETA by the trials' pace, the waiting line says what goes on
        d.started(trial(1, 0.2));
        clock.now = clock.now.plusSeconds(300);
        d.waiting("time budget used");
        assertTrue(d.block().get(0).contains("1 failed)") && !d.block().get(0).contains("ETA"),
                d.block().toString());
    }

    @Test
    void everyCountOnTheStatusLineIsTheStudysEarlierRunsIncluded() {
        // 20 trials stored before this run: 18 complete, 1 pruned, 1 failed, and 2 interrupted (not counted)
        List<FrozenTrial> stored = new java.util.ArrayList<>();
        for (int n = 0; n < 22; n++) {
            TrialState state = n < 18 ? TrialState.COMPLETE : n == 18 ? TrialState.PRUNED : TrialState.FAIL;
            Map<String, Object> system = n > 19 ? Map.of(io.sweep4j.trial.Attributes.INTERRUPTED, true) : Map.of();
            stored.add(new FrozenTrial(n, n, state, state == TrialState.COMPLETE ? 1.0 + n : null,
                    Params.of(Map.of("x", 0.5)), Map.of(), new TreeMap<>(), Map.of(), system, null, null));
        }
        Manual clock = new Manual();
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        LiveDisplay d = new LiveDisplay(new PrintStream(bytes, true, StandardCharsets.UTF_8), false, 120, clock);
        d.opened(heading(OptionalInt.of(30), Optional.empty()), new History(Direction.MINIMIZE, stored), 2);
        d.started(trial(22, 0.1));
        clock.now = clock.now.plusSeconds(10);
        d.ended(trial(22, 0.1), TrialState.PRUNED, 3.0, "pruned at step 1");
        String out = bytes.toString(StandardCharsets.UTF_8);
        // not "21/30 done: 0 complete, 1 pruned": the done count is the study's, so are its parts
        assertTrue(out.contains("study: 21/30 done (18 complete, 2 pruned, 1 failed)"), out);
        assertTrue(out.contains("resuming: 22 trials stored (18 complete, 1 pruned, 1 failed, 2 interrupted)"), out);
    }
}
