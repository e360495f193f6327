package io.sweep4j.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sweep4j.space.Params;
import io.sweep4j.space.SearchSpace;
import io.sweep4j.space.UsageException;
import io.sweep4j.trial.Attributes;
import io.sweep4j.trial.Direction;
import io.sweep4j.trial.FrozenTrial;
import io.sweep4j.trial.History;
import io.sweep4j.trial.StepReport;
import io.sweep4j.trial.TrialDraft;
import io.sweep4j.trial.TrialState;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.Set;
import java.util.TimeZone;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The {@link Storage} contract, run against every backend: a SQLite file, a real PostgreSQL database and memory
 * (tests that reach into the SQL tables, as an Optuna worker would, run on the SQL backends).
 */
class StorageContractTest {
    private static final SearchSpace SPACE = SearchSpace.builder().floatRange("x", 0, 1).intRange("n", 0, 9).build();

    @TempDir
    Path dir;

    static Stream<String> backends() {
        return Stream.of("sqlite", "postgresql", "memory");
    }

    static Stream<String> sqlBackends() {
        return Stream.of("sqlite", "postgresql");
    }

    private String newStorage(String backend) {
        return backend.equals("sqlite") ? dir.resolve("contract-" + System.nanoTime() + ".db").toString()
                : backend.equals("memory") ? "memory:contract-" + System.nanoTime() : PgTestServer.get().newDatabase();
    }

    /** A connection to the storage: its own for a SQL backend (as another process has), the shared one for memory. */
    private static Storage open(String url) {
        return Storage.open(url);
    }

    /** A JDBC session of its own on a SQL backend's database, as an Optuna worker or a DBA has. */
    private static Connection sqlSession(String url) throws SQLException {
        if (StorageUrl.parse(url) instanceof StorageUrl.Postgres pg) {
            return PgTestServer.get().connection(pg.database());
        }
        return DriverManager.getConnection("jdbc:sqlite:" + ((StorageUrl.Sqlite) StorageUrl.parse(url)).file());
    }

    private static TestClaims.Proposer fixedOr(double x, Map<String, Map<String, Object>> seenFixed) {
        return (n, h, fixed) -> {
            if (!fixed.isEmpty()) {
                seenFixed.put("trial " + n, fixed);
            }
            double v = fixed.containsKey("x") ? ((Number) fixed.get("x")).doubleValue() : x;
            return Optional.of(TrialDraft.of(SPACE, Params.of(Map.of("x", v, "n", (long) (n % 10))), Map.of()));
        };
    }

    @ParameterizedTest
    @MethodSource("backends")
    void anAttributeSetOnAFinishedTrialIsInTheNextHistory(String backend) {
        // a saved model deleted when its trial leaves the top k, a refit's score: set after the trial ended
        try (Storage s = open(newStorage(backend))) {
            long studyId = s.createStudy("s", Direction.MAXIMIZE, Map.of()).studyId();
            FrozenTrial t = ((ClaimOutcome.Claimed) TestClaims.claim(s, studyId, -1,
                    fixedOr(0.5, new ConcurrentHashMap<>()))).trial();
            s.setTrialUserAttribute(t.trialId(), "model_file", "/m/trial-0/model.zip");
            s.finish(t.trialId(), TrialState.COMPLETE, 1.0, Map.of());
            assertEquals("/m/trial-0/model.zip", s.history(studyId).trials().get(0).userAttributes()
                    .get("model_file"));
            s.setTrialUserAttribute(t.trialId(), "model_file", "model deleted: only the top 1 are kept");
            s.setTrialSystemAttribute(t.trialId(), "sweep4j:note", "later");
            FrozenTrial read = s.history(studyId).trials().get(0);
            assertEquals("model deleted: only the top 1 are kept", read.userAttributes().get("model_file"));
            assertEquals("later", read.systemAttributes().get("sweep4j:note"));
        }
    }

    @ParameterizedTest
    @MethodSource("backends")
    void aGlimpseCountsEveryTrialAndReadsOnlyASampleWithTheBestTheLatestAndTheRunning(String backend) {
        try (Storage s = open(newStorage(backend))) {
            long studyId = s.createStudy("s", Direction.MINIMIZE, Map.of()).studyId();
            long otherId = s.createStudy("other", Direction.MINIMIZE, Map.of()).studyId();
            for (int i = 0; i < 40; i++) {
                FrozenTrial other = claimed(s, otherId, Map.of());
                s.finish(other.trialId(), TrialState.COMPLETE, -100.0, Map.of());
                FrozenTrial t = ((ClaimOutcome.Claimed) TestClaims.claim(s, studyId, -1,
                        fixedOr(0.01 * i, new ConcurrentHashMap<>()))).trial();
                if (i >= 37) {
                    continue; // running
                }
                s.reportIntermediate(t.trialId(), 0, i);
                // the best values lie in the middle of the study, neither first nor last
                double value = Math.abs(i - 17) + (i == 29 ? Double.NEGATIVE_INFINITY : 0);
                s.finish(t.trialId(), i % 3 == 0 ? TrialState.PRUNED : i == 5 ? TrialState.FAIL : TrialState.COMPLETE,
                        i % 3 == 0 || i == 5 ? null : value, Map.of());
            }
            s.enqueue(studyId, Map.of("x", 0.5), Map.of());
            History h = s.history(studyId);
            StudyGlimpse g = s.glimpse(studyId, 8);
            Map<TrialState, Integer> counts = new java.util.EnumMap<>(TrialState.class);
            h.trials().forEach(t -> counts.merge(t.state(), 1, Integer::sum));
            for (TrialState st : TrialState.values()) {
                assertEquals(counts.getOrDefault(st, 0), g.byState().get(st), st + " counted");
            }
            assertEquals(41, g.total());
            assertEquals(StudyGlimpse.of(h).lastActivity(), g.lastActivity(), "the last activity, exact");
            List<Integer> numbers = g.sample().trials().stream().map(FrozenTrial::number).toList();
            assertEquals(numbers.stream().sorted().toList(), numbers, "in number order");
            assertTrue(numbers.size() <= 8 && !g.complete(), "a sample of about 8: " + numbers);
            // the best two (minus infinity, then 17), the latest two (the waiting one, a running one), an even spread
            assertTrue(numbers.containsAll(List.of(29, 17, 39, 40, 0, 21)), "best, latest, spread: " + numbers);
            assertEquals(h.best().orElseThrow().trialId(), g.sample().best().orElseThrow().trialId());
            for (FrozenTrial t : g.sample().trials()) {
                assertEquals(h.trials().get(t.number()), t, "a sampled trial read in full, as the history has it");
            }
            StudyGlimpse whole = s.glimpse(studyId, 41);
            assertTrue(whole.complete());
            assertEquals(h.trials(), whole.sample().trials(), "a study no larger than the limit is read whole");
        }
    }

