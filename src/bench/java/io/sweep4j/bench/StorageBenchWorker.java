package io.sweep4j.bench;

import io.sweep4j.sampler.Samplers;
import io.sweep4j.study.Budget;
import io.sweep4j.study.Study;

/** One sweep4j worker process of {@code sweep bench storage}: joins study "bench" and runs until its budget. */
public final class StorageBenchWorker {
    private StorageBenchWorker() {
    }

    /**
     * Arguments: storage URL, total trials of the study, objective sleep in ms, seed, start-line directory, and
     * optionally a number of warm-up trials run first on a study of this worker's own (trivial objective), so that
     * the JIT compiler has done its work before the start line, as a JVM benchmark's warm-up does.
     */
    public static void main(String[] args) throws Exception {
        long sleepMs = Long.parseLong(args[2]);
        long seed = Long.parseLong(args[3]);
        int warmup = args.length > 5 ? Integer.parseInt(args[5]) : 0;
        if (warmup > 0) {
            study("warmup-" + seed, args[0], seed, 0, warmup).optimize();
        }
        Study study = study("bench", args[0], seed, sleepMs, Integer.parseInt(args[1]));
        StartLine.await(args[4], args[3]);
        study.optimize();
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
