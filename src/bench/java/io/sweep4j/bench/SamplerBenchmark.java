package io.sweep4j.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.sweep4j.sampler.Proposal;
import io.sweep4j.sampler.RandomSampler;
import io.sweep4j.sampler.Sampler;
import io.sweep4j.sampler.Samplers;
import io.sweep4j.sampler.SamplingContext;
import io.sweep4j.space.Params;
import io.sweep4j.trial.Direction;
import io.sweep4j.trial.FrozenTrial;
import io.sweep4j.trial.History;
import io.sweep4j.trial.TrialState;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.LongFunction;

/**
 * Sampler quality and cost, ours next to Optuna's (run by {@code src/bench/python/optuna_samplers.py} as a child
 * process): median and IQR of the regret after 25/50/100 trials over 10 seeds, and ms per proposal with 1 000 and
 * 3 000 stored trials. Writes {@code results/benchmarks/samplers.md}.
 *
 * <p>Run: {@code ./sweep bench samplers}
 * (options: {@code --seeds N}, {@code --trials N}, {@code --no-optuna}, {@code --only NAME}).
 */
public final class SamplerBenchmark {
    static final int[] CHECKPOINTS = {25, 50, 100};
    static final String PYTHON = "/usr/bin/python3";
    static final String SCRIPT = "src/bench/python/optuna_samplers.py";

    /** The defaults before this benchmark's last round of tuning, kept in the table to show what changed. */
    static final String GA_OLD = "sweep4j GA, old default (pop. 16, tournament 3, σ 0.1)";
    static final String TPE_OLD = "sweep4j TPE, old default (10 start-up, prior 1)";

    static Map<String, LongFunction<Sampler>> ourSamplers() {
        Map<String, LongFunction<Sampler>> m = new LinkedHashMap<>();
        m.put("sweep4j random", Samplers::random);
        m.put("sweep4j sobol", Samplers::sobol);
        m.put("sweep4j GA", seed -> Samplers.genetic().seed(seed));
        m.put("sweep4j GA generational", seed -> Samplers.genetic().seed(seed).generational());
        m.put(GA_OLD, seed -> Samplers.genetic().seed(seed).population(16).tournament(3).mutationSigma(0.1));
        m.put("sweep4j TPE", Samplers::tpe);
        m.put(TPE_OLD, seed -> Samplers.tpe(seed).startupTrials(10).priorWeight(1.0));
        m.put("sweep4j TPE univariate", seed -> Samplers.tpe(seed).multivariate(false));
        return m;
    }

    /** Runs one seeded optimization; returns the best value after each of {@code trials} trials. */
    static double[] run(SamplerProblems.Problem problem, Sampler sampler, int trials) {
        List<FrozenTrial> stored = new ArrayList<>();
        double[] bestSoFar = new double[trials];
        double best = Double.POSITIVE_INFINITY;
        for (int n = 0; n < trials; n++) {
            History history = new History(Direction.MINIMIZE, stored);
            Proposal proposal = sampler.propose(new SamplingContext(problem.space(), Direction.MINIMIZE, n,
                    () -> history)).orElseThrow();
            double value = problem.objective().applyAsDouble(proposal.params());
            stored.add(trial(n, TrialState.COMPLETE, value, proposal));
            best = Math.min(best, value);
            bestSoFar[n] = best;
        }
        return bestSoFar;
    }

    static FrozenTrial trial(int n, TrialState state, Double value, Proposal proposal) {
        return new FrozenTrial(n, n, state, value, proposal.params(), Map.of(), new TreeMap<>(), Map.of(),
                proposal.systemAttributes(), Instant.EPOCH, Instant.EPOCH);
    }