    @ParameterizedTest
    @MethodSource("backends")
    void aLargeHistoryReadAtOnceHoldsWhatEachTrialReadAloneHolds(String backend) throws Exception {
        String url = newStorage(backend);
        long studyId;
        try (Storage s = open(url)) {
            studyId = s.createStudy("s", Direction.MAXIMIZE, Map.of()).studyId();
            long otherId = s.createStudy("other", Direction.MAXIMIZE, Map.of()).studyId();
            for (int i = 0; i < 40; i++) {
                // another study's trials between this one's: their rows lie in the id ranges the bulk read scans
                FrozenTrial other = ((ClaimOutcome.Claimed) TestClaims.claim(s, otherId, -1,
                        fixedOr(0.5, new ConcurrentHashMap<>()))).trial();
                s.setTrialUserAttribute(other.trialId(), "test_accuracy", 0.99);
                s.finish(other.trialId(), TrialState.COMPLETE, 99.0, Map.of());
                FrozenTrial t = ((ClaimOutcome.Claimed) TestClaims.claim(s, studyId, -1,
                        (fixedOr(0.01 * i, new ConcurrentHashMap<>())))).trial();
                for (int step = 0; step < i % 5; step++) {
                    s.reportIntermediate(t.trialId(), step, 0.1 * step + 0.001 * i);
                }
                s.setTrialUserAttribute(t.trialId(), "test_accuracy", 0.5 + 0.01 * i);
                if (i % 7 == 3) {
                    continue; // left RUNNING
                }
                TrialState end = i % 3 == 0 ? TrialState.PRUNED : TrialState.COMPLETE;
                s.finish(t.trialId(), end, end == TrialState.COMPLETE ? (double) i : null,
                        Map.of(Attributes.PRUNED_STEP, i % 5));
            }
        }
        // a new connection reads the 40 trials at once (one query per table), then each on its own
        try (Storage s = open(url)) {
            History h = s.history(studyId);
            assertEquals(40, h.trials().size());
            for (FrozenTrial t : h.trials()) {
                assertEquals(s.trial(t.trialId()), t, "trial " + t.number());
            }
            assertEquals(6, h.inState(TrialState.RUNNING).size());
            FrozenTrial four = h.trials().get(4);
            assertEquals(4, four.intermediateValues().size());
            assertEquals(0.1 * 3 + 0.001 * 4, four.intermediateValues().get(3), 0.0);
            assertEquals(4.0, four.value(), 0.0);
            assertEquals(0.54, ((Number) four.userAttributes().get("test_accuracy")).doubleValue(), 1e-12);
        }
    }

    @ParameterizedTest
    @MethodSource("backends")
    void aClaimWhoseProposalIsEmptyOrFailsLeavesNoRunningTrial(String backend) throws Exception {
        String url = newStorage(backend);
        try (Storage s = open(url)) {
            long studyId = s.createStudy("s", Direction.MINIMIZE, Map.of()).studyId();
            TestClaims.Proposer nothing = ((n, h, fixed) -> Optional.empty());
            assertTrue(TestClaims.claim(s, studyId, 10, nothing) instanceof ClaimOutcome.Exhausted);
            TestClaims.Proposer failing = ((n, h, fixed) -> {
                throw new IllegalStateException("sampler bug");
            });
            assertThrows(IllegalStateException.class, () -> TestClaims.claim(s, studyId, 10, failing));
            History h = s.history(studyId);
            assertTrue(h.inState(TrialState.RUNNING).isEmpty(), "a reserved trial whose proposal never came is not"
                    + " left RUNNING: " + h.trials());
            for (FrozenTrial t : h.trials()) {
                assertEquals(TrialState.FAIL, t.state());
                assertTrue(t.systemAttributes().containsKey(Attributes.FAIL_REASON), t.toString());
            }
            // the study goes on: the next claim gets the next number, none reused
            ClaimOutcome next = TestClaims.claim(s, studyId, 10, (fixedOr(0.5, new ConcurrentHashMap<>())));
            assertEquals(h.trials().size(), ((ClaimOutcome.Claimed) next).trial().number());
        }
    }

    @ParameterizedTest
    @MethodSource("backends")
    void aReservationHoldsItsPlaceUntilItsProposalIsStoredAndADeadOneIsNotCounted(String backend) throws Exception {
        String url = newStorage(backend);
        try (Storage s = open(url)) {
            long studyId = s.createStudy("s", Direction.MINIMIZE, Map.of()).studyId();
            FrozenTrial r0 = ((ClaimOutcome.Reserved) s.reserve(studyId,
                    Reservation.of(2, Map.of(Attributes.WORKER, "A")))).trial();
            assertEquals(0, r0.number());
            assertEquals(TrialState.RUNNING, s.trial(r0.trialId()).state());
            assertEquals(Map.of(Attributes.WORKER, "A", Attributes.RESERVED, true),
                    s.trial(r0.trialId()).systemAttributes(), "reserved: no parameters yet, and marked so");
            assertEquals(0, s.trial(r0.trialId()).params().size());
            FrozenTrial r1 = ((ClaimOutcome.Reserved) s.reserve(studyId, Reservation.of(2, Map.of()))).trial();
            assertEquals(1, r1.number());
            assertTrue(s.reserve(studyId, Reservation.of(2, Map.of())) instanceof ClaimOutcome.BudgetReached,
                    "a reservation counts toward the budget");

            TrialDraft draft = TrialDraft.of(SPACE, Params.of(Map.of("x", 0.25, "n", 3L)),
                    Map.of(Attributes.GRID_ID, 7));
            FrozenTrial t0 = ((ClaimOutcome.Claimed) s.storeProposal(studyId, r0, draft,
                    Set.of(Attributes.GRID_ID))).trial();
            for (FrozenTrial t : List.of(t0, s.trial(r0.trialId()))) {
                assertEquals(0.25, t.params().getDouble("x"), 0.0);
                assertEquals(3L, t.params().get("n"));
                assertEquals(Map.of(Attributes.WORKER, "A", Attributes.GRID_ID, 7L), normalized(t.systemAttributes()));
            }
            assertTrue(s.storeProposal(studyId, r0, draft, Set.of()) instanceof ClaimOutcome.Lost,
                    "a proposal is stored once");
            ClaimOutcome taken = s.storeProposal(studyId, r1, draft, Set.of(Attributes.GRID_ID));
            assertEquals(new ClaimOutcome.Taken(Attributes.GRID_ID, 7), taken, "grid point 7 is trial 0's");
            assertEquals(0, s.trial(r1.trialId()).params().size(), "a taken proposal writes nothing");

            // r1's worker dies before storing a proposal: failed, marked, not counted, its late proposal refused
            List<FrozenTrial> dead = TestClaims.failStale(s, studyId, (id, w) -> Duration.ofHours(1),
                    (id, w) -> id == r1.trialId());
            assertEquals(List.of(r1.trialId()), dead.stream().map(FrozenTrial::trialId).toList());
            FrozenTrial failed = s.trial(r1.trialId());
            assertEquals(TrialState.FAIL, failed.state());
            assertEquals(Storage.NEVER_PROPOSED, failed.systemAttributes().get(Attributes.FAIL_REASON));
            assertTrue(failed.interrupted());
            assertTrue(s.storeProposal(studyId, r1, TrialDraft.of(SPACE, Params.of(Map.of("x", 0.5, "n", 1L)),
                    Map.of()), Set.of()) instanceof ClaimOutcome.Lost);
            assertEquals(0, s.trial(r1.trialId()).params().size());
            // a decision made knowing no interrupted trial is refused now that one is (a retry may be due)
            assertEquals(new ClaimOutcome.Outdated(1),
                    s.reserve(studyId, new Reservation(2, Map.of(), Set.of(), 0, 0)));
            // trial 0 is RUNNING (the stale scan judged only r1): with r1 not counted, a budget of 2 has room
            assertTrue(s.reserve(studyId, new Reservation(2, Map.of(), Set.of(), 0, 1))
                    instanceof ClaimOutcome.Reserved);
        }
    }

