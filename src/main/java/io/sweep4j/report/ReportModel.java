package io.sweep4j.report;

import io.sweep4j.trial.FrozenTrial;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Everything a report shows, computed once from a stored study and a clock: the study, importance over the
 * completed trials and, when pruning stopped most trials early, over the deepest step enough of them reached, the
 * ranking, the verdict, which trials each chart draws, and for a study with several objectives its {@link Front}.
 * Equal studies and clocks give equal models, so two builds of a report compare equal. Large studies are sampled
 * here, deterministically: every chart keeps the best trials and an even stride of the rest, so a 100 000-trial
 * report stays a few megabytes and opens at once.
 */
public record ReportModel(StudyView study, Instant generated, Importances importance,
        Optional<Importances> atStep, List<FrozenTrial> ranked, List<FrozenTrial> points, List<FrozenTrial> curves,
        int trialsWithCurves, List<FrozenTrial> table, List<String> verdict, Optional<Front> front) {

    /** Trials drawn as points or lines in the scatter charts, parallel coordinates and timeline. */
    static final int MAX_POINTS = 2_000;
    /** Learning curves drawn per metric. */
    static final int MAX_CURVES = 150;
    /** Rows in the trial table. */
    static final int MAX_TABLE = 3_000;
    /** Trials highlighted as "top" in curves and parallel coordinates. */
    static final int TOP = 5;

    public ReportModel {
        ranked = List.copyOf(ranked);
        points = List.copyOf(points);
        curves = List.copyOf(curves);
        table = List.copyOf(table);
        verdict = List.copyOf(verdict);
    }

    /** Builds the model; {@code clock} gives the "generated" time and nothing else. */
    public static ReportModel of(StudyView study, Clock clock) {
        List<FrozenTrial> all = study.history().trials();
        List<FrozenTrial> ranked = study.history().ranked();
        Optional<Front> front = study.isMultiObjective() ? Optional.of(Front.of(study, ranked)) : Optional.empty();
        Importances importance = front.map(f -> f.importance().get(0)).orElseGet(() -> Importance.of(study));
        // the intermediate values of a multi-objective study are one objective's: its importance per objective says
        // more than an early reading of one of them
        Optional<Importances> atStep = front.isPresent() ? Optional.empty()
                : Basis.deepestStep(study).map(b -> Importance.of(study, b));
        List<FrozenTrial> best = ranked.subList(0, Math.min(ranked.size(), MAX_POINTS / 10));
        List<FrozenTrial> points = sample(all, best, MAX_POINTS);
        List<FrozenTrial> withCurves = all.stream().filter(StudyView::hasCurve).toList();
        List<FrozenTrial> curves = sample(withCurves, top(ranked, front, TOP), MAX_CURVES);
        List<FrozenTrial> failed = all.stream().filter(t -> !t.state().equals(io.sweep4j.trial.TrialState.COMPLETE))
                .toList();
        List<FrozenTrial> keep = new ArrayList<>(ranked.subList(0, Math.min(ranked.size(), MAX_TABLE / 3)));
        keep.addAll(failed.subList(Math.max(0, failed.size() - MAX_TABLE / 3), failed.size()));
        List<FrozenTrial> table = sample(all, keep, MAX_TABLE);
        List<String> verdict = front.map(f -> Verdict.ofFront(study, f)).orElseGet(() -> Verdict.of(study, ranked,
                importance, atStep));
        return new ReportModel(study, clock.instant().truncatedTo(java.time.temporal.ChronoUnit.SECONDS), importance,
                atStep, ranked, points, curves, withCurves.size(), table, verdict, front);
    }

    /**
     * All trials if they fit, else {@code keep} plus an even stride over the rest up to {@code max}, in number order.
     */
    static List<FrozenTrial> sample(List<FrozenTrial> all, List<FrozenTrial> keep, int max) {
        if (all.size() <= max) {
            return all;
        }
        Set<FrozenTrial> chosen = new LinkedHashSet<>(keep.subList(0, Math.min(keep.size(), max)));
        int room = max - chosen.size();
        if (room > 0) {
            double stride = (double) all.size() / room;
            for (int i = 0; i < room; i++) {
                chosen.add(all.get((int) Math.min(all.size() - 1, Math.floor(i * stride))));
            }
        }
        List<FrozenTrial> out = new ArrayList<>(chosen);
        out.sort(Comparator.comparingInt(FrozenTrial::number));
        return out;
    }

    /** The trials of {@code basis} that the charts draw: those among the sampled {@link #points}. */
    List<Basis.Measured> drawn(Basis basis) {
        if (points.size() == study.history().trials().size()) {
            return basis.trials();
        }
        Set<Integer> shown = new java.util.HashSet<>();
        points.forEach(t -> shown.add(t.number()));
        return basis.trials().stream().filter(m -> shown.contains(m.trial().number())).toList();
    }

    /** The n best trials of {@code basis}. */
    List<Basis.Measured> best(Basis basis, int n) {
        Comparator<Basis.Measured> byValue = Comparator.comparingDouble(Basis.Measured::value);
        return basis.trials().stream().sorted(study.direction() == io.sweep4j.trial.Direction.MAXIMIZE
                ? byValue.reversed() : byValue).limit(n).toList();
    }

    /** The n best completed trials; with several objectives the front's knees (the chosen first), then the front. */
    List<FrozenTrial> top(int n) {
        return top(ranked, front, n);
    }

    private static List<FrozenTrial> top(List<FrozenTrial> ranked, Optional<Front> front, int n) {
        Set<FrozenTrial> out = new LinkedHashSet<>();
        front.ifPresent(f -> f.knees().forEach(k -> out.add(k.trial())));
        out.addAll(ranked);
        return out.stream().limit(n).toList();
    }

    /** "2 000 of 100 000 trials shown (the best and an even sample)" when sampled, else empty. */
    String sampled(List<FrozenTrial> shown, List<FrozenTrial> of, String what) {
        return sampled(shown.size(), of.size(), what);
    }

    String sampled(int shown, int of, String what) {
        return shown >= of ? "" : String.format(java.util.Locale.ROOT,
                "%d of %d %s drawn: the best and an even sample of the rest", shown, of, what);
    }
}
