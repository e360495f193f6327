package io.sweep4j.prune;

import io.sweep4j.space.Readable;
import io.sweep4j.space.UsageException;
import io.sweep4j.trial.Attributes;
import io.sweep4j.trial.Direction;
import io.sweep4j.trial.FrozenTrial;
import io.sweep4j.trial.TrialState;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;

/**
 * Asynchronous successive halving (ASHA, Li et al. 2020) with Optuna's rules and keys: rung k ends at step
 * {@code minResource · eta^(minEarlyStoppingRate + k)}; a trial reaching it stores its value as the system attribute
 * {@code completed_rung_k} and goes on only if that value is in the top 1/eta of all values stored for rung k so far
 * (its own included; while fewer than eta, only the best goes on), and only once more than {@code bootstrapCount}
 * values are there. No rung waits to fill. {@code minResource} 0 means "auto": fixed from the objective's steps when
 * the study is defined, as Optuna's heuristic would (max(1, last step / 100)), but once, not per process.
 *
 * <p>With {@code onlyEarlier} ({@link #reproducible()}), trial n competes only with trials numbered below n, and
 * waits until each of them still running has passed the rung (or ended), so decisions do not depend on timing.
 */
public record SuccessiveHalvingPruner(int minResource, int reductionFactor, int minEarlyStoppingRate,
        int bootstrapCount, boolean onlyEarlier) implements Pruner {

    public SuccessiveHalvingPruner {
        if (minResource < 0) {
            throw new UsageException("minResource", minResource, "give 1 or more steps (0: auto)");
        }
        if (reductionFactor < 2) {
            throw new UsageException("reductionFactor", reductionFactor, "give 2 or more (Optuna's default: 4)");
        }
        if (minEarlyStoppingRate < 0) {
            throw new UsageException("minEarlyStoppingRate", minEarlyStoppingRate, "give 0 or more");
        }
        if (bootstrapCount < 0) {
            throw new UsageException("bootstrapCount", bootstrapCount, "give 0 or more trials");
        }
    }

    /** The same rule judging trial n only by trials numbered below n: the same decisions at any parallelism. */
    public SuccessiveHalvingPruner reproducible() {
        return new SuccessiveHalvingPruner(minResource, reductionFactor, minEarlyStoppingRate, bootstrapCount, true);
    }

    /** Prune every trial at a rung until more than {@code n} trials have reached it. */
    public SuccessiveHalvingPruner bootstrap(int n) {
        return new SuccessiveHalvingPruner(minResource, reductionFactor, minEarlyStoppingRate, n, onlyEarlier);
    }

    @Override
    public Pruner withMaxSteps(OptionalInt maxSteps) {
        if (minResource > 0) {
            return this;
        }
        if (maxSteps.isEmpty()) {
            throw new UsageException("minResource", "auto", "the objective does not declare its number of steps:"
                    + " give the minimum resource, e.g. Pruners.asha(1, 3)");
        }
        return new SuccessiveHalvingPruner(Math.max(1, (maxSteps.getAsInt() - 1) / 100), reductionFactor,
                minEarlyStoppingRate, bootstrapCount, onlyEarlier);
    }

    /** The step at which rung {@code rung} ends; {@code Long.MAX_VALUE} beyond any step. */
    long promotionStep(int rung) {
        long step = minResource;
        for (int i = 0; i < minEarlyStoppingRate + rung; i++) {
            step *= reductionFactor;
            if (step > Integer.MAX_VALUE) {
                return Long.MAX_VALUE;
            }
        }
        return step;
    }

    @Override
    public Decision judge(PruningContext context) {
        return judge(context, "asha");
    }

    Decision judge(PruningContext context, String rule) {
        if (minResource == 0) {
            throw new IllegalStateException(describe() + " was not given its steps: define it through Study");
        }
        FrozenTrial me = context.trial();
        OptionalInt last = context.step();
        if (last.isEmpty()) {
            return Decision.keep();
        }
        int step = last.getAsInt();
        double value = me.intermediateValues().get(step);
        int rung = currentRung(me);
        Map<String, Object> attrs = new LinkedHashMap<>();
        while (true) {
            long promotion = promotionStep(rung);
            if (step < promotion) {
                return new Decision.Continue(attrs);
            }
            String at = rule + " rung " + rung;
            if (Double.isNaN(value)) {
                return new Decision.Prune(step, at, "NaN reported at step " + step, attrs);
            }
            String key = Attributes.COMPLETED_RUNG + rung;
            attrs.put(key, value);
            List<Double> competing = new ArrayList<>();
            List<Integer> waiting = new ArrayList<>();
            for (FrozenTrial t : context.history().get().trials()) {
                if (t.trialId() == me.trialId() || onlyEarlier && t.number() >= me.number()) {
                    continue;
                }
                if (t.systemAttributes().get(key) instanceof Number n) {
                    competing.add(n.doubleValue());
                } else if (onlyEarlier && t.state() == TrialState.RUNNING && (t.intermediateValues().isEmpty()
                        || t.intermediateValues().lastKey() <= promotion)) {
                    waiting.add(t.number());
                }
            }
            if (!waiting.isEmpty()) {
                return new Decision.Wait(waiting, "trials " + waiting + " have not passed " + at);
            }
            competing.add(value);
            if (competing.size() <= bootstrapCount) {
                return new Decision.Prune(step, at, competing.size() + " trial(s) reached the rung, the bootstrap"
                        + " needs more than " + bootstrapCount, attrs);
            }
            double bar = promotionBar(competing, reductionFactor, context.direction());
            if (context.direction().isBetter(bar, value)) {
                return new Decision.Prune(step, at, "value " + Readable.number(value) + " is not in the top 1/"
                        + reductionFactor + " of the " + competing.size() + " trials at the rung (needs "
                        + Readable.number(bar) + ")",
                        attrs);
            }
            rung++;
        }
    }

    /** The worst value still promoted among {@code competing}: the top 1/eta, or the best while fewer than eta. */
    static double promotionBar(List<Double> competing, int reductionFactor, Direction direction) {
        List<Double> sorted = new ArrayList<>(competing);
        sorted.sort(Double::compare);
        int index = Math.max(0, sorted.size() / reductionFactor - 1);
        return direction == Direction.MAXIMIZE ? sorted.get(sorted.size() - 1 - index) : sorted.get(index);
    }

    /** Rungs the trial completed: Optuna counts consecutive {@code completed_rung_k} keys from 0. */
    static int currentRung(FrozenTrial trial) {
        int rung = 0;
        while (trial.systemAttributes().containsKey(Attributes.COMPLETED_RUNG + rung)) {
            rung++;
        }
        return rung;
    }

    @Override
    public String describe() {
        return "asha(min=" + (minResource == 0 ? "auto" : minResource) + ", eta=" + reductionFactor
                + (minEarlyStoppingRate > 0 ? ", rate=" + minEarlyStoppingRate : "")
                + (bootstrapCount > 0 ? ", bootstrap=" + bootstrapCount : "") + (onlyEarlier ? ", reproducible" : "")
                + ")";
    }
}