    @ParameterizedTest
    @MethodSource("backends")
    void aReservationWithAUniqueValueOtherTrialsHoldIsRefusedAndNeverTakesAnEnqueuedTrial(String backend) {
        String url = newStorage(backend);
        try (Storage s = open(url)) {
            long studyId = s.createStudy("s", Direction.MINIMIZE, Map.of()).studyId();
            long otherId = s.createStudy("other", Direction.MINIMIZE, Map.of()).studyId();
            FrozenTrial elsewhere = ((ClaimOutcome.Reserved) s.reserve(otherId,
                    new Reservation(-1, Map.of(Attributes.RETRY_OF, 4), Set.of(Attributes.RETRY_OF), 0, -1))).trial();
            FrozenTrial enqueued = s.enqueue(studyId, Map.of("x", 0.5), Map.of());
            Reservation retryOf4 = new Reservation(-1, Map.of(Attributes.RETRY_OF, 4, Attributes.RETRY_DEPTH, 1),
                    Set.of(Attributes.RETRY_OF), 0, -1);
            FrozenTrial retry = ((ClaimOutcome.Reserved) s.reserve(studyId, retryOf4)).trial();
            assertTrue(retry.trialId() != enqueued.trialId() && retry.trialId() != elsewhere.trialId(),
                    "a retry is a new trial: another study's retry_of 4 is not this one's");
            assertEquals(1, retry.number());
            assertEquals(TrialState.WAITING, s.trial(enqueued.trialId()).state());
            assertEquals(new ClaimOutcome.Taken(Attributes.RETRY_OF, 4), s.reserve(studyId, retryOf4),
                    "trial 4 is retried once");
            assertEquals(2, s.history(studyId).trials().size(), "a refused reservation writes nothing");
            FrozenTrial plain = ((ClaimOutcome.Reserved) s.reserve(studyId, Reservation.of(-1, Map.of()))).trial();
            assertEquals(enqueued.trialId(), plain.trialId(), "a plain reservation takes the enqueued trial");
            assertEquals(Map.of("x", 0.5), plain.systemAttributes().get(Attributes.FIXED_PARAMS));
        }
    }

    /** Whole numbers as longs, as a JSON round trip gives them. */
    private static Map<String, Object> normalized(Map<String, Object> attrs) {
        Map<String, Object> out = new java.util.LinkedHashMap<>();
        attrs.forEach((k, v) -> out.put(k, v instanceof Integer i ? (Object) i.longValue() : v));
        return out;
    }

    @ParameterizedTest
    @MethodSource("backends")
    void claimsFromSeveralConnectionsMeetTheBudgetExactlyWithUniqueNumbers(String backend) throws Exception {
        claimConcurrently(backend);
    }

    private void claimConcurrently(String backend) throws Exception {
        String url = newStorage(backend);
        long studyId;
        try (Storage s = open(url)) {
            studyId = s.createStudy("s", Direction.MINIMIZE, Map.of()).studyId();
        }
        ExecutorService pool = Executors.newFixedThreadPool(4);
        List<Future<Integer>> done = new ArrayList<>();
        for (int w = 0; w < 4; w++) {
            done.add(pool.submit(() -> {
                int mine = 0;
                try (Storage s = open(url)) {
                    while (TestClaims.claim(s, studyId, 30, (fixedOr(0.5, new ConcurrentHashMap<>())))
                            instanceof ClaimOutcome.Claimed c) {
                        assertEquals(0.5, c.trial().params().getDouble("x"), 0.0);
                        assertEquals(c.trial().number() % 10, c.trial().params().getInt("n"));
                        s.finish(c.trial().trialId(), TrialState.COMPLETE, (double) c.trial().number(), Map.of());
                        mine++;
                    }
                }
                return mine;
            }));
        }
        int total = 0;
        for (Future<Integer> f : done) {
            total += f.get();
        }
        pool.shutdown();
        assertEquals(30, total);
        try (Storage s = open(url)) {
            History h = s.history(studyId);
            assertEquals(30, h.trials().size());
            Set<Integer> numbers = new TreeSet<>();
            h.trials().forEach(t -> numbers.add(t.number()));
            assertEquals(30, numbers.size());
            assertEquals(29, ((TreeSet<Integer>) numbers).last());
        }
    }

    @ParameterizedTest
    @MethodSource("backends")
    void workersStartingTogetherShareOneStudy(String backend) throws Exception {
        String url = newStorage(backend);
        try (Storage s = open(url)) {
            s.studies();
        }
        ExecutorService pool = Executors.newFixedThreadPool(4);
        List<Future<Long>> ids = new ArrayList<>();
        for (int w = 0; w < 4; w++) {
            ids.add(pool.submit(() -> {
                try (Storage s = open(url)) {
                    return s.findOrCreateStudy("together", Direction.MINIMIZE, Map.of()).studyId();
                }
            }));
        }
        Set<Long> distinct = new TreeSet<>();
        for (Future<Long> f : ids) {
            distinct.add(f.get());
        }
        pool.shutdown();
        assertEquals(1, distinct.size());
    }

    @ParameterizedTest
    @MethodSource("backends")
    void enqueuedTrialsRunFirstExactlyOnceWithTheirFixedParameters(String backend) throws Exception {
        claimEnqueued(backend);
    }

