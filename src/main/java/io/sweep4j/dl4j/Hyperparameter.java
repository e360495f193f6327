package io.sweep4j.dl4j;

import java.util.Arrays;
import java.util.List;

/**
 * The hyperparameters the built-in classifier reads, each with the parameter name it looks up by default and the
 * value it uses when the study's space does not define it. Rename with {@link TrainingLoopObjective#param}.
 */
public enum Hyperparameter {
    /** Learning rate, a positive float. */
    LR("lr", 1e-3),
    /** Updater name, one of {@link Optimizer#names()}. */
    OPTIMIZER("optimizer", "adam"),
    /** Weight initialization name, one of {@link Initializer#names()}. */
    INIT("init", "xavier"),
    /** Drop probability in [0, 1), as PyTorch's {@code nn.Dropout(p)}; 0 means no dropout. */
    DROPOUT("dropout", 0.0),
    /** Samples per minibatch. */
    BATCH_SIZE("batchSize", 64),
    /** L2 penalty lambda on the weights (PyTorch's {@code weight_decay}); 0 means none. */
    L2("l2", 0.0),
    /** Momentum of the momentum and nesterov optimizers (a conditional parameter). */
    MOMENTUM("momentum", 0.9),
    /** Whether a batch-normalization layer follows each hidden layer. */
    BATCH_NORM("batchNorm", false),
    /** Learning-rate step decay: the rate is multiplied by this factor every epoch; 1 means constant. */
    LR_DECAY("lrDecay", 1.0),
    /** Hidden-layer nonlinearity, one of {@link Nonlinearity#names()}. */
    ACTIVATION("activation", "relu");

    private final String defaultName;
    private final Object defaultValue;

    Hyperparameter(String defaultName, Object defaultValue) {
        this.defaultName = defaultName;
        this.defaultValue = defaultValue;
    }

    /** The parameter name read unless renamed, e.g. {@code "lr"}. */
    public String defaultName() {
        return defaultName;
    }

    /** The value used when the trial has no such parameter. */
    public Object defaultValue() {
        return defaultValue;
    }

    static List<String> defaultNames() {
        return Arrays.stream(values()).map(Hyperparameter::defaultName).toList();
    }
}