    /** Mean CPU ms of one proposal with {@code stored} random trials in history (mixed space). */
    static double proposalMillis(Sampler sampler, int stored) {
        SamplerProblems.Problem mixed = SamplerProblems.all().get(2);
        List<FrozenTrial> trials = new ArrayList<>();
        RandomSampler random = Samplers.random(99);
        for (int n = 0; n < stored; n++) {
            Params p = random.propose(new SamplingContext(mixed.space(), Direction.MINIMIZE, n, () -> null))
                    .orElseThrow().params();
            trials.add(trial(n, TrialState.COMPLETE, mixed.objective().applyAsDouble(p), Proposal.of(p)));
        }
        History history = new History(Direction.MINIMIZE, trials);
        int reps = 40;
        for (int i = 0; i < reps; i++) {
            sampler.propose(new SamplingContext(mixed.space(), Direction.MINIMIZE, stored + i, () -> history));
        }
        // CPU time of this thread: other processes on a shared machine inflate wall time, not this
        var threads = java.lang.management.ManagementFactory.getThreadMXBean();
        long start = threads.getCurrentThreadCpuTime();
        for (int i = 0; i < reps; i++) {
            sampler.propose(new SamplingContext(mixed.space(), Direction.MINIMIZE, stored + reps + i,
                    () -> history));
        }
        return (threads.getCurrentThreadCpuTime() - start) / 1e6 / reps;
    }

    /** Regrets per checkpoint: [checkpoint][seed]. */
    static double[][] regrets(double[][] bestSoFarBySeed, double optimum) {
        double[][] r = new double[CHECKPOINTS.length][bestSoFarBySeed.length];
        for (int c = 0; c < CHECKPOINTS.length; c++) {
            for (int s = 0; s < bestSoFarBySeed.length; s++) {
                double[] curve = bestSoFarBySeed[s];
                r[c][s] = curve[Math.min(curve.length, CHECKPOINTS[c]) - 1] - optimum;
            }
        }
        return r;
    }

    static double quantile(double[] values, double q) {
        double[] v = values.clone();
        Arrays.sort(v);
        double pos = q * (v.length - 1);
        int lo = (int) Math.floor(pos);
        int hi = (int) Math.ceil(pos);
        return v[lo] + (pos - lo) * (v[hi] - v[lo]);
    }

    static String cell(double[] values) {
        return String.format(Locale.ROOT, "%s [%s–%s]", fmt(quantile(values, 0.5)), fmt(quantile(values, 0.25)),
                fmt(quantile(values, 0.75)));
    }

    static String fmt(double v) {
        if (v == 0) {
            return "0";
        }
        return Math.abs(v) >= 0.01 ? String.format(Locale.ROOT, "%.3f", v) : String.format(Locale.ROOT, "%.1e", v);
    }

