package io.sweep4j.study;

import io.sweep4j.prune.Decision;
import io.sweep4j.prune.PruningContext;
import io.sweep4j.sampler.Proposal;
import io.sweep4j.sampler.SamplingContext;
import io.sweep4j.space.Param;
import io.sweep4j.space.UsageException;
import io.sweep4j.store.ClaimOutcome;
import io.sweep4j.store.SpaceDescription;
import io.sweep4j.store.SqliteStorage;
import io.sweep4j.store.StudyInfo;
import io.sweep4j.trial.Attributes;
import io.sweep4j.trial.FrozenTrial;
import io.sweep4j.trial.History;
import io.sweep4j.trial.TrialState;
import java.time.Duration;
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
 * Ctrl-C. Everything it needs to resume is read back from storage, so any number of runs, in sequence or at the
 * same time in several processes, share one study.
 *
 * <p><b>Budget.</b> {@link Budget#trials(int) Budget.trials(n)} bounds the study's <em>counted</em> trials:
 * finished ones (COMPLETE, PRUNED, FAIL) not marked {@code sweep4j:interrupted}, plus RUNNING ones of every process.
 * Interrupted trials are not counted; they are retried instead. So a 50-trial study killed at trial 30 and run
 * again ends with exactly 50 finished, not-interrupted trials, plus the interrupted ones it retried. A run whose
 * budget is full only because trials of other processes are still running waits for them instead of stopping:
 * should one of those processes die, its trials are retried here, and the study still ends exactly on budget.
 *
 * <p><b>Crashes.</b> Each claimed trial carries {@code sweep4j:worker} ({@code host|pid|start|heartbeat ms}) and a
 * heartbeat refreshed every {@link Study#heartbeat(Duration) interval}. A RUNNING trial is dead when its process is
 * a local one that no longer exists, or when its heartbeat is older than {@value #MISSED_HEARTBEATS} of its own
 * process's intervals (and of ours). Dead trials are marked FAIL, {@code sweep4j:fail_reason} "interrupted",
 * {@code sweep4j:interrupted} true: at open, and during the run every {@value #RECOVERY_EVERY_BEATS} heartbeats,
 * so a long run picks up what a crashed companion process left behind.
 *
 * <p><b>Retries.</b> An interrupted trial is retried, before the sampler is asked, with the same parameters (and
 * grid position), as a new trial carrying {@code sweep4j:retry_of} (the interrupted trial's number) and
 * {@code sweep4j:retry_depth}; its {@link Trial#resumedFrom()} is the interrupted trial, whose checkpoint the
 * objective may continue. The choice is made inside the claim transaction, so two processes never retry the same
 * trial. A chain of retries stops after {@link Study#retries(int)} (default 2); the budget then goes to a new
 * trial.
 */
public final class StudyRunner {
    private static final Logger LOG = LoggerFactory.getLogger(StudyRunner.class);
    /** Heartbeats missed before a running trial counts as dead. */
    private static final int MISSED_HEARTBEATS = 4;
    /** How often, in heartbeats, a run looks for dead trials of other processes. */
    private static final int RECOVERY_EVERY_BEATS = 2;
    private static final String HOST = hostName();
    private static final String PROCESS = processId();
    /** A claim that fails for lack of memory (another trial filled the heap) is retried this often. */
    private static final int OOM_CLAIM_ATTEMPTS = 5;

    private final StudySpec spec;
    private final String worker;
    private final Map<Long, Trial> running = new ConcurrentHashMap<>();
    /** Our running trials that another process already ended (declared dead): working on them is wasted. */
    private final Set<Long> superseded = ConcurrentHashMap.newKeySet();
    /** Our trials whose end is being recorded: the heartbeat may see them ended before they leave {@code running}. */
    private final Set<Long> ending = ConcurrentHashMap.newKeySet();
    private volatile boolean stopRequested;
    private volatile SqliteStorage storage;
    private volatile StudyInfo study;
    private int beats;

    public StudyRunner(StudySpec spec) {
        this.spec = spec;
        this.worker = PROCESS + "|" + spec.heartbeat().toMillis();
    }

    /** Runs until the budget is used, the sampler is exhausted or the user stops; returns the stored history. */
    public StudyResult run() {
        checkNames();
        try (SqliteStorage s = SqliteStorage.open(spec.storage())) {
            this.storage = s;
            this.study = openStudy(s);
            recoverDeadTrials(true);
            return Interrupts.during(this, this::loop);
        } finally {
            this.storage = null;
        }
    }

    /** Asks the run to stop launching trials; running trials end after their current step. */
    public void requestStop() {
        stopRequested = true;
    }

    /** Marks every running trial of this run as interrupted now (second Ctrl-C, or JVM shutdown). */
    void abandonRunning(String reason) {
        SqliteStorage s = storage;
        StudyInfo st = study;
        if (s == null || st == null) {
            return;
        }
        try {
            // by worker, not only by our map: a claim committed just before the stop is not in the map yet
            int n = s.abandon(st.studyId(), worker, reason);
            for (Long id : List.copyOf(running.keySet())) {
                if (s.finish(id, TrialState.FAIL, null, Map.of(Attributes.FAIL_REASON, reason,
                        Attributes.INTERRUPTED, true))) {
                    n++;
                }
            }
            LOG.debug("{} running trial(s) marked {}", n, reason);
        } catch (RuntimeException e) {
            LOG.warn("could not mark the running trials as {}: {}", reason, e.getMessage());
        }
    }

    int runningCount() {
        return running.size();
    }

    /** Names go into Optuna's VARCHAR(512) columns: refuse bad ones before the file is touched. */
    private void checkNames() {
        SqliteStorage.checkName("study name", spec.name());
        for (Param p : spec.space().params()) {
            SqliteStorage.checkName("parameter name", p.name());
        }
    }

    private StudyInfo openStudy(SqliteStorage s) {
        List<Map<String, Object>> spaceNow = SpaceDescription.of(spec.space());
        Map<String, Object> attrs = new LinkedHashMap<>();
        attrs.put(Attributes.METRIC, spec.metric());
        attrs.put(Attributes.SPACE, spaceNow);
        attrs.put(Attributes.SAMPLER, spec.sampler().describe());
        attrs.put(Attributes.PRUNER, spec.pruner().describe());
        StudyInfo info = s.findOrCreateStudy(spec.name(), spec.direction(), attrs);
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
    private void recoverDeadTrials(boolean atOpen) {
        Duration ownGrace = spec.heartbeat().multipliedBy(MISSED_HEARTBEATS);
        List<FrozenTrial> failed = storage.failStale(study.studyId(), (id, w) -> graceFor(w, ownGrace),
                (id, w) -> w != null && !running.containsKey(id) && isDeadLocalProcess(w));
        if (!failed.isEmpty()) {
            LOG.info("{} trial(s) of a stopped {} marked interrupted: {}", failed.size(),
                    atOpen ? "run" : "process", failed.stream().map(FrozenTrial::number).toList());
        }
    }

    /** The longer of our grace and the one the trial's own process promised with its heartbeat interval. */
    private static Duration graceFor(String worker, Duration ownGrace) {
        if (worker != null) {
            String[] parts = worker.split("\\|");
            if (parts.length >= 4) {
                try {
                    Duration theirs = Duration.ofMillis(Long.parseLong(parts[3])).multipliedBy(MISSED_HEARTBEATS);
                    return theirs.compareTo(ownGrace) > 0 ? theirs : ownGrace;
                } catch (NumberFormatException e) {
                    return ownGrace;
                }
            }
        }
        return ownGrace;
    }

    private StudyResult loop() {
        ExecutorService pool = Executors.newFixedThreadPool(spec.parallelism(), r -> {
            Thread t = new Thread(r, "sweep4j-trial");
            t.setDaemon(true);
            return t;
        });
        ScheduledExecutorService beatThread = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "sweep4j-heartbeat");
            t.setDaemon(true);
            return t;
        });
        long beatMs = spec.heartbeat().toMillis();
        beatThread.scheduleAtFixedRate(this::beat, beatMs, beatMs, TimeUnit.MILLISECONDS);
        Semaphore slots = new Semaphore(spec.parallelism());
        Instant deadline = spec.budget().time().map(d -> Instant.now().plus(d)).orElse(null);
        int maxCounted = spec.budget().trials().orElse(-1);
        AtomicInteger ranHere = new AtomicInteger();
        StopReason reason = null;
        boolean waitingForOthers = false;
        try {
            int oomAttempts = 0;
            while (reason == null) {
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
                ClaimOutcome outcome;
                try {
                    outcome = storage.claim(study.studyId(), maxCounted, spec.space(), this::propose);
                    oomAttempts = 0;
                } catch (OutOfMemoryError e) {
                    // a trial that fills the heap can starve this thread too: that trial fails alone and frees it
                    slots.release();
                    if (++oomAttempts >= OOM_CLAIM_ATTEMPTS) {
                        throw e;
                    }
                    LOG.warn("out of memory while claiming a trial; waiting for running trials to free it");
                    Thread.sleep(200L * oomAttempts);
                    continue;
                }
                if (outcome instanceof ClaimOutcome.BudgetReached) {
                    slots.release();
                    if (storage.runningCount(study.studyId()) > running.size()) {
                        // the budget is full only while other processes' trials run: if one of them dies, its retry
                        // is ours to run, so wait for them rather than leave the study short
                        if (!waitingForOthers) {
                            LOG.info("budget reached counting trials running in other processes; waiting for them");
                            waitingForOthers = true;
                        }
                        Thread.sleep(Math.min(200, spec.heartbeat().toMillis()));
                        continue;
                    }
                    reason = StopReason.BUDGET_TRIALS;
                } else if (outcome instanceof ClaimOutcome.Exhausted) {
                    slots.release();
                    reason = stopRequested ? StopReason.INTERRUPTED : StopReason.SAMPLER_EXHAUSTED;
                } else {
                    FrozenTrial claimed = ((ClaimOutcome.Claimed) outcome).trial();
                    Trial trial = liveTrial(claimed);
                    running.put(claimed.trialId(), trial);
                    ranHere.incrementAndGet();
                    pool.execute(() -> {
                        try {
                            execute(claimed, trial);
                        } finally {
                            running.remove(claimed.trialId());
                            superseded.remove(claimed.trialId());
                            ending.remove(claimed.trialId());
                            slots.release();
                        }
                    });
                }
            }
            // let running trials finish (after a stop request they end at their next report)
            slots.acquireUninterruptibly(spec.parallelism());
            slots.release(spec.parallelism());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            reason = StopReason.INTERRUPTED;
        } catch (RuntimeException | Error e) {
            // a failed claim (storage, sampler): running trials still end and are recorded before the error goes up,
            // so the file is left as consistent as after a Ctrl-C
            stopRequested = true;
            awaitRunningTrials();
            throw e;
        } finally {
            beatThread.shutdownNow();
            pool.shutdown();
            // a beat still in flight must not touch the storage the caller is about to close
            try {
                beatThread.awaitTermination(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        if (stopRequested) {
            reason = StopReason.INTERRUPTED;
        }
        History history = storage.history(study.studyId());
        return new StudyResult(spec.name(), spec.storage(), spec.metric(), history, reason, ranHere.get());
    }

    private void awaitRunningTrials() {
        boolean interrupted = false;
        while (!running.isEmpty()) {
            try {
                Thread.sleep(50);
            } catch (InterruptedException ie) {
                interrupted = true;
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    /** Called inside the claim transaction: nothing after a stop, else a pending retry first, else the sampler. */
    private Optional<Proposal> propose(int number, Supplier<History> history) {
        if (stopRequested) {
            return Optional.empty();
        }
        Optional<Proposal> retry = pendingRetry(history);
        if (retry.isPresent()) {
            return retry;
        }
        // the sampler learns from the trials the pruner will compare this one with (a Hyperband bracket's)
        SamplingContext ctx = new SamplingContext(spec.space(), spec.direction(), number,
                () -> spec.pruner().samplerView(spec.name(), number, history.get()));
        return spec.sampler().propose(ctx).map(p -> {
            Map<String, Object> attrs = new LinkedHashMap<>(p.systemAttributes());
            attrs.putAll(spec.pruner().onClaim(spec.name(), number));
            attrs.put(SqliteStorage.WORKER_KEY, worker);
            return new Proposal(p.params(), attrs);
        });
    }

    /**
     * How many interrupted trials the study held when a scan last found none left to retry; -1 before the first
     * scan. The history is scanned again only when the count grows, so runs without interruptions stay cheap.
     */
    private int interruptedAtLastEmptyScan = -1;

    /**
     * An interrupted trial not yet retried (and retried fewer than {@code retries} times), with the same
     * parameters.
     */
    private Optional<Proposal> pendingRetry(Supplier<History> historySupplier) {
        if (spec.retries() == 0) {
            return Optional.empty();
        }
        int interrupted = storage.interruptedCount(study.studyId());
        if (interruptedAtLastEmptyScan >= 0 && interrupted <= interruptedAtLastEmptyScan) {
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
                    if (e.getKey().equals(Attributes.GRID_ID) || e.getKey().equals(Attributes.BRACKET)
                            || !e.getKey().startsWith(Attributes.PREFIX)) {
                        attrs.put(e.getKey(), e.getValue());
                    }
                }
                attrs.put(Attributes.RETRY_OF, t.number());
                attrs.put(Attributes.PREFIX + "retry_depth", depth + 1);
                attrs.put(SqliteStorage.WORKER_KEY, worker);
                return Optional.of(new Proposal(t.params(), attrs));
            }
        }
        interruptedAtLastEmptyScan = interrupted;
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
            attrs.put(Attributes.PRUNED_REASON, trial.prunedBy().map(Decision.Prune::reason)
                    .orElse(String.valueOf(e.getMessage())));
            trial.prunedBy().ifPresent(p -> {
                attrs.put(Attributes.PRUNED_STEP, p.step());
                attrs.put(Attributes.PRUNED_RULE, p.rule());
            });
        } catch (TrialInterruptedException e) {
            state = TrialState.FAIL;
            attrs.put(Attributes.FAIL_REASON, "interrupted");
            attrs.put(Attributes.INTERRUPTED, true);
        } catch (OutOfMemoryError e) {
            // the objective's frames are gone by now, so what it allocated can be collected and the study goes on
            state = TrialState.FAIL;
            attrs.put(Attributes.FAIL_REASON, "out of memory: " + e.getMessage()
                    + " (a smaller batch size or model, or a larger -Xmx, would fit)");
        } catch (Throwable e) {
            state = TrialState.FAIL;
            attrs.put(Attributes.FAIL_REASON, describe(e));
        }
        ending.add(claimed.trialId());
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

    /** On the heartbeat thread: one transaction for all running trials, and now and then a look for dead ones. */
    private void beat() {
        // a Throwable escaping here would cancel every later beat and get our live trials declared dead
        try {
            for (long id : storage.heartbeat(List.copyOf(running.keySet()))) {
                if (running.containsKey(id) && !ending.contains(id) && superseded.add(id)) {
                    LOG.warn("trial id {} was ended elsewhere (declared dead after a pause?); stopping it at its next"
                            + " report, its retry runs instead", id);
                }
            }
        } catch (Throwable e) {
            LOG.warn("heartbeat failed: {}", e.toString());
        }
        if (++beats % RECOVERY_EVERY_BEATS == 0 && !stopRequested) {
            try {
                recoverDeadTrials(false);
            } catch (Throwable e) {
                LOG.warn("looking for dead trials failed: {}", e.toString());
            }
        }
    }

    private final TrialRecorder recorder = new TrialRecorder() {
        @Override
        public void reportIntermediate(long trialId, int step, double value) {
            if (superseded.contains(trialId)) {
                throw new TrialInterruptedException("trial id " + trialId + " was ended elsewhere; a retry replaces it");
            }
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
        public Decision judge(long trialId) {
            return spec.pruner().judge(new PruningContext(spec.name(), spec.direction(), storage.trial(trialId),
                    () -> storage.history(study.studyId())));
        }

        @Override
        public boolean stopRequested() {
            return stopRequested;
        }
    };

    /** Whether {@code worker} names a process of this host that no longer runs (its pid gone or reused). */
    private static boolean isDeadLocalProcess(String worker) {
        String[] parts = worker.split("\\|");
        if (parts.length < 3 || !parts[0].equals(HOST)) {
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

    private static String processId() {
        ProcessHandle self = ProcessHandle.current();
        return HOST + "|" + self.pid() + "|" + self.info().startInstant().map(Instant::toString).orElse("?");
    }

    private static String hostName() {
        try {
            return java.net.InetAddress.getLocalHost().getHostName();
        } catch (java.net.UnknownHostException e) {
            return "localhost";
        }
    }
}
