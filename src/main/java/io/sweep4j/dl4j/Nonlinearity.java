package io.sweep4j.dl4j;

import io.sweep4j.space.UsageException;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import org.nd4j.linalg.activations.Activation;

/** The hidden-layer activation names a study may choose, each mapped to its DL4J activation. */
public enum Nonlinearity {
    RELU("relu", Activation.RELU),
    /** DL4J's default slope 0.01, as PyTorch's {@code LeakyReLU()}. */
    LEAKYRELU("leakyrelu", Activation.LEAKYRELU),
    ELU("elu", Activation.ELU),
    TANH("tanh", Activation.TANH),
    SIGMOID("sigmoid", Activation.SIGMOID);

    private final String label;
    private final Activation activation;

    Nonlinearity(String label, Activation activation) {
        this.label = label;
        this.activation = activation;
    }

    public String label() {
        return label;
    }

    Activation activation() {
        return activation;
    }

    public static List<String> names() {
        return Arrays.stream(values()).map(Nonlinearity::label).toList();
    }

    /** The activation of that name (case-insensitive, "leaky_relu" accepted); a {@link UsageException} otherwise. */
    public static Nonlinearity named(String field, Object name) {
        String s = String.valueOf(name).trim().toLowerCase(Locale.ROOT).replace("_", "");
        for (Nonlinearity n : values()) {
            if (n.label.equals(s)) {
                return n;
            }
        }
        throw new UsageException(field, name, "unknown activation; valid: " + names());
    }
}
