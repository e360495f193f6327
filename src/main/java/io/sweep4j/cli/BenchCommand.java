package io.sweep4j.cli;

import io.sweep4j.space.UsageException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Unmatched;

/** {@code sweep bench NAME [args]}: runs one of the benchmarks under src/bench, which write results/benchmarks/. */
@Command(name = "bench", mixinStandardHelpOptions = true,
        description = {"Run a benchmark against a reference measured in the same run.",
            "overhead, samplers, throughput, memory, batchnorm, report, pruning or storage; each writes"
                + " results/benchmarks/."})
final class BenchCommand implements Callable<Integer> {
    private static final Map<String, String> BENCHMARKS = Map.of(
            "overhead", "io.sweep4j.bench.OverheadBenchmark",
            "samplers", "io.sweep4j.bench.SamplerBenchmark",
            "throughput", "io.sweep4j.bench.ThroughputBenchmark",
            "memory", "io.sweep4j.bench.ThroughputMemory",
            "batchnorm", "io.sweep4j.bench.BatchNormBenchmark",
            "report", "io.sweep4j.bench.ReportBenchmark",
            "pruning", "io.sweep4j.bench.PruningBenchmark",
            "storage", "io.sweep4j.bench.StorageBenchmark");

    @Parameters(index = "0", paramLabel = "NAME",
            description = "overhead, samplers, throughput, memory, batchnorm, report, pruning or storage")
    String name;

    @Unmatched
    List<String> args = new ArrayList<>();

    @Override
    public Integer call() throws Exception {
        String cls = BENCHMARKS.get(name);
        Class<?> c;
        try {
            c = cls == null ? null : Class.forName(cls);
        } catch (ClassNotFoundException e) {
            c = null;
        }
        if (c == null) {
            throw new UsageException("benchmark", name, "choose one of " + BENCHMARKS.keySet());
        }
        StudyFailedException.runMain(c, args);
        return 0;
    }
}
