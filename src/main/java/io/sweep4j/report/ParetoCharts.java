package io.sweep4j.report;

import io.sweep4j.space.Readable;
import io.sweep4j.trial.Direction;
import io.sweep4j.trial.FrozenTrial;
import io.sweep4j.trial.Pareto;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * The charts of a study with several objectives: the Pareto front (one scatter for two objectives, with the front's
 * boundary drawn; one per pair of objectives for more), the hypervolume over trials, importance per objective.
 */
final class ParetoCharts {
    /** Objectives paired in the pairwise scatters: 4 give 6 charts; more would bury the report. */
    static final int MAX_PAIRED = 4;

    private ParetoCharts() {
    }

    /** The front: one chart for two objectives, one per pair of (the first {@value #MAX_PAIRED}) objectives else. */
    static List<String> front(ReportModel m) {
        Front f = m.front().orElseThrow();
        int d = m.study().objectives().size();
        if (d == 2) {
            return List.of(scatter(m, f, 0, 1, "pareto"));
        }
        List<String> out = new ArrayList<>();
        for (int i = 0; i < Math.min(d, MAX_PAIRED); i++) {
            for (int j = i + 1; j < Math.min(d, MAX_PAIRED); j++) {
                out.add(scatter(m, f, i, j, "pareto-" + i + "-" + j));
            }
        }
        return out;
    }

    /**
     * Objective {@code j} against objective {@code i}: the front dark, the knees ringed, dominated trials pale,
     * infeasible ones hollow red; for two objectives the front's boundary as a step line.
     */
    private static String scatter(ReportModel m, Front f, int i, int j, String id) {
        StudyView s = m.study();
        List<Direction> dirs = s.history().directions();
        List<FrozenTrial> drawnOthers = others(m, f);
        List<FrozenTrial> all = new ArrayList<>(f.front());
        all.addAll(drawnOthers);
        Scale x = scale(all, i);
        Scale y = scale(all, j);
        String xName = s.objectives().get(i) + " (" + word(dirs.get(i)) + ")";
        String yName = s.objectives().get(j) + " (" + word(dirs.get(j)) + ")";
        String title = d(s) == 2 ? "Pareto front" : "Pareto front: " + s.objectives().get(j) + " against "
                + s.objectives().get(i);
        Plot p = new Plot(id, title, x, xName, y, yName);
        Set<FrozenTrial> infeasible = new HashSet<>(f.infeasible());
        // the others first, so the front is drawn on top
        for (FrozenTrial t : drawnOthers) {
            boolean bad = infeasible.contains(t);
            p.dot(t.values().get(i), t.values().get(j), 0, bad ? "pf-infeasible" : "pf-dominated",
                    tip(s, t, bad ? "infeasible" : "dominated"));
        }
        if (d(s) == 2) {
            p.line(boundary(f.front(), dirs, true), boundary(f.front(), dirs, false), "pf-line",
                    "the front's boundary: every point on or beyond it is dominated");
        }
        int before = p.marks();
        for (FrozenTrial t : f.front()) {
            p.dot(t.values().get(i), t.values().get(j), 0, "pf-front", tip(s, t, "on the front"));
        }
        int unplaced = f.front().size() - (p.marks() - before);
        for (int k = 0; k < f.knees().size(); k++) {
            FrozenTrial t = f.knees().get(k).trial();
            double cx = p.px(t.values().get(i));
            double cy = p.py(t.values().get(j));
            if (Double.isFinite(cx) && Double.isFinite(cy)) {
                p.raw(String.format(Locale.ROOT, "<circle cx='%.1f' cy='%.1f' r='%d' class='pf-knee%s'><title>%s"
                        + "</title></circle>", cx, cy, k == 0 ? 8 : 6, k == 0 ? " pf-chosen" : "",
                        Html.esc(tip(s, t, k == 0 ? "the chosen knee" : "a knee"))));
            }
        }
        StringBuilder legend = new StringBuilder();
        legend.append("Dark blue: the Pareto front (").append(f.front().size()).append(" trials")
                .append(unplaced == 0 ? "" : ", " + unplaced + " with an infinite value not drawn").append(")");
        if (d(s) == 2) {
            legend.append(", joined by its boundary (step line)");
        }
        legend.append("; large ring: the chosen trial #").append(f.chosen().number());
        if (f.knees().size() > 1) {
            legend.append(d(s) == 2 ? ", small rings: other knees" : ", small rings: the next nearest the ideal point");
        }
        legend.append("; pale: dominated (").append(f.dominated().size()).append(")");
        if (!f.infeasible().isEmpty()) {
            legend.append("; hollow red: infeasible, breaking a constraint (").append(f.infeasible().size())
                    .append("), never on the front");
        }
        legend.append(". ");
        if (d(s) > 2) {
            legend.append("Projected on two of ").append(d(s)).append(" objectives: a front trial may look dominated"
                    + " here and be better in another objective. ");
        }
        legend.append(m.sampled(drawnOthers.size(), f.dominated().size() + f.infeasible().size(),
                "trials off the front"));
        return p.render(legend.toString());
    }

    private static int d(StudyView s) {
        return s.objectives().size();
    }

