package io.sweep4j.store;

import io.sweep4j.space.Params;
import io.sweep4j.space.UsageException;
import io.sweep4j.trial.Attributes;
import io.sweep4j.trial.Direction;
import io.sweep4j.trial.FrozenTrial;
import io.sweep4j.trial.History;
import io.sweep4j.trial.StepReport;
import io.sweep4j.trial.TrialDraft;
import io.sweep4j.trial.TrialState;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Studies in this process's memory, for tests, notebooks and embedding: the same contract as the SQL backends, gone
 * when the process ends. Every method holds this object's lock, so a claim is exact among the threads of the process.
 */
final class MemoryStorage implements Storage {
    /** The named storages ({@code memory:NAME}) of this JVM: kept until it ends, as a file outlives its writer. */
    private static final Map<String, MemoryStorage> NAMED = new ConcurrentHashMap<>();

    private final String location;
    private final Map<Long, StudyInfo> studies = new LinkedHashMap<>();
    private final Map<Long, FrozenTrial> trials = new LinkedHashMap<>();
    private final Map<Long, Long> studyOf = new HashMap<>();
    private final Map<Long, Instant> heartbeats = new HashMap<>();
    private long nextStudyId = 1;
    private long nextTrialId = 1;

    private MemoryStorage(String location) {
        this.location = location;
    }

    /** A new storage for {@code memory:}, the one of that name for {@code memory:NAME}. */
    static MemoryStorage open(StorageUrl.Memory url) {
        return url.name().isEmpty() ? new MemoryStorage(url.toString())
                : NAMED.computeIfAbsent(url.name(), name -> new MemoryStorage(url.toString()));
    }

    /** Why a memory storage is not read from outside the process that runs its study (a command, a backup). */
    static UsageException nothingToRead(StorageUrl.Memory url) {
        return new UsageException("storage", url.toString(), "a memory storage lives only in the process that runs its"
                + " study, so there is nothing here to read; store the study in a file (results/x.db) or PostgreSQL,"
                + " or read it in that process (its StudyResult)");
    }

    @Override
    public String location() {
        return location;
    }

    @Override
    public synchronized StudyInfo findOrCreateStudy(String name, List<Direction> directions,
            Map<String, Object> attrs) {
        return findStudy(name).orElseGet(() -> createStudy(name, directions, attrs));
    }

    @Override
    public synchronized StudyInfo createStudy(String name, List<Direction> directions, Map<String, Object> attrs) {
        Names.check("study name", name);
        List<Direction> checked = OptunaValues.checkedDirections(directions);
        if (findStudy(name).isPresent()) {
            throw new UsageException("study", name, "a study of this name already exists in " + location);
        }
        StudyInfo s = new StudyInfo(nextStudyId++, name, checked, attrs);
        studies.put(s.studyId(), s);
        return s;
    }

    @Override
    public synchronized Optional<StudyInfo> findStudy(String name) {
        return studies.values().stream().filter(s -> s.name().equals(name)).findFirst();
    }

    @Override
    public synchronized List<StudyInfo> studies() {
        return List.copyOf(studies.values());
    }

    @Override
    public synchronized void setStudySystemAttribute(long studyId, String key, Object value) {
        StudyInfo s = studies.get(studyId);
        Map<String, Object> attrs = new LinkedHashMap<>(s.systemAttributes());
        attrs.put(key, value);
        studies.put(studyId, new StudyInfo(studyId, s.name(), s.directions(), attrs));
    }

    @Override
    public synchronized ClaimOutcome reserve(long studyId, Reservation r) {
        List<FrozenTrial> all = ofStudy(studyId);
        long counted = all.stream().filter(t -> t.state() != TrialState.WAITING && !t.interrupted()).count();
        if (r.maxCounted() >= 0 && counted >= r.maxCounted()) {
            return new ClaimOutcome.BudgetReached((int) counted);
        }
        int interrupted = (int) all.stream().filter(FrozenTrial::interrupted).count();
        if (r.knownInterrupted() >= 0 && interrupted > r.knownInterrupted()) {
            return new ClaimOutcome.Outdated(interrupted);
        }
        for (String key : r.uniqueKeys()) {
            if (heldByAnother(studyId, -1, key, r.attributes().get(key))) {
                return new ClaimOutcome.Taken(key, r.attributes().get(key));
            }
        }
        FrozenTrial waiting = !r.uniqueKeys().isEmpty() ? null
                : all.stream().filter(t -> t.state() == TrialState.WAITING).findFirst().orElse(null);
        long id = waiting != null ? waiting.trialId() : nextTrialId++;
        int number = waiting != null ? waiting.number() : all.size();
        Map<String, Object> attrs = new LinkedHashMap<>(waiting != null ? waiting.systemAttributes() : Map.of());
        attrs.putAll(r.attributes());
        attrs.put(Attributes.RESERVED, true);
        FrozenTrial t = new FrozenTrial(id, number, TrialState.RUNNING, List.of(), Params.empty(), Map.of(),
                new TreeMap<>(), waiting != null ? waiting.userAttributes() : Map.of(), attrs, Instant.now(), null);
        trials.put(id, t);
        studyOf.put(id, studyId);
        heartbeats.put(id, Instant.now());
        return new ClaimOutcome.Reserved(t);
    }