    private void claimEnqueued(String backend) throws Exception {
        String url = newStorage(backend);
        long studyId;
        try (Storage s = open(url)) {
            studyId = s.createStudy("s", Direction.MINIMIZE, Map.of()).studyId();
            for (int i = 0; i < 3; i++) {
                FrozenTrial w = s.enqueue(studyId, Map.of("x", 0.1 * (i + 1)), Map.of());
                assertEquals(TrialState.WAITING, w.state());
                assertEquals(i, w.number());
            }
        }
        Map<String, Map<String, Object>> seen = new ConcurrentHashMap<>();
        ExecutorService pool = Executors.newFixedThreadPool(3);
        List<Future<?>> done = new ArrayList<>();
        for (int w = 0; w < 3; w++) {
            done.add(pool.submit(() -> {
                try (Storage s = open(url)) {
                    while (TestClaims.claim(s, studyId, 9, (fixedOr(0.9, seen)))
                            instanceof ClaimOutcome.Claimed c) {
                        s.finish(c.trial().trialId(), TrialState.COMPLETE, 1.0, Map.of());
                    }
                }
                return null;
            }));
        }
        for (Future<?> f : done) {
            f.get();
        }
        pool.shutdown();
        assertEquals(3, seen.size(), "each enqueued trial is handed out exactly once: " + seen);
        try (Storage s = open(url)) {
            History h = s.history(studyId);
            assertEquals(9, h.trials().size());
            for (int i = 0; i < 3; i++) {
                FrozenTrial t = h.trials().get(i);
                assertEquals(TrialState.COMPLETE, t.state());
                assertEquals(0.1 * (i + 1), t.params().getDouble("x"), 1e-12);
                assertTrue(t.systemAttributes().containsKey(Attributes.FIXED_PARAMS));
            }
        }
    }

    @ParameterizedTest
    @MethodSource("backends")
    void failStaleFailsOnlyTrialsWhoseHeartbeatDidNotComeSinceTheyWereJudged(String backend) throws Exception {
        String url = newStorage(backend);
        try (Storage s = open(url)) {
            long studyId = s.createStudy("s", Direction.MINIMIZE, Map.of()).studyId();
            FrozenTrial a = claimed(s, studyId, Map.of(Attributes.WORKER, "A"));
            FrozenTrial b = claimed(s, studyId, Map.of(Attributes.WORKER, "B"));
            assertTrue(s.finish(claimed(s, studyId, Map.of()).trialId(), TrialState.COMPLETE, 1.0, Map.of()));
            Thread.sleep(60);
            List<RunningTrial> running = s.runningTrials(studyId);
            assertEquals(List.of(a.trialId(), b.trialId()), running.stream().map(RunningTrial::trialId).toList(),
                    "RUNNING trials only");
            Map<Long, Double> judged = new java.util.LinkedHashMap<>();
            for (RunningTrial t : running) {
                assertTrue(t.hasHeartbeat() && t.ageSeconds() >= 0.04 && t.ageSeconds() < 60, t.toString());
                judged.put(t.trialId(), t.ageSeconds());
            }
            assertEquals(List.of("A", "B"), running.stream().map(RunningTrial::worker).toList());
            s.heartbeat(List.of(b.trialId())); // b's worker beats after the judgement: it lives
            List<FrozenTrial> failed = s.failStale(studyId, judged);
            assertEquals(List.of(a.trialId()), failed.stream().map(FrozenTrial::trialId).toList());
            assertTrue(s.trial(a.trialId()).interrupted());
            assertEquals(TrialState.RUNNING, s.trial(b.trialId()).state());
            assertEquals(List.of(), s.failStale(studyId, judged), "a trial is failed once");
        }
    }

    @ParameterizedTest
    @MethodSource("sqlBackends")
    void failStaleJudgesOnlyTrialsWhoseLivenessItCanKnow(String backend) throws Exception {
        String url = newStorage(backend);
        try (Storage s = open(url)) {
            long studyId = s.createStudy("s", Direction.MINIMIZE, Map.of()).studyId();
            FrozenTrial optunaNoBeat = claimed(s, studyId, Map.of());
            FrozenTrial optunaBeating = claimed(s, studyId, Map.of());
            FrozenTrial ours = claimed(s, studyId, Map.of(Attributes.WORKER, "elsewhere|1|x|1000|m"));
            // an Optuna worker without heartbeats leaves no heartbeat row and no worker record
            exec(url, "DELETE FROM trial_heartbeats WHERE trial_id = " + optunaNoBeat.trialId());
            Thread.sleep(50);
            List<FrozenTrial> failed = TestClaims.failStale(s, studyId, (id, w) -> Duration.ofMillis(1),
                    (id, w) -> false);
            Set<Long> ids = new TreeSet<>();
            failed.forEach(t -> ids.add(t.trialId()));
            assertEquals(Set.of(optunaBeating.trialId(), ours.trialId()), ids);
            assertEquals(TrialState.RUNNING, s.trial(optunaNoBeat.trialId()).state());
        }
    }

    @ParameterizedTest
    @MethodSource("sqlBackends")
    void heartbeatsAreOnTheDatabaseClockWhateverTheClientTimeZone(String backend) throws Exception {
        String url = newStorage(backend);
        TimeZone before = TimeZone.getDefault();
        // the server's session, opened before the client's time zone changes, judges the age
        try (Storage s = open(url); Connection server = sqlSession(url)) {
            long studyId = s.createStudy("s", Direction.MINIMIZE, Map.of()).studyId();
            FrozenTrial t = claimed(s, studyId, Map.of(Attributes.WORKER, "w|1|x|1000|m"));
            // a client fourteen hours ahead of the server must still write heartbeats the server finds fresh
            TimeZone.setDefault(TimeZone.getTimeZone("Pacific/Kiritimati"));
            s.heartbeat(List.of(t.trialId()));
            String age = backend.equals("sqlite") ? "(julianday('now') - julianday(heartbeat)) * 86400.0"
                    : "EXTRACT(EPOCH FROM (CAST(clock_timestamp() AS timestamp) - heartbeat))";
            try (Statement st = server.createStatement(); ResultSet rs = st.executeQuery(
                    "SELECT " + age + " FROM trial_heartbeats WHERE trial_id = " + t.trialId())) {
                rs.next();
                assertTrue(Math.abs(rs.getDouble(1)) < 60, "heartbeat age on the server: " + rs.getDouble(1) + " s");
            }
            assertTrue(TestClaims.failStale(s, studyId, (id, w) -> Duration.ofMinutes(5), (id, w) -> false)
                    .isEmpty());
        } finally {
            TimeZone.setDefault(before);
        }
    }

    @ParameterizedTest
    @MethodSource("sqlBackends")
    void aMultiObjectiveStudyShowsEveryDirection(String backend) throws Exception {
        String url = newStorage(backend);
        try (Storage s = open(url)) {
            long studyId = s.createStudy("mo", Direction.MINIMIZE, Map.of()).studyId();
            exec(url, "INSERT INTO study_directions (direction, study_id, objective) VALUES ('MAXIMIZE', " + studyId
                    + ", 1)");
            StudyInfo info = s.findStudy("mo").orElseThrow();
            assertEquals(List.of(Direction.MINIMIZE, Direction.MAXIMIZE), info.directions());
        }
    }

