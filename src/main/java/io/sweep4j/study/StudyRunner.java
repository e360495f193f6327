package io.sweep4j.study;

import io.sweep4j.sampler.Proposal;
import io.sweep4j.sampler.SamplingContext;
import io.sweep4j.space.UsageException;
import io.sweep4j.store.ClaimOutcome;
import io.sweep4j.store.SpaceDescription;
import io.sweep4j.store.SqliteStorage;
import io.sweep4j.store.StudyInfo;
import io.sweep4j.trial.Attributes;
import io.sweep4j.trial.FrozenTrial;
import io.sweep4j.trial.History;
import io.sweep4j.trial.TrialState;
import java.time.Instant;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs a study: claims trials one at a time in storage transactions, runs {@code parallelism} objectives on a fixed
 * thread pool, records every state change before going on, keeps heartbeats, and stops on budget, exhaustion or
 * Ctrl-C. Everything it needs to resume is read back from storage.
 */
public final class StudyRunner {
    private static final Logger LOG = LoggerFactory.getLogger(StudyRunner.class);
    /** Heartbeats missed before a running trial of another process counts as dead. */
    private static final int MISSED_HEARTBEATS = 4;
    private static final String WORKER = workerId();

    private final StudySpec spec;
    private final Map<Long, Trial> running = new ConcurrentHashMap<>();
    private volatile boolean stopRequested;
    private volatile SqliteStorage storage;
    private volatile StudyInfo study;

    public StudyRunner(StudySpec spec) {
        this.spec = spec;
    }

    /** Runs until the budget is used, the sampler is exhausted or the user stops; returns the stored history. */
    public StudyResult run() {
        try (SqliteStorage s = SqliteStorage.open(spec.storage())) {
            this.storage = s;
            this.study = openStudy(s);
            recoverDeadTrials();
            return Interrupts.during(this, this::loop);
        } finally {
            this.storage = null;
        }
    }

    /** Asks the run to stop launching trials; running trials end after their current step. */
    public void requestStop() {
        stopRequested = true;
    }

    /** Marks every running trial of this process as interrupted now (second Ctrl-C, or JVM shutdown). */
    void abandonRunning(String reason) {
        SqliteStorage s = storage;
        if (s == null) {
            return;
        }
        for (Long id : List.copyOf(running.keySet())) {
            try {
                s.finish(id, TrialState.FAIL, null, Map.of(Attributes.FAIL_REASON, reason, Attributes.INTERRUPTED,
                        true));
            } catch (RuntimeException e) {
                LOG.warn("could not mark trial {} as interrupted: {}", id, e.getMessage());
            }
        }
    }

    int runningCount() {
        return running.size();
    }

    private StudyInfo openStudy(SqliteStorage s) {
        List<Map<String, Object>> spaceNow = SpaceDescription.of(spec.space());
        Optional<StudyInfo> existing = s.findStudy(spec.name());
        if (existing.isEmpty()) {
            Map<String, Object> attrs = new LinkedHashMap<>();
            attrs.put(Attributes.METRIC, spec.metric());
            attrs.put(Attributes.SPACE, spaceNow);
            attrs.put(Attributes.SAMPLER, spec.sampler().describe());
            return s.createStudy(spec.name(), spec.direction(), attrs);
        }
        StudyInfo info = existing.get();
        if (info.direction() != spec.direction()) {
            throw new UsageException("direction", spec.direction(), "study \"" + spec.name() + "\" in " + spec.storage()
                    + " was created to " + info.direction() + "; keep its direction or use a new study name");
        }
        Object storedMetric = info.systemAttributes().get(Attributes.METRIC);
        if (storedMetric != null && !storedMetric.equals(spec.metric())) {
            throw new UsageException("metric", spec.metric(), "study \"" + spec.name() + "\" optimizes "
                    + storedMetric + "; keep that metric or use a new study name");
        }
        Object storedSpace = info.systemAttributes().get(Attributes.SPACE);
        if (storedSpace != null) {
            List<String> diffs = SpaceDescription.differences(storedSpace, spaceNow);
            if (!diffs.isEmpty()) {
                if (!spec.allowSpaceChange()) {
                    throw new UsageException("search space", spec.name(), "it differs from the stored one:\n"
                            + String.join("\n", diffs) + "\nrestore the old space, use a new study name, or pass"
                            + " --allow-space-change (Study.allowSpaceChange()) to continue with the new one");
                }
                s.setStudySystemAttribute(info.studyId(), Attributes.SPACE, spaceNow);
            }
        }
        return info;
    }