    @Override
    public synchronized ClaimOutcome storeProposal(long studyId, FrozenTrial reserved, TrialDraft draft,
            Set<String> uniqueKeys) {
        for (String key : uniqueKeys) {
            Object value = draft.systemAttributes().get(key);
            if (value != null && heldByAnother(studyId, reserved.trialId(), key, value)) {
                return new ClaimOutcome.Taken(key, value);
            }
        }
        FrozenTrial t = trials.get(reserved.trialId());
        if (t == null || t.state() != TrialState.RUNNING || !t.systemAttributes().containsKey(Attributes.RESERVED)) {
            return new ClaimOutcome.Lost(reserved.trialId());
        }
        Map<String, Object> attrs = new LinkedHashMap<>(t.systemAttributes());
        attrs.remove(Attributes.RESERVED);
        attrs.putAll(draft.systemAttributes());
        FrozenTrial stored = new FrozenTrial(t.trialId(), t.number(), TrialState.RUNNING, List.of(), draft.params(),
                draft.distributions(), t.intermediateValues(), t.userAttributes(), attrs, t.start(), null);
        trials.put(t.trialId(), stored);
        return new ClaimOutcome.Claimed(stored);
    }

    private boolean heldByAnother(long studyId, long trialId, String key, Object value) {
        // compared as stored, so 3 and 3L (or a JSON round trip's 3.0) are one value, as in SQL storages
        String json = Json.write(value);
        return ofStudy(studyId).stream().anyMatch(t -> t.trialId() != trialId
                && t.systemAttributes().containsKey(key) && Json.write(t.systemAttributes().get(key)).equals(json));
    }

    @Override
    public synchronized FrozenTrial enqueue(long studyId, Map<String, Object> params, Map<String, Object> userAttrs) {
        long id = nextTrialId++;
        FrozenTrial t = new FrozenTrial(id, ofStudy(studyId).size(), TrialState.WAITING, List.of(),
                io.sweep4j.space.Params.empty(), Map.of(), new TreeMap<>(), userAttrs,
                Map.of(Attributes.FIXED_PARAMS, Map.copyOf(params)), null, null);
        trials.put(id, t);
        studyOf.put(id, studyId);
        return t;
    }

    @Override
    public synchronized void reportIntermediate(long trialId, int step, double value) {
        FrozenTrial t = trials.get(trialId);
        TreeMap<Integer, Double> curve = new TreeMap<>(t.intermediateValues());
        curve.put(step, value);
        replace(t, t.state(), t.values(), curve, t.userAttributes(), t.systemAttributes(), t.complete());
    }

    @Override
    public synchronized void report(long trialId, StepReport report) {
        trials.put(trialId, report.appliedTo(trials.get(trialId)));
    }

    @Override
    public synchronized void setTrialUserAttribute(long trialId, String key, Object value) {
        FrozenTrial t = trials.get(trialId);
        Map<String, Object> user = new LinkedHashMap<>(t.userAttributes());
        user.put(key, value);
        replace(t, t.state(), t.values(), t.intermediateValues(), user, t.systemAttributes(), t.complete());
    }

    @Override
    public synchronized void setTrialSystemAttribute(long trialId, String key, Object value) {
        FrozenTrial t = trials.get(trialId);
        replace(t, t.state(), t.values(), t.intermediateValues(), t.userAttributes(),
                with(t.systemAttributes(), Map.of(key, value)), t.complete());
    }

