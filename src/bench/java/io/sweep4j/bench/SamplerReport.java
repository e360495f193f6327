package io.sweep4j.bench;

import io.sweep4j.sampler.Samplers;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.commons.math3.stat.inference.MannWhitneyUTest;

/** The markdown {@link SamplerBenchmark} writes: regret tables, the GP's comparisons with p-values, costs, targets. */
final class SamplerReport {
    /** The heading above the earlier runs a results file keeps. */
    static final String EARLIER = "# Earlier runs";
    static final String GP = "sweep4j GP";
    static final String AUTO = "sweep4j auto";

    private final String command;
    private final SamplerBenchmark.Options options;
    private final int[] checkpoints;
    private final List<SamplerProblems.Problem> problems;
    private final String optunaVersion;
    private final String loadBefore;
    private final String loadAfter;
    private final double minutes;
    private final Map<String, Map<String, double[][]>> regrets;
    private final Map<String, double[]> millis;
    private final Map<String, double[][]> gpMillis;

    SamplerReport(String command, SamplerBenchmark.Options options, int[] checkpoints,
                  List<SamplerProblems.Problem> problems, String optunaVersion, String loadBefore, String loadAfter,
                  double minutes, Map<String, Map<String, double[][]>> regrets, Map<String, double[]> millis,
                  Map<String, double[][]> gpMillis) {
        this.command = command;
        this.options = options;
        this.checkpoints = checkpoints;
        this.problems = problems;
        this.optunaVersion = optunaVersion;
        this.loadBefore = loadBefore;
        this.loadAfter = loadAfter;
        this.minutes = minutes;
        this.regrets = regrets;
        this.millis = millis;
        this.gpMillis = gpMillis;
    }

    static double quantile(double[] values, double q) {
        double[] v = values.clone();
        Arrays.sort(v);
        double pos = q * (v.length - 1);
        int lo = (int) Math.floor(pos);
        int hi = (int) Math.ceil(pos);
        return v[lo] + (pos - lo) * (v[hi] - v[lo]);
    }

    static double median(double[] values) {
        return quantile(values, 0.5);
    }

    static String cell(double[] values) {
        return String.format(Locale.ROOT, "%s [%s–%s]", fmt(median(values)), fmt(quantile(values, 0.25)),
                fmt(quantile(values, 0.75)));
    }

    static String fmt(double v) {
        if (v == 0) {
            return "0";
        }
        return Math.abs(v) >= 0.01 ? String.format(Locale.ROOT, "%.3f", v) : String.format(Locale.ROOT, "%.1e", v);
    }

    /** Two-sided Mann-Whitney U p-value (normal approximation with tie correction, Commons Math). */
    static double pValue(double[] a, double[] b) {
        return new MannWhitneyUTest().mannWhitneyUTest(a, b);
    }

    private int at(int trials) {
        for (int c = 0; c < checkpoints.length; c++) {
            if (checkpoints[c] == trials) {
                return c;
            }
        }
        return -1;
    }

    String markdown() {
        StringBuilder sb = new StringBuilder();
        sb.append("# Sampler benchmark: sweep4j vs Optuna ").append(optunaVersion == null ? "(not run)" : optunaVersion)
                .append("\n\n");
        sb.append("Date: ").append(ZonedDateTime.now(ZoneOffset.UTC).format(DateTimeFormatter.ofPattern(
                "yyyy-MM-dd HH:mm 'UTC'"))).append(". Command, from the work tree:\n\n```\n").append(command)
                .append("\n```\n\n");
        sb.append(String.format(Locale.ROOT, "Load average (1 / 5 / 15 min) at the start: %s; at the end: %s. "
                + "The run took %.1f minutes.%n%n", loadBefore, loadAfter, minutes));
        sb.append(options.seeds()).append(" seeds (0 to ").append(options.seeds() - 1).append(") x ")
                .append(options.trials()).append(" trials per sampler, sequential ask-tell, in memory. Cells: median "
                + "regret [25th–75th percentile] over the seeds of the trial a user would pick after n trials (the "
                + "best observed value), measured on its noise-free value; lower is better. cnn7 and boost7 add "
                + "Gaussian noise (σ 0.002) to every observed value, the same draw for every sampler at a given "
                + "seed and trial number. Optuna ").append(optunaVersion == null ? "(not run)" : optunaVersion)
                .append(" (pure Python, `").append(SamplerBenchmark.OPTUNA_49).append("`, version checked before "
                + "the run) with `TPESampler(seed=s)` and `TPESampler(seed=s, multivariate=True)`, run by `")
                .append(SamplerBenchmark.SCRIPT).append("` with `").append(SamplerBenchmark.PYTHON).append("`. ")
                .append("Landscapes are defined in `SamplerProblems.java` and mirrored in the Python script "
                + "(`SamplerProblemsMirrorTest` checks both give the same values and noise). Our samplers are the "
                + "defaults of `Samplers`: GP `").append(Samplers.gp(0).describe()).append("`, auto `")
                .append(Samplers.auto(0).describe()).append("`")
                .append(options.trials() <= Samplers.auto(0).switchPoint() ? "; in runs no longer than auto's switch "
                        + "point auto proposes exactly what the GP does (`AutoSamplerTest`), so its column is the GP's "
                        + "run, not a second one" : "").append(".\n\n");
        for (SamplerProblems.Problem problem : problems) {
            Map<String, double[][]> bySampler = regrets.get(problem.name());
            sb.append("## ").append(problem.name()).append(" (").append(problem.space().size())
                    .append(" parameters").append(problem.noise() > 0 ? ", noisy" : "").append(")\n\n| trials |");
            bySampler.keySet().forEach(s -> sb.append(' ').append(s).append(" |"));
            sb.append("\n|---|").append("---|".repeat(bySampler.size())).append('\n');
            for (int c = 0; c < checkpoints.length; c++) {
                sb.append("| ").append(checkpoints[c]).append(" |");
                for (double[][] r : bySampler.values()) {
                    sb.append(' ').append(cell(r[c])).append(" |");
                }
                sb.append('\n');
            }
            sb.append('\n');
        }
        comparisons(sb);
        costs(sb);
        targets(sb);
        return sb.toString();
    }

