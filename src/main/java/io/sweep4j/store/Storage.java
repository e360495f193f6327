package io.sweep4j.store;

import io.sweep4j.trial.Direction;
import io.sweep4j.trial.FrozenTrial;
import io.sweep4j.trial.History;
import io.sweep4j.trial.StepReport;
import io.sweep4j.trial.TrialDraft;
import io.sweep4j.trial.TrialState;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Where studies and their trials live (Optuna's {@code BaseStorage} is the model): studies, claiming a trial
 * (budget, number, WAITING trials first), intermediate values, attributes, heartbeats, finishing, failing stale
 * trials, history. Every method is one transaction; implementations are safe for the threads of one process and,
 * where the backend is shared (a SQLite file, a PostgreSQL database), for several processes. Every storage is opened
 * here, from its URL: {@link #open(String)}.
 */
public interface Storage extends AutoCloseable {
    /** The fail reason of a dead reserved trial, whose parameters were never stored: it never ran. */
    String NEVER_PROPOSED = "interrupted before its parameters were stored (never ran; not counted)";

    /** How a storage is opened: {@link #READ_ONLY} never creates or changes anything. */
    enum Access { READ_ONLY, READ_WRITE }

    /**
     * Opens for reading and writing, creating it if needed, the storage {@code url} names: a file path,
     * {@code sqlite:///abs/x.db}, {@code postgresql://user@host:5432/db} or {@code memory:} / {@code memory:NAME}.
     */
    static Storage open(String url) {
        return open(StorageUrl.parse(url), Access.READ_WRITE);
    }

    /**
     * Opens the storage {@code url} names. A memory storage is opened only to run a study in it ({@code READ_WRITE}):
     * a reader in another process, as every {@code sweep} command but {@code run}, would find it empty.
     */
    static Storage open(StorageUrl url, Access access) {
        if (url instanceof StorageUrl.Memory memory) {
            if (access == Access.READ_ONLY) {
                throw MemoryStorage.nothingToRead(memory);
            }
            return MemoryStorage.open(memory);
        }
        return JdbcStorage.open(url, access == Access.READ_ONLY);
    }

    /** Where this storage is, for messages (never holds a password). */
    String location();

    /**
     * The study of that name with one direction per objective (Optuna's {@code study_directions}, objective 0 first),
     * created with these settings if it does not exist yet (one transaction). An existing study is returned as stored,
     * whatever its directions: the caller compares them.
     */
    StudyInfo findOrCreateStudy(String name, List<Direction> directions, Map<String, Object> systemAttributes);

    /** Creates a study with one direction per objective; a study of that name must not exist yet. */
    StudyInfo createStudy(String name, List<Direction> directions, Map<String, Object> systemAttributes);

    /** {@link #findOrCreateStudy(String, List, Map)} of a single-objective study. */
    default StudyInfo findOrCreateStudy(String name, Direction direction, Map<String, Object> systemAttributes) {
        return findOrCreateStudy(name, List.of(direction), systemAttributes);
    }

    /** {@link #createStudy(String, List, Map)} of a single-objective study. */
    default StudyInfo createStudy(String name, Direction direction, Map<String, Object> systemAttributes) {
        return createStudy(name, List.of(direction), systemAttributes);
    }

    Optional<StudyInfo> findStudy(String name);

    /** Every study, in creation order. */
    List<StudyInfo> studies();

    void setStudySystemAttribute(long studyId, String key, Object value);

    /**
     * In one transaction under the study's lock: checks the budget ({@code maxCounted} counted trials), checks that no
     * other trial holds the reservation's unique attributes, takes the oldest WAITING trial if there is one (exactly
     * once across processes; never for a reservation with unique keys) or else a new number, and stores the trial
     * RUNNING with a heartbeat, the reservation's system attributes and {@code sweep4j:reserved}. {@code Reserved},
     * {@code BudgetReached} or {@code Taken}. The caller proposes the parameters, then calls {@link #storeProposal}.
     *
     * <p>Counted are RUNNING trials (of every process) and finished ones except those marked
     * {@code sweep4j:interrupted}, which are retried rather than counted; WAITING trials are not counted.
     */
    ClaimOutcome reserve(long studyId, Reservation reservation);

    /**
     * In one transaction: stores the parameters and system attributes of a reserved trial and removes its
     * {@code sweep4j:reserved}. {@code Claimed} (the trial as stored), {@code Taken} when another trial of the study
     * holds the value of one of the draft's {@code uniqueKeys} (a grid point), or {@code Lost} when the trial is no
     * longer RUNNING and reserved; then nothing is written.
     */
    ClaimOutcome storeProposal(long studyId, FrozenTrial reserved, TrialDraft draft, Set<String> uniqueKeys);

    /** Stores a WAITING trial fixing {@code params} (Optuna's {@code enqueue_trial}: system attribute fixed_params). */
    FrozenTrial enqueue(long studyId, Map<String, Object> params, Map<String, Object> userAttributes);

    /** Stores one intermediate value (NaN and infinities as Optuna stores them). */
    void reportIntermediate(long trialId, int step, double value);

    /**
     * Stores one step's report in one transaction: its intermediate value if it has one, its user and system
     * attributes (each replacing one of the same key); another connection sees all of it or none of it.
     */
    void report(long trialId, StepReport report);

    void setTrialUserAttribute(long trialId, String key, Object value);

    void setTrialSystemAttribute(long trialId, String key, Object value);

    /**
     * Refreshes the heartbeats of running trials (on the database's clock) and returns those no longer RUNNING
     * (ended elsewhere): their process should stop working on them.
     */
    Set<Long> heartbeat(Collection<Long> trialIds);

    /**
     * Ends a RUNNING trial with one value per objective of its study, in the study's order (Optuna's
     * {@code trial_values}), or none; false (changing nothing) if it was no longer RUNNING. A COMPLETE trial has a
     * value for every objective; a NaN value or a count that is neither none nor the study's number of objectives is
     * refused with {@link IllegalArgumentException} and nothing is written (Optuna fails a trial whose value is NaN).
     */
    boolean finish(long trialId, TrialState state, List<Double> values, Map<String, Object> systemAttrs);

    /** {@link #finish(long, TrialState, List, Map)} with one value ({@code null}: none). */
    default boolean finish(long trialId, TrialState state, Double value, Map<String, Object> systemAttrs) {
        return finish(trialId, state, value == null ? List.of() : List.of(value), systemAttrs);
    }

    /** The study's RUNNING trials with what their liveness is judged by (worker record, heartbeat age), as now. */
    List<RunningTrial> runningTrials(long studyId);

    /**
     * Marks FAIL "interrupted" each trial of {@code judged} (trial id → the heartbeat age, in seconds, it was judged
     * dead at) that is still RUNNING and whose heartbeat was not refreshed since (its age now is no smaller); a
     * reservation that never got its parameters with {@link #NEVER_PROPOSED} as its reason. Returns the trials as
     * they were. The engine judges, from {@link #runningTrials}; the storage checks only that nothing changed.
     */
    List<FrozenTrial> failStale(long studyId, Map<Long, Double> judged);

    /**
     * Marks FAIL with {@code reason}, interrupted by a stop ({@code sweep4j:stopped}), every RUNNING trial of the study
     * that {@code worker} claimed, as a process does when the user stops it at once; how many.
     */
    int abandon(long studyId, String worker, String reason);

    /** RUNNING trials of the study (every process), as of this instance's last read. */
    int runningCount(long studyId);

    /**
     * Trials of the study that ended interrupted, as of this instance's last read (a reservation refuses a decision
     * made with fewer: {@link Reservation#knownInterrupted()}).
     */
    int interruptedCount(long studyId);

    /** The study's trials as stored now, in number order. */
    History history(long studyId);

    /** One trial as stored now. */
    FrozenTrial trial(long trialId);

    @Override
    void close();

}
