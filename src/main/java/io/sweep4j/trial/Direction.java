package io.sweep4j.trial;

/** Whether a study looks for the largest or the smallest objective value. */
public enum Direction {
    MINIMIZE, MAXIMIZE;

    /** True when {@code a} is strictly better than {@code b} in this direction. */
    public boolean isBetter(double a, double b) {
        return this == MAXIMIZE ? a > b : a < b;
    }

    /** A value that every real value beats. */
    public double worst() {
        return this == MAXIMIZE ? Double.NEGATIVE_INFINITY : Double.POSITIVE_INFINITY;
    }
}