    /** Ratio of medians and Mann-Whitney p-value of {@code a} against {@code b} at {@code trials}, or a dash. */
    private String compare(Map<String, double[][]> bySampler, String a, String b, int trials) {
        int c = at(trials);
        if (c < 0 || !bySampler.containsKey(a) || !bySampler.containsKey(b)) {
            return "–";
        }
        double[] x = bySampler.get(a)[c];
        double[] y = bySampler.get(b)[c];
        return String.format(Locale.ROOT, "%.2f (p = %.3f)", median(x) / median(y), pValue(x, y));
    }

    private void comparisons(StringBuilder sb) {
        sb.append("## The GP against TPE: ratio of median regrets (p, two-sided Mann-Whitney U over the seeds)\n\n")
                .append("| landscape | GP / ").append(SamplerBenchmark.OPTUNA_TPE).append(" at 25 | GP / ")
                .append(SamplerBenchmark.OPTUNA_TPE_MV)
                .append(" at 25 | GP / our TPE at 25 | auto / our TPE at 100 |\n")
                .append("|---|---|---|---|---|\n");
        for (SamplerProblems.Problem problem : problems) {
            Map<String, double[][]> s = regrets.get(problem.name());
            sb.append("| ").append(problem.name()).append(" | ")
                    .append(compare(s, GP, SamplerBenchmark.OPTUNA_TPE, 25)).append(" | ")
                    .append(compare(s, GP, SamplerBenchmark.OPTUNA_TPE_MV, 25)).append(" | ")
                    .append(compare(s, GP, SamplerBenchmark.TPE, 25)).append(" | ")
                    .append(compare(s, AUTO, SamplerBenchmark.TPE, 100)).append(" |\n");
        }
        sb.append('\n');
    }

    private void costs(StringBuilder sb) {
        if (!gpMillis.isEmpty()) {
            sb.append("## Proposal time (ms per proposal, random trials of the landscape in history)\n\n")
                    .append("CPU time of the whole JVM (what one core spends, whatever threads the sampler uses) and "
                    + "wall time, mean over the timed proposals after warm-up ones.\n\n")
                    .append("| sampler, landscape | 100 stored: CPU / wall | 300 stored: CPU / wall |\n")
                    .append("|---|---|---|\n");
            for (var e : gpMillis.entrySet()) {
                double[][] m = e.getValue();
                sb.append("| ").append(e.getKey()).append(String.format(Locale.ROOT,
                        " | %.1f / %.1f | %.1f / %.1f |%n", m[0][0], m[0][1], m[1][0], m[1][1]));
            }
            sb.append('\n');
        }
        if (!millis.isEmpty()) {
            sb.append("## TPE sampling cost (mixed6, ms per proposal, in memory)\n\n")
                    .append("History of random COMPLETE trials; mean CPU time over 40 proposals after 20 warm-up ones. "
                    + "Optuna: `study.ask()` + six `suggest_*` + `study.tell()` on an in-memory study holding the same "
                    + "number of trials.\n\n| sampler | 1 000 stored | 3 000 stored | ratio to Optuna TPE |\n")
                    .append("|---|---|---|---|\n");
            double[] ref = millis.get(SamplerBenchmark.OPTUNA_TPE);
            for (var e : millis.entrySet()) {
                sb.append("| ").append(e.getKey()).append(String.format(Locale.ROOT, " | %.2f | %.2f | ",
                        e.getValue()[0], e.getValue()[1]));
                if (ref != null) {
                    sb.append(String.format(Locale.ROOT, "%.3f / %.3f", e.getValue()[0] / ref[0],
                            e.getValue()[1] / ref[1]));
                }
                sb.append(" |\n");
            }
            sb.append('\n');
        }
    }

