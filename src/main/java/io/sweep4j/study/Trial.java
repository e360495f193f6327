package io.sweep4j.study;

import io.sweep4j.prune.Decision;
import io.sweep4j.space.Params;
import io.sweep4j.trial.Attributes;
import io.sweep4j.trial.FrozenTrial;
import io.sweep4j.trial.StepReport;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The live handle an objective gets: typed parameters, per-step reports, pruning advice, attributes.
 *
 * <p>Each report is committed to storage before it returns, so a crash loses at most the step in flight.
 */
public final class Trial {
    private final String studyName;
    private final String metric;
    private final List<String> objectives;
    private final long trialId;
    private final int number;
    private final Params params;
    private final StudyFolder folder;
    private final Optional<FrozenTrial> resumedFrom;
    private final TrialRecorder recorder;
    private final SortedMap<Integer, Double> intermediate = new TreeMap<>();
    /** The latest value of each metric reported, and the user attributes stored: what objectives may name. */
    private final Map<String, Double> reported = new ConcurrentHashMap<>();
    private final Map<String, Object> userAttributes = new ConcurrentHashMap<>();
    private volatile Decision.Prune prunedBy;

    Trial(String studyName, Objectives objectives, long trialId, int number, Params params, StudyFolder folder,
            Optional<FrozenTrial> resumedFrom, TrialRecorder recorder) {
        this.studyName = studyName;
        this.metric = objectives.metric();
        this.objectives = objectives.names();
        this.trialId = trialId;
        this.number = number;
        this.params = params;
        this.folder = folder;
        this.resumedFrom = resumedFrom;
        this.recorder = recorder;
    }

    /** The study-local trial number (0, 1, 2, ...). */
    public int number() {
        return number;
    }

    /** The storage's key of this trial (unique in its storage), as {@link FrozenTrial#trialId()}. */
    public long trialId() {
        return trialId;
    }

    public String studyName() {
        return studyName;
    }

    /**
     * The name of the metric the study optimizes, e.g. {@code val_accuracy}; objectives report it by name. With several
     * objectives, the one reported per step and judged by the pruner ({@link Study#pruneOn}).
     */
    public String metric() {
        return metric;
    }

    /**
     * The names of the study's objectives, in order: each is a value the objective returns by name
     * ({@link Objective#named}), a metric the trial reports, or a user attribute it stores.
     */
    public List<String> objectives() {
        return objectives;
    }

    public Params params() {
        return params;
    }

    public double getDouble(String name) {
        return params.getDouble(name);
    }

    public int getInt(String name) {
        return params.getInt(name);
    }

    public String getString(String name) {
        return params.getString(name);
    }

    public boolean getBoolean(String name) {
        return params.getBoolean(name);
    }

    public boolean has(String name) {
        return params.has(name);
    }

    /**
     * Reports the study metric's value at {@code step} (an epoch), committed before returning. Once the user has
     * asked the study to stop (Ctrl-C), it then throws {@link TrialInterruptedException}: checkpoint before reporting.
     */
    public void report(int step, double value) {
        store(StepReport.of(step, value));
        throwIfStopped(step);
    }

    /** Whether the user asked the study to stop; a long step may check this to end sooner. */
    public boolean stopRequested() {
        return recorder.stopRequested();
    }

    /**
     * Reports several metrics at {@code step}, in one transaction: the study's metric (if present) becomes the
     * intermediate value, all of them are kept in the learning curve ({@code sweep4j:metrics:<step>}).
     */
    public void report(int step, Map<String, Double> metrics) {
        StepReport report = StepReport.of(step, metrics, metric, Map.of());
        store(report);
        if (report.value().isPresent()) {
            throwIfStopped(step);
        }
    }

    /**
     * {@link #report(int, Map)} with {@code userAttributes} (a throughput), then {@link #shouldPrune()}, stored in
     * one transaction: the pruner judges this trial as it will be once the report is stored, and the attributes it
     * keeps are written with the report. Returns whether to prune. Once the user has asked the study to stop, the
     * report is stored without asking the pruner and it throws {@link TrialInterruptedException}, as
     * {@link #report(int, double)} does.
     */
    public boolean reportAndShouldPrune(int step, Map<String, Double> metrics, Map<String, Object> userAttributes) {
        StepReport report = StepReport.of(step, metrics, metric, userAttributes);
        if (recorder.stopRequested()) {
            store(report);
            throw new TrialInterruptedException("stopped by the user after step " + step, true);
        }
        Decision d;
        try {
            d = decide(Optional.of(report));
        } catch (TrialInterruptedException e) {
            store(report); // stopped while waiting for other trials: this step is kept for the retry
            throw e;
        }
        store(report.withSystemAttributes(d.attributes()));
        if (d instanceof Decision.Prune p) {
            prunedBy = p;
            return true;
        }
        throwIfStopped(step);
        return false;
    }

