package io.sweep4j.study;

import io.sweep4j.space.Readable;
import io.sweep4j.trial.FrozenTrial;
import io.sweep4j.trial.History;
import io.sweep4j.trial.TrialState;
import java.util.List;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The listener of {@link Study#optimize()}: one SLF4J line per ended trial, numbers as a person reads them. */
final class LogListener implements RunListener {
    private static final Logger LOG = LoggerFactory.getLogger(StudyRunner.class);
    private final Objectives objectives;

    LogListener(Objectives objectives) {
        this.objectives = objectives;
    }

    @Override
    public void opened(StudySpec spec, Supplier<History> history) {
        if (objectives.several()) {
            LOG.info("study {}: {}; {}", spec.name(), objectives.describe(), objectives.pruningRule());
        }
    }

    @Override
    public void ended(FrozenTrial claimed, TrialState state, List<Double> values, String reason) {
        if (state == TrialState.FAIL) {
            LOG.warn("trial {} failed: {}", claimed.number(), reason);
        } else if (LOG.isInfoEnabled()) {
            // the readable numbers are worth building only for a line that is written
            StringBuilder named = new StringBuilder();
            List<String> names = objectives.several() ? objectives.names() : List.of(objectives.metric());
            for (int i = 0; i < names.size(); i++) {
                named.append(i == 0 ? "" : " ").append(names.get(i)).append('=')
                        .append(Readable.of(i < values.size() ? values.get(i) : null));
            }
            LOG.info("trial {} {} {} params={}", claimed.number(), state, named,
                    Readable.of(claimed.params().asMap()));
        }
    }

    @Override
    public void waiting(String why) {
        LOG.info("waiting: {}", why);
    }
}
