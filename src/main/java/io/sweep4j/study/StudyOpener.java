package io.sweep4j.study;

import io.sweep4j.space.Param;
import io.sweep4j.space.UsageException;
import io.sweep4j.store.Names;
import io.sweep4j.store.Storage;
import io.sweep4j.store.StudyInfo;
import io.sweep4j.trial.Attributes;
import io.sweep4j.trial.FrozenTrial;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Finds or creates a run's study and checks it is compatible with the definition (objectives and their directions,
 * metric, search space), then enqueues the definition's fixed trials that the study does not hold yet.
 */
final class StudyOpener {
    private final StudySpec spec;

    StudyOpener(StudySpec spec) {
        this.spec = spec;
    }

    /** Names go into Optuna's VARCHAR(512) columns: refuse bad ones before the storage is touched. */
    void checkNames() {
        Names.check("study name", spec.name());
        for (Param p : spec.space().params()) {
            Names.check("parameter name", p.name());
        }
    }

    /** Opens the spec's storage for a run, after the checks that must refuse before anything is written. */
    Storage openStorage() {
        checkNames();
        ResumeCheck.beforeOpen(spec); // a refused resume writes nothing, not even the switch to WAL
        return Storage.open(spec.storage(), Storage.Access.READ_WRITE);
    }

    StudyInfo open(Storage s) {
        List<Map<String, Object>> spaceNow = ResumeCheck.spaceNow(spec);
        Map<String, Object> attrs = new LinkedHashMap<>();
        attrs.put(Attributes.METRIC, spec.metric());
        attrs.put(Attributes.SPACE, spaceNow);
        attrs.put(Attributes.SAMPLER, spec.sampler().describe());
        attrs.put(Attributes.DEFINITION, definition());
        attrs.put(Attributes.PRUNER, spec.pruner().describe());
        if (spec.objectives().several()) {
            attrs.put(Attributes.METRIC_NAMES, spec.objectives().names());
        }
        StudyInfo info = s.findOrCreateStudy(spec.name(), spec.objectives().directions(), attrs);
        if (info.systemAttributes().get(Attributes.SPACE) == null) {
            checkForeignDistributions(s, info);
        }
        if (ResumeCheck.spaceChanged(spec, info)) {
            s.setStudySystemAttribute(info.studyId(), Attributes.SPACE, spaceNow);
        }
        if (!definition().equals(info.systemAttributes().get(Attributes.DEFINITION))) {
            // written only when it changed: an unconditional write would queue every opening process for the lock
            s.setStudySystemAttribute(info.studyId(), Attributes.DEFINITION, definition());
        }
        enqueueMissing(s, info);
        return info;
    }

    /** The study's definition as stored for reports (Optuna has no column for it). */
    private Map<String, Object> definition() {
        Map<String, Object> d = new LinkedHashMap<>();
        d.put("sampler", spec.sampler().describe());
        d.put("pruner", spec.pruner().describe());
        d.put("objective", objective(spec.objective()));
        d.put("budget", spec.budget().describe());
        d.put("parallelism", spec.parallelism());
        d.put("retries", spec.retries());
        d.putAll(spec.objectives().definition());
        return d;
    }

    private static String objective(Objective o) {
        Class<?> c = o instanceof Objective.NamedObjective n ? n.function().getClass() : o.getClass();
        if (c.isSynthetic() || c.getName().contains("$$Lambda")) {
            String host = c.getName().replaceFirst("\\$\\$Lambda.*", "");
            return "a lambda in " + host.substring(host.lastIndexOf('.') + 1);
        }
        return c.getSimpleName();
    }

    /**
     * A study another program wrote (Optuna) has no stored space: its trials' distributions must be the ones this
     * definition gives those parameters, or the samplers would mix two spaces under one name.
     */
    private void checkForeignDistributions(Storage s, StudyInfo info) {
        for (FrozenTrial t : s.history(info.studyId()).trials()) {
            for (var e : t.distributions().entrySet()) {
                Param ours = spec.space().param(e.getKey()).orElse(null);
                if (ours != null && !ours.distribution().equals(e.getValue())) {
                    throw new UsageException("search space", e.getKey(), "study \"" + spec.name() + "\" in "
                            + s.location() + " stores " + e.getKey() + " as " + e.getValue() + " (trial "
                            + t.number() + "), the study file defines " + ours.distribution() + "; define it as"
                            + " stored, or use a new study name (nothing was written)");
                }
            }
        }
    }

    /** The definition's enqueued trials, each stored once per study (a rerun of the file does not repeat them). */
    private void enqueueMissing(Storage s, StudyInfo info) {
        if (spec.enqueued().isEmpty()) {
            return;
        }
        List<FrozenTrial> trials = s.history(info.studyId()).trials();
        for (Map<String, Object> fixed : spec.enqueued()) {
            boolean held = trials.stream().anyMatch(t -> Objects.equals(
                    normalized(t.systemAttributes().get(Attributes.FIXED_PARAMS)), normalized(fixed)));
            if (!held) {
                s.enqueue(info.studyId(), fixed, Map.of());
            }
        }
    }

    /** JSON round trips turn 64 into 64 and 1e-3 into 0.001: compare numbers by value. */
    private static Object normalized(Object o) {
        if (o instanceof Map<?, ?> m) {
            Map<String, Object> out = new java.util.TreeMap<>();
            m.forEach((k, v) -> out.put(String.valueOf(k), normalized(v)));
            return out;
        }
        return o instanceof Number n ? (Object) n.doubleValue() : o;
    }
}
