package io.sweep4j.study;

import java.util.Locale;

/**
 * A constraint on a finished trial, as Optuna's {@code constraints_func} gives one: a number that is ≤ 0 when the
 * trial satisfies it (how far it is from satisfying it otherwise). Each trial's numbers are stored in Optuna's system
 * attribute {@code constraints}, so Optuna's samplers and {@code best_trials} read them too; {@code best} then means
 * best feasible.
 */
@FunctionalInterface
public interface Constraint {
    /** ≤ 0 when {@code trial} satisfies this constraint; e.g. {@code t -> t.get("param_count") - 1e6}. */
    double violation(Measured trial);

    /** How the study's definition names it. */
    default String describe() {
        return "a function of the trial";
    }

    /**
     * {@code name <= bound} ({@code relation} {@code "<="}) or {@code name >= bound} ({@code ">="}), stored as
     * {@code value - bound} or {@code bound - value}. Strict relations are not offered: a stored constraint is
     * satisfied at 0, so a trial exactly on the bound satisfies either.
     */
    record Bound(String name, String relation, double bound) implements Constraint {
        @Override
        public double violation(Measured trial) {
            double v = trial.get(name);
            return relation.equals("<=") ? v - bound : bound - v;
        }

        @Override
        public String describe() {
            return String.format(Locale.ROOT, "%s %s %s", name, relation, io.sweep4j.space.Readable.of(bound));
        }
    }
}
