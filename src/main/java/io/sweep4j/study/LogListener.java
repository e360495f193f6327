package io.sweep4j.study;

import io.sweep4j.space.Readable;
import io.sweep4j.trial.FrozenTrial;
import io.sweep4j.trial.TrialState;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The listener of {@link Study#optimize()}: one SLF4J line per ended trial, numbers as a person reads them. */
final class LogListener implements RunListener {
    private static final Logger LOG = LoggerFactory.getLogger(StudyRunner.class);
    private final String metric;

    LogListener(String metric) {
        this.metric = metric;
    }

    @Override
    public void ended(FrozenTrial claimed, TrialState state, Double value, String reason) {
        if (state == TrialState.FAIL) {
            LOG.warn("trial {} failed: {}", claimed.number(), reason);
        } else if (LOG.isInfoEnabled()) {
            // the readable numbers are worth building only for a line that is written
            LOG.info("trial {} {} {}={} params={}", claimed.number(), state, metric, Readable.of(value),
                    Readable.of(claimed.params().asMap()));
        }
    }

    @Override
    public void waiting(String why) {
        LOG.info("waiting: {}", why);
    }
}
