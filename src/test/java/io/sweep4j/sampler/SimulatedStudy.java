package io.sweep4j.sampler;

import io.sweep4j.space.Params;
import io.sweep4j.space.SearchSpace;
import io.sweep4j.trial.Direction;
import io.sweep4j.trial.FrozenTrial;
import io.sweep4j.trial.History;
import io.sweep4j.trial.TrialState;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.ToDoubleFunction;

/** An in-memory stand-in for a study's storage: trials as FrozenTrial records, asked and told in order. */
final class SimulatedStudy {
    final SearchSpace space;
    final Direction direction;
    final List<FrozenTrial> trials = new ArrayList<>();

    SimulatedStudy(SearchSpace space, Direction direction) {
        this.space = space;
        this.direction = direction;
    }

    History history() {
        return new History(direction, trials);
    }

    SamplingContext context(int trialNumber) {
        History snapshot = history();
        return new SamplingContext(space, direction, trialNumber, () -> snapshot);
    }

    /** Asks the sampler for the next trial number and stores the proposal as RUNNING. */
    Proposal ask(Sampler sampler) {
        int n = trials.size();
        Proposal p = sampler.propose(context(n)).orElseThrow();
        trials.add(trial(n, TrialState.RUNNING, null, p.params(), p.systemAttributes()));
        return p;
    }

    void tell(int number, double value) {
        FrozenTrial t = trials.get(number);
        trials.set(number, trial(number, TrialState.COMPLETE, value, t.params(), t.systemAttributes()));
    }

    /** Runs {@code n} sequential trials; returns the best value seen. */
    double optimize(Sampler sampler, ToDoubleFunction<Params> objective, int n) {
        double best = direction.worst();
        for (int i = 0; i < n; i++) {
            Proposal p = ask(sampler);
            double v = objective.applyAsDouble(p.params());
            tell(trials.size() - 1, v);
            best = direction.isBetter(v, best) ? v : best;
        }
        return best;
    }

    static FrozenTrial trial(int n, TrialState state, Double value, Params params, Map<String, Object> attrs) {
        return new FrozenTrial(1000L + n, n, state, value, params, Map.of(), new TreeMap<>(), Map.of(), attrs,
                Instant.EPOCH, state.isFinished() ? Instant.EPOCH : null);
    }

    /** A 2-d quadratic bowl with its minimum 0 at (0.3, 0.7) on [0,1]^2 (unit scale of x and y). */
    static double bowl(Params p) {
        double x = p.getDouble("x") - 0.3;
        double y = p.getDouble("y") - 0.7;
        return x * x + y * y;
    }

    static SearchSpace bowlSpace() {
        return SearchSpace.builder().floatRange("x", 0, 1).floatRange("y", 0, 1).build();
    }
}
