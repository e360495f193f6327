package io.sweep4j.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.sweep4j.sampler.Proposal;
import io.sweep4j.sampler.Sampler;
import io.sweep4j.sampler.Samplers;
import io.sweep4j.sampler.SamplingContext;
import io.sweep4j.space.UsageException;
import io.sweep4j.trial.Direction;
import io.sweep4j.trial.FrozenTrial;
import io.sweep4j.trial.History;
import io.sweep4j.trial.Hypervolume;
import io.sweep4j.trial.TrialState;
import java.io.IOException;
import java.io.InputStream;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.LongFunction;

/**
 * Multi-objective samplers, ours next to Optuna 4.9's (run by {@code src/bench/python/optuna_multiobjective.py} as a
 * child process with the project's copy of Optuna 4.9): median hypervolume [IQR] after each budget over seeded runs on
 * {@link MultiObjectiveProblems}, every hypervolume computed here by {@link Hypervolume} from both sides' values, and
 * CPU time per proposal. Writes {@code results/benchmarks/multiobjective.md} when Optuna runs too; a run on other ZDT
 * sizes or on some problems only writes a file named after them ({@code multiobjective-zdt30-zdt1-zdt2-zdt3.md}).
 *
 * <p>Run: {@code ./sweep bench multiobjective} (options: {@code --seeds N} (10), {@code --budgets 50,100,300},
 * {@code --zdt-vars N} (10), {@code --problems ZDT1,ZDT2} (all), {@code --jobs N} (about 10 Optuna processes, each a
 * problem and a share of the seeds), {@code --no-optuna}).
 */
public final class MultiObjectiveBenchmark {
    static final String PYTHON = "/usr/bin/python3";
    static final String SCRIPT = "src/bench/python/optuna_multiobjective.py";
    static final Path OPTUNA_49 = Path.of("src", "test", "python", "third_party", "optuna-4.9.0");

    /** Our samplers that take several objectives; one that refuses them is reported as such, not run. */
    static Map<String, LongFunction<Sampler>> ourSamplers() {
        Map<String, LongFunction<Sampler>> m = new LinkedHashMap<>();
        m.put("sweep4j nsga2", Samplers::nsga2);
        m.put("sweep4j TPE", Samplers::tpe);
        m.put("sweep4j auto", Samplers::auto);
        m.put("sweep4j random", Samplers::random);
        return m;
    }

    /** ZDT variables unless {@code --zdt-vars} says otherwise: fewer than the standard 30 keep Optuna's TPE quick. */
    static final int DEFAULT_ZDT_VARIABLES = 10;

    /** The seed of the untimed run before each sampler's timed ones, outside the reported seeds. */
    static final long WARM_UP_SEED = 1_000_003;

    /** One seeded run: each trial's values, and the CPU nanoseconds its proposals took. */
    record Run(List<List<Double>> values, long proposalNanos) {
    }

    static Run run(MultiObjectiveProblems.Problem problem, Sampler sampler, int trials) {
        List<Direction> directions = Collections.nCopies(problem.objectiveCount(), Direction.MINIMIZE);
        List<FrozenTrial> stored = new ArrayList<>();
        List<List<Double>> values = new ArrayList<>();
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        long nanos = 0;
        for (int n = 0; n < trials; n++) {
            History history = new History(directions, stored);
            long start = threads.getCurrentThreadCpuTime();
            Proposal proposal = sampler.propose(new SamplingContext(problem.space(), Direction.MINIMIZE, n,
                    () -> history)).orElseThrow();
            nanos += threads.getCurrentThreadCpuTime() - start;
            List<Double> v = problem.objectives().apply(proposal.params());
            values.add(v);
            stored.add(new FrozenTrial(n, n, TrialState.COMPLETE, v, proposal.params(), Map.of(), new TreeMap<>(),
                    Map.of(), proposal.systemAttributes(), Instant.EPOCH, Instant.ofEpochSecond(n)));
        }
        return new Run(values, nanos);
    }

    /** The hypervolume of the first {@code budget} trials' values. */
    static double hypervolume(List<List<Double>> values, int budget, double[] reference) {
        List<double[]> points = new ArrayList<>();
        for (List<Double> v : values.subList(0, Math.min(budget, values.size()))) {
            points.add(v.stream().mapToDouble(Double::doubleValue).toArray());
        }
        return Hypervolume.of(points, reference);
    }

