package io.sweep4j.console;

import io.sweep4j.space.Readable;
import io.sweep4j.trial.FrozenTrial;
import io.sweep4j.trial.History;
import io.sweep4j.trial.TrialState;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/** What a run says before its first trial: what runs, on what, within which budget, and what it resumes. */
final class RunBanner {
    private RunBanner() {
    }

    /** The lines of the banner; {@code history} is what the study held when this run opened it. */
    static String render(StudySpec spec, History history) {
        StringBuilder sb = new StringBuilder();
        sb.append(String.format(Locale.ROOT, "sweep4j: study \"%s\" in %s%n", spec.name(), spec.storage()));
        sb.append(String.format(Locale.ROOT, "  %s %s · sampler %s · pruner %s%n",
                spec.direction().name().toLowerCase(Locale.ROOT), spec.metric(), spec.sampler().describe(),
                spec.pruner().describe()));
        sb.append(String.format(Locale.ROOT, "  budget %s · %d trial%s at a time%n", budget(spec.budget()),
                spec.parallelism(), spec.parallelism() == 1 ? "" : "s"));
        int stored = history.trials().size();
        if (stored == 0) {
            sb.append("  new study\n");
        } else {
            // one scope, the stored trials; and of the interrupted ones only those still to retry, not those
            // already retried (a study stopped in chunks holds many)
            long interrupted = history.trials().stream().filter(FrozenTrial::interrupted).count();
            int toRetry = RetryPolicy.pending(history, spec.space(), spec.retries()).size();
            sb.append(String.format(Locale.ROOT, "  resuming: %d trials stored (%d complete, %d pruned, %d failed,"
                    + " %d interrupted)%s%n", stored, history.inState(TrialState.COMPLETE).size(),
                    history.inState(TrialState.PRUNED).size(), history.inState(TrialState.FAIL).size() - interrupted,
                    interrupted, toRetry == 0 ? "" : "; " + toRetry + " interrupted trial" + (toRetry == 1 ? "" : "s")
                    + " to retry with the same parameters"));
        }
        return sb.toString();
    }

    /** {@code 20 trials or 3m 00s}, {@code 20 trials}, {@code 8h 00m}, {@code unlimited}. */
    static String budget(Budget b) {
        String trials = b.trials().isPresent() ? b.trials().getAsInt() + " trials" : null;
        String time = b.time().map(Readable::duration).orElse(null);
        if (trials != null && time != null) {
            return trials + " or " + time;
        }
        return trials != null ? trials : time != null ? time : "unlimited";
    }

    /** The study's definition as stored for reports (Optuna has no column for it). */
    static Map<String, Object> definition(StudySpec spec) {
        Map<String, Object> d = new LinkedHashMap<>();
        d.put("sampler", spec.sampler().describe());
        d.put("pruner", spec.pruner().describe());
        d.put("objective", objective(spec.objective()));
        d.put("budget", budget(spec.budget()));
        d.put("parallelism", spec.parallelism());
        d.put("retries", spec.retries());
        return d;
    }

    private static String objective(Objective o) {
        Class<?> c = o.getClass();
        if (c.isSynthetic() || c.getName().contains("$$Lambda")) {
            String host = c.getName().replaceFirst("\\$\\$Lambda.*", "");
            return "a lambda in " + host.substring(host.lastIndexOf('.') + 1);
        }
        return c.getSimpleName();
    }

}
