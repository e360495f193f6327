package io.sweep4j.study;

import io.sweep4j.space.Params;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.TreeSet;

/**
 * A trial's values by name once its objective has returned, as objectives and constraints read them: first what the
 * objective returned, then the metrics it reported last, then its numeric user attributes (e.g. {@code param_count}).
 */
public final class Measured {
    private final int number;
    private final Params params;
    private final Map<String, Double> returned;
    private final Map<String, Double> reported;
    private final Map<String, Object> userAttributes;

    Measured(int number, Params params, Map<String, Double> returned, Map<String, Double> reported,
            Map<String, Object> userAttributes) {
        this.number = number;
        this.params = params;
        this.returned = new LinkedHashMap<>(returned);
        this.reported = new LinkedHashMap<>(reported);
        this.userAttributes = new LinkedHashMap<>(userAttributes);
    }

    /** The trial's number in its study. */
    public int number() {
        return number;
    }

    /** The trial's parameters. */
    public Params params() {
        return params;
    }

    /** The value called {@code name}, if the trial returned, reported or stored it as a number. */
    public OptionalDouble find(String name) {
        Double v = returned.get(name);
        if (v == null) {
            v = reported.get(name);
        }
        if (v == null && userAttributes.get(name) instanceof Number n) {
            v = n.doubleValue();
        }
        return v == null ? OptionalDouble.empty() : OptionalDouble.of(v);
    }

    /**
     * The value called {@code name}; when the trial has none, the trial fails saying what it has, and the run stops:
     * a name no trial measures is a mistake in the study's definition, not in one trial.
     */
    public double get(String name) {
        OptionalDouble v = find(name);
        if (v.isEmpty()) {
            throw new MissingValueException(name, available());
        }
        return v.getAsDouble();
    }

    /** The names this trial has values for, sorted. */
    String available() {
        TreeSet<String> names = new TreeSet<>(returned.keySet());
        names.addAll(reported.keySet());
        userAttributes.forEach((k, v) -> {
            if (v instanceof Number) {
                names.add(k);
            }
        });
        return names.isEmpty() ? "none" : String.join(", ", names);
    }

    /** Why a run stopped on a value its trials lack: the failed trial and its reason. */
    static String explainStop(io.sweep4j.trial.History history) {
        return history.trials().stream().filter(t -> t.state() == io.sweep4j.trial.TrialState.FAIL
                && t.failReason().filter(r -> r.startsWith(MissingValueException.REASON_START)).isPresent())
                .reduce((a, b) -> b).map(t -> "stopped: trial " + t.number() + " failed: " + t.failReason().get()
                        + "\nFix the study's objectives or constraints, or what the objective measures, and run again")
                .orElse("stopped: a trial lacked a value the study's objectives or constraints name");
    }

    /** A value the study's definition names and the trial neither returned, reported nor stored. */
    static final class MissingValueException extends TrialFailedException {
        private static final long serialVersionUID = 1L;
        static final String REASON_START = "no value named \"";

        MissingValueException(String name, String available) {
            super(REASON_START + name + "\": the trial returned, reported or stored only " + available
                    + "; return it from the objective, report it, or store it with trial.setUserAttribute(\"" + name
                    + "\", value)");
        }
    }
}