    /** Issue #25's targets, each read from the tables above. */
    private void targets(StringBuilder sb) {
        sb.append("## Targets (issue #25), read from the tables above\n\n");
        int c25 = at(25);
        int c100 = at(100);
        StringBuilder vsOptuna = new StringBuilder();
        StringBuilder vsOurs = new StringBuilder();
        StringBuilder auto = new StringBuilder();
        boolean optunaMet = true;
        boolean oursMet = true;
        boolean autoMet = true;
        for (SamplerProblems.Problem problem : problems) {
            Map<String, double[][]> s = regrets.get(problem.name());
            if (problem.mixed() && c25 >= 0 && s.containsKey(GP)) {
                double gp = median(s.get(GP)[c25]);
                if (s.containsKey(SamplerBenchmark.OPTUNA_TPE)) {
                    double ref = median(s.get(SamplerBenchmark.OPTUNA_TPE)[c25]);
                    optunaMet &= gp <= 0.5 * ref;
                    vsOptuna.append(vsOptuna.isEmpty() ? "" : "; ").append(problem.name()).append(' ')
                            .append(fmt(gp)).append(gp <= 0.5 * ref ? " ≤ " : " > ").append(fmt(0.5 * ref));
                }
                if (s.containsKey(SamplerBenchmark.TPE)) {
                    double ref = median(s.get(SamplerBenchmark.TPE)[c25]);
                    oursMet &= gp <= 0.8 * ref;
                    vsOurs.append(vsOurs.isEmpty() ? "" : "; ").append(problem.name()).append(' ').append(fmt(gp))
                            .append(gp <= 0.8 * ref ? " ≤ " : " > ").append(fmt(0.8 * ref));
                }
            }
            if (c100 >= 0 && s.containsKey(AUTO) && s.containsKey(SamplerBenchmark.TPE)) {
                double[] a = s.get(AUTO)[c100];
                double[] t = s.get(SamplerBenchmark.TPE)[c100];
                double p = pValue(a, t);
                boolean ok = median(a) <= median(t) || p >= 0.05;
                autoMet &= ok;
                auto.append(auto.isEmpty() ? "" : "; ").append(problem.name()).append(' ').append(fmt(median(a)))
                        .append(median(a) <= median(t) ? " ≤ " : " > ").append(fmt(median(t)))
                        .append(String.format(Locale.ROOT, ", p = %.3f", p));
            }
        }
        sb.append("- GP's median regret at 25 trials ≤ 0.5 × Optuna 4.9 TPE's (default) on the mixed landscapes: **")
                .append(verdict(vsOptuna, optunaMet)).append("** (").append(vsOptuna).append(").\n");
        sb.append("- GP's median regret at 25 trials ≤ 0.8 × our TPE's on the mixed landscapes: **")
                .append(verdict(vsOurs, oursMet)).append("** (").append(vsOurs).append(").\n");
        sb.append("- auto not worse than our TPE at 100 trials within noise (median no higher, or the difference not "
                + "significant: Mann-Whitney p ≥ 0.05): **").append(verdict(auto, autoMet)).append("** (")
                .append(auto).append(").\n");
        double[] ours = millis.get(SamplerBenchmark.TPE);
        double[] ref = millis.get(SamplerBenchmark.OPTUNA_TPE);
        if (ours != null && ref != null) {
            boolean met = ours[0] <= ref[0] / 10 && ours[1] <= ref[1] / 10;
            sb.append("- (issue #4) Our TPE's CPU time per proposal ≤ 1/10 of Optuna TPE's: **")
                    .append(met ? "met" : "not met").append(String.format(Locale.ROOT,
                            "** (ratio %.3f at 1 000 and %.3f at 3 000 stored trials).%n", ours[0] / ref[0],
                            ours[1] / ref[1]));
        }
    }

    /** A run of some samplers only compares nothing: it says so rather than call a target met. */
    private static String verdict(StringBuilder evidence, boolean met) {
        return evidence.isEmpty() ? "not measured in this run" : met ? "met" : "not met";
    }
}
