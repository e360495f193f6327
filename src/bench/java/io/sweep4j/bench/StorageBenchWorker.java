package io.sweep4j.bench;

import io.sweep4j.sampler.Samplers;
import io.sweep4j.study.Budget;
import io.sweep4j.study.Study;
import java.lang.management.CompilationMXBean;
import java.lang.management.ManagementFactory;

/** One sweep4j worker process of {@code sweep bench storage}: joins study "bench" and runs until its budget. */
public final class StorageBenchWorker {
    private StorageBenchWorker() {
    }

    /**
     * Arguments: storage URL, total trials of the study, objective sleep in ms, seed, start-line directory, and
     * optionally a number of warm-up trials per worker and the number of workers: the workers first run that many
     * trivial trials each on one shared study, so that the JIT compiler has done its work, on the paths a shared
     * study takes (other workers' rows, waits for the study's lock), before the start line.
     */
    public static void main(String[] args) throws Exception {
        long sleepMs = Long.parseLong(args[2]);
        long seed = Long.parseLong(args[3]);
        int warmup = args.length > 5 ? Integer.parseInt(args[5]) : 0;
        int workers = args.length > 6 ? Integer.parseInt(args[6]) : 1;
        if (warmup > 0) {
            study("warmup", args[0], seed, 0, warmup * workers).optimize();
            awaitQuietCompiler();
        }
        Study study = study("bench", args[0], seed, sleepMs, Integer.parseInt(args[1]));
        StartLine.await(args[4], args[3]);
        study.optimize();
    }

    /**
     * Waits until the JIT compiler has drained the queue the warm-up filled (its end reads the whole warm-up study):
     * with several JVMs on two cores that queue takes seconds, and would otherwise run inside the measured trials.
     */
    private static void awaitQuietCompiler() throws InterruptedException {
        CompilationMXBean jit = ManagementFactory.getCompilationMXBean();
        if (jit == null || !jit.isCompilationTimeMonitoringSupported()) {
            Thread.sleep(5000);
            return;
        }
        long last = -1;
        for (int quiet = 0, waited = 0; quiet < 2 && waited < 60; waited++) {
            Thread.sleep(500);
            long now = jit.getTotalCompilationTime();
            quiet = now == last ? quiet + 1 : 0;
            last = now;
        }
    }

    private static Study study(String name, String storage, long seed, long sleepMs, int trials) {
        return Study.named(name).storage(storage).space(OverheadBenchmark.SPACE)
                .sampler(Samplers.random(seed))
                .objective(t -> {
                    if (sleepMs > 0) {
                        Thread.sleep(sleepMs);
                    }
                    return t.getDouble("lr") + t.getDouble("dropout");
                })
                .minimize("value").parallelism(1).budget(Budget.trials(trials));
    }
}
