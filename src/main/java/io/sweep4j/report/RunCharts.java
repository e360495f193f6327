package io.sweep4j.report;

import io.sweep4j.space.Readable;
import io.sweep4j.trial.Attributes;
import io.sweep4j.trial.FrozenTrial;
import io.sweep4j.trial.TrialState;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** The charts about how trials ran: learning curves of every metric and the timeline of trials per worker. */
final class RunCharts {
    private static final String[] TOP_COLOURS = {"#d62728", "#ff7f0e", "#2ca02c", "#9467bd", "#8c564b"};

    private RunCharts() {
    }

    /** One chart per reported metric; the top trials in colour, pruned ones dimmed, the rest grey. */
    static List<String> curves(ReportModel m) {
        List<String> out = new ArrayList<>();
        Map<Integer, Integer> topRank = new LinkedHashMap<>();
        List<FrozenTrial> top = m.top(ReportModel.TOP);
        for (int i = 0; i < top.size(); i++) {
            topRank.put(top.get(i).number(), i);
        }
        int k = 0;
        for (String metric : m.study().metrics()) {
            List<double[][]> series = new ArrayList<>();
            List<FrozenTrial> owners = new ArrayList<>();
            int maxStep = 1;
            List<Double> all = new ArrayList<>();
            for (FrozenTrial t : m.curves()) {
                List<double[]> pts = new ArrayList<>();
                StudyView.curves(t, m.study().metric()).forEach((step, values) -> {
                    Double v = values.get(metric);
                    if (v != null && Double.isFinite(v)) {
                        pts.add(new double[] {step, v});
                    }
                });
                if (!pts.isEmpty()) {
                    series.add(pts.toArray(new double[0][]));
                    owners.add(t);
                    maxStep = Math.max(maxStep, (int) pts.get(pts.size() - 1)[0]);
                    pts.forEach(p -> all.add(p[1]));
                }
            }
            Plot p = new Plot("curves-" + k++, "Learning curves: " + metric, Scale.linear(0, maxStep), "step (epoch)",
                    Scale.fit(all.stream().mapToDouble(Double::doubleValue).toArray()), metric);
            StringBuilder later = new StringBuilder();
            for (int pass = 0; pass < 2; pass++) {
                for (int i = 0; i < series.size(); i++) {
                    FrozenTrial t = owners.get(i);
                    boolean isTop = topRank.containsKey(t.number());
                    if (isTop != (pass == 1)) {
                        continue;
                    }
                    double[] xs = java.util.Arrays.stream(series.get(i)).mapToDouble(a -> a[0]).toArray();
                    double[] ys = java.util.Arrays.stream(series.get(i)).mapToDouble(a -> a[1]).toArray();
                    String cls = isTop ? "lc-top lc-top" + topRank.get(t.number())
                            : t.state() == TrialState.PRUNED ? "lc-pruned" : t.state() == TrialState.FAIL ? "lc-fail"
                            : "lc";
                    p.line(xs, ys, cls, Charts.tip(t, m.study().metric()));
                }
            }
            later.append(m.front().isPresent() ? "the chosen trial (the front's knee) in red, then the other knees"
                    + " and front trials, " + top.size() + " in colour (" : "top " + top.size() + " in colour (");
            for (int i = 0; i < top.size(); i++) {
                later.append(i == 0 ? "" : ", ").append('#').append(top.get(i).number());
            }
            later.append("), pruned dimmed and dashed. ");
            later.append(m.sampled(m.curves().size(), m.trialsWithCurves(), "curves"));
            out.add(p.render(later.toString()));
        }
        return out;
    }

    /** A lane per parallel slot of each worker process; bars from start to end, coloured by state. */
    static String timeline(ReportModel m) {
        List<FrozenTrial> timed = m.points().stream().filter(t -> t.start() != null).sorted(Comparator
                .comparing(FrozenTrial::start).thenComparingInt(FrozenTrial::number)).toList();
        Instant end = m.study().history().trials().stream().map(t -> t.complete() != null ? t.complete() : t.start())
                .filter(java.util.Objects::nonNull).max(Comparator.naturalOrder()).orElse(null);
        Instant t0 = timed.isEmpty() ? null : timed.get(0).start();
        Map<String, List<Instant>> lanesByWorker = new LinkedHashMap<>();
        List<String> laneNames = new ArrayList<>();
        Map<FrozenTrial, Integer> laneOf = new LinkedHashMap<>();
        for (FrozenTrial t : timed) {
            String w = worker(t);
            List<Instant> lanes = lanesByWorker.computeIfAbsent(w, x -> new ArrayList<>());
            Instant stop = t.complete() != null ? t.complete() : end;
            int lane = -1;
            for (int i = 0; i < lanes.size(); i++) {
                if (!lanes.get(i).isAfter(t.start())) {
                    lane = i;
                    break;
                }
            }
            if (lane < 0) {
                lanes.add(stop);
                lane = lanes.size() - 1;
                laneNames.add(w + " · " + (lane + 1));
            } else {
                lanes.set(lane, stop);
            }
            laneOf.put(t, laneNames.indexOf(w + " · " + (lane + 1)));
        }
        double span = t0 == null || end == null ? 1 : Math.max(1, Duration.between(t0, end).toMillis() / 1000.0);
        // one worker: "slot 2"; several: "pid 4711 · 2" shortened to "4711·2" so it fits beside the axis
        List<String> names = laneNames.isEmpty() ? List.of("-") : laneNames.stream().map(n -> lanesByWorker.size() == 1
                ? "slot " + n.substring(n.lastIndexOf(' ') + 1) : n.replace("pid ", "").replace(" · ", "·")).toList();
        Plot p = new Plot("timeline", "Timeline of trials per worker", Scale.linear(0, span), "seconds since the first"
                + " trial started", Scale.band(names), lanesByWorker.size() == 1 ? "" : "worker pid · slot");
        double laneH = Plot.plotHeight() / (double) names.size();
        for (var e : laneOf.entrySet()) {
            FrozenTrial t = e.getKey();
            double s0 = Duration.between(t0, t.start()).toMillis() / 1000.0;
            double s1 = Duration.between(t0, t.complete() != null ? t.complete() : end).toMillis() / 1000.0;
            // through the lane's scale, as its label: the band scale puts its first lane at the bottom
            double yTop = p.py(names.get(e.getValue())) - laneH * 0.35;
            double x0 = p.px(s0);
            double x1 = p.px(Math.max(s1, s0));
            p.raw(String.format(Locale.ROOT, "<rect x='%.1f' y='%.1f' width='%.1f' height='%.1f' class='tl %s'>"
                    + "<title>%s</title></rect>", x0, yTop, Math.max(0.8, x1 - x0), laneH * 0.7, Charts.stateClass(t),
                    Html.esc(Charts.tip(t, m.study().metric()) + " · " + Readable.duration(Duration.ofMillis(
                    (long) ((s1 - s0) * 1000))))));
        }
        return p.render("Bars: blue complete, grey pruned, red failed, green running; gaps are idle slots. "
                + m.sampled(m.points(), m.study().history().trials(), "trials"));
    }

    private static String worker(FrozenTrial t) {
        Object w = t.systemAttributes().get(Attributes.WORKER);
        if (w == null) {
            return "unknown worker";
        }
        String[] parts = String.valueOf(w).split("\\|");
        return parts.length >= 2 ? "pid " + parts[1] : String.valueOf(w);
    }
}
