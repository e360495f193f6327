package io.sweep4j.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.sweep4j.report.Export;
import io.sweep4j.report.OutputFile;
import io.sweep4j.report.StudyView;
import io.sweep4j.space.UsageException;
import io.sweep4j.store.Storage;
import io.sweep4j.store.StudyInfo;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code sweep export DB}: everything stored about a study's trials at full precision (see {@link Export}). */
@Command(name = "export", mixinStandardHelpOptions = true,
        description = {"Export every trial with its learning curves, at full precision.",
            "json (default): {study, direction, metric, params, trials: [{number, state, value, params,"
                + " datetime_start, datetime_complete, fail_reason, intermediate_values, metrics, user_attrs}]};",
            "csv: long form, one row per trial, step and metric: trial,state,step,metric,value.",
            "Several objectives (or constraints): json adds directions and objectives (their names), and in each"
                + " trial values {name: value} and constraints; csv adds each trial's final value of every objective"
                + " as rows with an empty step and the objective's name as metric.",
            "Infinities and NaN: in json the strings \"Infinity\", \"-Infinity\", \"NaN\" (Optuna's JSON writes"
                + " them unquoted, which is not valid JSON; Python's float() reads them back); in csv inf, -inf, nan,"
                + " as Optuna and pandas write them."})
final class ExportCommand implements Callable<Integer> {
    @Mixin
    StudyQuery query;

    @Option(names = "--format", paramLabel = "FORMAT", defaultValue = "json",
            description = "json or csv (default: ${DEFAULT-VALUE})")
    String format;

    @Option(names = "--out", paramLabel = "FILE",
            description = "write here instead of standard output. It replaces an earlier sweep4j export (a CSV whose"
                    + " first line is trial,state,step,metric,value, or JSON opening with \"study\" then"
                    + " \"direction\"), never a database, and another existing file only with --force")
    Path out;

    @Option(names = "--force", description = "replace an existing file that is not an earlier export (never a"
            + " database)")
    boolean force;

    @Override
    public Integer call() {
        String f = format.trim().toLowerCase(Locale.ROOT);
        if (!f.equals("json") && !f.equals("csv")) {
            throw new UsageException("--format", format, "export writes json or csv");
        }
        if (out != null) {
            OutputFile.check("--out", out, OutputFile.export(force));
        }
        String text;
        try (Storage storage = query.open()) {
            StudyInfo info = query.resolve(storage);
            StudyView study = StudyQuery.view(storage, info);
            ObjectiveColumns objectives = ObjectiveColumns.of(info, study.history());
            text = f.equals("json") ? Export.json(study) : Export.csv(study);
            if (!objectives.plain()) {
                text = f.equals("json") ? Export.write(objectives.addTo(parsed(text), study.history().trials()))
                        : text + objectives.csvRows(study.history().trials());
            }
        }
        if (out == null) {
            System.out.print(text);
        } else {
            OutputFile.write("--out", out, text, OutputFile.export(force));
            System.out.println("wrote " + out);
        }
        return 0;
    }

    /** Export's JSON as ordered maps, to add what a study of several objectives has (numbers read back exactly). */
    @SuppressWarnings("unchecked")
    private static Map<String, Object> parsed(String json) {
        try {
            return new ObjectMapper().readValue(json, LinkedHashMap.class);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
