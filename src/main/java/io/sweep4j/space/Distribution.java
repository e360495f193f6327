package io.sweep4j.space;

import java.util.List;

/**
 * The range one parameter is drawn from, in the three kinds Optuna stores: float, int, categorical.
 *
 * <p>Every value has an <em>internal</em> double form, the one Optuna writes to {@code trial_params.param_value}:
 * the number itself for floats and ints, the choice index for categoricals.
 */
public sealed interface Distribution permits FloatDistribution, IntDistribution, CategoricalDistribution {

    /** The stored double for an external value; throws if the value is not in the range. */
    double toInternal(Object value);

    /** The external value (Double, Long, or the choice itself) for a stored double. */
    Object toExternal(double internal);

    /** Whether an external value lies in this distribution. */
    boolean contains(Object value);

    /** Draws an external value from {@code u}, a point of the unit interval; samplers work on this scale. */
    Object fromUnit(double u);

    /** Maps an external value onto the unit interval (inverse of {@link #fromUnit}, up to discretization). */
    double toUnit(Object value);

    /** A finite list of the values, for grid search; floats without a step are cut into {@code points} values. */
    List<Object> gridValues(int points);
}
