package io.sweep4j.prune;

import io.sweep4j.space.Params;
import io.sweep4j.trial.Direction;
import io.sweep4j.trial.FrozenTrial;
import io.sweep4j.trial.History;
import io.sweep4j.trial.TrialState;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Replays hand-made learning curves through a pruner as a study would (the same protocol as
 * {@code optuna_pruning.py}): reports arrive in the order of a schedule of (trial index, step); a trial's number is
 * the order of its first report; a pruned trial reports no more; a trial whose last step passes completes.
 */
final class CurveReplay {
    final List<double[]> curves;
    final List<int[]> schedule;
    final int[] prunedAt;
    final List<Map<String, Object>> attributes = new ArrayList<>();
    final List<Decision.Prune> decisions = new ArrayList<>();
    private final List<Integer> numbers = new ArrayList<>();
    private final List<TreeMap<Integer, Double>> values = new ArrayList<>();
    private final List<TrialState> states = new ArrayList<>();

    private CurveReplay(List<double[]> curves, List<int[]> schedule) {
        this.curves = curves;
        this.schedule = schedule;
        this.prunedAt = new int[curves.size()];
        java.util.Arrays.fill(prunedAt, -1);
        for (int i = 0; i < curves.size(); i++) {
            attributes.add(new LinkedHashMap<>());
            values.add(new TreeMap<>());
            states.add(null);
            numbers.add(-1);
            decisions.add(null);
        }
    }

    /** Trial after trial, each to its end or its pruning. */
    static List<int[]> sequential(List<double[]> curves) {
        List<int[]> s = new ArrayList<>();
        for (int i = 0; i < curves.size(); i++) {
            for (int step = 0; step < curves.get(i).length; step++) {
                s.add(new int[] {i, step});
            }
        }
        return s;
    }

    /** {@code width} trials at a time, one step each in turn, the next trial starting when one ends. */
    static List<int[]> interleaved(List<double[]> curves, int width) {
        List<int[]> s = new ArrayList<>();
        int[] next = new int[curves.size()];
        List<Integer> active = new ArrayList<>();
        int started = 0;
        while (started < curves.size() || !active.isEmpty()) {
            while (active.size() < width && started < curves.size()) {
                active.add(started++);
            }
            for (Integer i : List.copyOf(active)) {
                s.add(new int[] {i, next[i]++});
                if (next[i] == curves.get(i).length) {
                    active.remove(i);
                }
            }
        }
        return s;
    }

    static CurveReplay run(Pruner pruner, String study, Direction direction, List<double[]> curves,
            List<int[]> schedule) {
        CurveReplay r = new CurveReplay(curves, schedule);
        int nextNumber = 0;
        for (int[] event : schedule) {
            int i = event[0];
            int step = event[1];
            if (r.states.get(i) != null && r.states.get(i).isFinished()) {
                continue;
            }
            if (r.states.get(i) == null) {
                r.numbers.set(i, nextNumber);
                r.attributes.get(i).putAll(pruner.onClaim(study, nextNumber));
                nextNumber++;
                r.states.set(i, TrialState.RUNNING);
            }
            r.values.get(i).put(step, curves.get(i)[step]);
            PruningContext ctx = new PruningContext(study, direction, r.frozen(i), () -> r.history(direction));
            Decision d = pruner.judge(ctx);
            r.attributes.get(i).putAll(d.attributes());
            if (d instanceof Decision.Wait w) {
                throw new IllegalStateException("a replay cannot wait: " + w);
            } else if (d instanceof Decision.Prune p) {
                r.states.set(i, TrialState.PRUNED);
                r.prunedAt[i] = step;
                r.decisions.set(i, p);
            } else if (step == curves.get(i).length - 1) {
                r.states.set(i, TrialState.COMPLETE);
            }
        }
        return r;
    }

    FrozenTrial frozen(int i) {
        TrialState s = states.get(i);
        Double value = s == TrialState.COMPLETE ? values.get(i).lastEntry().getValue() : null;
        return new FrozenTrial(1000 + i, numbers.get(i), s, value, Params.empty(), Map.of(), values.get(i), Map.of(),
                attributes.get(i), null, null);
    }

    History history(Direction direction) {
        List<FrozenTrial> out = new ArrayList<>();
        for (int i = 0; i < curves.size(); i++) {
            if (states.get(i) != null) {
                out.add(frozen(i));
            }
        }
        out.sort(java.util.Comparator.comparingInt(FrozenTrial::number));
        return new History(direction, out);
    }
}