    /**
     * Two and three objectives as Optuna stores them: one {@code study_directions} row per objective, one
     * {@code trial_values} row per objective (infinities as a type), read back whole by every reader: a trial read
     * alone, a history read trial by trial and one read table by table (a new connection, more than 32 trials).
     */
    @ParameterizedTest
    @MethodSource("backends")
    void severalObjectivesRoundTripWithTheirDirectionsAndInfinities(String backend) throws Exception {
        String url = newStorage(backend);
        List<Direction> two = List.of(Direction.MAXIMIZE, Direction.MINIMIZE);
        List<Direction> three = List.of(Direction.MINIMIZE, Direction.MAXIMIZE, Direction.MINIMIZE);
        List<List<Double>> expected2 = new ArrayList<>();
        List<List<Double>> expected3 = new ArrayList<>();
        long id2;
        long id3;
        try (Storage s = open(url)) {
            id2 = s.createStudy("two", two, Map.of()).studyId();
            id3 = s.findOrCreateStudy("three", three, Map.of()).studyId();
            assertEquals(id3, s.findOrCreateStudy("three", List.of(Direction.MAXIMIZE), Map.of()).studyId(),
                    "an existing study is found as stored");
            for (int i = 0; i < 40; i++) {
                FrozenTrial t2 = claimed(s, id2, Map.of());
                FrozenTrial t3 = claimed(s, id3, Map.of());
                List<Double> v2 = i == 1 ? List.of(Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY)
                        : List.of(0.5 + i, -1.25 * i - 1);
                List<Double> v3 = i == 2 ? List.of(Double.NEGATIVE_INFINITY, 1e300, Double.POSITIVE_INFINITY)
                        : List.of(0.1 * i, 2.0, -(i + 1) / 3.0);
                if (i % 9 == 4) {
                    assertTrue(s.finish(t2.trialId(), TrialState.PRUNED, List.of(), Map.of()));
                    assertTrue(s.finish(t3.trialId(), TrialState.FAIL, List.of(), Map.of()));
                    expected2.add(List.of());
                    expected3.add(List.of());
                    continue;
                }
                assertTrue(s.finish(t2.trialId(), TrialState.COMPLETE, v2, Map.of()));
                assertTrue(s.finish(t3.trialId(), TrialState.COMPLETE, v3, Map.of()));
                expected2.add(v2);
                expected3.add(v3);
            }
            History h2 = s.history(id2);
            assertEquals(two, h2.directions());
            assertEquals(expected2, h2.trials().stream().map(FrozenTrial::values).toList());
            assertEquals(expected3, s.history(id3).trials().stream().map(FrozenTrial::values).toList());
        }
        try (Storage s = open(url)) {
            assertEquals(two, s.findStudy("two").orElseThrow().directions());
            assertEquals(three, s.findStudy("three").orElseThrow().directions());
            assertEquals(List.of(two, three), s.studies().stream().map(StudyInfo::directions).toList());
            History h3 = s.history(id3);
            assertEquals(three, h3.directions());
            assertTrue(h3.isMultiObjective());
            assertEquals(expected3, h3.trials().stream().map(FrozenTrial::values).toList());
            assertEquals(expected2, s.history(id2).trials().stream().map(FrozenTrial::values).toList());
            for (FrozenTrial t : h3.trials()) {
                assertEquals(t.values(), s.trial(t.trialId()).values(), "trial " + t.number() + " read alone");
            }
        }
        if (!backend.equals("memory")) {
            try (Connection c = sqlSession(url); Statement st = c.createStatement()) {
                List<String> dirs = new ArrayList<>();
                try (ResultSet rs = st.executeQuery("SELECT objective, direction FROM study_directions"
                        + " WHERE study_id = " + id3 + " ORDER BY objective")) {
                    while (rs.next()) {
                        dirs.add(rs.getInt(1) + ":" + rs.getString(2));
                    }
                }
                assertEquals(List.of("0:MINIMIZE", "1:MAXIMIZE", "2:MINIMIZE"), dirs);
                List<String> rows = new ArrayList<>();
                try (ResultSet rs = st.executeQuery("SELECT v.objective, v.value, v.value_type FROM trial_values v"
                        + " JOIN trials t ON t.trial_id = v.trial_id WHERE t.study_id = " + id3 + " AND t.number = 2"
                        + " ORDER BY v.objective")) {
                    while (rs.next()) {
                        rows.add(rs.getInt(1) + ":" + rs.getObject(2) + ":" + rs.getString(3));
                    }
                }
                assertEquals(List.of("0:null:INF_NEG", "1:1.0E300:FINITE", "2:null:INF_POS"), rows);
            }
        }
    }

