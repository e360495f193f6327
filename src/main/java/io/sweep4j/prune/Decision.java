package io.sweep4j.prune;

import java.util.List;
import java.util.Map;

/**
 * A pruner's verdict on a running trial, with the attributes it wants stored on the trial first (Optuna's
 * {@code completed_rung_k}), whatever the verdict.
 */
public sealed interface Decision {

    /** System attributes to store on the judged trial before acting on the verdict. */
    Map<String, Object> attributes();

    /** Keep training. */
    record Continue(Map<String, Object> attributes) implements Decision {
        public Continue {
            attributes = Map.copyOf(attributes);
        }
    }

    /** Stop the trial at {@code step}: {@code rule} names the rule ({@code median}, {@code asha rung 1}), the reason says why. */
    record Prune(int step, String rule, String reason, Map<String, Object> attributes) implements Decision {
        public Prune {
            attributes = Map.copyOf(attributes);
        }
    }

    /**
     * Reproducible pruning only: the verdict needs trials numbered below this one that have not reached the step
     * yet; ask again once they have (or ended).
     */
    record Wait(List<Integer> waitingFor, String reason) implements Decision {
        public Wait {
            waitingFor = List.copyOf(waitingFor);
        }

        @Override
        public Map<String, Object> attributes() {
            return Map.of();
        }
    }

    static Decision keep() {
        return new Continue(Map.of());
    }
}
