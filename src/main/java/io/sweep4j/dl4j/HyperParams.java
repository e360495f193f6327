package io.sweep4j.dl4j;

import io.sweep4j.space.Params;
import io.sweep4j.space.UsageException;
import java.util.Locale;
import java.util.Map;
import org.deeplearning4j.nn.weights.IWeightInit;
import org.nd4j.linalg.learning.config.IUpdater;

/**
 * The six hyperparameters (and the optional ones) of one trial, read from its {@link Params} by name, checked, with
 * documented defaults for the missing ones; and their DL4J objects. A custom network builder may use these too.
 *
 * @param dropout the drop probability (PyTorch's meaning); DL4J's retain probability is {@link #retainProbability()}
 */
public record HyperParams(double lr, Optimizer optimizer, Initializer init, double dropout, int batchSize, double l2,
                          double momentum, boolean batchNorm, double lrDecay, Nonlinearity activation) {

    public HyperParams {
        check(Hyperparameter.LR.defaultName(), lr, lr > 0 && Double.isFinite(lr), "give a learning rate > 0");
        check(Hyperparameter.DROPOUT.defaultName(), dropout, dropout >= 0 && dropout < 1,
                "give a drop probability in [0, 1) (0.5 drops half the activations, as nn.Dropout(0.5))");
        check(Hyperparameter.BATCH_SIZE.defaultName(), batchSize, batchSize >= 1, "give a batch size >= 1");
        check(Hyperparameter.L2.defaultName(), l2, l2 >= 0 && Double.isFinite(l2), "give an L2 lambda >= 0");
        check(Hyperparameter.MOMENTUM.defaultName(), momentum, momentum >= 0 && momentum < 1,
                "give a momentum in [0, 1), e.g. 0.9");
        check(Hyperparameter.LR_DECAY.defaultName(), lrDecay, lrDecay > 0 && lrDecay <= 1,
                "give a per-epoch decay factor in (0, 1]; 1 keeps the rate constant");
    }

    /** Every hyperparameter at its default (see {@link Hyperparameter#defaultValue()}). */
    public static HyperParams defaults() {
        return from(Params.empty());
    }

    /** Reads the hyperparameters under their default names. */
    public static HyperParams from(Params params) {
        return from(params, Map.of());
    }

    /** Reads the hyperparameters, {@code names} overriding the default name of some of them. */
    public static HyperParams from(Params params, Map<Hyperparameter, String> names) {
        Reader r = new Reader(params, names);
        return new HyperParams(
                r.number(Hyperparameter.LR),
                Optimizer.named(r.name(Hyperparameter.OPTIMIZER), r.value(Hyperparameter.OPTIMIZER)),
                Initializer.named(r.name(Hyperparameter.INIT), r.value(Hyperparameter.INIT)),
                r.number(Hyperparameter.DROPOUT),
                Math.toIntExact(Math.round(r.number(Hyperparameter.BATCH_SIZE))),
                r.number(Hyperparameter.L2),
                r.number(Hyperparameter.MOMENTUM),
                r.bool(Hyperparameter.BATCH_NORM),
                r.number(Hyperparameter.LR_DECAY),
                Nonlinearity.named(r.name(Hyperparameter.ACTIVATION), r.value(Hyperparameter.ACTIVATION)));
    }

    /** DL4J's {@code dropOut(x)} takes the probability of <em>keeping</em> an activation: 1 - drop probability. */
    public double retainProbability() {
        return 1.0 - dropout;
    }

    /** The updater for {@link #optimizer()} at the starting rate {@link #lr()}. */
    public IUpdater updater() {
        return optimizer.updater(lr, momentum);
    }

    /** The learning rate during {@code epoch} (0-based): step decay by {@link #lrDecay()} per epoch. */
    public double learningRate(int epoch) {
        return lr * Math.pow(lrDecay, epoch);
    }

    public IWeightInit weightInit() {
        return init.weightInit();
    }

    private static void check(String field, Object value, boolean ok, String fix) {
        if (!ok) {
            throw new UsageException(field, value, fix);
        }
    }

    /** Looks parameters up under their configured names. */
    private record Reader(Params params, Map<Hyperparameter, String> names) {
        String name(Hyperparameter h) {
            return names.getOrDefault(h, h.defaultName());
        }

        Object value(Hyperparameter h) {
            String n = name(h);
            return params.has(n) ? params.get(n) : h.defaultValue();
        }

        double number(Hyperparameter h) {
            Object v = value(h);
            if (v instanceof Number num) {
                return num.doubleValue();
            }
            try {
                return Double.parseDouble(String.valueOf(v).trim());
            } catch (NumberFormatException e) {
                throw new UsageException(name(h), v, "give a number");
            }
        }

        boolean bool(Hyperparameter h) {
            Object v = value(h);
            if (v instanceof Boolean b) {
                return b;
            }
            if (v instanceof Number num) {
                return num.doubleValue() != 0;
            }
            String s = String.valueOf(v).trim().toLowerCase(Locale.ROOT);
            if (s.equals("true") || s.equals("on")) {
                return true;
            }
            if (s.equals("false") || s.equals("off")) {
                return false;
            }
            throw new UsageException(name(h), v, "give true or false");
        }
    }
}
