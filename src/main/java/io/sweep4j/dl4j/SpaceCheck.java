package io.sweep4j.dl4j;

import io.sweep4j.space.CategoricalDistribution;
import io.sweep4j.space.Distribution;
import io.sweep4j.space.FloatDistribution;
import io.sweep4j.space.IntDistribution;
import io.sweep4j.space.Param;
import io.sweep4j.space.Params;
import io.sweep4j.space.SearchSpace;
import io.sweep4j.space.UsageException;
import java.util.List;
import java.util.Map;

/**
 * Whether a search space is one a DL4J classifier can train every trial of, checked where the study is defined:
 * each hyperparameter's values (choices, and both ends of a range) as a trial would read them, and batch sizes
 * within the training split. Fails with a {@link UsageException} naming the parameter, the value and the fix.
 */
final class SpaceCheck {
    private final Map<Hyperparameter, String> names;

    SpaceCheck(Map<Hyperparameter, String> names) {
        this.names = names;
    }

    /** Every optimizer, init and activation choice a known name, dropout below 1, and so on. */
    void hyperparameters(SearchSpace space) {
        for (Param p : space.params()) {
            Hyperparameter h = readAs(p.name());
            if (h == null) {
                continue;
            }
            if (h == Hyperparameter.DROPOUT && p.distribution() instanceof FloatDistribution f && f.high() >= 1) {
                throw new UsageException(p.name() + ".high", f.high(), "a drop probability must stay below 1"
                        + " (1 drops everything); use a high of at most 0.9");
            }
            if (p.distribution() instanceof CategoricalDistribution c) {
                for (Object choice : c.choices()) {
                    // a one-value assignment runs exactly the checks a trial would
                    HyperParams.from(Params.of(Map.of(p.name(), choice)), names);
                }
                continue;
            }
            // every numeric check is an interval, so a range (linear or log, with a step, conditional or not)
            // passes when both values it can reach at its ends pass
            List<Object> ends = ends(p.distribution());
            for (int k = 0; k < ends.size(); k++) {
                try {
                    HyperParams.from(Params.of(Map.of(p.name(), ends.get(k))), names);
                } catch (UsageException e) {
                    String fix = e.getMessage().substring(e.getMessage().indexOf(": ") + 2);
                    throw new UsageException(p.name() + (k == 0 ? ".low" : ".high"), ends.get(k), "the range reaches"
                            + " this value and a trial drawing it would fail (" + fix + "); narrow the range");
                }
            }
        }
    }

    /** No batch size larger than the training split, which would silently train on one short batch per epoch. */
    void batchSizes(SearchSpace space, DataSource data) {
        for (Param p : space.params()) {
            if (readAs(p.name()) != Hyperparameter.BATCH_SIZE) {
                continue;
            }
            double largest;
            if (p.distribution() instanceof CategoricalDistribution c) {
                largest = c.choices().stream().mapToDouble(v -> v instanceof Number n ? n.doubleValue() : 0).max()
                        .orElse(0);
            } else if (p.distribution() instanceof FloatDistribution f) {
                largest = f.high();
            } else {
                largest = ((IntDistribution) p.distribution()).high();
            }
            int train = data.trainSize();
            if (largest > train) {
                throw new UsageException(p.name(), largest, "a batch is larger than the " + train
                        + " training examples of " + data.name() + "; keep batch sizes at most " + train);
            }
        }
    }

    /** The lowest and highest values a range can draw (an int range with a step may stop short of its high). */
    private static List<Object> ends(Distribution d) {
        if (d instanceof IntDistribution i) {
            return List.of(i.low(), i.high() - (i.high() - i.low()) % i.step());
        }
        FloatDistribution f = (FloatDistribution) d;
        return List.of(f.low(), f.high());
    }

    /** The hyperparameter a parameter of this name sets, or null. */
    private Hyperparameter readAs(String paramName) {
        for (Hyperparameter h : Hyperparameter.values()) {
            if (names.getOrDefault(h, h.defaultName()).equals(paramName)) {
                return h;
            }
        }
        return null;
    }
}
