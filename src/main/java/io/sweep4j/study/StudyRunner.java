package io.sweep4j.study;

import io.sweep4j.prune.Decision;
import io.sweep4j.prune.PruningContext;
import io.sweep4j.store.ClaimOutcome;
import io.sweep4j.store.Storage;
import io.sweep4j.store.StudyInfo;
import io.sweep4j.trial.Attributes;
import io.sweep4j.trial.FrozenTrial;
import io.sweep4j.trial.History;
import io.sweep4j.trial.StepReport;
import io.sweep4j.trial.TrialState;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs a study: claims trials one at a time in storage transactions, runs {@code parallelism} objectives on a fixed
 * thread pool, records every state change before going on, keeps heartbeats, and stops on budget, exhaustion or
 * Ctrl-C. Everything it needs to resume is read back from storage, so any number of runs, in sequence or at the
 * same time in several processes, share one study. Ctrl-C stops only a command-line run ({@link Interrupts}).
 *
 * <p><b>Budget.</b> {@link Budget#trials(int) Budget.trials(n)} bounds the study's <em>counted</em> trials:
 * finished ones (COMPLETE, PRUNED, FAIL) not marked {@code sweep4j:interrupted}, plus RUNNING ones of every process.
 * Interrupted trials are not counted; they are retried instead. So a 50-trial study killed at trial 30 and run
 * again ends with exactly 50 finished, not-interrupted trials, plus the interrupted ones it retried. A run whose
 * budget is full only because trials of other processes are still running waits for them instead of stopping:
 * should one of those processes die, its trials are retried here, and the study still ends exactly on budget.
 *
 * <p><b>Crashes.</b> Each claimed trial carries a {@link WorkerId} and a heartbeat refreshed every
 * {@link Study#heartbeat(java.time.Duration) interval}; {@link Liveness} marks dead trials FAIL "interrupted", at
 * open and during the run. Trials whose liveness cannot be known (Optuna workers without heartbeats) are left alone.
 *
 * <p><b>Enqueued trials.</b> WAITING trials (Optuna's {@code enqueue_trial}, {@link Study#enqueue}) run first, with
 * the parameters they fix and the sampler's for the rest.
 *
 * <p><b>Retries.</b> An interrupted trial is retried ({@link RetryPolicy}), before the sampler is asked; its
 * {@link Trial#resumedFrom()} is the interrupted trial, whose checkpoint the objective may continue. A chain of
 * retries stops after {@link Study#retries(int)} (default 2) crashes; the budget then goes to a new trial. Stops by
 * the user (Ctrl-C, SIGTERM) are not counted, so a long trial survives any number of chunked runs.
 *
 * <p><b>Repeated failures.</b> Once the study's last {@link Study#maxConsecutiveFailures(int)} trials failed with
 * the same unexpected error ({@link FailureStreak}, counted from storage), the run stops as after a Ctrl-C, with
 * {@link StopReason#REPEATED_FAILURES}; each kind of error's stack trace is logged once per run.
 */
public final class StudyRunner {
    private static final Logger LOG = LoggerFactory.getLogger(StudyRunner.class);
    /** A claim that fails for lack of memory (another trial filled the heap) is retried this often. */
    private static final int OOM_CLAIM_ATTEMPTS = 5;

    private final StudySpec spec;
    private final String worker;
    private final Map<Long, Trial> running = new ConcurrentHashMap<>();
    private volatile boolean stopRequested;
    /** Set once the study's last trials failed in a row with one error ({@link FailureStreak}): no new trials. */
    private volatile boolean failing;
    /** Set once a trial lacked a value the definition names ({@link Measured}): no new trials. */
    private volatile boolean missingValue;
    /** Kinds of unexpected failure whose stack trace this run has logged: each is logged once. */
    private final Set<String> traced = ConcurrentHashMap.newKeySet();
    private final Storage storage;
    private volatile boolean open;
    private volatile StudyInfo study;
    private volatile Liveness liveness;
    private NextTrial next;
    private final RunListener listener;
    /** Whether Ctrl-C stops this run: only a command-line run's ({@link Study#run(String[])}). */
    private final boolean takesCtrlC;
    private SlowStorageNotice slowNotice;
    /** Reads the time budget's deadline: the system clock, or a test's. */
    private final Clock clock;

    /** A runner of {@code spec} on {@code storage}, opened by the caller (who closes it after the run). */
    public StudyRunner(StudySpec spec, Storage storage) {
        this(spec, storage, new LogListener(spec.objectives()));
    }

    /** A runner that tells {@code listener} what happens (a live display, a log); SIGINT stays the application's. */
    public StudyRunner(StudySpec spec, Storage storage, RunListener listener) {
        this(spec, storage, listener, false);
    }

    /** {@code takesCtrlC}: Ctrl-C stops this run while it runs ({@link Interrupts}), as a command line wants. */
    StudyRunner(StudySpec spec, Storage storage, RunListener listener, boolean takesCtrlC) {
        this(spec, storage, listener, takesCtrlC, Clock.systemUTC());
    }

    /** {@code clock}: the time the time budget is measured on (tests pass one they advance). */
    StudyRunner(StudySpec spec, Storage storage, RunListener listener, boolean takesCtrlC, Clock clock) {
        this.spec = spec;
        this.storage = storage;
        this.worker = WorkerId.current(spec.heartbeat().toMillis()).encode();
        this.listener = listener;
        this.takesCtrlC = takesCtrlC;
        this.clock = clock;
    }

    /** Runs until the budget is used, the sampler is exhausted or the user stops; returns the stored history. */
    public StudyResult run() {
        StudyOpener opener = new StudyOpener(spec);
        opener.checkNames();
        Storage s = storage;
        try {
            this.open = true;
            this.study = opener.open(s);
            this.liveness = new Liveness(s, study.studyId(), spec.heartbeat(), running);
            this.next = new NextTrial(spec, s, study.studyId(),
                    new RetryPolicy(s, study.studyId(), spec.space(), spec.retries()), liveness, worker,
                    () -> stopRequested);
            liveness.recoverDeadTrials(true);
            listener.opened(spec, () -> s.history(study.studyId()));
            this.slowNotice = new SlowStorageNotice(listener, s.location());
            return Interrupts.during(this, takesCtrlC, this::loop);
        } finally {
            if (slowNotice != null) {
                slowNotice.close();
            }
            this.open = false;
        }
    }

    /** Asks the run to stop launching trials; running trials end after their current step. */
    public void requestStop() {
        stopRequested = true;
        Liveness l = liveness;
        if (l != null) {
            l.stopRecovering();
        }
    }

    /**
     * Marks every running trial of this run as interrupted now (second Ctrl-C, or JVM shutdown); returns how many it
     * marked.
     */
    int abandonRunning(String reason) {
        Storage s = storage;
        StudyInfo st = study;
        if (!open || st == null) {
            return 0;
        }
        try {
            // by worker, not only by our map: a claim committed just before the stop is not in the map yet
            int n = s.abandon(st.studyId(), worker, reason);
            for (Long id : List.copyOf(running.keySet())) {
                if (s.finish(id, TrialState.FAIL, List.of(), Map.of(Attributes.FAIL_REASON, reason,
                        Attributes.INTERRUPTED, true, Attributes.STOPPED, true))) {
                    n++;
                }
            }
            LOG.debug("{} running trial(s) marked {}", n, reason);
            return n;
        } catch (RuntimeException e) {
            LOG.warn("could not mark the running trials as {}: {}", reason, e.getMessage());
            return 0;
        }
    }

    private boolean pastDeadline(Instant deadline) {
        return deadline != null && !clock.instant().isBefore(deadline);
    }

    /** The study's name, for messages. */
    String studyName() {
        return spec.name();
    }

    int runningCount() {
        return running.size();
    }

    private StudyResult loop() {
        ExecutorService pool = Executors.newFixedThreadPool(spec.parallelism(), r -> {
            Thread t = new Thread(r, "sweep4j-trial");
            t.setDaemon(true);
            return t;
        });
        liveness.start();
        Semaphore slots = new Semaphore(spec.parallelism());
        Instant deadline = spec.budget().time().map(d -> clock.instant().plus(d)).orElse(null);
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
                if (failing || missingValue) {
                    reason = missingValue ? StopReason.MISSING_VALUE : StopReason.REPEATED_FAILURES;
                    break;
                }
                if (pastDeadline(deadline)) {
                    reason = StopReason.BUDGET_TIME;
                    if (!running.isEmpty()) {
                        // as Optuna's timeout: running trials finish; say so, or a run past its time looks hung
                        listener.waiting("time budget used: no new trials; the " + running.size() + " running"
                                + " trial(s) go on to their end (Ctrl-C: they stop after their current step and"
                                + " resume on the next run)");
                    }
                    break;
                }
                if (!slots.tryAcquire(200, TimeUnit.MILLISECONDS)) {
                    continue;
                }
                if (failing || missingValue || stopRequested || pastDeadline(deadline)) {
                    // the slot was freed by a trial whose end stops the run, or once the time budget was used while
                    // this waited for it: claim nothing more
                    slots.release();
                    continue;
                }
                ClaimOutcome outcome;
                try {
                    outcome = slowNotice.during(() -> next.claim(maxCounted));
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
                    if (storage.runningCount(study.studyId()) > running.size() && othersMayNeedRetry()) {
                        // the budget is full only while other processes' trials run: if one of them dies, its retry
                        // is ours to run, so wait for them rather than leave the study short
                        if (!waitingForOthers) {
                            listener.waiting("budget reached counting trials running in other processes");
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
                    listener.started(claimed);
                    ranHere.incrementAndGet();
                    pool.execute(() -> {
                        try {
                            execute(claimed, trial);
                        } finally {
                            running.remove(claimed.trialId());
                            liveness.forget(claimed.trialId());
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
            // so the storage is left as consistent as after a Ctrl-C
            stopRequested = true;
            awaitRunningTrials();
            throw e;
        } finally {
            // a beat still in flight must not touch the storage the caller is about to close
            liveness.close();
            pool.shutdown();
        }
        if (stopRequested) {
            reason = StopReason.INTERRUPTED;
        } else if (failing || missingValue) {
            reason = missingValue ? StopReason.MISSING_VALUE : StopReason.REPEATED_FAILURES;
        }
        History history = storage.history(study.studyId());
        return new StudyResult(spec.name(), storage.location(), spec.metric(), history, reason, ranHere.get());
    }

    /**
     * Whether a trial of another sweep4j process is running: should that process die, its retry is ours to run.
     * Trials without a worker record (an Optuna worker's) are never taken over, so they are not waited for.
     */
    private boolean othersMayNeedRetry() {
        List<FrozenTrial> elsewhere = storage.history(study.studyId()).inState(TrialState.RUNNING).stream()
                .filter(t -> !running.containsKey(t.trialId())).toList();
        long foreign = elsewhere.stream().filter(t -> !t.systemAttributes().containsKey(Attributes.WORKER)).count();
        if (foreign > 0 && !reportedForeign) {
            LOG.info("{} trial(s) are running elsewhere without a sweep4j worker record (Optuna workers?); they are"
                    + " left to their owners", foreign);
            reportedForeign = true;
        }
        return elsewhere.size() > foreign;
    }

    private boolean reportedForeign;

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

    private Trial liveTrial(FrozenTrial claimed) {
        Optional<FrozenTrial> resumedFrom = Optional.empty();
        if (claimed.systemAttributes().get(Attributes.RETRY_OF) instanceof Number n) {
            resumedFrom = storage.history(study.studyId()).trials().stream()
                    .filter(t -> t.number() == n.intValue()).findFirst();
        }
        return new Trial(spec.name(), spec.objectives(), claimed.trialId(), claimed.number(), claimed.params(),
                spec.folder(study.studyId()), resumedFrom, recorder);
    }

    private void execute(FrozenTrial claimed, Trial trial) {
        TrialEnding end = TrialEnding.run(spec.objective(), spec.objectives(), trial, traced);
        liveness.ending(claimed.trialId());
        if (end.stopsRun()) {
            missingValue = true; // the listener says why, as for any failed trial
        }
        try {
            boolean recorded = storage.finish(claimed.trialId(), end.state(), end.values(), end.attributes());
            if (!recorded) {
                LOG.warn("trial {} was already ended elsewhere (declared dead?); its result is not stored",
                        claimed.number());
            } else {
                listener.endedWithValues(claimed, end.state(), end.values(), end.reason());
                if (end.attributes().containsKey(Attributes.ERROR)) {
                    checkFailureStreak();
                }
            }
        } catch (RuntimeException e) {
            LOG.error("could not record the end of trial {}: {}", claimed.number(), e.getMessage());
        }
    }

    /**
     * Stops launching trials once the stored history ends in {@link StudySpec#maxConsecutiveFailures()} failures of
     * one error; running trials stop after their current step, as after Ctrl-C, and are retried on the next run.
     */
    private void checkFailureStreak() {
        FailureStreak streak = FailureStreak.of(storage.history(study.studyId()));
        if (!failing && streak.reached(spec.maxConsecutiveFailures())) {
            failing = true;
            LOG.warn("the last {} trials failed in a row with the same error; no new trials", streak.length());
        }
    }

    private final TrialRecorder recorder = new TrialRecorder() {
        @Override
        public void report(long trialId, StepReport report) {
            if (liveness.isSuperseded(trialId)) {
                throw new TrialInterruptedException("trial id " + trialId + " was ended elsewhere; a retry replaces it");
            }
            storage.report(trialId, report);
            Trial t = running.get(trialId);
            if (t != null && report.value().isPresent()) {
                listener.reported(t.number(), report.step(), report.value().getAsDouble());
            }
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
        public Decision judge(long trialId, Optional<StepReport> unstored) {
            FrozenTrial stored = storage.trial(trialId);
            return spec.pruner().judge(new PruningContext(spec.name(), spec.objectives().metricDirection(),
                    unstored.map(r -> r.appliedTo(stored)).orElse(stored), () -> storage.history(study.studyId())));
        }

        @Override
        public boolean stopRequested() {
            return stopRequested || failing || missingValue;
        }
    };
}
