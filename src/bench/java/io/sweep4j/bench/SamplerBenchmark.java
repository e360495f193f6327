package io.sweep4j.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.sweep4j.sampler.Proposal;
import io.sweep4j.sampler.RandomSampler;
import io.sweep4j.sampler.Sampler;
import io.sweep4j.sampler.Samplers;
import io.sweep4j.sampler.SamplingContext;
import io.sweep4j.space.Params;
import io.sweep4j.space.UsageException;
import io.sweep4j.trial.Direction;
import io.sweep4j.trial.FrozenTrial;
import io.sweep4j.trial.History;
import io.sweep4j.trial.TrialState;
import java.io.IOException;
import java.io.InputStream;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.LongFunction;

/**
 * Sampler quality and cost, ours next to Optuna 4.9's (run by {@code src/bench/python/optuna_samplers.py} as a child
 * process): median and IQR of the regret after 10/25/50/100 (200/300) trials over 10 seeds on five landscapes,
 * Mann-Whitney p-values for the GP's comparisons, and ms per proposal. Writes {@code results/benchmarks/samplers.md},
 * keeping the earlier runs the file holds below the new tables.
 *
 * <p>Run: {@code ./sweep bench samplers} (options: {@code --seeds N}, {@code --trials N}, {@code --no-optuna},
 * {@code --only NAME}: our samplers whose column contains NAME, nothing written; {@code --switch 15,30,50}: auto
 * at each of these switch points too, written to {@code samplers-switch.md}).
 */
public final class SamplerBenchmark {
    static final int[] CHECKPOINTS = {10, 25, 50, 100, 200, 300};
    static final String PYTHON = "/usr/bin/python3";
    static final String SCRIPT = "src/bench/python/optuna_samplers.py";
    static final Path OPTUNA_49 = Path.of("src", "test", "python", "third_party", "optuna-4.9.0");
    static final String OPTUNA_VERSION = "4.9.0";
    static final Path OUT = Path.of("results/benchmarks/samplers.md");

    static final String TPE = "sweep4j TPE";
    static final String OPTUNA_TPE = "Optuna 4.9 TPE";
    static final String OPTUNA_TPE_MV = "Optuna 4.9 TPE multivariate";

    /** Our columns, in table order; with {@code switches}, auto once per switch point as well. */
    static Map<String, LongFunction<Sampler>> ourSamplers(int[] switches) {
        Map<String, LongFunction<Sampler>> m = new LinkedHashMap<>();
        m.put(SamplerReport.GP, Samplers::gp);
        m.put(SamplerReport.AUTO, Samplers::auto);
        for (int at : switches) {
            m.put(SamplerReport.AUTO + ", switch at " + at, seed -> Samplers.auto(seed).switchAt(at));
        }
        m.put(TPE, Samplers::tpe);
        m.put("sweep4j GA", seed -> Samplers.genetic().seed(seed));
        m.put("sweep4j random", Samplers::random);
        return m;
    }

    /**
     * Runs one seeded optimization, observing the problem's noisy values; returns, after each of {@code trials}
     * trials, the noise-free value of the trial with the best observed value (what a user would pick).
     */
    static double[] run(SamplerProblems.Problem problem, Sampler sampler, int trials, long seed) {
        List<FrozenTrial> stored = new ArrayList<>();
        double[] picked = new double[trials];
        double bestObserved = Double.POSITIVE_INFINITY;
        double bestTruth = Double.NaN;
        for (int n = 0; n < trials; n++) {
            History history = new History(Direction.MINIMIZE, stored);
            Proposal proposal = sampler.propose(new SamplingContext(problem.space(), Direction.MINIMIZE, n,
                    () -> history)).orElseThrow();
            double observed = problem.observe(proposal.params(), seed, n);
            stored.add(trial(n, observed, proposal));
            if (observed < bestObserved) {
                bestObserved = observed;
                bestTruth = problem.objective().applyAsDouble(proposal.params());
            }
            picked[n] = bestTruth;
        }
        return picked;
    }

    static FrozenTrial trial(int n, double value, Proposal proposal) {
        return new FrozenTrial(n, n, TrialState.COMPLETE, value, proposal.params(), Map.of(), new TreeMap<>(), Map.of(),
                proposal.systemAttributes(), Instant.EPOCH, Instant.EPOCH);
    }

