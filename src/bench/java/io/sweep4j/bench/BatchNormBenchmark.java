package io.sweep4j.bench;

import io.sweep4j.data.Datasets;
import io.sweep4j.dl4j.Architecture;
import io.sweep4j.dl4j.Batches;
import io.sweep4j.dl4j.HyperParams;
import io.sweep4j.dl4j.Initializer;
import io.sweep4j.dl4j.LeanAdamUpdater;
import io.sweep4j.dl4j.LeanBatchNorm;
import io.sweep4j.dl4j.LeanDenseLayer;
import io.sweep4j.dl4j.NativeSetup;
import io.sweep4j.dl4j.Nonlinearity;
import io.sweep4j.dl4j.Optimizer;
import io.sweep4j.dl4j.TensorData;
import io.sweep4j.space.Params;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;

/**
 * What batch norm costs the notebooks' CNN at one thread, with DL4J's own batch-norm layer and with
 * {@code LeanBatchNorm}: samples/s of the same training (Adam 1e-3, batch 100, full Fashion-MNIST) with batch norm
 * after each convolution as DL4J computes it, as sweep4j's trials compute it, and without batch norm (the reference),
 * measured in turns in one JVM, best of the rounds.
 *
 * <pre>
 * OMP_NUM_THREADS=1 ./sweep bench batchnorm [--rounds 2] [--iterations 300]
 * </pre>
 */
public final class BatchNormBenchmark {
    private static final int BATCH = 100;
    private static final List<String> VARIANTS = List.of("no batch norm", "DL4J batch norm", "LeanBatchNorm");

    private BatchNormBenchmark() {
    }

    public static void main(String[] args) {
        int rounds = 2;
        int iterations = 300;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--rounds" -> rounds = BenchArgs.positive(args, i++);
                case "--iterations" -> iterations = BenchArgs.positive(args, i++);
                default -> throw BenchArgs.unknown(args[i], "--rounds N, --iterations N");
            }
        }
        NativeSetup.configureOnce();
        TensorData data = TensorData.of(Datasets.fashionMnist().split());
        Map<String, Double> best = new LinkedHashMap<>();
        for (int round = 1; round <= rounds; round++) {
            for (String variant : VARIANTS) {
                double rate = samplesPerSecond(variant, data, iterations);
                System.out.printf(Locale.ROOT, "round %d  %-16s %7.0f samples/s%n", round, variant, rate);
                best.merge(variant, rate, Math::max);
            }
        }
        double reference = best.get("no batch norm");
        System.out.printf(Locale.ROOT, "%n| notebook CNN, one thread | samples/s (best of %d) | ÷ no batch norm |%n",
                rounds);
        System.out.println("|---|---|---|");
        for (String variant : VARIANTS) {
            System.out.printf(Locale.ROOT, "| %s | %.0f | %.2f× |%n", variant, best.get(variant),
                    best.get(variant) / reference);
        }
        System.out.printf(Locale.ROOT, "%nLeanBatchNorm ÷ DL4J batch norm: %.2f×%n",
                best.get("LeanBatchNorm") / best.get("DL4J batch norm"));
    }

    private static double samplesPerSecond(String variant, TensorData data, int iterations) {
        boolean batchNorm = !variant.equals("no batch norm");
        HyperParams hp = new HyperParams(1e-3, Optimizer.ADAM, Initializer.HE, 0, BATCH, 0, 0.9, batchNorm, 1,
                Nonlinearity.RELU);
        MultiLayerNetwork net = new MultiLayerNetwork(new Architecture.NotebookCnn()
                .configure(Params.empty(), hp, 28, 28, 10, 1));
        net.init();
        LeanDenseLayer.install(net);
        LeanAdamUpdater.install(net);
        if (variant.equals("LeanBatchNorm")) {
            LeanBatchNorm.install(net);
        }
        Batches batches = new Batches(data, BATCH, true);
        batches.shuffle(1);
        int warmup = Math.max(20, iterations / 5);
        long start = 0;
        for (int i = 0; i < warmup + iterations; i++) {
            if (i == warmup) {
                start = System.nanoTime();
            }
            Batches.Batch b = batches.get(i % batches.count());
            net.fit(b.features(), b.labels());
        }
        return (double) iterations * BATCH / ((System.nanoTime() - start) / 1e9);
    }
}
