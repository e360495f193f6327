package io.sweep4j.bench;

import io.sweep4j.data.Datasets;
import io.sweep4j.data.Splits;
import io.sweep4j.dl4j.Architecture;
import io.sweep4j.dl4j.Batches;
import io.sweep4j.dl4j.Blocks;
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
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CyclicBarrier;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The child side of {@link ThroughputBenchmark}: in a process whose native threads the parent fixed, trains each
 * model for a fixed number of iterations after a warm-up and prints one {@code RESULT} line per model.
 */
final class ThroughputTrainer {
    private static final int BATCH = 100;
    private static final Map<String, int[]> ITERATIONS = Map.of( // measured iterations
            "MLP1", new int[] {1500}, "MLP2", new int[] {600}, "CNN", new int[] {200}, "CNN3", new int[] {100});
    /** Warm-up per training: until the JIT has compiled DL4J's hot paths (its compiler threads then go quiet). */
    private static final long WARMUP_NANOS = 4_000_000_000L;

    private ThroughputTrainer() {
    }

    /** Arguments: {@code --worker [--parallel N] [--naive] [--models A,B]}. */
    static void run(String[] args) throws Exception {
        int parallel = 1;
        boolean naive = false;
        List<String> models = ThroughputBenchmark.MODELS;
        for (int i = 1; i < args.length; i++) {
            switch (args[i]) {
                case "--parallel" -> parallel = Integer.parseInt(args[++i]);
                case "--naive" -> naive = true;
                case "--models" -> models = List.of(args[++i].split(","));
                default -> throw new IllegalArgumentException(args[i]);
            }
        }
        if (!naive) {
            NativeSetup.configureOnce();
        }
        Splits splits = Datasets.fashionMnist().split();
        TensorData data = TensorData.of(splits);
        String build = org.nd4j.nativeblas.NativeOpsHolder.getInstance().getDeviceNativeOps().buildInfo()
                .contains("HAVE_ONEDNN") ? "onednn" : "plain";
        System.out.println("PROFILE build=" + build + " omp=" + System.getenv("OMP_NUM_THREADS") + " ndThreads="
                + Nd4j.getEnvironment().maxMasterThreads() + " helpers.disable="
                + System.getProperty("org.eclipse.deeplearning4j.helpers.disable") + " gc="
                + java.lang.management.ManagementFactory.getGarbageCollectorMXBeans().get(0).getName());
        for (String model : models) {
            int[] it = ITERATIONS.get(model);
            double[] combined = parallel(model, data, it[0], parallel, !naive);
            System.out.printf(Locale.ROOT, "RESULT %s %s %.1f cpu %.1f%n", model, (naive ? "naive" : parallel + "x1t"),
                    combined[0], combined[1]);
        }
    }

    /**
     * Samples/s of {@code n} trainings of {@code model} on {@code n} Java threads, combined over one window;
     * {@code asTrial}: the network as a sweep4j trial runs it, else as a plain DL4J loop does.
     */
    static double[] parallel(String model, TensorData data, int iterations, int n, boolean asTrial) throws Exception {
        CyclicBarrier start = new CyclicBarrier(n + 1);
        CyclicBarrier end = new CyclicBarrier(n + 1);
        List<Thread> threads = new ArrayList<>();
        for (int t = 0; t < n; t++) {
            int seed = t;
            Thread th = new Thread(() -> {
                try {
                    Training training = new Training(model, data, seed, asTrial);
                    long until = System.nanoTime() + WARMUP_NANOS;
                    while (System.nanoTime() < until) {
                        training.iterate(10);
                    }
                    start.await();
                    training.iterate(iterations);
                    end.await();
                    training.net.close();
                    Nd4j.getWorkspaceManager().destroyAllWorkspacesForCurrentThread();
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            }, "train-" + t);
            threads.add(th);
            th.start();
        }
        start.await();
        long t0 = System.nanoTime();
        long cpu0 = PROCESS.getProcessCpuTime();
        end.await();
        double seconds = (System.nanoTime() - t0) / 1e9;
        double cpu = (PROCESS.getProcessCpuTime() - cpu0) / 1e9;
        for (Thread th : threads) {
            th.join();
        }
        return new double[] {(double) n * iterations * BATCH / seconds, (double) n * iterations * BATCH / cpu};
    }

    // process CPU time (GC and deallocator threads included): the cost of the work, robust to a shared machine
    private static final com.sun.management.OperatingSystemMXBean PROCESS =
            (com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory
                    .getOperatingSystemMXBean();

    /** One network as a trial trains it: shuffled minibatches, fit, the loss read for the divergence guard. */
    static final class Training {
        final MultiLayerNetwork net;
        private final Batches batches;
        private int next;
        private int epoch;

        Training(String model, TensorData data, int seed, boolean asTrial) {
            HyperParams hp = switch (model) {
                case "MLP1" -> new HyperParams(0.01, Optimizer.MOMENTUM, Initializer.UNIFORM, 0, BATCH, 0, 0.9,
                        false, 1, Nonlinearity.RELU);
                case "MLP2" -> new HyperParams(1e-3, Optimizer.ADAM, Initializer.XAVIER, 0, BATCH, 0, 0.9, false, 1,
                        Nonlinearity.ELU);
                case "CNN" -> new HyperParams(0.1, Optimizer.SGD, Initializer.UNIFORM, 0, BATCH, 0, 0.9, false, 1,
                        Nonlinearity.RELU);
                case "CNN3" -> new HyperParams(1e-3, Optimizer.ADAM, Initializer.XAVIER, 0, BATCH, 0, 0.9, true, 1,
                        Nonlinearity.RELU);
                default -> throw new IllegalArgumentException(model);
            };
            Architecture arch = switch (model) {
                case "MLP1" -> new Architecture.Mlp(List.of(200, 100));
                case "MLP2" -> new Architecture.Mlp(List.of(512));
                case "CNN3" -> Blocks.count(3).filters(32, 64, 128);
                default -> new Architecture.NotebookCnn();
            };
            net = new MultiLayerNetwork(arch.configure(Params.empty(), hp, 28, 28, 10, seed));
            net.init();
            if (asTrial) {
                LeanDenseLayer.install(net);
                LeanBatchNorm.install(net);
                LeanAdamUpdater.install(net);
            }
            batches = new Batches(data, BATCH, arch.imageInput());
            batches.shuffle(seed);
        }

        void iterate(int iterations) {
            for (int i = 0; i < iterations; i++) {
                if (next == batches.count()) {
                    batches.shuffle(++epoch);
                    next = 0;
                }
                Batches.Batch b = batches.get(next++);
                net.fit(b.features(), b.labels());
                if (!Double.isFinite(net.score())) {
                    throw new IllegalStateException("diverged");
                }
            }
        }
    }
}
