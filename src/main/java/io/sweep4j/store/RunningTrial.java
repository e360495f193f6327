package io.sweep4j.store;

/**
 * A RUNNING trial as a liveness judge sees it: its {@code sweep4j:worker} record (null: none, as an Optuna worker's),
 * whether it has a heartbeat row, and the age in seconds of its heartbeat on the database's clock (of its start when
 * it has none).
 */
public record RunningTrial(long trialId, String worker, boolean hasHeartbeat, double ageSeconds) {
}