    public static void main(String[] args) throws Exception {
        int seeds = 10;
        int trials = 100;
        boolean optuna = true;
        String only = null;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--seeds" -> seeds = Integer.parseInt(args[++i]);
                case "--trials" -> trials = Integer.parseInt(args[++i]);
                case "--no-optuna" -> optuna = false;
                case "--only" -> only = args[++i];
                case "--timing" -> {
                    // profiling aid: proposals at 3 000 stored trials, repeated
                    for (int k = 0; k < 10; k++) {
                        System.out.println(proposalMillis(Samplers.tpe(1), 3000));
                    }
                    return;
                }
                default -> throw new IllegalArgumentException("unknown option " + args[i]);
            }
        }
        String build = buildDir();
        String command = "java -cp " + build + "/classes:$(cat " + build + "/classpath.txt) "
                + "io.sweep4j.bench.SamplerBenchmark" + (args.length == 0 ? "" : " " + String.join(" ", args));

        // regrets.get(problem).get(sampler) = [checkpoint][seed]
        Map<String, Map<String, double[][]>> regrets = new LinkedHashMap<>();
        for (SamplerProblems.Problem problem : SamplerProblems.all()) {
            Map<String, double[][]> bySampler = new LinkedHashMap<>();
            for (var e : ourSamplers().entrySet()) {
                if (only != null && !e.getKey().contains(only)) {
                    continue;
                }
                double[][] curves = new double[seeds][];
                for (int s = 0; s < seeds; s++) {
                    curves[s] = run(problem, e.getValue().apply(s), trials);
                }
                bySampler.put(e.getKey(), regrets(curves, problem.optimum()));
            }
            regrets.put(problem.name(), bySampler);
            System.err.println("done " + problem.name());
        }
        Map<String, double[]> millis = new LinkedHashMap<>();
        if (only == null) {
            millis.put("sweep4j TPE", new double[] {proposalMillis(Samplers.tpe(1), 1000),
                    proposalMillis(Samplers.tpe(1), 3000)});
            millis.put("sweep4j TPE univariate", new double[] {
                    proposalMillis(Samplers.tpe(1).multivariate(false), 1000),
                    proposalMillis(Samplers.tpe(1).multivariate(false), 3000)});
            millis.put("sweep4j GA", new double[] {proposalMillis(Samplers.genetic().seed(1), 1000),
                    proposalMillis(Samplers.genetic().seed(1), 3000)});
        }

        if (optuna) {
            // run after our side, not beside it: both sides' timings need the cores to themselves
            Process python = new ProcessBuilder(PYTHON, SCRIPT, "--seeds", String.valueOf(seeds), "--trials",
                    String.valueOf(trials)).redirectError(ProcessBuilder.Redirect.INHERIT).start();
            JsonNode json;
            try (InputStream in = python.getInputStream()) {
                json = new ObjectMapper().readTree(new String(in.readAllBytes(), StandardCharsets.UTF_8));
            }
            if (python.waitFor() != 0) {
                throw new IOException("the Optuna side failed: " + PYTHON + " " + SCRIPT);
            }
            for (SamplerProblems.Problem problem : SamplerProblems.all()) {
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
                    regrets.get(problem.name()).put("optuna " + e.getKey(), regrets(curves, problem.optimum()));
                }
            }
            JsonNode t = json.get("millis");
            millis.put("optuna TPE", new double[] {t.get("1000").asDouble(), t.get("3000").asDouble()});
        }

        String report = report(command, seeds, trials, regrets, millis);
        System.out.println(report);
        if (only == null && optuna) {
            Path out = Path.of("results/benchmarks/samplers.md");
            Files.createDirectories(out.getParent());
            Files.writeString(out, report);
            System.err.println("wrote " + out);
        }
    }

    /** The build directory these classes were loaded from, relative to the work tree, so the report names it. */
    static String buildDir() {
        try {
            Path classes = Path.of(SamplerBenchmark.class.getProtectionDomain().getCodeSource().getLocation().toURI());
            Path dir = classes.getParent();
            Path cwd = Path.of("").toAbsolutePath();
            return dir.startsWith(cwd) ? cwd.relativize(dir).toString() : dir.toString();
        } catch (Exception e) {
            return "target";
        }
    }

    static String report(String command, int seeds, int trials, Map<String, Map<String, double[][]>> regrets,
                         Map<String, double[]> millis) {
        StringBuilder sb = new StringBuilder();
        sb.append("# Sampler benchmark: sweep4j vs Optuna ").append("\n\n");
        sb.append("Date: ").append(LocalDate.now()).append(". Command (from the work tree, after `mvn -B -q -o -Dsweep4j.buildDir=")
                .append(buildDir()).append(" -DskipTests compile`):\n\n```\n").append(command).append("\n```\n\n");
        sb.append(seeds).append(" seeds x ").append(trials).append(" trials per sampler, sequential ask-tell, in memory. ")
                .append("Cells: median regret [25th–75th percentile] of the best value found after 25 / 50 / 100 trials ")
                .append("(lower is better). Optuna 3.1.0 (Debian python3-optuna) with default settings, run by ")
                .append("`").append(SCRIPT).append("` with `").append(PYTHON).append("`. Problems and the mixed objective ")
                .append("are defined in `SamplerBenchmark.java` and mirrored in the Python script.\n\n");
        for (var p : regrets.entrySet()) {
            sb.append("## ").append(p.getKey()).append("\n\n| sampler | 25 trials | 50 trials | 100 trials |\n|---|---|---|---|\n");
            for (var s : p.getValue().entrySet()) {
                sb.append("| ").append(s.getKey());
                for (double[] r : s.getValue()) {
                    sb.append(" | ").append(cell(r));
                }
                sb.append(" |\n");
            }
            sb.append("\n");
        }
        if (!millis.isEmpty()) {
            sb.append("## Sampling cost (mixed six-parameter space, ms per proposal, in memory)\n\n")
                    .append("History of random COMPLETE trials; mean CPU time (not wall time, so other load on the machine does not skew the ratio) over 40 proposals after 40 warm-up ones. Optuna: ")
                    .append("`study.ask()` + six `suggest_*` + `study.tell()` on an in-memory study holding the same ")
                    .append("number of trials.\n\n| sampler | 1 000 stored | 3 000 stored | ratio to Optuna TPE (1 000 / 3 000) |\n|---|---|---|---|\n");
            double[] ref = millis.get("optuna TPE");
            for (var e : millis.entrySet()) {
                sb.append("| ").append(e.getKey()).append(" | ").append(String.format(Locale.ROOT, "%.2f", e.getValue()[0]))
                        .append(" | ").append(String.format(Locale.ROOT, "%.2f", e.getValue()[1])).append(" | ");
                if (ref != null) {
                    sb.append(String.format(Locale.ROOT, "%.3f / %.3f", e.getValue()[0] / ref[0], e.getValue()[1] / ref[1]));
                }
                sb.append(" |\n");
            }
        }
        targets(sb, regrets, millis);
        return sb.toString();
    }

    /** Issue #4's three targets, each read from the tables above. */
    static void targets(StringBuilder sb, Map<String, Map<String, double[][]>> regrets, Map<String, double[]> millis) {
        sb.append("\n## Targets (issue #4), read from the tables above\n\n");
        StringBuilder tpe = new StringBuilder();
        boolean tpeMet = true;
        StringBuilder ga = new StringBuilder();
        boolean gaMet = true;
        for (var p : regrets.entrySet()) {
            double[][] ours = p.getValue().get("sweep4j TPE");
            double[][] optuna = p.getValue().get("optuna TPE");
            if (ours != null && optuna != null) {
                tpe.append(tpe.isEmpty() ? "" : "; ").append(p.getKey()).append(" ");
                for (int c = 0; c < CHECKPOINTS.length; c++) {
                    double a = quantile(ours[c], 0.5);
                    double b = quantile(optuna[c], 0.5);
                    tpeMet &= a <= b;
                    tpe.append(c == 0 ? "" : ", ").append(fmt(a)).append(a <= b ? " ≤ " : " > ").append(fmt(b));
                }
            }
            double[][] gaRegret = p.getValue().get("sweep4j GA");
            double[][] random = p.getValue().get("sweep4j random");
            if (gaRegret != null && random != null) {
                int last = CHECKPOINTS.length - 1;
                double a = quantile(gaRegret[last], 0.5);
                double half = quantile(random[last], 0.5) / 2;
                gaMet &= a <= half;
                ga.append(ga.isEmpty() ? "" : "; ").append(p.getKey()).append(" ").append(fmt(a))
                        .append(a <= half ? " ≤ " : " > ").append(fmt(half));
            }
        }
        // a run of some samplers only (--only, --no-optuna) compares nothing: say so rather than call it met
        sb.append("- Our TPE's median regret ≤ Optuna TPE's at 25 / 50 / 100 trials: **")
                .append(tpe.isEmpty() ? "not measured in this run" : tpeMet ? "met in every cell"
                        : "not met in every cell").append("** (").append(tpe).append(").\n");
        sb.append("- Our default GA's median regret at 100 trials ≤ ½ of our random search's: **")
                .append(ga.isEmpty() ? "not measured in this run" : gaMet ? "met on all three" : "not met on all three")
                .append("** (").append(ga).append(").\n");
        double[] ourCost = millis.get("sweep4j TPE");
        double[] ref = millis.get("optuna TPE");
        if (ourCost != null && ref != null) {
            boolean met = ourCost[0] <= ref[0] / 10 && ourCost[1] <= ref[1] / 10;
            sb.append("- Our TPE's CPU time per proposal ≤ 1/10 of Optuna TPE's: **").append(met ? "met" : "not met")
                    .append(String.format(Locale.ROOT, "** (ratio %.3f at 1 000 and %.3f at 3 000 stored trials).%n",
                            ourCost[0] / ref[0], ourCost[1] / ref[1]));
        }
    }

    private SamplerBenchmark() {
    }
}
