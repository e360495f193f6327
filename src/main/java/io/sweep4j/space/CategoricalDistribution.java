package io.sweep4j.space;

import java.util.List;

/** A choice among strings, numbers or booleans; stored as the choice's index, as Optuna does. */
public record CategoricalDistribution(List<Object> choices) implements Distribution {

    public CategoricalDistribution {
        choices = List.copyOf(choices);
    }

    /** The index of a choice, or -1; numbers compare by value so 64 and 64L are one choice. */
    public int indexOf(Object value) {
        for (int i = 0; i < choices.size(); i++) {
            if (sameChoice(choices.get(i), value)) {
                return i;
            }
        }
        return -1;
    }

    static boolean sameChoice(Object a, Object b) {
        if (a instanceof Number x && b instanceof Number y) {
            return x.doubleValue() == y.doubleValue();
        }
        return a.equals(b);
    }

    @Override
    public double toInternal(Object value) {
        int i = indexOf(value);
        if (i < 0) {
            throw new IllegalArgumentException(value + " is not one of " + choices);
        }
        return i;
    }

    @Override
    public Object toExternal(double internal) {
        return choices.get((int) internal);
    }

    @Override
    public boolean contains(Object value) {
        return indexOf(value) >= 0;
    }

    @Override
    public Object fromUnit(double u) {
        int i = (int) Math.floor(u * choices.size());
        return choices.get(Math.min(choices.size() - 1, Math.max(0, i)));
    }

    @Override
    public double toUnit(Object value) {
        return (indexOf(value) + 0.5) / choices.size();
    }

    @Override
    public List<Object> gridValues(int points) {
        return choices;
    }
}