    @Override
    public synchronized Set<Long> heartbeat(Collection<Long> trialIds) {
        Set<Long> ended = new HashSet<>();
        for (long id : trialIds) {
            if (trials.get(id).state() == TrialState.RUNNING) {
                heartbeats.put(id, Instant.now());
            } else {
                ended.add(id);
            }
        }
        return ended;
    }

    @Override
    public synchronized boolean finish(long trialId, TrialState state, List<Double> values,
            Map<String, Object> attrs) {
        state.requireFinished();
        List<Double> checked = OptunaValues.checkedValues(trialId, state, values,
                studies.get(studyOf.get(trialId)).directions().size());
        FrozenTrial t = trials.get(trialId);
        if (t.state() != TrialState.RUNNING) {
            return false;
        }
        replace(t, state, checked, t.intermediateValues(), t.userAttributes(), with(t.systemAttributes(), attrs),
                Instant.now());
        heartbeats.remove(trialId);
        return true;
    }

    @Override
    public synchronized List<RunningTrial> runningTrials(long studyId) {
        List<RunningTrial> out = new ArrayList<>();
        for (FrozenTrial t : ofStudy(studyId)) {
            if (t.state() == TrialState.RUNNING) {
                Object w = t.systemAttributes().get(Attributes.WORKER);
                Instant beat = heartbeats.get(t.trialId());
                Instant last = beat != null ? beat : t.start();
                out.add(new RunningTrial(t.trialId(), w == null ? null : w.toString(), beat != null,
                        Duration.between(last, Instant.now()).toNanos() / 1e9));
            }
        }
        return out;
    }

    @Override
    public synchronized List<FrozenTrial> failStale(long studyId, Map<Long, Double> judged) {
        List<FrozenTrial> out = new ArrayList<>();
        for (RunningTrial r : runningTrials(studyId)) {
            Double seen = judged.get(r.trialId());
            if (seen != null && r.ageSeconds() >= seen) {
                FrozenTrial t = trials.get(r.trialId());
                out.add(t);
                interrupt(t, JdbcStorage.staleReason(t), false);
            }
        }
        return out;
    }

    @Override
    public synchronized int abandon(long studyId, String worker, String reason) {
        int n = 0;
        for (FrozenTrial t : ofStudy(studyId)) {
            if (t.state() == TrialState.RUNNING && worker.equals(t.systemAttributes().get(Attributes.WORKER))) {
                interrupt(t, reason, true);
                n++;
            }
        }
        return n;
    }

    private void interrupt(FrozenTrial t, String reason, boolean byStop) {
        Map<String, Object> marks = byStop
                ? Map.of(Attributes.FAIL_REASON, reason, Attributes.INTERRUPTED, true, Attributes.STOPPED, true)
                : Map.of(Attributes.FAIL_REASON, reason, Attributes.INTERRUPTED, true);
        replace(t, TrialState.FAIL, List.of(), t.intermediateValues(), t.userAttributes(), with(t.systemAttributes(),
                marks), Instant.now());
        heartbeats.remove(t.trialId());
    }

    @Override
    public synchronized int runningCount(long studyId) {
        return (int) ofStudy(studyId).stream().filter(t -> t.state() == TrialState.RUNNING).count();
    }

    @Override
    public synchronized int interruptedCount(long studyId) {
        return (int) ofStudy(studyId).stream().filter(FrozenTrial::interrupted).count();
    }

    @Override
    public synchronized History history(long studyId) {
        return new History(studies.get(studyId).directions(), ofStudy(studyId));
    }

    @Override
    public synchronized FrozenTrial trial(long trialId) {
        return trials.get(trialId);
    }

    @Override
    public void close() {
        // nothing to release: the studies live as long as this object (a named one: as long as the JVM)
    }

    private List<FrozenTrial> ofStudy(long studyId) {
        return trials.values().stream().filter(t -> studyOf.get(t.trialId()) == studyId).toList();
    }


    private static Map<String, Object> with(Map<String, Object> base, Map<String, Object> more) {
        Map<String, Object> out = new LinkedHashMap<>(base);
        out.putAll(more);
        return out;
    }

    private void replace(FrozenTrial t, TrialState state, List<Double> values, Map<Integer, Double> curve,
            Map<String, Object> user, Map<String, Object> system, Instant complete) {
        trials.put(t.trialId(), new FrozenTrial(t.trialId(), t.number(), state, values, t.params(), t.distributions(),
                new TreeMap<>(curve), user, system, t.start(), complete));
    }
}
