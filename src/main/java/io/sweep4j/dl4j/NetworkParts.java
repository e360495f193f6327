package io.sweep4j.dl4j;

import org.deeplearning4j.nn.conf.CacheMode;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.WorkspaceMode;
import org.deeplearning4j.nn.conf.layers.Layer;
import org.nd4j.linalg.api.buffer.DataType;

/** What every built-in network shares: seed, float32, updater, init, L2, workspaces; dropout as the drop rate. */
final class NetworkParts {
    private NetworkParts() {
    }

    static NeuralNetConfiguration.Builder base(HyperParams hp, long seed) {
        NeuralNetConfiguration.Builder b = new NeuralNetConfiguration.Builder()
                .seed(seed)
                .dataType(DataType.FLOAT)
                .updater(hp.updater())
                .weightInit(hp.weightInit())
                .trainingWorkspaceMode(WorkspaceMode.ENABLED)
                .inferenceWorkspaceMode(WorkspaceMode.ENABLED)
                .cacheMode(CacheMode.NONE);
        if (hp.l2() > 0) {
            // l2, not weightDecay: it adds lambda * w to the gradient before the updater, as PyTorch's weight_decay
            b.l2(hp.l2());
        }
        return b;
    }

    static <T extends Layer.Builder<T>> T dropout(T layer, HyperParams hp) {
        if (hp.dropout() > 0) {
            layer.dropOut(hp.retainProbability());
        }
        return layer;
    }
}
