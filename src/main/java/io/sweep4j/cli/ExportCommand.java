package io.sweep4j.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.sweep4j.store.Storage;
import io.sweep4j.store.StudyInfo;
import io.sweep4j.trial.Attributes;
import io.sweep4j.trial.FrozenTrial;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code sweep export DB}: everything stored about a study's trials, learning curves included: JSON (one object per
 * trial) or CSV in long form (one row per trial, step and metric), ready for pandas or a spreadsheet.
 */
@Command(name = "export", mixinStandardHelpOptions = true,
        description = {"Export a study's trials with their learning curves.",
            "json: one object per trial (params, value, state, times, curve, attributes);",
            "csv: one row per trial, epoch and metric (long form)."})
final class ExportCommand implements Callable<Integer> {
    private static final String METRICS = Attributes.PREFIX + "metrics:";

    @Mixin
    StudyQuery query;

    @Option(names = "--out", paramLabel = "FILE", description = "write here instead of standard output")
    Path out;

    @Override
    public Integer call() throws IOException {
        OutputFormat format = query.format();
        if (format == OutputFormat.TABLE) {
            format = OutputFormat.JSON;
        }
        String text;
        try (Storage storage = query.open()) {
            StudyInfo study = query.resolve(storage);
            List<FrozenTrial> trials = storage.history(study.studyId()).trials();
            text = format == OutputFormat.JSON ? json(study, trials) : csv(trials, study.metric());
        }
        if (out == null) {
            PrintStream o = System.out;
            o.print(text);
        } else {
            Files.writeString(out, text, StandardCharsets.UTF_8);
            System.out.println("wrote " + out);
        }
        return 0;
    }

    private static String json(StudyInfo study, List<FrozenTrial> trials) throws IOException {
        List<Map<String, Object>> rows = new ArrayList<>();
        for (FrozenTrial t : trials) {
            Map<String, Object> r = new LinkedHashMap<>();
            r.put("number", t.number());
            r.put("state", t.state().name());
            r.put("value", finite(t.value()));
            r.put("params", t.params().asMap());
            r.put("datetime_start", t.start() == null ? null : t.start().toString());
            r.put("datetime_complete", t.complete() == null ? null : t.complete().toString());
            r.put("fail_reason", t.failReason().orElse(null));
            Map<String, Object> curve = new LinkedHashMap<>();
            t.intermediateValues().forEach((k, v) -> curve.put(String.valueOf(k), finite(v)));
            r.put("intermediate_values", curve);
            r.put("metrics", metrics(t));
            r.put("user_attrs", t.userAttributes());
            rows.add(r);
        }
        Map<String, Object> root = new LinkedHashMap<>();
        root.put("study", study.name());
        root.put("direction", study.direction().name());
        root.put("metric", study.metric());
        root.put("trials", rows);
        return new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(root)
                + System.lineSeparator();
    }

    private static String csv(List<FrozenTrial> trials, String metric) {
        List<Map<String, Object>> rows = new ArrayList<>();
        for (FrozenTrial t : trials) {
            Map<Integer, Map<String, Object>> byStep = metrics(t);
            t.intermediateValues().forEach((step, v) -> byStep.computeIfAbsent(step, s -> new LinkedHashMap<>())
                    .putIfAbsent(metric, v));
            for (var step : byStep.entrySet()) {
                for (var m : step.getValue().entrySet()) {
                    Map<String, Object> r = new LinkedHashMap<>();
                    r.put("trial", t.number());
                    r.put("state", t.state().name());
                    r.put("step", step.getKey());
                    r.put("metric", m.getKey());
                    r.put("value", m.getValue());
                    rows.add(r);
                }
            }
        }
        return OutputFormat.CSV.render(rows, List.of("trial", "state", "step", "metric", "value"));
    }

    /** The per-step metrics a trial reported with {@code Trial.report(step, Map)}, by step. */
    @SuppressWarnings("unchecked")
    private static Map<Integer, Map<String, Object>> metrics(FrozenTrial t) {
        Map<Integer, Map<String, Object>> out = new TreeMap<>();
        for (var e : t.systemAttributes().entrySet()) {
            if (e.getKey().startsWith(METRICS) && e.getValue() instanceof Map<?, ?> m) {
                try {
                    out.put(Integer.parseInt(e.getKey().substring(METRICS.length())),
                            new LinkedHashMap<>((Map<String, Object>) m));
                } catch (NumberFormatException ignored) {
                    // not one of ours
                }
            }
        }
        return out;
    }

    private static Object finite(Double v) {
        return v == null || Double.isFinite(v) ? v : v.toString();
    }
}