    /** Ms of one proposal with {@code stored} random trials of {@code problem} in history: {CPU of the JVM, wall}. */
    static double[] proposalMillis(SamplerProblems.Problem problem, Sampler sampler, int stored, int reps) {
        List<FrozenTrial> trials = new ArrayList<>();
        RandomSampler random = Samplers.random(99);
        for (int n = 0; n < stored; n++) {
            Params p = random.propose(new SamplingContext(problem.space(), Direction.MINIMIZE, n, () -> null))
                    .orElseThrow().params();
            trials.add(trial(n, problem.observe(p, 99, n), Proposal.of(p)));
        }
        History history = new History(Direction.MINIMIZE, trials);
        for (int i = 0; i < Math.max(3, reps / 2); i++) {
            sampler.propose(new SamplingContext(problem.space(), Direction.MINIMIZE, stored + i, () -> history));
        }
        // CPU time of the whole process, so work a sampler hands to other threads counts too, and other processes
        // on the shared machine do not; the wall time beside it shows what a user waits
        var os = (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        long cpu = os.getProcessCpuTime();
        long wall = System.nanoTime();
        for (int i = 0; i < reps; i++) {
            sampler.propose(new SamplingContext(problem.space(), Direction.MINIMIZE, stored + reps + i,
                    () -> history));
        }
        return new double[] {(os.getProcessCpuTime() - cpu) / 1e6 / reps, (System.nanoTime() - wall) / 1e6 / reps};
    }

    /** Regrets per checkpoint: [checkpoint][seed]. */
    static double[][] regrets(double[][] pickedBySeed, double optimum, int[] checkpoints) {
        double[][] r = new double[checkpoints.length][pickedBySeed.length];
        for (int c = 0; c < checkpoints.length; c++) {
            for (int s = 0; s < pickedBySeed.length; s++) {
                double[] curve = pickedBySeed[s];
                r[c][s] = curve[Math.min(curve.length, checkpoints[c]) - 1] - optimum;
            }
        }
        return r;
    }

    /** The options of one run. */
    record Options(int seeds, int trials, boolean optuna, String only, int[] switches) {
        static Options parse(String[] args) {
            int seeds = 10;
            int trials = 100;
            boolean optuna = true;
            String only = null;
            int[] switches = {};
            for (int i = 0; i < args.length; i++) {
                switch (args[i]) {
                    case "--seeds" -> seeds = BenchArgs.positive(args, i++);
                    case "--trials" -> trials = BenchArgs.positive(args, i++);
                    case "--no-optuna" -> optuna = false;
                    case "--only" -> only = BenchArgs.valueOf(args, i++);
                    case "--switch" -> switches = switches(args, i++);
                    default -> throw BenchArgs.unknown(args[i],
                            "--seeds N, --trials N, --no-optuna, --only NAME, --switch N,M,...");
                }
            }
            if (trials < 10) {
                throw new UsageException("--trials", trials, "give at least 10 (the first column is at 10 trials)");
            }
            return new Options(seeds, trials, optuna, only, switches);
        }

        /** {@code --switch 15,30,50}: auto's switch points to compare, each a whole number >= 0. */
        private static int[] switches(String[] args, int at) {
            String text = BenchArgs.valueOf(args, at);
            try {
                int[] s = java.util.Arrays.stream(text.split(",")).mapToInt(x -> Integer.parseInt(x.trim())).toArray();
                if (java.util.Arrays.stream(s).allMatch(x -> x >= 0)) {
                    return s;
                }
            } catch (NumberFormatException e) {
                // reported below
            }
            throw new UsageException(args[at], text,
                    "give whole numbers >= 0 separated by commas, e.g. --switch 15,30");
        }

        int[] checkpoints() {
            return java.util.Arrays.stream(CHECKPOINTS).filter(c -> c <= trials).toArray();
        }
    }

    public static void main(String[] args) throws Exception {
        Options o = Options.parse(args);
        Process python = null;
        if (o.optuna()) {
            checkPython();
            // beside our side, not after it: both sides' timings are CPU times, and on a machine shared with other
            // work the two at once take half the wall time
            python = startPython(o);
        }
        String load = loadAverage();
        long started = System.nanoTime();
        int[] checkpoints = o.checkpoints();
        List<SamplerProblems.Problem> problems = SamplerProblems.all();

        // regrets.get(problem).get(sampler) = [checkpoint][seed]
        Map<String, Map<String, double[][]>> regrets = new LinkedHashMap<>();
        for (SamplerProblems.Problem problem : problems) {
            Map<String, double[][]> bySampler = new LinkedHashMap<>();
            for (var e : ourSamplers(o.switches()).entrySet()) {
                if (o.only() != null && !e.getKey().contains(o.only())) {
                    continue;
                }
                if (e.getKey().equals(SamplerReport.AUTO) && bySampler.containsKey(SamplerReport.GP)
                        && o.trials() <= Samplers.auto(0).switchPoint()) {
                    // auto proposes exactly what the GP does before its switch (AutoSamplerTest): no second run
                    bySampler.put(e.getKey(), bySampler.get(SamplerReport.GP));
                    continue;
                }
                double[][] curves = new double[o.seeds()][];
                for (int s = 0; s < o.seeds(); s++) {
                    curves[s] = run(problem, e.getValue().apply(s), o.trials(), s);
                }
                bySampler.put(e.getKey(), regrets(curves, problem.optimum(), checkpoints));
                System.err.println("done " + problem.name() + " " + e.getKey());
            }
            regrets.put(problem.name(), bySampler);
        }
        Map<String, double[]> millis = new LinkedHashMap<>();
        if (o.only() == null) {
            SamplerProblems.Problem mixed6 = problems.get(2);
            millis.put(TPE, new double[] {proposalMillis(mixed6, Samplers.tpe(1), 1000, 40)[0],
                    proposalMillis(mixed6, Samplers.tpe(1), 3000, 40)[0]});
        }
        Map<String, double[][]> gpMillis = new LinkedHashMap<>();
        if (o.only() == null) {
            for (SamplerProblems.Problem problem : List.of(problems.get(2), problems.get(3))) {
                gpMillis.put("sweep4j GP, " + problem.name(), new double[][] {
                        proposalMillis(problem, Samplers.gp(1), 100, 10),
                        proposalMillis(problem, Samplers.gp(1), 300, 6)});
                gpMillis.put("sweep4j TPE, " + problem.name(), new double[][] {
                        proposalMillis(problem, Samplers.tpe(1), 100, 40),
                        proposalMillis(problem, Samplers.tpe(1), 300, 40)});
            }
        }
        String optunaVersion = null;
        if (o.optuna()) {
            JsonNode json = readPython(python);
            optunaVersion = json.get("optuna").asText();
            for (SamplerProblems.Problem problem : problems) {
                JsonNode p = json.get("curves").get(problem.name());
                for (var it = p.fields(); it.hasNext(); ) {
                    var e = it.next();
                    double[][] curves = new double[e.getValue().size()][];
                    for (int s = 0; s < curves.length; s++) {
                        JsonNode c = e.getValue().get(s);
                        curves[s] = new double[c.size()];
                        for (int k = 0; k < c.size(); k++) {
                            curves[s][k] = c.get(k).asDouble();
                        }
                    }
                    regrets.get(problem.name()).put(e.getKey(), regrets(curves, problem.optimum(), checkpoints));
                }
            }
            JsonNode t = json.get("millis");
            millis.put(OPTUNA_TPE, new double[] {t.get("1000").asDouble(), t.get("3000").asDouble()});
        }
        String command = "./sweep bench samplers" + (args.length == 0 ? "" : " " + String.join(" ", args));
        SamplerReport report = new SamplerReport(command, o, checkpoints, problems, optunaVersion, load,
                loadAverage(), (System.nanoTime() - started) / 60e9, regrets, millis, gpMillis);
        String text = report.markdown();
        System.out.println(text);
        if (o.only() == null && o.optuna()) {
            // a comparison of switch points goes to a file of its own, beside the default table
            Path out = o.switches().length == 0 ? OUT : OUT.resolveSibling("samplers-switch.md");
            Files.createDirectories(out.getParent());
            Files.writeString(out, text + earlierRuns(out));
            System.err.println("wrote " + out);
        }
    }

    /**
     * What to keep below the new run: the earlier runs the file holds (below {@link SamplerReport#EARLIER}), or, in a
     * file without that heading, all of it below one, so no run overwrites what it did not write.
     */
    static String earlierRuns(Path out) throws IOException {
        if (!Files.exists(out)) {
            return "";
        }
        String old = Files.readString(out);
        int at = old.indexOf(SamplerReport.EARLIER);
        return "\n" + (at < 0 ? SamplerReport.EARLIER + "\n\n" + old : old.substring(at));
    }

    /** Refuses to start unless the Optuna the script would load is 4.9 (Debian's python3-optuna is 3.1). */
    static void checkPython() throws IOException, InterruptedException {
        ProcessBuilder pb = new ProcessBuilder(PYTHON, "-c", "import optuna; print(optuna.__version__)");
        pb.environment().put("PYTHONPATH", OPTUNA_49.toAbsolutePath().toString());
        Process p = pb.redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
        if (p.waitFor() != 0 || !out.equals(OPTUNA_VERSION)) {
            throw new IllegalStateException("the Optuna side needs Optuna " + OPTUNA_VERSION + " from " + OPTUNA_49
                    + " under " + PYTHON + ", which loads " + out + "; run from the work tree, or pass --no-optuna");
        }
    }

    private static Process startPython(Options o) throws IOException {
        ProcessBuilder pb = new ProcessBuilder(PYTHON, SCRIPT, "--seeds", String.valueOf(o.seeds()), "--trials",
                String.valueOf(o.trials())).redirectError(ProcessBuilder.Redirect.INHERIT);
        pb.environment().put("PYTHONPATH", OPTUNA_49.toAbsolutePath().toString());
        return pb.start();
    }

    private static JsonNode readPython(Process python) throws IOException, InterruptedException {
        JsonNode json;
        try (InputStream in = python.getInputStream()) {
            json = new ObjectMapper().readTree(new String(in.readAllBytes(), StandardCharsets.UTF_8));
        }
        if (python.waitFor() != 0) {
            throw new IOException("the Optuna side failed: " + PYTHON + " " + SCRIPT);
        }
        return json;
    }

    /** The machine's load average (1, 5, 15 minutes) and core count, for the report. */
    static String loadAverage() {
        try {
            String[] f = Files.readString(Path.of("/proc/loadavg")).trim().split("\\s+");
            return f[0] + " / " + f[1] + " / " + f[2] + " on " + Runtime.getRuntime().availableProcessors() + " cores";
        } catch (IOException e) {
            return "unknown (no /proc/loadavg)";
        }
    }

    private SamplerBenchmark() {
    }
}
