package io.sweep4j.study;

import io.sweep4j.space.Distribution;
import io.sweep4j.space.Param;
import io.sweep4j.space.Params;
import io.sweep4j.space.SearchSpace;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An enqueued trial's parameters: the values it fixes (Optuna's {@code fixed_params}), the sampler's for the
 * others, walked in the space's order so conditional parameters follow the fixed parents.
 */
final class FixedParams {
    private static final Logger LOG = LoggerFactory.getLogger(FixedParams.class);

    private FixedParams() {
    }

    static Params merge(SearchSpace space, Map<String, Object> fixed, Params sampled, Random random) {
        Params sofar = Params.empty();
        for (Param p : space.params()) {
            if (!p.isActive(sofar)) {
                continue;
            }
            Object value = null;
            if (fixed.containsKey(p.name())) {
                value = inRange(p.distribution(), fixed.get(p.name()));
                if (value == null) {
                    LOG.warn("enqueued value {}={} is outside the space ({}); sampling it instead", p.name(),
                            fixed.get(p.name()), p.distribution());
                }
            }
            if (value == null && sampled.has(p.name())) {
                value = sampled.get(p.name());
            }
            if (value == null) {
                // a branch the sampler did not take, opened by a fixed parent
                value = p.distribution().fromUnit(random.nextDouble());
            }
            sofar = sofar.with(p.name(), value);
        }
        Map<String, Object> ignored = new LinkedHashMap<>(fixed);
        ignored.keySet().removeAll(sofar.names());
        if (!ignored.isEmpty()) {
            LOG.warn("enqueued parameters {} are not (active) in the search space; ignored", ignored.keySet());
        }
        return sofar;
    }

    /** The value as the distribution's own type, or null if it does not lie in it. */
    private static Object inRange(Distribution d, Object v) {
        try {
            Object external = d.toExternal(d.toInternal(v));
            return d.contains(external) ? external : null;
        } catch (RuntimeException e) {
            return null;
        }
    }
}