    /** The completed trials off the front that the report draws (all of them, or the model's sample). */
    private static List<FrozenTrial> others(ReportModel m, Front f) {
        Set<Integer> shown = new HashSet<>();
        m.points().forEach(t -> shown.add(t.number()));
        List<FrozenTrial> out = new ArrayList<>();
        for (List<FrozenTrial> group : List.of(f.dominated(), f.infeasible())) {
            group.stream().filter(t -> shown.contains(t.number())).forEach(out::add);
        }
        return out;
    }

    /** Fits objective {@code k}'s finite values; a log axis when they are positive and span over two decades. */
    private static Scale scale(List<FrozenTrial> trials, int k) {
        double[] v = trials.stream().mapToDouble(t -> t.values().get(k)).filter(Double::isFinite).toArray();
        double lo = java.util.Arrays.stream(v).min().orElse(0);
        double hi = java.util.Arrays.stream(v).max().orElse(1);
        if (lo > 0 && hi / lo > 100) {
            return Scale.log(lo / 1.3, hi * 1.3);
        }
        return Scale.fit(v);
    }

    /**
     * The x ({@code xs}) or y coordinates of the staircase through a two-objective front: from the trial best in the
     * first objective, across to the next trial's first value, then to its second, and so on: the edge of the region
     * the front dominates.
     */
    static double[] boundary(List<FrozenTrial> front, List<Direction> dirs, boolean xs) {
        List<FrozenTrial> sorted = front.stream().sorted(Comparator.comparingDouble((FrozenTrial t) ->
                Pareto.asLoss(t.values().get(0), dirs.get(0))).thenComparingDouble(t -> Pareto.asLoss(
                t.values().get(1), dirs.get(1)))).toList();
        List<Double> out = new ArrayList<>();
        for (int n = 0; n < sorted.size(); n++) {
            if (n > 0) {
                out.add(xs ? sorted.get(n).values().get(0) : sorted.get(n - 1).values().get(1));
            }
            out.add(sorted.get(n).values().get(xs ? 0 : 1));
        }
        return out.stream().mapToDouble(Double::doubleValue).toArray();
    }

    /**
     * The hypervolume of the completed (feasible) trials up to each trial number, as a step line, with the reference
     * point stated.
     */
    static String hypervolume(ReportModel m) {
        Front f = m.front().orElseThrow();
        StudyView s = m.study();
        int maxNumber = s.history().trials().stream().mapToInt(FrozenTrial::number).max().orElse(0);
        double[] hv = f.hypervolume().stream().mapToDouble(Front.Step::hypervolume).toArray();
        Scale y = Scale.fit(java.util.stream.DoubleStream.concat(java.util.Arrays.stream(hv),
                java.util.stream.DoubleStream.of(0)).toArray());
        Plot p = new Plot("hypervolume", "Hypervolume over trials", Scale.linear(0, Math.max(1, maxNumber)), "trial",
                y, "hypervolume");
        List<Double> xs = new ArrayList<>();
        List<Double> ys = new ArrayList<>();
        double last = 0;
        for (Front.Step st : f.hypervolume()) {
            xs.add((double) st.number());
            ys.add(last);
            xs.add((double) st.number());
            ys.add(st.hypervolume());
            last = st.hypervolume();
            p.dot(st.number(), st.hypervolume(), 0, "hv-dot", "#" + st.number() + " hypervolume "
                    + Readable.number(st.hypervolume()));
        }
        xs.add((double) maxNumber);
        ys.add(last);
        p.line(xs.stream().mapToDouble(Double::doubleValue).toArray(), ys.stream().mapToDouble(Double::doubleValue)
                .toArray(), "hv-line", "hypervolume of the completed trials so far");
        return p.render("Hypervolume of the completed" + (Front.constrained(s.history()) ? ", feasible" : "")
                + " trials so far: the volume of objective space they dominate, up to the reference point "
                + reference(s, f) + ". The reference is the worst value of each objective among those trials, "
                + Math.round(100 * Front.REFERENCE_MARGIN) + " % of its range beyond (so the hypervolumes of"
                + " two studies compare only with one reference). Dots: the trials that raised it.");
    }

    /** The reference point in the objectives' own units: "(val_accuracy 0.42, param_count 130 000)". */
    static String reference(StudyView s, Front f) {
        List<String> parts = new ArrayList<>();
        for (int k = 0; k < f.reference().size(); k++) {
            double r = f.reference().get(k);
            double own = s.history().directions().get(k) == Direction.MAXIMIZE ? -r : r;
            parts.add(s.objectives().get(k) + " " + Readable.number(own));
        }
        return "(" + String.join(", ", parts) + ")";
    }

    /** One importance chart per objective, each judged by that objective alone. */
    static List<String> importance(ReportModel m) {
        Front f = m.front().orElseThrow();
        List<String> out = new ArrayList<>();
        for (int k = 0; k < f.importance().size(); k++) {
            out.add(Charts.importance(f.importance().get(k), "importance-" + k, "Parameter importance for "
                    + m.study().objectives().get(k)));
        }
        return out;
    }

    static String tip(StudyView s, FrozenTrial t, String where) {
        return "#" + t.number() + " " + where + " · " + Verdict.values(s, t) + " · "
                + Readable.of(t.params().asMap());
    }

    private static String word(Direction d) {
        return d == Direction.MAXIMIZE ? "higher is better" : "lower is better";
    }
}
