package io.sweep4j.bench;

import io.sweep4j.data.Datasets;
import io.sweep4j.dl4j.TrainingLoopObjective;
import io.sweep4j.dl4j.Dl4j;
import io.sweep4j.sampler.Samplers;
import io.sweep4j.study.Budget;
import io.sweep4j.study.Study;
import io.sweep4j.study.StudyResult;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

/**
 * Whether memory grows trial over trial: runs 50 DL4J trials (MLP 256-128, 2 epochs, mini set, 2 in parallel) through
 * a real study on a temporary SQLite file and prints heap (after a full GC) and resident set size after 1, 20 and
 * 50 finished trials.
 *
 * <pre>
 * OMP_NUM_THREADS=1 java -Xmx1g -XX:+UseParallelGC \
 *     -cp target/bench-classes:target/classes:$(cat target/classpath.txt) io.sweep4j.bench.ThroughputMemory
 * </pre>
 */
public final class ThroughputMemory {
    private static final Set<Integer> CHECKPOINTS = Set.of(1, 20, 50);

    private ThroughputMemory() {
    }

    public static void main(String[] args) throws Exception {
        Path dir = Files.createTempDirectory("sweep4j-memory");
        AtomicInteger finished = new AtomicInteger();
        TrainingLoopObjective objective = Dl4j.classifier(Datasets.fashionMnistMini()).mlp(256, 128).maxEpochs(2)
                .patience(0);
        System.out.println("trials  heap-used-MB  rss-MB");
        try {
            StudyResult r = Study.named("memory").storage(dir.resolve("memory.db"))
                    .space(Dl4j.space(s -> s.logFloat("lr", 1e-4, 1e-2).choice("optimizer", "sgd", "adam")
                            .choice("batchSize", 32, 64, 128).floatRange("dropout", 0, 0.5)))
                    .sampler(Samplers.random(1))
                    .objective(trial -> {
                        double v = objective.evaluate(trial);
                        int n = finished.incrementAndGet();
                        if (CHECKPOINTS.contains(n)) {
                            report(n);
                        }
                        return v;
                    })
                    .maximize("val_accuracy").parallelism(2).budget(Budget.trials(50)).optimize();
            System.out.println(r.history().completed().size() + " trials completed");
        } finally {
            try (Stream<Path> files = Files.walk(dir)) {
                files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    private static synchronized void report(int trials) throws IOException, InterruptedException {
        // twice: ND4J's deallocator thread frees the arrays the first collection found dead, the second their refs
        System.gc();
        Thread.sleep(500);
        System.gc();
        Runtime rt = Runtime.getRuntime();
        double heap = (rt.totalMemory() - rt.freeMemory()) / 1048576.0;
        long rssKb = Files.readAllLines(Path.of("/proc/self/status")).stream()
                .filter(l -> l.startsWith("VmRSS:")).map(l -> l.replaceAll("\\D", "")).mapToLong(Long::parseLong)
                .findFirst().orElse(-1);
        System.out.printf(Locale.ROOT, "%6d  %12.1f  %6.1f%n", trials, heap, rssKb / 1024.0);
    }
}