    private void store(StepReport report) {
        recorder.report(trialId, report);
        if (report.systemAttributes().get(Attributes.metricsAt(report.step())) instanceof Map<?, ?> metrics) {
            metrics.forEach((k, v) -> {
                if (k != null && v instanceof Number n) {
                    reported.put(k.toString(), n.doubleValue());
                }
            });
        }
        report.value().ifPresent(v -> reported.put(metric, v));
        report.userAttributes().forEach((k, v) -> {
            if (v != null) {
                userAttributes.put(k, v);
            }
        });
        if (report.value().isPresent()) {
            synchronized (intermediate) {
                intermediate.put(report.step(), report.value().getAsDouble());
            }
        }
    }

    private void throwIfStopped(int step) {
        if (recorder.stopRequested()) {
            throw new TrialInterruptedException("stopped by the user after step " + step, true);
        }
    }

    /**
     * Whether the study's pruner judges this trial unpromising, from what this and the other trials have stored. The
     * attributes the pruner keeps (Optuna's {@code completed_rung_k}) are stored before it returns. A reproducible
     * pruner may wait here for trials numbered below this one to reach the same step; a stop request (Ctrl-C) ends
     * the wait with {@link TrialInterruptedException}.
     */
    public boolean shouldPrune() {
        Decision d = decide(Optional.empty());
        d.attributes().forEach((k, v) -> recorder.setSystemAttribute(trialId, k, v));
        if (d instanceof Decision.Prune p) {
            prunedBy = p;
            return true;
        }
        return false;
    }

    /** The pruner's verdict once it is not {@link Decision.Wait}: waits, backing off, while it is. */
    private Decision decide(Optional<StepReport> unstored) {
        long pause = 20;
        while (true) {
            Decision d = recorder.judge(trialId, unstored);
            if (!(d instanceof Decision.Wait w)) {
                return d;
            }
            if (recorder.stopRequested()) {
                throw new TrialInterruptedException("stopped by the user while waiting: " + w.reason(), true);
            }
            try {
                Thread.sleep(pause);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new TrialInterruptedException("interrupted while waiting: " + w.reason());
            }
            pause = Math.min(250, pause * 2);
        }
    }

    /** The pruner's decision, once {@link #shouldPrune()} said yes: the step, the rule and why. */
    public Optional<Decision.Prune> prunedBy() {
        return Optional.ofNullable(prunedBy);
    }

    /** Stores a JSON-shaped value (string, number, boolean, list, map) with the trial, visible in Optuna too. */
    public void setUserAttribute(String key, Object value) {
        recorder.setUserAttribute(trialId, key, value);
        if (key != null && value != null) {
            userAttributes.put(key, value);
        }
    }

    /**
     * A folder for this trial's files (checkpoints, saved models): {@code trial-<n>} in its study's own folder,
     * {@code <results>/<storage>-files/<study>-<id>/} (see {@link StudyFolder}).
     */
    public Path artifactDir() {
        return folder.trialDir(number);
    }

    /** The folder of this study's files, and the study and storage it belongs to. */
    public StudyFolder folder() {
        return folder;
    }

    /**
     * Stores a user attribute on another trial of this study, by its storage key: e.g. an objective that deletes a
     * trial's saved model says so on that trial.
     */
    public void setUserAttributeOf(long otherTrialId, String key, Object value) {
        recorder.setUserAttribute(otherTrialId, key, value);
    }

    /** When this trial retries an interrupted one: that trial, whose checkpoint and learning curve it may continue. */
    public Optional<FrozenTrial> resumedFrom() {
        return resumedFrom;
    }

    /** This trial's values by name once its objective returned {@code returned}. */
    Measured measured(Map<String, Double> returned) {
        return new Measured(number, params, returned, reported, userAttributes);
    }

    /** The values reported so far, by step. */
    public SortedMap<Integer, Double> intermediateValues() {
        synchronized (intermediate) {
            return new TreeMap<>(intermediate);
        }
    }
}
