package io.sweep4j.bench;

import io.sweep4j.dl4j.Blocks;
import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Training throughput (samples/s) of the course notebooks' networks on full Fashion-MNIST, DL4J against PyTorch, in
 * one run: PyTorch at one thread; DL4J as a trial runs it (one native thread, oneDNN build for the CNN if present);
 * two such trainings in parallel in one JVM (the study's way of using 2 cores); and DL4J "naive" (one training at a
 * time, default threads, plain build). Every side runs in its own child process with its own environment, because
 * native thread counts are fixed when a process starts.
 *
 * <pre>
 * mvn -q -o process-classes
 * java -cp target/bench-classes:target/classes:$(cat target/classpath.txt) \
 *     io.sweep4j.bench.ThroughputBenchmark [--repeats 2] [--out results/benchmarks/throughput.md]
 * </pre>
 */
public final class ThroughputBenchmark {
    /** CNN3: a mid-size network of the searched kind (3 blocks of 32-64-128 3x3 filters with batch norm). */
    static final List<String> MODELS = List.of("MLP1", "MLP2", "CNN", "CNN3");
    private static final Pattern RESULT = Pattern.compile("RESULT (\\S+) (\\S+) ([0-9.]+) cpu ([0-9.]+)");
    private static final Pattern TORCH = Pattern.compile(
            "\"model\": \"(\\w+)\", \"samples_per_s\": ([0-9.]+), \"cpu_samples_per_s\": ([0-9.]+)");

