package io.sweep4j.study;

import io.sweep4j.prune.Decision;
import io.sweep4j.trial.StepReport;
import java.util.Optional;

/** Where a live trial's reports go; the runner backs it with the study's storage. */
interface TrialRecorder {
    /** Stores one step's report in one transaction. */
    void report(long trialId, StepReport report);

    void setUserAttribute(long trialId, String key, Object value);

    void setSystemAttribute(long trialId, String key, Object value);

    /** The study pruner's verdict on the trial as stored now, with {@code unstored} applied if given. */
    Decision judge(long trialId, Optional<StepReport> unstored);

    /** Whether the user asked the study to stop; a trial then ends after the step it is reporting. */
    boolean stopRequested();
}
