package io.sweep4j.dl4j;

import java.util.LinkedHashMap;
import java.util.Map;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.indexing.NDArrayIndex;

/**
 * How long a trained network takes to classify one validation example, alone (batch 1, as a service answering one
 * request) and within batches of the trial's batch size; stored as user attributes so a study can minimize it.
 *
 * <p>Measured on a bounded sample (after a warm-up, so JIT and workspaces are settled) to cost well under a second for
 * the networks a study searches. The trial's own thread measures while other trials may be training: the figure is
 * the latency under the study's load, comparable between trials of one study, not a benchmark of the network.
 */
final class InferenceLatency {
    private static final int WARM_UP = 20;
    private static final int SINGLES = 200;
    private static final int BATCHED_EXAMPLES = 2048;

    private InferenceLatency() {
    }

    static Map<String, Double> measure(MultiLayerNetwork net, TensorData.Part part, long[] inputShape, int batchSize) {
        INDArray x = part.features();
        int n = Math.toIntExact(x.size(0));
        for (int i = 0; i < Math.min(WARM_UP, n); i++) {
            net.output(row(x, i, 1, inputShape), false);
        }
        int singles = Math.min(SINGLES, n);
        long t0 = System.nanoTime();
        for (int i = 0; i < singles; i++) {
            net.output(row(x, i, 1, inputShape), false);
        }
        double single = (System.nanoTime() - t0) / 1e6 / singles;
        int b = Math.max(1, Math.min(batchSize, n));
        int batches = Math.max(1, Math.min(n, BATCHED_EXAMPLES) / b);
        net.output(row(x, 0, b, inputShape), false);
        long t1 = System.nanoTime();
        for (int k = 0; k < batches; k++) {
            net.output(row(x, k * b, b, inputShape), false);
        }
        double batched = (System.nanoTime() - t1) / 1e6 / ((long) batches * b);
        Map<String, Double> out = new LinkedHashMap<>();
        out.put(UserAttributes.INFERENCE_MS_BATCH1, single);
        out.put(UserAttributes.INFERENCE_MS_BATCHED, batched);
        return out;
    }

    private static INDArray row(INDArray x, int from, int count, long[] inputShape) {
        return TrainingRun.shaped(x.get(NDArrayIndex.interval(from, from + count), NDArrayIndex.all()).dup(),
                inputShape);
    }
}
