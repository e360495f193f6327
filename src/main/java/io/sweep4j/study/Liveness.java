package io.sweep4j.study;

import io.sweep4j.store.RunningTrial;
import io.sweep4j.store.Storage;
import io.sweep4j.trial.FrozenTrial;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Heartbeats for this process's running trials, and the search for dead ones of others. A RUNNING trial is judged
 * only when its liveness can be known: it carries a sweep4j worker record, or Optuna writes heartbeats for it. It
 * is dead when its process is one of this machine that no longer exists, or when its heartbeat (on the database's
 * clock) is older than {@value #MISSED_HEARTBEATS} of its own process's intervals (and of ours). Dead trials
 * become FAIL "interrupted", to be retried.
 */
final class Liveness implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Liveness.class);
    /** Heartbeats missed before a running trial counts as dead. */
    static final int MISSED_HEARTBEATS = 4;
    /** How often, in heartbeats, a run looks for dead trials of other processes. */
    private static final int RECOVERY_EVERY_BEATS = 2;

    private final Storage storage;
    private final long studyId;
    private final Duration interval;
    private final Map<Long, ?> running;
    private final Set<Long> superseded = ConcurrentHashMap.newKeySet();
    private final Set<Long> ending = ConcurrentHashMap.newKeySet();
    /** Reserved trials of ours whose parameters the sampler is proposing: beaten too, or a slow proposal looks dead. */
    private final Set<Long> proposing = ConcurrentHashMap.newKeySet();
    private final ScheduledExecutorService thread;
    private volatile boolean stopping;
    private int beats;

    /** {@code running}: this process's running trials by id (read, never changed here). */
    Liveness(Storage storage, long studyId, Duration interval, Map<Long, ?> running) {
        this.storage = storage;
        this.studyId = studyId;
        this.interval = interval;
        this.running = running;
        this.thread = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "sweep4j-heartbeat");
            t.setDaemon(true);
            return t;
        });
    }

    void start() {
        long ms = interval.toMillis();
        thread.scheduleAtFixedRate(this::beat, ms, ms, TimeUnit.MILLISECONDS);
    }

    /** No more searches for dead trials (a stop was requested); heartbeats go on. */
    void stopRecovering() {
        stopping = true;
    }

    /** Whether another process already ended this trial of ours (declared it dead): working on it is wasted. */
    boolean isSuperseded(long trialId) {
        return superseded.contains(trialId);
    }

    /** The trial's end is being recorded: the heartbeat may see it ended before it leaves {@code running}. */
    void ending(long trialId) {
        ending.add(trialId);
    }

    /** The trial is reserved and its parameters are being proposed: keep its heartbeat until {@link #proposed}. */
    void proposing(long trialId) {
        proposing.add(trialId);
    }

    void proposed(long trialId) {
        proposing.remove(trialId);
    }

    void forget(long trialId) {
        superseded.remove(trialId);
        ending.remove(trialId);
    }

    /** Trials left RUNNING by a dead process become FAIL "interrupted", so they can be retried. */
    void recoverDeadTrials(boolean atOpen) {
        Duration ownGrace = interval.multipliedBy(MISSED_HEARTBEATS);
        // judged here, from what the storage read; the storage fails them only if no heartbeat came since
        Map<Long, Double> dead = new LinkedHashMap<>();
        for (RunningTrial t : storage.runningTrials(studyId)) {
            String w = t.worker();
            if (w == null && !t.hasHeartbeat()) {
                continue; // an Optuna worker without heartbeats: its liveness cannot be known
            }
            boolean gone = w != null && !running.containsKey(t.trialId()) && !proposing.contains(t.trialId())
                    && WorkerId.parse(w).map(WorkerId::isDeadLocalProcess).orElse(false);
            if (gone || t.ageSeconds() * 1000 > graceFor(w, ownGrace).toMillis()) {
                dead.put(t.trialId(), t.ageSeconds());
            }
        }
        List<FrozenTrial> failed = dead.isEmpty() ? List.of() : storage.failStale(studyId, dead);
        if (!failed.isEmpty()) {
            LOG.info("{} trial(s) of a stopped {} marked interrupted: {}", failed.size(),
                    atOpen ? "run" : "process", failed.stream().map(FrozenTrial::number).toList());
        }
    }

    /** The longer of our grace and the one the trial's own process promised with its heartbeat interval. */
    private static Duration graceFor(String worker, Duration ownGrace) {
        return WorkerId.parse(worker).map(w -> Duration.ofMillis(w.heartbeatMs()).multipliedBy(MISSED_HEARTBEATS))
                .filter(theirs -> theirs.compareTo(ownGrace) > 0).orElse(ownGrace);
    }

    /** On the heartbeat thread: one transaction for all running trials, and now and then a look for dead ones. */
    private void beat() {
        // a Throwable escaping here would cancel every later beat and get our live trials declared dead
        try {
            Set<Long> ours = new java.util.LinkedHashSet<>(running.keySet());
            ours.addAll(proposing);
            for (long id : storage.heartbeat(List.copyOf(ours))) {
                if (running.containsKey(id) && !ending.contains(id) && superseded.add(id)) {
                    LOG.warn("trial id {} was ended elsewhere (declared dead after a pause?); stopping it at its next"
                            + " report, its retry runs instead", id);
                }
            }
        } catch (Throwable e) {
            LOG.warn("heartbeat failed: {}", e.toString());
        }
        if (++beats % RECOVERY_EVERY_BEATS == 0 && !stopping) {
            try {
                recoverDeadTrials(false);
            } catch (Throwable e) {
                LOG.warn("looking for dead trials failed: {}", e.toString());
            }
        }
    }

    /** Stops the heartbeats; a beat in flight ends first, so the caller may close the storage after this. */
    @Override
    public void close() {
        thread.shutdownNow();
        try {
            thread.awaitTermination(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
