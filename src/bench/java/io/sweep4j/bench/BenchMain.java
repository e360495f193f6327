package io.sweep4j.bench;

import io.sweep4j.space.UsageException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Unmatched;

/**
 * {@code sweep bench NAME [args]}: runs one benchmark, which writes results/benchmarks/. The launcher dispatches
 * {@code bench} here, with src/bench's classes on the class path, so the library jar and its CLI hold no benchmark.
 */
@Command(name = "sweep bench", mixinStandardHelpOptions = true,
        description = {"Run a benchmark: overhead, samplers, multiobjective, throughput, memory, batchnorm, report, pruning, storage, dashboard.",
            "Each compares against a reference measured in the same run and writes results/benchmarks/."})
public final class BenchMain implements Callable<Integer> {
    static final int USAGE = 2;
    static final int FAILURE = 1;

    /** A benchmark's {@code main}. */
    private interface Benchmark {
        void run(String[] args) throws Exception;
    }

    private static final Map<String, Benchmark> BENCHMARKS = benchmarks();

    @Parameters(index = "0", paramLabel = "NAME",
            description = "overhead, samplers, multiobjective, throughput, memory, batchnorm, report, pruning, storage or dashboard")
    String name;

    @Unmatched
    List<String> args = new ArrayList<>();

    private static Map<String, Benchmark> benchmarks() {
        Map<String, Benchmark> m = new LinkedHashMap<>();
        m.put("overhead", OverheadBenchmark::main);
        m.put("samplers", SamplerBenchmark::main);
        m.put("multiobjective", MultiObjectiveBenchmark::main);
        m.put("throughput", ThroughputBenchmark::main);
        m.put("memory", ThroughputMemory::main);
        m.put("batchnorm", BatchNormBenchmark::main);
        m.put("report", ReportBenchmark::main);
        m.put("pruning", PruningBenchmark::main);
        m.put("storage", StorageBenchmark::main);
        m.put("dashboard", DashboardBenchmark::main);
        return Map.copyOf(m);
    }

    public static void main(String[] args) {
        System.exit(execute(args));
    }

    /** Runs {@code sweep bench} with these arguments and returns its exit code: 0, 1, or 2 for a usage error. */
    static int execute(String... args) {
        CommandLine cl = new CommandLine(new BenchMain());
        cl.setExecutionExceptionHandler((e, cmd, parsed) -> {
            cmd.getErr().println("error: " + (e.getMessage() == null ? e.toString() : e.getMessage()));
            if (e instanceof UsageException) {
                return USAGE;
            }
            if (System.getenv("SWEEP_DEBUG") != null) {
                e.printStackTrace(cmd.getErr());
            }
            return FAILURE;
        });
        return cl.execute(args);
    }

    @Override
    public Integer call() throws Exception {
        Benchmark benchmark = BENCHMARKS.get(name);
        if (benchmark == null) {
            throw new UsageException("benchmark", name,
                    "choose one of overhead, samplers, multiobjective, throughput, memory, batchnorm, report, pruning, storage, dashboard");
        }
        benchmark.run(args.toArray(new String[0]));
        return 0;
    }
}
