package io.sweep4j.bench;

import java.time.LocalDate;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** The Markdown of {@link MultiObjectiveBenchmark}: hypervolume tables, proposal cost, and the targets read from them. */
final class MultiObjectiveReport {
    private MultiObjectiveReport() {
    }

    static String write(String command, String load, int seeds, int[] budgets, int zdtVariables,
                        List<MultiObjectiveProblems.Problem> problems,
                        Map<String, Map<String, List<List<List<Double>>>>> values, Map<String, double[]> cost,
                        Alone alone, Map<String, String> refused, String optunaVersion) {
        StringBuilder sb = new StringBuilder("# Multi-objective samplers: sweep4j vs Optuna\n\n");
        sb.append("Date: ").append(LocalDate.now()).append(". Command, from the work tree: `").append(command)
                .append("`. Load average at the start (1, 5, 15 min): ").append(load).append(".\n\n");
        sb.append(seeds).append(" seeds (0 to ").append(seeds - 1).append(") per sampler and problem, sequential ")
                .append("ask-tell in memory, one run of ").append(budgets[budgets.length - 1])
                .append(" trials read at each budget. Cells: median hypervolume [25th–75th percentile] of the first N ")
                .append("trials (higher is better), every one computed by `trial.Hypervolume` from the values each side ")
                .append("printed. All objectives minimized. ")
                .append(optunaVersion == null ? "Optuna not run (--no-optuna)." : "Optuna " + optunaVersion
                        + " (the project's copy, `" + MultiObjectiveBenchmark.OPTUNA_49 + "`, run with `"
                        + MultiObjectiveBenchmark.PYTHON + " " + MultiObjectiveBenchmark.SCRIPT
                        + "`), default settings, seeded, in parallel processes (`--jobs`) running while sweep4j's "
                        + "side runs.")
                .append(" Every sampler at its defaults: sweep4j nsga2 = `Samplers.nsga2(seed)` (population 50, so ")
                .append("the first 50 trials are its Sobol design), sweep4j TPE = `Samplers.tpe(seed)` (independent ")
                .append("kernels per parameter with several objectives), sweep4j auto = `Samplers.auto(seed)`: the GP ")
                .append("(ParEGO: one augmented Chebyshev scalarization per proposal) for the first 100 trials, ")
                .append("so its ")
                .append("columns at 50 and 100 trials are `Samplers.gp(seed)`'s, then TPE.\n\n");
        sb.append("Problems (definitions in `MultiObjectiveProblems.java`, mirrored in the Python script), with the ")
                .append("fixed reference points:\n\n");
        for (MultiObjectiveProblems.Problem p : problems) {
            sb.append("- ").append(p.name()).append(": ").append(describe(p.name(), zdtVariables))
                    .append("; reference ").append(Arrays.toString(p.reference())).append("\n");
        }
        if (!refused.isEmpty()) {
            sb.append("\nNot run (the sampler refused several objectives): ");
            refused.forEach((k, v) -> sb.append(k).append(" (\"").append(v).append("\") "));
            sb.append("\n");
        }
        for (MultiObjectiveProblems.Problem p : problems) {
            sb.append("\n## ").append(p.name()).append("\n\n| sampler |");
            for (int b : budgets) {
                sb.append(" ").append(b).append(" trials |");
            }
            sb.append("\n|---|").append("---|".repeat(budgets.length)).append("\n");
            for (var s : values.get(p.name()).entrySet()) {
                sb.append("| ").append(s.getKey());
                for (int b : budgets) {
                    sb.append(" | ").append(SamplerReport.cell(hypervolumes(s.getValue(), b, p.reference())));
                }
                sb.append(" |\n");
            }
        }
        sb.append("\n## Proposal cost (CPU ms per trial, mean over every run at ").append(budgets[budgets.length - 1])
                .append(" trials)\n\nsweep4j: the thread's CPU time in `Sampler.propose`, after one untimed run of ")
                .append("the sampler on the problem (seed ").append(MultiObjectiveBenchmark.WARM_UP_SEED)
                .append(", so the JIT has compiled it). Optuna: process CPU time of ")
                .append("`study.ask()` + the `suggest_*` calls + `study.tell()` (the objective's arithmetic, ")
                .append("microseconds, is inside).\n\n| sampler | ms per trial |\n|---|---|\n");
        cost.forEach((k, c) -> sb.append("| ").append(k).append(" | ")
                .append(String.format(Locale.ROOT, "%.3f", c[0] / c[1])).append(" |\n"));
        if (!alone.cost().isEmpty()) {
            sb.append("\nNSGA-II measured again alone, after the runs above, one side after the other (the same seeds ")
                    .append("and trials; load average at its start: ").append(alone.load())
                    .append("): the table above times both sides while ten Optuna processes and our threads share ")
                    .append("the cores, which inflates each by its own amount.\n\n| sampler | ms per trial, alone |\n")
                    .append("|---|---|\n");
            alone.cost().forEach((k, c) -> sb.append("| ").append(k).append(" | ")
                    .append(String.format(Locale.ROOT, "%.3f", c[0] / c[1])).append(" |\n"));
        }
        targets(sb, problems, budgets, values, cost, alone.cost());
        return sb.toString();
    }

