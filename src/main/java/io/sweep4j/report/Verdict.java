package io.sweep4j.report;

import io.sweep4j.space.CategoricalDistribution;
import io.sweep4j.space.Distribution;
import io.sweep4j.space.FloatDistribution;
import io.sweep4j.space.IntDistribution;
import io.sweep4j.space.Readable;
import io.sweep4j.trial.FailureKind;
import io.sweep4j.trial.FrozenTrial;
import io.sweep4j.trial.History;
import io.sweep4j.trial.TrialState;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/** What won and why, in a few sentences: the best trial, what mattered, where the top trials sit, what to try next. */
final class Verdict {
    /** Below this many completed trials importance and ranges rest on two or three top trials: say so. */
    private static final int ROUGH = 30;
    private static final String MATTERED = "What mattered";

    private Verdict() {
    }

    static List<String> of(StudyView study, List<FrozenTrial> ranked, Importances importance,
            Optional<Importances> atStep) {
        List<String> lines = new ArrayList<>();
        History h = study.history();
        if (ranked.isEmpty()) {
            lines.add("No trial has completed yet: nothing has won. " + failures(h));
            atStep.ifPresent(s -> mattered(lines, s, false));
            return lines;
        }
        FrozenTrial best = ranked.get(0);
        // failed and interrupted apart, as the sentence on failures below counts them
        long interrupted = h.trials().stream().filter(FrozenTrial::interrupted).count();
        lines.add(String.format(Locale.ROOT, "Trial #%d won with %s = %s, best of %d completed trials (%d pruned,"
                + " %d failed%s).", best.number(), study.metric(), Readable.of(best.value()), ranked.size(),
                h.inState(TrialState.PRUNED).size(), h.inState(TrialState.FAIL).size() - interrupted,
                interrupted == 0 ? "" : ", " + interrupted + " interrupted"));
        lines.add("Its parameters: " + Readable.of(best.params().asMap()) + ".");
        mattered(lines, importance, ranked.size() < ROUGH);
        atStep.ifPresent(s -> mattered(lines, s, false));
        List<FrozenTrial> top = Importance.top(ranked, h.direction());
        int shown = 0;
        // the shared parameters only: every completed trial has them, the best one included
        for (var e : importance.ranked()) {
            if (shown++ == 3 || top.size() < 2) {
                break;
            }
            Distribution d = study.distributions().get(e.getKey());
            String where = where(e.getKey(), d, top);
            if (where != null) {
                lines.add(where);
            }
        }
        String f = failures(h);
        if (!f.isEmpty()) {
            lines.add(f);
        }
        return lines;
    }

    /**
     * What won in a study with several objectives: the front and what it leaves out, its knees (the chosen trial
     * first) with their values and parameters, the best trial in each objective, what mattered for each, failures.
     */
    static List<String> ofFront(StudyView study, Front front) {
        List<String> lines = new ArrayList<>();
        History h = study.history();
        if (front.front().isEmpty()) {
            lines.add("No trial has completed with every objective" + (front.infeasible().isEmpty() ? ""
                    : " and every constraint met") + " yet: nothing has won. " + failures(h));
            return lines;
        }
        long interrupted = h.trials().stream().filter(FrozenTrial::interrupted).count();
        lines.add(String.format(Locale.ROOT, "The Pareto front holds %d of %d completed trials: no other trial is at"
                + " least as good in every objective and better in one (%d pruned, %d failed%s).", front.front().size(),
                h.completed().size(), h.inState(TrialState.PRUNED).size(), h.inState(TrialState.FAIL).size()
                - interrupted, interrupted == 0 ? "" : ", " + interrupted + " interrupted"));
        if (!front.infeasible().isEmpty()) {
            lines.add(front.infeasible().size() + " completed trial(s) break a constraint (a stored constraint value"
                    + " above 0): they are never on the front, however good their values.");
        }
        boolean two = study.objectives().size() == 2;
        for (int i = 0; i < front.knees().size(); i++) {
            FrozenTrial t = front.knees().get(i).trial();
            String what = i == 0 ? (two ? "The knee, the chosen trial" : "The chosen trial")
                    : two ? "Another knee" : "Next nearest the ideal point";
            lines.add(what + ": #" + t.number() + " with " + values(study, t) + (i > 0 ? "." : two
                    ? " (the front trial farthest from the line between the front's two extremes, each objective"
                    + " scaled to the front's range: where giving up a little of one objective buys the most of the"
                    + " other)." : " (the front trial nearest the ideal point, each objective scaled to the front's"
                    + " range: the most even compromise; with three or more objectives the plane through the"
                    + " extremes is often undefined on a small front, so this takes a knee's place)."));
            if (i == 0) {
                lines.add("Its parameters: " + Readable.of(t.params().asMap()) + ".");
            }
        }
        List<String> extremes = new ArrayList<>();
        for (int k = 0; k < study.objectives().size(); k++) {
            int obj = k;
            Comparator<FrozenTrial> by = Comparator.comparingDouble(t -> io.sweep4j.trial.Pareto.asLoss(
                    t.values().get(obj), h.directions().get(obj)));
            FrozenTrial best = front.front().stream().min(by.thenComparingInt(FrozenTrial::number)).orElseThrow();
            extremes.add(study.objectives().get(k) + " #" + best.number() + " (" + Readable.of(best.values().get(k))
                    + ")");
        }
        lines.add("Best in each objective: " + String.join(", ", extremes) + ".");
        pruning(study).ifPresent(lines::add);
        for (int k = 0; k < study.objectives().size(); k++) {
            List<String> one = new ArrayList<>();
            Importances imp = front.importance().get(k);
            mattered(one, imp, imp.basis().trials().size() < ROUGH);
            String name = study.objectives().get(k);
            one.forEach(l -> lines.add(l.startsWith(MATTERED) ? MATTERED + " for " + name
                    + l.substring(MATTERED.length()) : l));
        }
        String f = failures(h);
        if (!f.isEmpty()) {
            lines.add(f);
        }
        return lines;
    }

