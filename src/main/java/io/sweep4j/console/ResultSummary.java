package io.sweep4j.console;

import io.sweep4j.space.Readable;
import io.sweep4j.trial.FailureKind;
import io.sweep4j.trial.FrozenTrial;
import io.sweep4j.trial.History;
import io.sweep4j.trial.TrialState;
import java.util.List;
import java.util.Locale;

/** The few lines a study prints when it ends: counts by state, why it stopped, failures by kind, the best trials. */
public final class ResultSummary {
    private ResultSummary() {
    }

    /**
     * The summary of a run of study {@code study} in {@code storage}: {@code history} is what the study holds now,
     * {@code stopped} why the run stopped (in words), {@code ranHere} how many trials it ran; the {@code top} best
     * trials by {@code metric} are listed.
     */
    public static String render(String study, String storage, String metric, History history, String stopped,
            int ranHere, int top) {
        return render(study, storage, List.of(metric), history, stopped, ranHere, top);
    }

    /**
     * As {@link #render(String, String, String, History, String, int, int)} with the name of each objective: with
     * several, the Pareto front is listed (feasible trials only in a constrained study), best in the first objective
     * first, each trial with all its values.
     */
    public static String render(String study, String storage, List<String> objectives, History history,
            String stopped, int ranHere, int top) {
        String metric = objectives.get(0);
        StringBuilder sb = new StringBuilder();
        History h = history;
        List<FrozenTrial> failed = h.inState(TrialState.FAIL);
        List<FrozenTrial> interrupted = failed.stream().filter(FrozenTrial::interrupted).toList();
        // one scope a line: the study's stored trials, then this run
        int waiting = h.inState(TrialState.WAITING).size();
        sb.append(String.format(Locale.ROOT, "%nStudy \"%s\" in %s: %d trials: %d complete, %d pruned, %d failed,"
                + " %d interrupted, %d running%s%n", study, storage, h.trials().size(),
                h.inState(TrialState.COMPLETE).size(), h.inState(TrialState.PRUNED).size(),
                failed.size() - interrupted.size(), interrupted.size(), h.inState(TrialState.RUNNING).size(),
                waiting == 0 ? "" : ", " + waiting + " waiting"));
        sb.append(String.format(Locale.ROOT, "This run: ran %d trials, stopped: %s%n", ranHere, stopped));
        List<FailureKind> kinds = FailureKind.of(h);
        if (!kinds.isEmpty()) {
            sb.append(String.format(Locale.ROOT, "%d failed, by kind:%n", failed.size() - interrupted.size()));
            kinds.forEach(k -> sb.append("  ").append(k.describe()).append('\n'));
        }
        if (!interrupted.isEmpty()) {
            // a study stopped and resumed in chunks holds many: they say nothing about their parameters
            sb.append(String.format(Locale.ROOT, "Interrupted (Ctrl-C, a kill or a lost worker; retried within the"
                    + " retry limit): %d%n", interrupted.size()));
        }
        List<FrozenTrial> ranked = h.ranked();
        List<FrozenTrial> best = ranked.subList(0, Math.min(top, ranked.size()));
        if (best.isEmpty()) {
            sb.append("No completed trial yet.\n");
            return sb.toString();
        }
        if (h.isMultiObjective()) {
            List<String> goals = new java.util.ArrayList<>();
            for (int k = 0; k < h.directions().size(); k++) {
                goals.add(h.directions().get(k).name().toLowerCase(Locale.ROOT) + " "
                        + (k < objectives.size() ? objectives.get(k) : "values[" + k + "]"));
            }
            sb.append(String.format(Locale.ROOT, "Pareto front: %d trial%s (%s)%s; %s by %s:%n", ranked.size(),
                    ranked.size() == 1 ? "" : "s", String.join(", ", goals),
                    io.sweep4j.trial.Pareto.isConstrained(h.trials()) ? ", feasible only" : "",
                    best.size() < ranked.size() ? "the first " + best.size() : "sorted", goals.get(0)));
            for (FrozenTrial t : best) {
                StringBuilder values = new StringBuilder();
                for (int k = 0; k < t.values().size(); k++) {
                    values.append(k == 0 ? "" : " ").append(k < objectives.size() ? objectives.get(k) : "values[" + k
                            + "]").append('=').append(Readable.of(t.values().get(k)));
                }
                sb.append(String.format(Locale.ROOT, "  #%-5d %s  %s%n", t.number(), values,
                        Readable.of(t.params().asMap())));
            }
            return sb.toString();
        }
        sb.append(String.format(Locale.ROOT, "Best %d by %s (%s):%n", best.size(), metric,
                h.direction().name().toLowerCase(Locale.ROOT)));
        for (FrozenTrial t : best) {
            sb.append(String.format(Locale.ROOT, "  #%-5d %-10s %s%n", t.number(), Readable.of(t.value()),
                    Readable.of(t.params().asMap())));
        }
        return sb.toString();
    }

}
