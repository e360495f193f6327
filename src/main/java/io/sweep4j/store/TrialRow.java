package io.sweep4j.store;

import io.sweep4j.trial.TrialState;

/** A trial's key facts, enough to count and number trials without loading them. */
record TrialRow(long trialId, int number, TrialState state) {
}
