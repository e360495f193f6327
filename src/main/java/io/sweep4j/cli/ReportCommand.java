package io.sweep4j.cli;

import io.sweep4j.report.HtmlReport;
import io.sweep4j.report.OutputFile;
import io.sweep4j.store.Storage;
import io.sweep4j.store.StudyInfo;
import java.nio.file.Path;
import java.time.Clock;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code sweep report DB}: writes a one-file HTML report of a study (see {@link HtmlReport}). */
@Command(name = "report", mixinStandardHelpOptions = true,
        description = {"Write a self-contained HTML report of a study: what won and why.",
            "One file that opens offline: history, parallel coordinates, slices, contour, learning curves,"
                + " importance, EDF, timeline, all trials (sortable, filterable) and the study's definition."})
final class ReportCommand implements Callable<Integer> {
    @Mixin
    StudyQuery query;

    @Option(names = "--out", paramLabel = "FILE",
            description = "where to write it (default: <db dir>/<study>-report.html). It replaces an earlier sweep4j"
                    + " report (known by its <meta name='generator' content='sweep4j report'>), never a database,"
                    + " and another existing file only with --force")
    Path out;

    @Option(names = "--force", description = "replace an existing file that is not an earlier report (never a"
            + " database)")
    boolean force;

    @Override
    public Integer call() {
        if (out != null) {
            OutputFile.check("--out", out, OutputFile.report(force));
        }
        try (Storage storage = query.open()) {
            StudyInfo study = query.resolve(storage);
            Path target = out != null ? out : query.dir()
                    .resolve(OutputFile.nameFor(study.name(), "-report.html"));
            String html = HtmlReport.render(study, storage.history(study.studyId()), Clock.systemUTC());
            OutputFile.write("--out", target, html, OutputFile.report(force));
            System.out.println("wrote " + target);
        }
        return 0;
    }
}
