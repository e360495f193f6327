package io.sweep4j.dl4j;

import io.sweep4j.space.UsageException;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import org.nd4j.linalg.learning.config.AMSGrad;
import org.nd4j.linalg.learning.config.AdaGrad;
import org.nd4j.linalg.learning.config.AdaMax;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.learning.config.IUpdater;
import org.nd4j.linalg.learning.config.Nadam;
import org.nd4j.linalg.learning.config.Nesterovs;
import org.nd4j.linalg.learning.config.RmsProp;
import org.nd4j.linalg.learning.config.Sgd;

/** The optimizer names a study may choose, each mapped to its DL4J updater. */
public enum Optimizer {
    SGD("sgd"),
    /** DL4J has no heavy-ball momentum: this maps to {@link Nesterovs}, the nearest updater, same as "nesterov". */
    MOMENTUM("momentum"),
    NESTEROV("nesterov"),
    ADAM("adam"),
    ADAMAX("adamax"),
    NADAM("nadam"),
    AMSGRAD("amsgrad"),
    RMSPROP("rmsprop"),
    ADAGRAD("adagrad");

    private final String label;

    Optimizer(String label) {
        this.label = label;
    }

    /** The name used in a search space, e.g. {@code "adam"}. */
    public String label() {
        return label;
    }

    /** Whether the "momentum" hyperparameter applies. */
    public boolean usesMomentum() {
        return this == MOMENTUM || this == NESTEROV;
    }

    /**
     * The DL4J updater at a fixed rate; {@code momentum} is read only by momentum/nesterov. A decaying rate is set
     * per epoch on the network instead of through a DL4J schedule: DL4J 1.0.0-M2.1's AdaGrad turns every weight
     * into NaN on its first step when given a schedule (measured), the other updaters are unaffected.
     */
    IUpdater updater(double lr, double momentum) {
        return switch (this) {
            case SGD -> new Sgd(lr);
            case MOMENTUM, NESTEROV -> new Nesterovs(lr, momentum);
            case ADAM -> new Adam(lr);
            case ADAMAX -> new AdaMax(lr);
            case NADAM -> new Nadam(lr);
            case AMSGRAD -> new AMSGrad(lr);
            case RMSPROP -> new RmsProp(lr);
            case ADAGRAD -> new AdaGrad(lr);
        };
    }

    public static List<String> names() {
        return Arrays.stream(values()).map(Optimizer::label).toList();
    }

    /** The optimizer of that name (case-insensitive); a {@link UsageException} listing the valid names otherwise. */
    public static Optimizer named(String field, Object name) {
        String s = String.valueOf(name).trim().toLowerCase(Locale.ROOT);
        for (Optimizer o : values()) {
            if (o.label.equals(s)) {
                return o;
            }
        }
        throw new UsageException(field, name, "unknown optimizer; valid: " + names()
                + (s.equals("adamw") ? " (DL4J has no AdamW; use adam with l2, or ask for decoupled weight decay)" : ""));
    }
}
