package io.sweep4j.cli;

import io.sweep4j.trial.Attributes;
import io.sweep4j.trial.FrozenTrial;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Turns trials into rows for printing: number, state, value, duration, each parameter, reason, test metrics. */
final class TrialRows {
    private final List<Map<String, Object>> rows = new ArrayList<>();
    private final Set<String> columns = new LinkedHashSet<>();

    TrialRows(List<FrozenTrial> trials, String metric) {
        columns.addAll(List.of("number", "state", metric));
        Set<String> params = new LinkedHashSet<>();
        Set<String> userAttrs = new LinkedHashSet<>();
        for (FrozenTrial t : trials) {
            params.addAll(t.params().names());
            userAttrs.addAll(t.userAttributes().keySet());
        }
        columns.add("duration_s");
        columns.addAll(params);
        columns.addAll(userAttrs);
        columns.add("epochs");
        columns.add("reason");
        // enqueued trials (Optuna's enqueue_trial, Study.enqueue): the parameters they fix, WAITING ones included
        boolean enqueued = trials.stream().anyMatch(t -> t.systemAttributes().containsKey(Attributes.FIXED_PARAMS));
        if (enqueued) {
            columns.add(Attributes.FIXED_PARAMS);
        }
        for (FrozenTrial t : trials) {
            Map<String, Object> r = new LinkedHashMap<>();
            r.put("number", t.number());
            r.put("state", t.state().name());
            r.put(metric, t.value());
            r.put("duration_s", t.duration().map(d -> d.toMillis() / 1000.0).orElse(null));
            for (String p : params) {
                r.put(p, t.params().has(p) ? t.params().get(p) : null);
            }
            for (String a : userAttrs) {
                r.put(a, t.userAttributes().get(a));
            }
            r.put("epochs", t.intermediateValues().isEmpty() ? null : t.intermediateValues().size());
            r.put("reason", t.failReason().or(t::prunedBy).orElse(null));
            if (enqueued) {
                r.put(Attributes.FIXED_PARAMS, t.systemAttributes().get(Attributes.FIXED_PARAMS));
            }
            rows.add(r);
        }
    }

    List<Map<String, Object>> rows() {
        return rows;
    }

    List<String> columns() {
        return List.copyOf(columns);
    }
}