    /** A finish Optuna could not store, or that would hide an objective, is refused before anything is written. */
    @ParameterizedTest
    @MethodSource("backends")
    void aFinishWithTheWrongNumberOfValuesOrANaNIsRefusedAndWritesNothing(String backend) throws Exception {
        try (Storage s = open(newStorage(backend))) {
            long studyId = s.createStudy("mo", List.of(Direction.MAXIMIZE, Direction.MINIMIZE), Map.of()).studyId();
            FrozenTrial t = claimed(s, studyId, Map.of());
            for (List<Double> wrong : List.of(List.of(0.9), List.of(0.9, 1.0, 2.0), List.<Double>of(),
                    List.of(0.9, Double.NaN))) {
                IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                        () -> s.finish(t.trialId(), TrialState.COMPLETE, wrong, Map.of("r", 1)), wrong.toString());
                assertTrue(e.getMessage().contains(wrong.contains(Double.NaN) ? "NaN" : "2 objectives"),
                        e.getMessage());
            }
            assertThrows(IllegalArgumentException.class, () -> s.finish(t.trialId(), TrialState.COMPLETE, 0.9,
                    Map.of()), "one value for two objectives");
            assertThrows(IllegalArgumentException.class, () -> s.finish(t.trialId(), TrialState.PRUNED,
                    List.of(0.9), Map.of()), "a pruned trial has a value per objective or none");
            FrozenTrial still = s.trial(t.trialId());
            assertEquals(TrialState.RUNNING, still.state());
            assertEquals(List.of(), still.values());
            assertFalse(still.systemAttributes().containsKey("r"));
            assertTrue(s.finish(t.trialId(), TrialState.COMPLETE, List.of(0.9, 12.0), Map.of()));
            assertEquals(List.of(0.9, 12.0), s.history(studyId).trials().get(0).values());

            long single = s.createStudy("one", Direction.MINIMIZE, Map.of()).studyId();
            FrozenTrial u = claimed(s, single, Map.of());
            assertThrows(IllegalArgumentException.class, () -> s.finish(u.trialId(), TrialState.COMPLETE,
                    Double.NaN, Map.of()), "Optuna fails a trial whose value is NaN");
            assertEquals(TrialState.RUNNING, s.trial(u.trialId()).state());
            assertThrows(IllegalArgumentException.class, () -> s.createStudy("none", List.of(), Map.of()));
            assertTrue(s.findStudy("none").isEmpty());
        }
    }

    @ParameterizedTest
    @MethodSource("sqlBackends")
    void aNewStorageGetsTheAskedRevisionKeepsItAndUpgradesOnlyWhenAsked(String backend) throws Exception {
        String made = newStorage(backend);
        String plain = backend.equals("sqlite") ? "sqlite:///" + made : made;
        String url = plain + "?revision=v3.0.0.d";
        try (Storage s = open(url)) {
            s.createStudy("s", Direction.MINIMIZE, Map.of());
        }
        assertEquals(SchemaRevision.V3_0_0_D, revision(plain));
        try (Storage s = open(plain)) {
            assertEquals(1, s.studies().size());
        }
        assertEquals(SchemaRevision.V3_0_0_D, revision(plain), "an existing storage keeps its revision");
        assertFalse(hasTrialsIndex(plain));
        assertEquals(SchemaRevision.V3_0_0_D, JdbcStorage.upgrade(StorageUrl.parse(plain), SchemaRevision.V3_2_0_A));
        assertEquals(SchemaRevision.V3_2_0_A, revision(plain));
        assertTrue(hasTrialsIndex(plain));
        try (Storage s = open(plain)) {
            assertEquals(1, s.studies().size());
        }
        String fresh = newStorage(backend);
        open(fresh).close();
        assertEquals(SchemaRevision.V3_2_0_A, revision(fresh), "new storages are written for Optuna 3.2 to 5.0");
        assertTrue(hasTrialsIndex(fresh));
    }

    @ParameterizedTest
    @MethodSource("backends")
    void aTrialRoundTripsValuesCurvesAndAttributes(String backend) throws Exception {
        String url = newStorage(backend);
        try (Storage s = open(url)) {
            long studyId = s.createStudy("s", Direction.MAXIMIZE, Map.of("k", List.of(1, "two"))).studyId();
            FrozenTrial t = claimed(s, studyId, Map.of("sweep4j:ga:genome", List.of(0.25, 0.5)));
            s.reportIntermediate(t.trialId(), 0, Double.NaN);
            s.reportIntermediate(t.trialId(), 1, Double.NEGATIVE_INFINITY);
            s.reportIntermediate(t.trialId(), 2, 0.75);
            s.setTrialUserAttribute(t.trialId(), "note", "héllo 'quoted'");
            assertTrue(s.finish(t.trialId(), TrialState.COMPLETE, Double.POSITIVE_INFINITY, Map.of("r", 1)));
            assertFalse(s.finish(t.trialId(), TrialState.FAIL, List.of(), Map.of()));
            FrozenTrial back = s.history(studyId).trials().get(0);
            assertEquals(Double.POSITIVE_INFINITY, back.value());
            assertTrue(back.intermediateValues().get(0).isNaN());
            assertEquals(Double.NEGATIVE_INFINITY, back.intermediateValues().get(1));
            assertEquals(0.75, back.intermediateValues().get(2));
            assertEquals("héllo 'quoted'", back.userAttributes().get("note"));
            assertEquals(List.of(0.25, 0.5), back.systemAttributes().get("sweep4j:ga:genome"));
            assertEquals(1, ((Number) back.systemAttributes().get("r")).intValue(), "the finish's attributes");
            assertEquals(t.params(), back.params());
            assertEquals(List.of(1, "two"), s.findStudy("s").orElseThrow().systemAttributes().get("k"));
        }
    }

    /**
     * One epoch's report (value, metrics, throughput, a pruner's rung) is one transaction: a second connection reading
     * in one snapshot while a worker reports sees each step whole, never a value without its attributes nor
     * attributes ahead of it.
     */
    @ParameterizedTest
    @MethodSource("backends")
    void aStepReportIsStoredWholeAndSeenWholeByAnotherConnection(String backend) throws Exception {
        String url = newStorage(backend);
        int steps = 150;
        try (Storage writer = open(url); Storage reader = open(url)) {
            long studyId = writer.createStudy("s", Direction.MAXIMIZE, Map.of()).studyId();
            long trialId = claimed(writer, studyId, Map.of()).trialId();
            ExecutorService pool = Executors.newSingleThreadExecutor();
            try {
                Future<?> reports = pool.submit(() -> {
                    for (int step = 0; step < steps; step++) {
                        writer.report(trialId, StepReport.of(step, Map.of("val_accuracy", step / 1000.0,
                                "train_loss", 1.0 / (step + 1)), "val_accuracy", Map.of("train_samples_per_s",
                                step)).withSystemAttributes(Map.of(Attributes.COMPLETED_RUNG + step, step / 1000.0)));
                    }
                });
                int reads = 0;
                int seenStep = -1;
                while (seenStep < steps - 1) {
                    if (reports.isDone()) {
                        reports.get(); // a failed writer fails the test; a finished one is read whole next
                    }
                    Seen t = inOneSnapshot(url, reader, trialId);
                    reads++;
                    if (t.values().isEmpty()) {
                        assertEquals(Map.of(), t.user(), "attributes before their value");
                        continue;
                    }
                    int step = t.values().lastKey();
                    assertEquals(step + 1, t.values().size());
                    assertEquals(step, ((Number) t.user().get("train_samples_per_s")).intValue(),
                            "the throughput of the step whose value is stored, at read " + reads);
                    assertEquals(step / 1000.0, ((Number) t.system().get(Attributes.COMPLETED_RUNG + step))
                            .doubleValue());
                    assertFalse(t.system().containsKey(Attributes.COMPLETED_RUNG + (step + 1)),
                            "a rung ahead of its value");
                    Map<?, ?> metrics = (Map<?, ?>) t.system().get(Attributes.metricsAt(step));
                    assertEquals(step / 1000.0, ((Number) metrics.get("val_accuracy")).doubleValue());
                    assertEquals(1.0 / (step + 1), ((Number) metrics.get("train_loss")).doubleValue());
                    assertFalse(t.system().containsKey(Attributes.metricsAt(step + 1)));
                    seenStep = step;
                }
                reports.get();
                assertTrue(reads > 1, "the reader read while the reports went on");
            } finally {
                pool.shutdownNow();
            }
            // a value alone (NaN as Optuna stores it), attributes alone
            writer.report(trialId, StepReport.of(steps, Double.NaN));
            writer.report(trialId, new StepReport(steps + 1, OptionalDouble.empty(), Map.of("note", "é 'q'"), Map.of()));
            FrozenTrial t = reader.trial(trialId);
            assertEquals(steps + 1, t.intermediateValues().size());
            assertTrue(t.intermediateValues().get(steps).isNaN());
            assertEquals("é 'q'", t.userAttributes().get("note"));
            assertEquals(t, writer.history(studyId).trials().get(0));
        }
    }

    @ParameterizedTest
    @MethodSource("backends")
    void aProposalMadeAfterTheReservationStoresItsParametersAndAttributes(String backend) throws Exception {
        try (Storage s = open(newStorage(backend))) {
            long studyId = s.createStudy("s", Direction.MAXIMIZE, Map.of()).studyId();
            Map<String, Object> attrs = Map.of("sweep4j:worker", "w1", "sweep4j:ga:generation", 2);
            TestClaims.Proposer request = ((n, h, fixed) -> Optional.of(TrialDraft.of(SPACE,
                    Params.of(Map.of("x", 0.25, "n", 7L)), attrs)));
            FrozenTrial t = ((ClaimOutcome.Claimed) TestClaims.claim(s, studyId, -1, request)).trial();
            assertTrue(s.finish(t.trialId(), TrialState.COMPLETE, 1.0, Map.of()));
            FrozenTrial back = s.history(studyId).trials().get(0);
            assertEquals(Params.of(Map.of("x", 0.25, "n", 7L)), back.params());
            assertEquals("w1", back.systemAttributes().get("sweep4j:worker"));
            assertEquals(2, ((Number) back.systemAttributes().get("sweep4j:ga:generation")).intValue());
        }
    }

    @ParameterizedTest
    @MethodSource("backends")
    void abandonFailsOnlyTheStoppingWorkersRunningTrialsAndTheCountsFollow(String backend) throws Exception {
        String url = newStorage(backend);
        try (Storage s = open(url)) {
            long studyId = s.createStudy("s", Direction.MINIMIZE, Map.of()).studyId();
            long otherId = s.createStudy("other", Direction.MINIMIZE, Map.of()).studyId();
            FrozenTrial a0 = claimed(s, studyId, Map.of(Attributes.WORKER, "A"));
            FrozenTrial a1 = claimed(s, studyId, Map.of(Attributes.WORKER, "A"));
            FrozenTrial b = claimed(s, studyId, Map.of(Attributes.WORKER, "B"));
            FrozenTrial optuna = claimed(s, studyId, Map.of());
            FrozenTrial aElsewhere = claimed(s, otherId, Map.of(Attributes.WORKER, "A"));
            assertTrue(s.finish(a1.trialId(), TrialState.COMPLETE, 1.0, Map.of()));
            s.enqueue(studyId, Map.of("x", 0.5), Map.of());
            s.history(studyId);
            assertEquals(3, s.runningCount(studyId), "RUNNING only: not the finished one nor the WAITING one");
            assertEquals(0, s.interruptedCount(studyId));

            assertEquals(1, s.abandon(studyId, "A", "stopped at once"));
            FrozenTrial stopped = s.trial(a0.trialId());
            assertEquals(TrialState.FAIL, stopped.state());
            assertEquals("stopped at once", stopped.systemAttributes().get(Attributes.FAIL_REASON));
            assertEquals(true, stopped.systemAttributes().get(Attributes.STOPPED));
            assertTrue(stopped.interrupted(), stopped.toString());
            assertEquals(TrialState.COMPLETE, s.trial(a1.trialId()).state(), "a finished trial is left as it is");
            assertEquals(TrialState.RUNNING, s.trial(b.trialId()).state(), "another worker's trial runs on");
            assertEquals(TrialState.RUNNING, s.trial(optuna.trialId()).state());
            assertEquals(TrialState.RUNNING, s.trial(aElsewhere.trialId()).state(), "another study's trial runs on");
            assertEquals(0, s.abandon(studyId, "A", "stopped again"), "nothing left to abandon");
            assertEquals("stopped at once", s.trial(a0.trialId()).systemAttributes().get(Attributes.FAIL_REASON));

            // a stale trial ends interrupted too, not stopped
            assertEquals(1, TestClaims.failStale(s, studyId, (id, w) -> Duration.ofHours(1), (id, w) -> "B".equals(w))
                    .size());
            assertFalse(s.trial(b.trialId()).systemAttributes().containsKey(Attributes.STOPPED));
            s.history(studyId);
            assertEquals(1, s.runningCount(studyId));
            assertEquals(2, s.interruptedCount(studyId));
            // interrupted trials are retried, not counted: of a budget of 3, two are used (COMPLETE, RUNNING)
            assertTrue(TestClaims.claim(s, studyId, 2, fixedOr(0.5, new ConcurrentHashMap<>())) instanceof ClaimOutcome
                    .BudgetReached);
            ClaimOutcome third = TestClaims.claim(s, studyId, 3, fixedOr(0.5, new ConcurrentHashMap<>()));
            assertEquals(TrialState.RUNNING, ((ClaimOutcome.Claimed) third).trial().state());
        }
        try (Storage s = open(url)) {
            long studyId = s.findStudy("s").orElseThrow().studyId();
            s.history(studyId);
            assertEquals(2, s.runningCount(studyId), "another connection counts the same after its read");
            assertEquals(2, s.interruptedCount(studyId));
        }
    }

    @ParameterizedTest
    @MethodSource("backends")
    void systemAttributesOfStudiesAndTrialsAreStoredReplacedAndSeenByAnotherConnection(String backend)
            throws Exception {
        String url = newStorage(backend);
        long studyId;
        long trialId;
        try (Storage s = open(url)) {
            studyId = s.createStudy("s", Direction.MINIMIZE, Map.of("kept", "yes")).studyId();
            s.createStudy("other", Direction.MINIMIZE, Map.of());
            s.setStudySystemAttribute(studyId, "sweep4j:note", "first");
            s.setStudySystemAttribute(studyId, "sweep4j:note", List.of(1, "two", Map.of("three", 3.5)));
            trialId = claimed(s, studyId, Map.of()).trialId();
            s.setTrialSystemAttribute(trialId, "sweep4j:mark", 1);
            s.setTrialSystemAttribute(trialId, "sweep4j:mark", "replaced 'quoted'");
            s.setTrialSystemAttribute(trialId, "sweep4j:more", true);
        }
        try (Storage s = open(url)) {
            Map<String, Object> attrs = s.findStudy("s").orElseThrow().systemAttributes();
            assertEquals("yes", attrs.get("kept"));
            assertEquals(List.of(1, "two", Map.of("three", 3.5)), attrs.get("sweep4j:note"));
            assertFalse(s.findStudy("other").orElseThrow().systemAttributes().containsKey("sweep4j:note"));
            FrozenTrial t = s.trial(trialId);
            assertEquals("replaced 'quoted'", t.systemAttributes().get("sweep4j:mark"));
            assertEquals(true, t.systemAttributes().get("sweep4j:more"));
            assertEquals(t, s.history(studyId).trials().get(0));
        }
    }

    @ParameterizedTest
    @MethodSource("backends")
    void heartbeatsKeepALiveTrialFreshAndNameTheTrialsEndedElsewhere(String backend) throws Exception {
        try (Storage s = open(newStorage(backend))) {
            long studyId = s.createStudy("s", Direction.MINIMIZE, Map.of()).studyId();
            FrozenTrial beating = claimed(s, studyId, Map.of(Attributes.WORKER, "w"));
            FrozenTrial silent = claimed(s, studyId, Map.of(Attributes.WORKER, "w"));
            assertEquals(Set.of(), s.heartbeat(List.of()));
            Thread.sleep(2000);
            assertEquals(Set.of(), s.heartbeat(List.of(beating.trialId())), "both still RUNNING");
            List<FrozenTrial> stale = TestClaims.failStale(s, studyId, (id, w) -> Duration.ofMillis(1000),
                    (id, w) -> false);
            assertEquals(List.of(silent.trialId()), stale.stream().map(FrozenTrial::trialId).toList(),
                    "only the trial whose heartbeat is older than the grace is failed");
            assertEquals(TrialState.RUNNING, s.trial(beating.trialId()).state());
            assertEquals(Set.of(silent.trialId()), s.heartbeat(List.of(beating.trialId(), silent.trialId())),
                    "a trial failed elsewhere is named, so its process stops working on it");
            assertTrue(s.finish(beating.trialId(), TrialState.COMPLETE, 1.0, Map.of()));
            assertEquals(Set.of(beating.trialId()), s.heartbeat(List.of(beating.trialId())));
            assertTrue(TestClaims.failStale(s, studyId, (id, w) -> Duration.ZERO, (id, w) -> true).isEmpty(),
                    "finished trials are never failed");
        }
    }

    @ParameterizedTest
    @MethodSource("backends")
    void locationNamesTheStorageButNeverItsPassword(String backend) throws Exception {
        String url = newStorage(backend);
        try (Storage s = open(url)) {
            String location = s.location();
            switch (backend) {
                case "sqlite" -> assertTrue(location.contains(Path.of(url).getFileName().toString()), location);
                case "memory" -> assertEquals(url, location);
                default -> {
                    String database = url.substring(url.lastIndexOf('/') + 1);
                    assertTrue(location.contains(database), location);
                    Matcher m = Pattern.compile("//[^:@/]+:([^@]+)@").matcher(url);
                    if (m.find()) {
                        assertFalse(location.contains(m.group(1)), "the password is not shown: " + location);
                    }
                }
            }
        }
    }

    /** Every method of {@link Storage} is called by a test of this class (close by each try-with-resources). */
    @Test
    void everyMethodOfStorageHasAContractTest() throws Exception {
        String source = Files.readString(Path.of("src/test/java/io/sweep4j/store/StorageContractTest.java"));
        List<String> untested = new ArrayList<>();
        for (Method m : Storage.class.getDeclaredMethods()) {
            String call = m.getName().equals("close") ? "try (Storage s = open(" : "." + m.getName() + "(";
            if (!Modifier.isStatic(m.getModifiers()) && !m.isSynthetic() && !source.contains(call)) {
                untested.add(m.getName());
            }
        }
        assertEquals(List.of(), untested, "Storage methods no test of StorageContractTest calls");
    }

    /** What a reader sees of one trial's reports: values by step, user and system attributes. */
    private record Seen(java.util.NavigableMap<Integer, Double> values, Map<String, Object> user,
            Map<String, Object> system) {
    }

    /**
     * The trial's reports read in one snapshot of the database, on a session of the test's own, as one transaction of
     * an Optuna worker reads them (the storage reads a trial's rows with several statements, each of which would see
     * the commits made since the one before); a memory storage is read through its contract.
     */
    private static Seen inOneSnapshot(String url, Storage s, long trialId) throws Exception {
        if (StorageUrl.parse(url) instanceof StorageUrl.Memory) {
            FrozenTrial t = s.trial(trialId);
            return new Seen(new java.util.TreeMap<>(t.intermediateValues()), t.userAttributes(), t.systemAttributes());
        }
        var json = new com.fasterxml.jackson.databind.ObjectMapper();
        try (Connection c = sqlSession(url); Statement st = c.createStatement()) {
            c.setAutoCommit(false);
            c.setTransactionIsolation(Connection.TRANSACTION_SERIALIZABLE);
            java.util.TreeMap<Integer, Double> values = new java.util.TreeMap<>();
            Map<String, Object> user = new java.util.HashMap<>();
            Map<String, Object> system = new java.util.HashMap<>();
            try (ResultSet r = st.executeQuery("SELECT step, intermediate_value FROM trial_intermediate_values"
                    + " WHERE trial_id = " + trialId)) {
                while (r.next()) {
                    double v = r.getDouble(2);
                    values.put(r.getInt(1), r.wasNull() ? Double.NaN : v);
                }
            }
            for (var table : Map.of("trial_user_attributes", user, "trial_system_attributes", system).entrySet()) {
                try (ResultSet r = st.executeQuery("SELECT key, value_json FROM " + table.getKey()
                        + " WHERE trial_id = " + trialId)) {
                    while (r.next()) {
                        table.getValue().put(r.getString(1), json.readValue(r.getString(2), Object.class));
                    }
                }
            }
            c.commit();
            return new Seen(values, user, system);
        }
    }

    private static FrozenTrial claimed(Storage s, long studyId, Map<String, Object> attrs) {
        ClaimOutcome out = TestClaims.claim(s, studyId, -1, (n, h, fixed) -> Optional.of(TrialDraft.of(SPACE,
                Params.of(Map.of("x", 0.5, "n", 3L)), attrs)));
        return ((ClaimOutcome.Claimed) out).trial();
    }

    private static void exec(String url, String statement) throws SQLException {
        try (Connection c = sqlSession(url); Statement st = c.createStatement()) {
            st.execute(statement);
        }
    }

    /** The revision Optuna reads: alembic's row. */
    private static SchemaRevision revision(String url) throws SQLException {
        try (Connection c = sqlSession(url); Statement st = c.createStatement();
                ResultSet rs = st.executeQuery("SELECT version_num FROM alembic_version")) {
            assertTrue(rs.next(), "alembic_version has a row");
            return SchemaRevision.parse("alembic_version", rs.getString(1));
        }
    }

    private static boolean hasTrialsIndex(String url) throws SQLException {
        String q = StorageUrl.parse(url) instanceof StorageUrl.Sqlite
                ? "SELECT 1 FROM sqlite_master WHERE type = 'index' AND name = 'ix_trials_study_id'"
                : "SELECT 1 FROM pg_indexes WHERE indexname = 'ix_trials_study_id'";
        try (Connection c = sqlSession(url); Statement st = c.createStatement(); ResultSet rs = st.executeQuery(q)) {
            return rs.next();
        }
    }
}
