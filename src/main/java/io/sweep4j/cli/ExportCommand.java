package io.sweep4j.cli;

import io.sweep4j.report.Export;
import io.sweep4j.report.OutputFile;
import io.sweep4j.report.StudyView;
import io.sweep4j.space.UsageException;
import io.sweep4j.store.Storage;
import java.nio.file.Path;
import java.util.Locale;
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
            StudyView study = query.view(storage);
            text = f.equals("json") ? Export.json(study) : Export.csv(study);
        }
        if (out == null) {
            System.out.print(text);
        } else {
            OutputFile.write("--out", out, text, OutputFile.export(force));
            System.out.println("wrote " + out);
        }
        return 0;
    }
}