    /** Trials left RUNNING by a dead process become FAIL "interrupted", so they can be retried. */
    private void recoverDeadTrials() {
        Set<Long> dead = new HashSet<>();
        for (FrozenTrial t : storage.history(study.studyId()).inState(TrialState.RUNNING)) {
            Object worker = t.systemAttributes().get(Attributes.PREFIX + "worker");
            if (worker != null && isDeadLocalProcess(worker.toString())) {
                dead.add(t.trialId());
            }
        }
        List<FrozenTrial> failed = storage.failStale(study.studyId(), spec.heartbeat().multipliedBy(MISSED_HEARTBEATS),
                dead);
        if (!failed.isEmpty()) {
            LOG.info("{} trial(s) of a stopped run marked interrupted: {}", failed.size(),
                    failed.stream().map(FrozenTrial::number).toList());
        }
    }

    private StudyResult loop() {
        ExecutorService pool = Executors.newFixedThreadPool(spec.parallelism(), r -> {
            Thread t = new Thread(r, "sweep4j-trial");
            t.setDaemon(true);
            return t;
        });
        ScheduledExecutorService beats = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "sweep4j-heartbeat");
            t.setDaemon(true);
            return t;
        });
        long beatMs = spec.heartbeat().toMillis();
        beats.scheduleAtFixedRate(this::beat, beatMs, beatMs, TimeUnit.MILLISECONDS);
        Semaphore slots = new Semaphore(spec.parallelism());
        Instant deadline = spec.budget().time().map(d -> Instant.now().plus(d)).orElse(null);
        int maxCounted = spec.budget().trials().orElse(-1);
        AtomicInteger ranHere = new AtomicInteger();
        StopReason reason;
        try {
            while (true) {
                if (stopRequested) {
                    reason = StopReason.INTERRUPTED;
                    break;
                }
                if (deadline != null && !Instant.now().isBefore(deadline)) {
                    reason = StopReason.BUDGET_TIME;
                    break;
                }
                if (!slots.tryAcquire(200, TimeUnit.MILLISECONDS)) {
                    continue;
                }
                ClaimOutcome outcome = storage.claim(study.studyId(), maxCounted, spec.space(), this::propose);
                if (outcome instanceof ClaimOutcome.BudgetReached) {
                    slots.release();
                    reason = StopReason.BUDGET_TRIALS;
                    break;
                }
                if (outcome instanceof ClaimOutcome.Exhausted) {
                    slots.release();
                    reason = StopReason.SAMPLER_EXHAUSTED;
                    break;
                }
                FrozenTrial claimed = ((ClaimOutcome.Claimed) outcome).trial();
                Trial trial = liveTrial(claimed);
                running.put(claimed.trialId(), trial);
                ranHere.incrementAndGet();
                pool.execute(() -> {
                    try {
                        execute(claimed, trial);
                    } finally {
                        running.remove(claimed.trialId());
                        slots.release();
                    }
                });
            }
            // let running trials finish (after a stop request they end at their next report)
            slots.acquireUninterruptibly(spec.parallelism());
            slots.release(spec.parallelism());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            reason = StopReason.INTERRUPTED;
        } finally {
            beats.shutdownNow();
            pool.shutdown();
        }
        if (stopRequested) {
            reason = StopReason.INTERRUPTED;
        }
        History history = storage.history(study.studyId());
        return new StudyResult(spec.name(), spec.storage(), spec.metric(), history, reason, ranHere.get());
    }

    /** Called inside the claim transaction: a pending retry first, else the sampler. */
    private Optional<Proposal> propose(int number, Supplier<History> history) {
        Optional<Proposal> retry = pendingRetry(history);
        if (retry.isPresent()) {
            return retry;
        }
        SamplingContext ctx = new SamplingContext(spec.space(), spec.direction(), number, history);
        return spec.sampler().propose(ctx).map(p -> {
            Map<String, Object> attrs = new LinkedHashMap<>(p.systemAttributes());
            attrs.put(Attributes.PREFIX + "worker", WORKER);
            return new Proposal(p.params(), attrs);
        });
    }

    /** False once a scan found no interrupted trial left to retry; trials interrupted later are retried next run. */
    private boolean mayHaveRetries = true;

    /**
     * An interrupted trial not yet retried (and retried fewer than {@code retries} times), with the same
     * parameters. Only read from the history when this process saw interrupted trials, so plain runs stay cheap.
     */
    private Optional<Proposal> pendingRetry(Supplier<History> historySupplier) {
        if (spec.retries() == 0 || !mayHaveRetries) {
            return Optional.empty();
        }
        History history = historySupplier.get();
        Set<Integer> retried = new HashSet<>();
        for (FrozenTrial t : history.trials()) {
            Object of = t.systemAttributes().get(Attributes.RETRY_OF);
            if (of instanceof Number n) {
                retried.add(n.intValue());
            }
        }
        for (FrozenTrial t : history.trials()) {
            if (t.state() == TrialState.FAIL && Boolean.TRUE.equals(t.systemAttributes().get(Attributes.INTERRUPTED))
                    && !retried.contains(t.number())) {
                int depth = ((Number) t.systemAttributes().getOrDefault(Attributes.PREFIX + "retry_depth", 0))
                        .intValue();
                if (depth >= spec.retries() || !spec.space().isValid(t.params())) {
                    continue;
                }
                Map<String, Object> attrs = new LinkedHashMap<>();
                for (var e : t.systemAttributes().entrySet()) {
                    if (e.getKey().equals(Attributes.GRID_ID) || !e.getKey().startsWith(Attributes.PREFIX)) {
                        attrs.put(e.getKey(), e.getValue());
                    }
                }
                attrs.put(Attributes.RETRY_OF, t.number());
                attrs.put(Attributes.PREFIX + "retry_depth", depth + 1);
                attrs.put(Attributes.PREFIX + "worker", WORKER);
                return Optional.of(new Proposal(t.params(), attrs));
            }
        }
        mayHaveRetries = false;
        return Optional.empty();
    }

    private Trial liveTrial(FrozenTrial claimed) {
        Optional<FrozenTrial> resumedFrom = Optional.empty();
        Object of = claimed.systemAttributes().get(Attributes.RETRY_OF);
        if (of instanceof Number n) {
            resumedFrom = storage.history(study.studyId()).trials().stream()
                    .filter(t -> t.number() == n.intValue()).findFirst();
        }
        return new Trial(spec.name(), spec.metric(), claimed.trialId(), claimed.number(), claimed.params(),
                spec.resultsDir(), resumedFrom, recorder);
    }

    private void execute(FrozenTrial claimed, Trial trial) {
        TrialState state;
        Double value = null;
        Map<String, Object> attrs = new LinkedHashMap<>();
        try {
            double v = spec.objective().evaluate(trial);
            if (Double.isNaN(v)) {
                state = TrialState.FAIL;
                attrs.put(Attributes.FAIL_REASON, "the objective returned NaN");
            } else {
                state = TrialState.COMPLETE;
                value = v;
            }
        } catch (TrialPrunedException e) {
            state = TrialState.PRUNED;
            var last = trial.intermediateValues();
            if (!last.isEmpty() && !Double.isNaN(last.get(last.lastKey()))) {
                value = last.get(last.lastKey());
            }
            attrs.put(Attributes.PREFIX + "pruned_reason", String.valueOf(e.getMessage()));
        } catch (TrialInterruptedException e) {
            state = TrialState.FAIL;
            attrs.put(Attributes.FAIL_REASON, "interrupted");
            attrs.put(Attributes.INTERRUPTED, true);
        } catch (OutOfMemoryError e) {
            state = TrialState.FAIL;
            attrs.put(Attributes.FAIL_REASON, "out of memory: " + e.getMessage()
                    + " (a smaller batch size or model, or a larger -Xmx, would fit)");
        } catch (Throwable e) {
            state = TrialState.FAIL;
            attrs.put(Attributes.FAIL_REASON, describe(e));
        }
        try {
            boolean recorded = storage.finish(claimed.trialId(), state, value, attrs);
            if (!recorded) {
                LOG.warn("trial {} was already ended elsewhere (declared dead?); its result is not stored",
                        claimed.number());
            } else if (state == TrialState.FAIL) {
                LOG.warn("trial {} failed: {}", claimed.number(), attrs.get(Attributes.FAIL_REASON));
            } else {
                LOG.info("trial {} {} {}={} params={}", claimed.number(), state, spec.metric(), value,
                        claimed.params());
            }
        } catch (RuntimeException e) {
            LOG.error("could not record the end of trial {}: {}", claimed.number(), e.getMessage());
        }
    }

    private static String describe(Throwable e) {
        String msg = e.getMessage();
        if (e instanceof TrialFailedException) {
            return msg;
        }
        String cls = e.getClass().getSimpleName();
        return msg == null || msg.isBlank() ? cls : cls + ": " + msg;
    }

    private void beat() {
        for (Long id : List.copyOf(running.keySet())) {
            try {
                storage.heartbeat(id);
            } catch (RuntimeException e) {
                LOG.warn("heartbeat for trial id {} failed: {}", id, e.getMessage());
            }
        }
    }

    private final TrialRecorder recorder = new TrialRecorder() {
        @Override
        public void reportIntermediate(long trialId, int step, double value) {
            storage.reportIntermediate(trialId, step, value);
        }

        @Override
        public void setUserAttribute(long trialId, String key, Object value) {
            storage.setTrialUserAttribute(trialId, key, value);
        }

        @Override
        public void setSystemAttribute(long trialId, String key, Object value) {
            storage.setTrialSystemAttribute(trialId, key, value);
        }

        @Override
        public boolean shouldPrune(FrozenTrial current) {
            return spec.pruner().shouldPrune(current, storage.history(study.studyId()));
        }

        @Override
        public boolean stopRequested() {
            return stopRequested;
        }
    };

    private static boolean isDeadLocalProcess(String worker) {
        String[] parts = worker.split("\\|");
        if (parts.length < 3 || !parts[0].equals(hostName())) {
            return false;
        }
        try {
            long pid = Long.parseLong(parts[1]);
            Optional<ProcessHandle> p = ProcessHandle.of(pid);
            if (p.isEmpty()) {
                return true;
            }
            // the pid may have been reused: compare the process start time
            Optional<Instant> started = p.get().info().startInstant();
            return started.isPresent() && !started.get().toString().equals(parts[2]);
        } catch (NumberFormatException e) {
            return false;
        }
    }

    private static String workerId() {
        ProcessHandle self = ProcessHandle.current();
        return hostName() + "|" + self.pid() + "|" + self.info().startInstant().map(Instant::toString).orElse("?");
    }

    private static String hostName() {
        try {
            return java.net.InetAddress.getLocalHost().getHostName();
        } catch (java.net.UnknownHostException e) {
            return "localhost";
        }
    }
}