    /** NSGA-II's proposal cost on both sides measured apart from the main phase, and the load when it started. */
    record Alone(String load, Map<String, double[]> cost) {
    }

    private static String describe(String name, int zdtVariables) {
        return switch (name) {
            case "ZDT1", "ZDT2", "ZDT3" -> zdtVariables + " variables in [0, 1]" + (zdtVariables == 30
                    ? " (the standard)" : " (the standard is 30; fewer keep Optuna's TPE side within the run's time)");
            case "DTLZ2" -> "3 objectives, 12 variables in [0, 1] (k = 10, the standard)";
            default -> "log float lr in [1e-5, 0.1], log int width in [8, 1024], optimizer (4 choices), "
                    + "activation (3 choices), float dropout in [0, 0.5]; error vs cost";
        };
    }

    static double[] hypervolumes(List<List<List<Double>>> runs, int budget, double[] reference) {
        return runs.stream().mapToDouble(r -> MultiObjectiveBenchmark.hypervolume(r, budget, reference)).toArray();
    }

    /** The targets, each read from the tables above. */
    private static void targets(StringBuilder sb, List<MultiObjectiveProblems.Problem> problems, int[] budgets,
                                Map<String, Map<String, List<List<List<Double>>>>> values, Map<String, double[]> cost,
                                Map<String, double[]> alone) {
        sb.append("\n## Targets (issue #24), read from the tables above\n\n")
                .append("Best sweep4j sampler's median hypervolume / best Optuna sampler's, per problem and budget:\n\n")
                .append("| problem |");
        for (int b : budgets) {
            sb.append(" ").append(b).append(" trials |");
        }
        sb.append("\n|---|").append("---|".repeat(budgets.length)).append("\n");
        boolean every = true;
        boolean atFifty = true;
        boolean measured = false;
        for (MultiObjectiveProblems.Problem p : problems) {
            sb.append("| ").append(p.name());
            for (int b : budgets) {
                String[] ours = best(values.get(p.name()), b, p.reference(), "sweep4j");
                String[] theirs = best(values.get(p.name()), b, p.reference(), "Optuna");
                if (ours == null || theirs == null) {
                    sb.append(" | –");
                    continue;
                }
                measured = true;
                double ratio = Double.parseDouble(ours[1]) / Double.parseDouble(theirs[1]);
                every &= ratio >= 1;
                if (b == 50) {
                    atFifty &= ratio >= 1.05;
                }
                sb.append(String.format(Locale.ROOT, " | %.3f (%s vs %s)", ratio, ours[0].replace("sweep4j ", ""),
                        theirs[0].replaceAll("Optuna \\S+ ", "")));
            }
            sb.append(" |\n");
        }
        sb.append("\n- sweep4j's best ≥ Optuna's best median hypervolume at every budget: **")
                .append(!measured ? "not measured in this run" : every ? "met" : "not met").append("**.\n");
        sb.append("- ≥ 1.05× at 50 trials: **").append(!measured || Arrays.stream(budgets).noneMatch(b -> b == 50)
                ? "not measured in this run" : atFifty ? "met" : "not met").append("**.\n");
        sb.append("- Proposal time ≤ 1/10 of Optuna's (same algorithm):");
        for (String[] pair : new String[][] {{"sweep4j nsga2", "NSGA-II"}, {"sweep4j TPE", "TPE"}}) {
            // measured alone where it was (NSGA-II), else in the main phase
            Map<String, double[]> from = alone.containsKey(pair[0]) ? alone : cost;
            double[] ours = from.get(pair[0]);
            double[] theirs = from.entrySet().stream().filter(e -> e.getKey().startsWith("Optuna")
                    && e.getKey().endsWith(" " + pair[1])).map(Map.Entry::getValue).findFirst().orElse(null);
            if (ours == null || theirs == null) {
                sb.append(" ").append(pair[0]).append(": not measured;");
                continue;
            }
            double ratio = (ours[0] / ours[1]) / (theirs[0] / theirs[1]);
            sb.append(String.format(Locale.ROOT, " %s vs Optuna %s%s: ratio %.3f, **%s**;", pair[0], pair[1],
                    from == alone ? " (measured alone)" : "", ratio, ratio <= 0.1 ? "met" : "not met"));
        }
        sb.setLength(sb.length() - 1);
        sb.append(".\n");
    }

    /** The sampler of one side with the highest median at {@code budget}: its name and median; null if none. */
    private static String[] best(Map<String, List<List<List<Double>>>> bySampler, int budget, double[] reference,
                                 String side) {
        String[] best = null;
        for (var e : bySampler.entrySet()) {
            if (!e.getKey().startsWith(side)) {
                continue;
            }
            double median = SamplerReport.quantile(hypervolumes(e.getValue(), budget, reference), 0.5);
            if (best == null || median > Double.parseDouble(best[1])) {
                best = new String[] {e.getKey(), Double.toString(median)};
            }
        }
        return best;
    }
}
