package io.sweep4j.dl4j;

import io.sweep4j.space.UsageException;
import io.sweep4j.trial.Metrics;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.indexing.NDArrayIndex;

/**
 * What a network is trained for, and so what each epoch reports: classes (accuracy and cross-entropy) or numbers
 * (mean squared and mean absolute error). The training loop is the same for both.
 */
sealed interface Task {
    Task CLASSIFICATION = new Classification();
    Task REGRESSION = new Regression();

    /** The metrics each epoch reports, any of which a study may optimize. */
    List<String> metrics();

    /** Scores of {@code net} on {@code part} in inference mode, named without the {@code val_}/{@code test_} prefix. */
    Map<String, Double> score(MultiLayerNetwork net, TensorData.Part part, long[] inputShape, boolean mirrored);

    /**
     * The loss of a network that has learned nothing (a uniform guess, the targets' mean): divergence is judged against
     * the larger of it and the first iteration's loss.
     */
    double baselineLoss(TensorData data);

    /** How the error message of a wrong metric shows the right call. */
    String example();

    default boolean lowerIsBetter(String metric) {
        return !metric.endsWith("_" + Metrics.ACCURACY);
    }

    default String checkMetric(String field, String metric) {
        if (!metrics().contains(metric)) {
            throw new UsageException(field, metric, "the DL4J " + this + " reports " + metrics() + "; optimize one"
                    + " of them, e.g. " + example());
        }
        return metric;
    }

    /** Softmax outputs against one-hot labels. */
    record Classification() implements Task {
        @Override
        public List<String> metrics() {
            return TrainingLoopObjective.METRICS;
        }

        @Override
        public Map<String, Double> score(MultiLayerNetwork net, TensorData.Part part, long[] inputShape,
                                         boolean mirrored) {
            TrainingRun.Score s = TrainingRun.score(net, part, inputShape, mirrored);
            Map<String, Double> m = new LinkedHashMap<>();
            m.put(Metrics.ACCURACY, s.accuracy());
            m.put(Metrics.LOSS, s.loss());
            return m;
        }

        @Override
        public double baselineLoss(TensorData data) {
            return Math.log(data.classes);
        }

        @Override
        public String example() {
            return ".maximize(\"" + Metrics.VAL_ACCURACY + "\")";
        }

        @Override
        public String toString() {
            return "classifier";
        }
    }

    /** Any outputs against numeric targets; errors averaged over examples and output columns. */
    record Regression() implements Task {
        @Override
        public List<String> metrics() {
            return List.of(Metrics.VAL_MSE, Metrics.VAL_MAE, Metrics.TRAIN_LOSS);
        }

        @Override
        public Map<String, Double> score(MultiLayerNetwork net, TensorData.Part part, long[] inputShape,
                                         boolean mirrored) {
            int n = part.size();
            double squared = 0;
            double absolute = 0;
            long values = 0;
            for (int from = 0; from < n; from += TrainingRun.EVAL_BATCH) {
                int to = Math.min(n, from + TrainingRun.EVAL_BATCH);
                INDArray x = part.features().get(NDArrayIndex.interval(from, to), NDArrayIndex.all());
                float[][] out = net.output(TrainingRun.shaped(x, inputShape), false).toFloatMatrix();
                float[][] y = part.labels().get(NDArrayIndex.interval(from, to), NDArrayIndex.all()).toFloatMatrix();
                for (int i = 0; i < out.length; i++) {
                    for (int k = 0; k < out[i].length; k++) {
                        double e = (double) out[i][k] - y[i][k];
                        squared += e * e;
                        absolute += Math.abs(e);
                        values++;
                    }
                }
            }
            Map<String, Double> m = new LinkedHashMap<>();
            m.put(Metrics.MSE, squared / values);
            m.put(Metrics.MAE, absolute / values);
            return m;
        }

        /** The targets' variance averaged over columns: the mean squared error of always predicting the mean. */
        @Override
        public double baselineLoss(TensorData data) {
            float[][] y = data.train.labels().toFloatMatrix();
            double sum = 0;
            for (int k = 0; k < y[0].length; k++) {
                double mean = 0;
                for (float[] row : y) {
                    mean += row[k];
                }
                mean /= y.length;
                for (float[] row : y) {
                    sum += (row[k] - mean) * (row[k] - mean);
                }
            }
            return sum / ((double) y.length * y[0].length);
        }

        @Override
        public String example() {
            return ".minimize(\"" + Metrics.VAL_MSE + "\")";
        }

        @Override
        public String toString() {
            return "regression";
        }
    }
}
