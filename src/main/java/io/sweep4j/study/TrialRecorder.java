package io.sweep4j.study;

import io.sweep4j.prune.Decision;

/** Where a live trial's reports go; the runner backs it with the study's storage. */
interface TrialRecorder {
    void reportIntermediate(long trialId, int step, double value);

    void setUserAttribute(long trialId, String key, Object value);

    void setSystemAttribute(long trialId, String key, Object value);

    /** The study pruner's verdict on the trial as stored now. */
    Decision judge(long trialId);

    /** Whether the user asked the study to stop; a trial then ends after the step it is reporting. */
    boolean stopRequested();
}
