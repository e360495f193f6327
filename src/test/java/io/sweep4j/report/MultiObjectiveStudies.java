package io.sweep4j.report;

import io.sweep4j.space.CategoricalDistribution;
import io.sweep4j.space.Distribution;
import io.sweep4j.space.FloatDistribution;
import io.sweep4j.space.IntDistribution;
import io.sweep4j.space.Params;
import io.sweep4j.store.StudyInfo;
import io.sweep4j.trial.Attributes;
import io.sweep4j.trial.Direction;
import io.sweep4j.trial.FrozenTrial;
import io.sweep4j.trial.History;
import io.sweep4j.trial.TrialState;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;

/**
 * Multi-objective studies made in memory, as a storage would return them: accuracy against parameter count (and
 * latency) of a network whose width buys accuracy, with learning curves, a pruned and a failed trial, timings and,
 * optionally, Optuna's constraints (parameter count at most 200 000).
 */
final class MultiObjectiveStudies {
    static final List<String> NAMES = List.of("val_accuracy", "param_count", "latency_ms");
    static final List<Direction> DIRECTIONS = List.of(Direction.MAXIMIZE, Direction.MINIMIZE, Direction.MINIMIZE);
    private static final Instant T0 = Instant.parse("2026-12-01T10:00:00Z");

    private MultiObjectiveStudies() {
    }

    /** The stored study record: {@code objectives} directions, named as Optuna's {@code set_metric_names} does. */
    static StudyInfo info(String name, int objectives) {
        return new StudyInfo(1, name, DIRECTIONS.get(0), DIRECTIONS.subList(0, objectives), Map.of(
                Attributes.METRIC, "val_accuracy", Attributes.METRIC_NAMES, NAMES.subList(0, objectives)));
    }

    /** {@code n} trials of a study with {@code objectives} objectives (2 or 3), seeded. */
    static History history(int objectives, int n, boolean constrained, long seed) {
        Random r = new Random(seed);
        Map<String, Distribution> dists = new LinkedHashMap<>();
        dists.put("lr", new FloatDistribution(1e-4, 1e-1, true, null));
        dists.put("width", new IntDistribution(16, 256, false, 1));
        dists.put("optimizer", new CategoricalDistribution(List.of("sgd", "adam")));
        List<FrozenTrial> trials = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            double lr = Math.exp(Math.log(1e-4) + r.nextDouble() * (Math.log(1e-1) - Math.log(1e-4)));
            long width = 16 + r.nextInt(241);
            String opt = r.nextBoolean() ? "sgd" : "adam";
            Params params = Params.of(Map.of("lr", lr, "width", width, "optimizer", opt));
            double acc = 0.55 + 0.35 * (1 - Math.exp(-width / 70.0)) - 0.05 * Math.abs(Math.log10(lr) + 2.5)
                    + (opt.equals("adam") ? 0.03 : 0) + 0.01 * r.nextDouble();
            double count = width * 1000.0 + 5000;
            double latency = 0.02 * width + 2 * r.nextDouble();
            TrialState state = i % 17 == 5 ? TrialState.PRUNED : i % 23 == 11 ? TrialState.FAIL : TrialState.COMPLETE;
            TreeMap<Integer, Double> curve = new TreeMap<>();
            Map<String, Object> sys = new LinkedHashMap<>();
            int epochs = state == TrialState.PRUNED ? 2 : 5;
            for (int e = 0; e < epochs; e++) {
                double a = acc * (1 - Math.exp(-(e + 1) / 1.5));
                curve.put(e, a);
                sys.put(Attributes.metricsAt(e), Map.of("val_accuracy", a, "val_loss", 1 - a));
            }
            if (constrained) {
                sys.put(Attributes.CONSTRAINTS, List.of(count - 200_000.0));
            }
            if (state == TrialState.FAIL) {
                sys.put(Attributes.FAIL_REASON, "diverged at epoch 2");
            }
            sys.put(Attributes.WORKER, "host|4711|w");
            List<Double> values = state != TrialState.COMPLETE ? List.of()
                    : List.of(acc, count, latency).subList(0, objectives);
            Instant start = T0.plusSeconds(10L * i);
            trials.add(new FrozenTrial(i + 1, i, state, values, params, dists, curve, Map.of("param_count", count),
                    sys, start, start.plusSeconds(9)));
        }
        return new History(DIRECTIONS.subList(0, objectives), trials);
    }

    static StudyView view(String name, int objectives, int n, boolean constrained, long seed) {
        return StudyView.of(info(name, objectives), history(objectives, n, constrained, seed));
    }
}
