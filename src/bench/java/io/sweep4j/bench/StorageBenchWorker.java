package io.sweep4j.bench;

import io.sweep4j.sampler.Samplers;
import io.sweep4j.study.Budget;
import io.sweep4j.study.Study;

/** One sweep4j worker process of {@code sweep bench storage}: joins study "bench" and runs until its budget. */
public final class StorageBenchWorker {
    private StorageBenchWorker() {
    }

    /** Arguments: storage URL, total trials of the study, objective sleep in ms, seed, start-line directory. */
    public static void main(String[] args) throws Exception {
        long sleepMs = Long.parseLong(args[2]);
        Study study = Study.named("bench").storage(args[0]).space(OverheadBenchmark.SPACE)
                .sampler(Samplers.random(Long.parseLong(args[3])))
                .objective(t -> {
                    if (sleepMs > 0) {
                        Thread.sleep(sleepMs);
                    }
                    return t.getDouble("lr") + t.getDouble("dropout");
                })
                .minimize("value").parallelism(1).budget(Budget.trials(Integer.parseInt(args[1])));
        StartLine.await(args[4], args[3]);
        study.optimize();
    }
}
