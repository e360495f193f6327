package io.sweep4j.console;

import io.sweep4j.trial.FrozenTrial;
import io.sweep4j.trial.History;
import io.sweep4j.trial.TrialState;
import java.util.Locale;

/** What a run says before its first trial: what runs, on what, within which budget, and what it resumes. */
final class RunBanner {
    private RunBanner() {
    }

    /**
     * The lines of the banner; {@code history} is what the study held when this run opened it, {@code toRetry} how
     * many of its interrupted trials are still to retry.
     */
    static String render(RunHeading run, History history, int toRetry) {
        StringBuilder sb = new StringBuilder();
        sb.append(String.format(Locale.ROOT, "sweep4j: study \"%s\" in %s%n", run.study(), run.storage()));
        if (run.objectives().size() > 1) {
            sb.append(String.format(Locale.ROOT, "  %d objectives: %s · sampler %s · pruner %s%n",
                    run.objectives().size(), String.join(", ", run.objectives()), run.sampler(), run.pruner()));
            sb.append(String.format(Locale.ROOT, "  pruning: %s%n", run.pruning()));
        } else {
            sb.append(String.format(Locale.ROOT, "  %s %s · sampler %s · pruner %s%n",
                    run.direction().name().toLowerCase(Locale.ROOT), run.metric(), run.sampler(), run.pruner()));
        }
        sb.append(String.format(Locale.ROOT, "  budget %s · %d trial%s at a time%n", run.budget(),
                run.parallelism(), run.parallelism() == 1 ? "" : "s"));
        int stored = history.trials().size();
        if (stored == 0) {
            sb.append("  new study\n");
        } else {
            // one scope, the stored trials; and of the interrupted ones only those still to retry, not those
            // already retried (a study stopped in chunks holds many)
            long interrupted = history.trials().stream().filter(FrozenTrial::interrupted).count();
            sb.append(String.format(Locale.ROOT, "  resuming: %d trials stored (%d complete, %d pruned, %d failed,"
                    + " %d interrupted)%s%n", stored, history.inState(TrialState.COMPLETE).size(),
                    history.inState(TrialState.PRUNED).size(), history.inState(TrialState.FAIL).size() - interrupted,
                    interrupted, toRetry == 0 ? "" : "; " + toRetry + " interrupted trial" + (toRetry == 1 ? "" : "s")
                    + " to retry with the same parameters"));
        }
        return sb.toString();
    }
}