    public static void main(String[] args) throws Exception {
        int seeds = 10;
        int[] budgets = {50, 100, 300};
        int zdtVariables = DEFAULT_ZDT_VARIABLES;
        int jobs = 10;
        List<String> only = List.of();
        boolean optuna = true;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--seeds" -> seeds = BenchArgs.positive(args, i++);
                case "--zdt-vars" -> zdtVariables = Math.max(2, BenchArgs.positive(args, i++));
                case "--budgets" -> budgets = budgets(args, i++);
                case "--jobs" -> jobs = BenchArgs.positive(args, i++);
                case "--problems" -> only = List.of(BenchArgs.valueOf(args, i++).split(","));
                case "--no-optuna" -> optuna = false;
                default -> throw BenchArgs.unknown(args[i],
                        "--seeds N, --budgets 50,100,300, --zdt-vars N, --problems ZDT1,ZDT2, --jobs N, --no-optuna");
            }
        }
        int trials = Arrays.stream(budgets).max().orElseThrow();
        List<MultiObjectiveProblems.Problem> problems = chosen(MultiObjectiveProblems.all(zdtVariables), only);
        String load = loadAverage();
        // Optuna's side is the slow one (its TPE in Python): its processes, one per group of problems, run while
        // ours does; both sides' proposal times are CPU times, which others' load inflates less than wall time
        // one process per problem and share of the seeds, collected in seed order
        List<Process> pythons = new ArrayList<>();
        if (optuna) {
            int share = Math.max(1, (int) Math.ceil(seeds * problems.size() / (double) jobs));
            share = Math.min(seeds, share);
            for (MultiObjectiveProblems.Problem problem : problems) {
                for (int first = 0; first < seeds; first += share) {
                    pythons.add(startOptuna(first, Math.min(share, seeds - first), trials, zdtVariables,
                            problem.name(), "NSGA-II,TPE"));
                }
            }
        }

        // values.get(problem).get(sampler) = one list of trial values per seed; problems run on threads of their own
        Map<String, Map<String, List<List<List<Double>>>>> values = new LinkedHashMap<>();
        Map<String, double[]> cost = new LinkedHashMap<>();
        Map<String, String> refused = new LinkedHashMap<>();
        for (var e : ourSamplers().entrySet()) {
            if (!e.getValue().apply(0).handlesSeveralObjectives()) {
                refused.put(e.getKey(), "ranks trials by one value (handlesSeveralObjectives() is false)");
            }
        }
        int seedCount = seeds;
        List<java.util.concurrent.CompletableFuture<Map<String, Object[]>>> ours = new ArrayList<>();
        for (MultiObjectiveProblems.Problem problem : problems) {
            ours.add(java.util.concurrent.CompletableFuture.supplyAsync(() -> {
                Map<String, Object[]> bySampler = new LinkedHashMap<>();
                for (var e : ourSamplers().entrySet()) {
                    if (refused.containsKey(e.getKey())) {
                        continue;
                    }
                    // one untimed run first: the costs are those of a study past its first proposals, not of the JIT
                    // compiling the sampler (a cold first run of nsga2 costs about four times a warm one)
                    run(problem, e.getValue().apply(WARM_UP_SEED), trials);
                    List<List<List<Double>>> runs = new ArrayList<>();
                    double ms = 0;
                    for (int s = 0; s < seedCount; s++) {
                        Run r = run(problem, e.getValue().apply(s), trials);
                        runs.add(r.values());
                        ms += r.proposalNanos() / 1e6;
                    }
                    bySampler.put(e.getKey(), new Object[] {runs, ms});
                }
                System.err.println("sweep4j done " + problem.name());
                return bySampler;
            }, java.util.concurrent.Executors.newSingleThreadExecutor()));
        }
        for (int k = 0; k < problems.size(); k++) {
            Map<String, List<List<List<Double>>>> bySampler = new LinkedHashMap<>();
            for (var e : ours.get(k).join().entrySet()) {
                @SuppressWarnings("unchecked")
                List<List<List<Double>>> runs = (List<List<List<Double>>>) e.getValue()[0];
                bySampler.put(e.getKey(), runs);
                double[] c = cost.computeIfAbsent(e.getKey(), x -> new double[2]);
                c[0] += (Double) e.getValue()[1];
                c[1] += (double) seedCount * trials;
            }
            values.put(problems.get(k).name(), bySampler);
        }
        String optunaVersion = null;
        for (Process python : pythons) {
            optunaVersion = collect(python, values, cost);
        }
        Map<String, double[]> alone = new LinkedHashMap<>();
        String loadAlone = loadAverage();
        if (optuna) {
            nsga2Alone(problems, seeds, trials, zdtVariables, alone);
        }
        String command = "./sweep bench multiobjective" + (args.length == 0 ? "" : " " + String.join(" ", args));
        String report = MultiObjectiveReport.write(command, load, seeds, budgets, zdtVariables, problems, values, cost,
                new MultiObjectiveReport.Alone(loadAlone, alone), refused, optunaVersion);
        System.out.println(report);
        if (optuna) {
            Path out = Path.of("results/benchmarks", "multiobjective"
                    + (zdtVariables == DEFAULT_ZDT_VARIABLES ? "" : "-zdt" + zdtVariables)
                    + (only.isEmpty() ? "" : "-" + String.join("-", only).toLowerCase(java.util.Locale.ROOT)) + ".md");
            Files.createDirectories(out.getParent());
            Files.writeString(out, report);
            System.err.println("wrote " + out);
        }
    }

    /** The problems named by {@code --problems}, in the benchmark's order; all of them when none is named. */
    private static List<MultiObjectiveProblems.Problem> chosen(List<MultiObjectiveProblems.Problem> all,
                                                               List<String> names) {
        List<String> known = all.stream().map(MultiObjectiveProblems.Problem::name).toList();
        for (String name : names) {
            if (!known.contains(name)) {
                throw new UsageException("--problems", name, "give problem names among " + String.join(",", known));
            }
        }
        return names.isEmpty() ? all : all.stream().filter(p -> names.contains(p.name())).toList();
    }

    private static int[] budgets(String[] args, int at) {
        String text = BenchArgs.valueOf(args, at);
        try {
            int[] b = Arrays.stream(text.split(",")).mapToInt(s -> Integer.parseInt(s.trim())).sorted().toArray();
            if (b.length > 0 && b[0] >= 1) {
                return b;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new UsageException(args[at], text, "give trial counts >= 1 separated by commas, e.g. --budgets 50,100,300");
    }

    /** Starts one Optuna process on some of the problems, with the project's copy of Optuna 4.9. */
    private static Process startOptuna(int firstSeed, int seeds, int trials, int zdtVariables, String problems,
                                       String samplers) throws IOException {
        ProcessBuilder pb = new ProcessBuilder(PYTHON, SCRIPT, "--first-seed", String.valueOf(firstSeed), "--seeds",
                String.valueOf(seeds), "--trials", String.valueOf(trials), "--zdt-vars", String.valueOf(zdtVariables),
                "--problems", problems, "--samplers", samplers)
                .redirectError(ProcessBuilder.Redirect.INHERIT);
        pb.environment().put("PYTHONPATH", OPTUNA_49.toAbsolutePath().toString());
        return pb.start();
    }

    /**
     * NSGA-II's proposal cost on both sides measured again, one side after the other with nothing else of the
     * benchmark running: the main phase times them while ten Optuna processes and our threads share the cores, whose
     * contention inflates each side by its own amount. The seeds and trials are the main phase's.
     */
    private static void nsga2Alone(List<MultiObjectiveProblems.Problem> problems, int seeds, int trials,
                                   int zdtVariables, Map<String, double[]> alone) throws Exception {
        double[] ours = alone.computeIfAbsent("sweep4j nsga2", k -> new double[2]);
        for (MultiObjectiveProblems.Problem problem : problems) {
            run(problem, Samplers.nsga2(WARM_UP_SEED), trials);
            for (int s = 0; s < seeds; s++) {
                ours[0] += run(problem, Samplers.nsga2(s), trials).proposalNanos() / 1e6;
                ours[1] += trials;
            }
        }
        Map<String, Map<String, List<List<List<Double>>>>> ignored = new LinkedHashMap<>();
        problems.forEach(p -> ignored.put(p.name(), new LinkedHashMap<>()));
        collect(startOptuna(0, seeds, trials, zdtVariables, String.join(",", ignored.keySet()), "NSGA-II"), ignored,
                alone);
    }

    /** Reads one Optuna process's values and costs into ours; returns the Optuna version it ran (4.9 only). */
    private static String collect(Process python, Map<String, Map<String, List<List<List<Double>>>>> values,
                                  Map<String, double[]> cost) throws Exception {
        JsonNode json;
        try (InputStream in = python.getInputStream()) {
            json = new ObjectMapper().readTree(new String(in.readAllBytes(), StandardCharsets.UTF_8));
        }
        if (python.waitFor() != 0 || json == null) {
            throw new IOException("the Optuna side failed (exit " + python.exitValue() + "): PYTHONPATH=" + OPTUNA_49
                    + " " + PYTHON + " " + SCRIPT);
        }
        String version = json.get("optuna").asText();
        if (!version.startsWith("4.9.")) {
            throw new IOException("the Optuna side loaded Optuna " + version + ", not 4.9: check " + OPTUNA_49);
        }
        for (var p = json.get("values").fields(); p.hasNext(); ) {
            var problem = p.next();
            for (var s = problem.getValue().fields(); s.hasNext(); ) {
                var sampler = s.next();
                List<List<List<Double>>> runs = new ArrayList<>();
                for (JsonNode run : sampler.getValue()) {
                    List<List<Double>> trialValues = new ArrayList<>();
                    for (JsonNode v : run) {
                        List<Double> one = new ArrayList<>();
                        v.forEach(x -> one.add(x.asDouble()));
                        trialValues.add(one);
                    }
                    runs.add(trialValues);
                }
                values.get(problem.getKey()).computeIfAbsent("Optuna " + version + " " + sampler.getKey(),
                        k -> new ArrayList<>()).addAll(runs);
            }
        }
        for (var m = json.get("cpu_ms").fields(); m.hasNext(); ) {
            var e = m.next();
            double[] c = cost.computeIfAbsent("Optuna " + version + " " + e.getKey(), k -> new double[2]);
            c[0] += e.getValue().asDouble();
            c[1] += json.get("trials").get(e.getKey()).asDouble();
        }
        return version;
    }

    static String loadAverage() {
        try {
            String[] fields = Files.readString(Path.of("/proc/loadavg")).trim().split("\\s+");
            return String.join(" ", Arrays.asList(fields).subList(0, Math.min(3, fields.length)));
        } catch (IOException e) {
            return String.valueOf(ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
        }
    }

    private MultiObjectiveBenchmark() {
    }
}
