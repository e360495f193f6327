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
        sb.append(String.format(Locale.ROOT, "Best %d by %s (%s):%n", best.size(), metric,
                h.direction().name().toLowerCase(Locale.ROOT)));
        for (FrozenTrial t : best) {
            sb.append(String.format(Locale.ROOT, "  #%-5d %-10s %s%n", t.number(), Readable.of(t.value()),
                    Readable.of(t.params().asMap())));
        }
        return sb.toString();
    }

}