    private ThroughputBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length > 0 && args[0].equals("--worker")) {
            ThroughputTrainer.run(args);
            return;
        }
        int repeats = 2;
        Path out = Path.of("results/benchmarks/throughput.md");
        List<String> models = MODELS;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--repeats" -> repeats = BenchArgs.positive(args, i++);
                case "--out" -> out = Path.of(BenchArgs.valueOf(args, i++));
                case "--models" -> models = models(BenchArgs.valueOf(args, i++));
                default -> throw BenchArgs.unknown(args[i], "--repeats N, --out FILE, --models " + String.join(",",
                        MODELS));
            }
        }
        orchestrate(repeats, out, models);
    }

    private static List<String> models(String list) {
        List<String> models = List.of(list.split(","));
        for (String m : models) {
            if (!MODELS.contains(m)) {
                throw new io.sweep4j.space.UsageException("--models", m, "give a comma-separated subset of " + MODELS);
            }
        }
        return models;
    }

    /** The four sides, each in a child process, {@code repeats} times interleaved; the best run of each counts. */
    private static void orchestrate(int repeats, Path out, List<String> models) throws Exception {
        String modelList = String.join(",", models);
        String classPath = System.getProperty("java.class.path");
        String onednnCp = withOnednn(classPath);
        Map<String, Map<String, Double>> best = new LinkedHashMap<>();
        List<String> blasLines = new ArrayList<>();
        for (int r = 0; r < repeats; r++) {
            System.out.println("== round " + (r + 1) + " of " + repeats);
            Map<String, String> torchEnv = Map.of("OMP_NUM_THREADS", "1", "OPENBLAS_NUM_THREADS", "1");
            List<String> torch = run(List.of("/usr/bin/python3", "src/bench/python/torch_throughput.py", "--models",
                    modelList), torchEnv,
                    List.of("OMP_NUM_THREADS"));
            for (String line : torch) {
                Matcher m = TORCH.matcher(line);
                if (m.find()) {
                    keepBest(best, "pytorch-1t", m.group(1), Double.parseDouble(m.group(2)));
                    keepBest(best, "pytorch-1t-cpu", m.group(1), Double.parseDouble(m.group(3)));
                } else if (line.contains("\"blas\"") && blasLines.isEmpty()) {
                    blasLines.add(line);
                }
            }
            collect(best, "dl4j-1t", run(javaCommand(onednnCp != null ? onednnCp : classPath, onednnCp != null,
                    "1", modelList), Map.of("OMP_NUM_THREADS", "1"), List.of()));
            collect(best, "dl4j-2x1t", run(javaCommand(onednnCp != null ? onednnCp : classPath, onednnCp != null,
                    "2", modelList), Map.of("OMP_NUM_THREADS", "1"), List.of()));
            List<String> naive = new ArrayList<>(javaCommand(withoutOnednn(classPath), false, "1", modelList));
            naive.add("--naive");
            collect(best, "dl4j-naive", run(naive, Map.of(), List.of("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS")));
        }
        String report = report(best, blasLines, onednnCp != null, repeats, models);
        System.out.println();
        System.out.println(report);
        Files.createDirectories(out.toAbsolutePath().getParent());
        Files.writeString(out, report);
        System.out.println("written to " + out);
    }

    private static String report(Map<String, Map<String, Double>> best, List<String> blas, boolean onednn,
                                 int repeats, List<String> models) {
        StringBuilder sb = new StringBuilder();
        sb.append("# Training throughput: DL4J trials vs PyTorch (samples/s, batch 100, full Fashion-MNIST)\n\n");
        sb.append("Measured ").append(ZonedDateTime.now().format(DateTimeFormatter.ISO_OFFSET_DATE_TIME))
                .append(" on ").append(Runtime.getRuntime().availableProcessors()).append(" cores, best of ")
                .append(repeats).append(" interleaved rounds, with\n\n```\n")
                .append("mvn -q -o compile\n")
                .append("java -cp target/bench-classes:target/classes:$(cat target/classpath.txt) "
                        + "io.sweep4j.bench.ThroughputBenchmark --repeats ").append(repeats)
                .append(models.equals(MODELS) ? "" : " --models " + String.join(",", models)).append("\n```\n\n");
        sb.append("Models: MLP1, MLP2 and CNN are the course notebooks' networks; CNN3 is a mid-size network of the"
                + " kind `Blocks` searches: three blocks of one 3x3 convolution (\"same\" padding, 32, 64, 128"
                + " filters), batch norm, ReLU and 2x2 max pooling each, flatten, dense 128 ReLU, softmax; Adam"
                + " 1e-3 on both sides.\n\n");
        sb.append("PyTorch: `/usr/bin/python3` (Debian python3-torch), `torch.set_num_threads(1)`, BLAS loaded: ")
                .append(blas.isEmpty() ? "(not reported)" : "`" + blas.get(0) + "`").append("\n\n");
        sb.append("DL4J trial: OMP_NUM_THREADS=1, -XX:+UseParallelGC, workspaces ENABLED, minibatches gathered"
                + " by one `pullRows` into reused buffers, ").append(onednn
                ? "nd4j-native `linux-x86_64-onednn` with the `org.nd4j.nativeblas.Nd4jCpu` shim (oneDNN helpers on)"
                : "plain nd4j-native build (oneDNN jar not found)").append(".\n");
        sb.append("DL4J naive: same training code, one at a time, OMP_NUM_THREADS unset (ND4J picks its default),"
                + " plain build, default GC.\n\n");
        sb.append("Samples/s by wall clock and by process CPU time (CPU seconds the process used during the"
                + " measured iterations, GC included): on a shared, loaded machine the CPU-time figure measures the"
                + " cost of the work; wall clock is what a user sees. Load average over the run: ")
                .append(LOAD.isEmpty() ? "?" : String.join(" → ", LOAD)).append(".\n\n");
        sb.append("| model | PyTorch 1 thread (wall / CPU) | DL4J trial 1 thread (wall / CPU) | DL4J ÷ PyTorch by CPU"
                + " (target) | by wall | DL4J naive (wall) | DL4J 2 trials × 1 thread, combined (wall) |"
                + " 2 trials ÷ naive (target 3.5×) |\n");
        sb.append("|---|---|---|---|---|---|---|---|\n");
        double sumTuned = 0;
        double sumNaive = 0;
        for (String m : models) {
            double torch = get(best, "pytorch-1t", m);
            double torchCpu = get(best, "pytorch-1t-cpu", m);
            double one = get(best, "dl4j-1t", m);
            double oneCpu = get(best, "dl4j-1t-cpu", m);
            double naive = get(best, "dl4j-naive", m);
            double two = get(best, "dl4j-2x1t", m);
            double target = m.startsWith("CNN") ? 0.6 : 0.5;
            sb.append(String.format(Locale.ROOT,
                    "| %s | %,.0f / %,.0f | %,.0f / %,.0f | %.2f× (%.1f×: %s) | %.2f× | %,.0f | %,.0f | %.2f× (%s) |%n",
                    m, torch, torchCpu, one, oneCpu, oneCpu / torchCpu, target,
                    oneCpu / torchCpu >= target ? "met" : "missed", one / torch, naive, two, two / naive,
                    two / naive >= 3.5 ? "met" : "missed"));
            // a sweep that trains each model on the same number of samples: time adds up per sample
            sumTuned += 1 / two;
            sumNaive += 1 / naive;
        }
        double sweep = sumNaive / sumTuned;
        sb.append(String.format(Locale.ROOT, "%nWhole sweep (the same number of samples of each model): 2 parallel"
                + " trials at 1 thread each = **%.2f×** the throughput of DL4J run naively (target 3.5×: %s).%n",
                sweep, sweep >= 3.5 ? "met" : "missed"));
        return sb.toString();
    }

    private static final List<String> LOAD = new ArrayList<>();

    private static double get(Map<String, Map<String, Double>> best, String side, String model) {
        return best.getOrDefault(side, Map.of()).getOrDefault(model, Double.NaN);
    }

    private static void noteLoad() {
        try {
            LOAD.add(Files.readString(Path.of("/proc/loadavg")).split(" ")[0]);
        } catch (IOException e) {
            // not Linux: the report says "?"
        }
    }

    private static void collect(Map<String, Map<String, Double>> best, String side, List<String> lines) {
        for (String line : lines) {
            Matcher m = RESULT.matcher(line);
            if (m.find()) {
                keepBest(best, side, m.group(1), Double.parseDouble(m.group(3)));
                keepBest(best, side + "-cpu", m.group(1), Double.parseDouble(m.group(4)));
            }
        }
    }

    private static void keepBest(Map<String, Map<String, Double>> best, String side, String model, double v) {
        best.computeIfAbsent(side, k -> new LinkedHashMap<>()).merge(model, v, Math::max);
    }

    private static List<String> javaCommand(String cp, boolean onednn, String parallel, String models) {
        String java = ProcessHandle.current().info().command().orElse("java");
        List<String> cmd = new ArrayList<>(List.of(java, "-Xmx3g"));
        if (!parallel.isEmpty() && onednn) {
            cmd.add("-Dorg.bytedeco.javacpp.platform.extension=-onednn");
        }
        cmd.addAll(List.of("-Dorg.slf4j.simpleLogger.defaultLogLevel=warn", "-cp", cp,
                ThroughputBenchmark.class.getName(), "--worker", "--parallel", parallel, "--models", models));
        return cmd;
    }

    /** The class path with the oneDNN build of nd4j-native added beside the plain one, if it is in the local repo. */
    static String withOnednn(String cp) {
        for (String entry : cp.split(File.pathSeparator)) {
            if (entry.endsWith("-linux-x86_64-onednn.jar")) {
                return cp;
            }
        }
        for (String entry : cp.split(File.pathSeparator)) {
            if (entry.matches(".*/nd4j-native-[^/]*-linux-x86_64\\.jar")) {
                Path onednn = Path.of(entry.replace("-linux-x86_64.jar", "-linux-x86_64-onednn.jar"));
                if (Files.isRegularFile(onednn)) {
                    return onednn + File.pathSeparator + cp;
                }
            }
        }
        return null;
    }

    /**
     * The class path with the plain {@code linux-x86_64} build in place of the oneDNN one: what a user who adds
     * nd4j-native to a project gets, so the naive baseline runs on it (the oneDNN build is sweep4j's default).
     */
    static String withoutOnednn(String cp) {
        List<String> entries = new ArrayList<>();
        for (String entry : cp.split(File.pathSeparator)) {
            if (entry.endsWith("-linux-x86_64-onednn.jar")) {
                Path plain = Path.of(entry.replace("-linux-x86_64-onednn.jar", "-linux-x86_64.jar"));
                if (!Files.isRegularFile(plain)) {
                    throw new IllegalStateException("the naive baseline needs the plain build " + plain
                            + "; fetch it with mvn -Dnd4j.classifier=linux-x86_64 dependency:resolve");
                }
                entries.add(plain.toString());
            } else {
                entries.add(entry);
            }
        }
        return String.join(File.pathSeparator, entries);
    }

    private static List<String> run(List<String> command, Map<String, String> env, List<String> unset)
            throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(command);
        boolean naive = cmd.contains("--naive");
        if (cmd.get(0).endsWith("java") && !naive) {
            cmd.add(1, "-XX:+UseParallelGC");
        }
        System.out.println("$ " + env + " " + String.join(" ", cmd.stream()
                .map(s -> s.length() > 120 ? "<classpath>" : s).toList()));
        noteLoad();
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
        unset.forEach(pb.environment()::remove);
        pb.environment().putAll(env);
        Process p = pb.start();
        List<String> lines = new ArrayList<>();
        try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(),
                StandardCharsets.UTF_8))) {
            String line;
            while ((line = r.readLine()) != null) {
                if (line.startsWith("RESULT") || line.startsWith("{") || line.contains("Exception")
                        || line.startsWith("PROFILE")) {
                    System.out.println("  " + line);
                }
                lines.add(line);
            }
        }
        int code = p.waitFor();
        if (code != 0) {
            throw new IllegalStateException(cmd.get(0) + " exited with " + code + ":\n" + String.join("\n", lines));
        }
        return lines;
    }
}
