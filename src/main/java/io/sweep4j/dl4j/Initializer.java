package io.sweep4j.dl4j;

import io.sweep4j.space.UsageException;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import org.deeplearning4j.nn.weights.IWeightInit;
import org.deeplearning4j.nn.weights.WeightInit;

/** The weight-initialization names a study may choose, each mapped to a DL4J {@link IWeightInit}. */
public enum Initializer {
    /** Glorot normal, std sqrt(2 / (fanIn + fanOut)): PyTorch's {@code xavier_normal_}. */
    XAVIER("xavier"),
    /** Glorot uniform: PyTorch's {@code xavier_uniform_}. */
    XAVIER_UNIFORM("xavier_uniform"),
    /** He normal, std sqrt(2 / fanIn): PyTorch's {@code kaiming_normal_}; alias "relu". */
    HE("he"),
    /** He uniform: PyTorch's {@code kaiming_uniform_(nonlinearity='relu')}. */
    HE_UNIFORM("he_uniform"),
    /** LeCun normal, std sqrt(1 / fanIn). */
    LECUN("lecun"),
    /** U(-1/sqrt(fanIn), 1/sqrt(fanIn)): the bound PyTorch's default {@code nn.Linear} init gives. */
    UNIFORM("uniform"),
    /** N(0, 1/sqrt(fanIn)) as DL4J defines NORMAL (not PyTorch's {@code normal_}, which is N(0, 1)). */
    NORMAL("normal"),
    /** Orthogonal (Saxe et al.), gain 1: PyTorch's {@code orthogonal_}; DL4J lacks it, see {@link OrthogonalInit}. */
    ORTHOGONAL("orthogonal");

    private final String label;

    Initializer(String label) {
        this.label = label;
    }

    public String label() {
        return label;
    }

    IWeightInit weightInit() {
        return switch (this) {
            case XAVIER -> WeightInit.XAVIER.getWeightInitFunction();
            case XAVIER_UNIFORM -> WeightInit.XAVIER_UNIFORM.getWeightInitFunction();
            case HE -> WeightInit.RELU.getWeightInitFunction();
            case HE_UNIFORM -> WeightInit.RELU_UNIFORM.getWeightInitFunction();
            case LECUN -> WeightInit.LECUN_NORMAL.getWeightInitFunction();
            case UNIFORM -> WeightInit.UNIFORM.getWeightInitFunction();
            case NORMAL -> WeightInit.NORMAL.getWeightInitFunction();
            case ORTHOGONAL -> new OrthogonalInit(1.0);
        };
    }

    /** The names accepted, aliases last. */
    public static List<String> names() {
        List<String> labels = new java.util.ArrayList<>(Arrays.stream(values()).map(Initializer::label).toList());
        labels.add("relu");
        return List.copyOf(labels);
    }

    /** The initializer of that name (case-insensitive); a {@link UsageException} listing the valid names otherwise. */
    public static Initializer named(String field, Object name) {
        String s = String.valueOf(name).trim().toLowerCase(Locale.ROOT);
        if (s.equals("relu")) {
            return HE;
        }
        for (Initializer i : values()) {
            if (i.label.equals(s)) {
                return i;
            }
        }
        throw new UsageException(field, name, "unknown weight init; valid: " + names());
    }
}
