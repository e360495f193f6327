package io.sweep4j.sampler;

import io.sweep4j.space.Params;
import io.sweep4j.space.SearchSpace;
import io.sweep4j.trial.Direction;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;

/**
 * Not a test: prints the GP sampler's proposal time (CPU time of the proposing thread, and wall time) at given history
 * sizes on a six-parameter mixed space; {@code taskset -c 0 java -cp target/classes:target/test-classes:CLASSPATH
 * io.sweep4j.sampler.GpTiming 100 300}, CLASSPATH from {@code mvn dependency:build-classpath}.
 */
final class GpTiming {
    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

    private GpTiming() {
    }

    static final SearchSpace MIXED = SearchSpace.builder()
            .logFloat("lr", 1e-4, 1e-1)
            .choice("optimizer", "sgd", "adam", "rmsprop", "nesterov")
            .choice("init", "xavier", "relu", "uniform")
            .floatRange("dropout", 0.0, 0.6)
            .logInt("batch", 16, 512)
            .logFloat("l2", 1e-6, 1e-2)
            .build();

    static double mixed(Params p) {
        double lr = Math.log10(p.getDouble("lr")) + 2.5;
        double v = lr * lr + (p.getString("optimizer").equals("adam") ? 0 : 0.4)
                + (p.getString("init").equals("relu") ? 0 : 0.2) + Math.abs(p.getDouble("dropout") - 0.3)
                + Math.abs(Math.log(p.getDouble("batch") / 64.0)) * 0.2 + Math.abs(Math.log10(p.getDouble("l2")) + 4)
                * 0.1;
        return v;
    }

    public static void main(String[] args) {
        for (String arg : args) {
            int n = Integer.parseInt(arg);
            SimulatedStudy study = new SimulatedStudy(MIXED, Direction.MINIMIZE);
            // fill the history with random trials, then time GP proposals on it
            RandomSampler random = new RandomSampler(1);
            for (int i = 0; i < n; i++) {
                Proposal p = study.ask(random);
                study.tell(i, mixed(p.params()));
            }
            GpSampler gp = Samplers.gp(7);
            int reps = 5;
            long best = Long.MAX_VALUE;
            long bestCpu = Long.MAX_VALUE;
            for (int r = 0; r < reps + 2; r++) {
                long start = System.nanoTime();
                long cpu = THREADS.getCurrentThreadCpuTime();
                gp.propose(study.context(n));
                if (r >= 2) {
                    best = Math.min(best, System.nanoTime() - start);
                    bestCpu = Math.min(bestCpu, THREADS.getCurrentThreadCpuTime() - cpu);
                }
            }
            System.out.printf("%d trials: %.0f ms CPU, %.0f ms wall per proposal (best of %d after 2 warm-ups)%n", n,
                    bestCpu / 1e6, best / 1e6, reps);
        }
    }
}