    /** "val_accuracy = 0.91, param_count = 12 000". */
    static String values(StudyView study, FrozenTrial t) {
        List<String> parts = new ArrayList<>();
        for (int k = 0; k < study.objectives().size() && k < t.values().size(); k++) {
            parts.add(study.objectives().get(k) + " = " + Readable.of(t.values().get(k)));
        }
        return String.join(", ", parts);
    }

    /**
     * How the study pruned, from the definition the engine stored (its pruner and its rule for several objectives);
     * empty for a study without one (Optuna's).
     */
    static Optional<String> pruning(StudyView study) {
        if (!(study.definition().get("definition") instanceof Map<?, ?> d) || d.get("pruning") == null) {
            return Optional.empty();
        }
        Object pruner = d.get("pruner");
        if (pruner == null || "none".equals(pruner)) {
            return Optional.of("No pruner: every trial ran to its end.");
        }
        return Optional.of("Pruning by " + pruner + ": " + d.get("pruning") + ".");
    }

    /** "What mattered": the shared ranking, then each conditional parameter apart, on the importance's trials. */
    private static void mattered(List<String> lines, Importances importance, boolean rough) {
        if (importance.isEmpty()) {
            return;
        }
        List<String> parts = new ArrayList<>();
        importance.ranked().forEach(e -> parts.add(String.format(Locale.ROOT, "%s %.0f %%", e.getKey(),
                100 * e.getValue())));
        importance.conditional().forEach((p, c) -> parts.add(String.format(Locale.ROOT, "%s %.0f %% (%s)", p,
                100 * c.importance(), c.label())));
        Basis b = importance.basis();
        String over = b.step().isPresent() ? " by " + b.label() : "";
        lines.add(MATTERED + over + " (PED-ANOVA importance for reaching the top 10 %): "
                + String.join(", ", parts) + (rough ? " — from only " + b.trials().size()
                + " completed trials, a rough guide" : "") + ".");
    }

    /** Where the top trials put one parameter, and a hint when they crowd a bound of its range. */
    private static String where(String name, Distribution d, List<FrozenTrial> top) {
        List<FrozenTrial> active = top.stream().filter(t -> t.params().has(name)).toList();
        if (active.isEmpty() || d == null) {
            return null;
        }
        if (d instanceof CategoricalDistribution) {
            Map<String, Integer> counts = new LinkedHashMap<>();
            active.forEach(t -> counts.merge(String.valueOf(t.params().get(name)), 1, Integer::sum));
            var most = counts.entrySet().stream().max(Map.Entry.comparingByValue()).orElseThrow();
            return String.format(Locale.ROOT, "%s: %d of the %d top trials chose %s.", name, most.getValue(),
                    active.size(), most.getKey());
        }
        double lo = Double.POSITIVE_INFINITY;
        double hi = Double.NEGATIVE_INFINITY;
        for (FrozenTrial t : active) {
            double v = ((Number) t.params().get(name)).doubleValue();
            lo = Math.min(lo, v);
            hi = Math.max(hi, v);
        }
        double low = d instanceof FloatDistribution f ? f.low() : ((IntDistribution) d).low();
        double high = d instanceof FloatDistribution f ? f.high() : ((IntDistribution) d).high();
        String s = String.format(Locale.ROOT, "%s: the top trials lie between %s and %s (searched %s to %s).", name,
                Readable.number(lo), Readable.number(hi), Readable.number(low), Readable.number(high));
        double uLo = d.toUnit(d instanceof IntDistribution ? (Object) Math.round(lo) : (Object) lo);
        double uHi = d.toUnit(d instanceof IntDistribution ? (Object) Math.round(hi) : (Object) hi);
        // a hint needs a few top trials, and a bound of 0 is usually a hard limit (dropout, momentum)
        if (active.size() >= 3 && uHi - uLo < 0.5 && uHi > 0.9) {
            s += " They crowd the upper bound: try a range above " + Readable.number(high) + ".";
        } else if (active.size() >= 3 && uHi - uLo < 0.5 && uLo < 0.1 && low != 0) {
            s += " They crowd the lower bound: try a range below " + Readable.number(low) + ".";
        }
        return s;
    }

    /**
     * The failures by kind; interrupted trials (Ctrl-C, a kill, a lost worker) apart, as they say nothing about
     * their parameters and a long study stopped and resumed in chunks holds many.
     */
    private static String failures(History h) {
        List<FrozenTrial> failed = h.inState(TrialState.FAIL);
        List<FrozenTrial> own = failed.stream().filter(t -> !t.interrupted()).toList();
        List<String> sentences = new ArrayList<>();
        if (!own.isEmpty()) {
            List<FailureKind> kinds = FailureKind.of(h);
            List<String> parts = new ArrayList<>();
            kinds.stream().limit(3).forEach(k -> parts.add(k.describe()));
            if (kinds.size() > 3) {
                parts.add("and " + (kinds.size() - 3) + " other kind(s) (see the failed trials in the table)");
            }
            String list = String.join("; ", parts);
            sentences.add(own.size() + " trial(s) failed: " + list + (list.endsWith(".") ? "" : "."));
        }
        int interrupted = failed.size() - own.size();
        if (interrupted > 0) {
            sentences.add(interrupted + " trial(s) were interrupted (Ctrl-C, a kill or a lost worker; each is retried"
                    + " within the study's retry limit).");
        }
        return String.join(" ", sentences);
    }
}
