package io.sweep4j.cli;

import io.sweep4j.report.HtmlReport;
import io.sweep4j.store.Storage;
import io.sweep4j.store.StudyInfo;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code sweep report DB}: writes a one-file HTML report (history, learning curves, parameters) of a study. */
@Command(name = "report", mixinStandardHelpOptions = true,
        description = "Write an HTML report of a study: best trials, history, learning curves, parameter plots.")
final class ReportCommand implements Callable<Integer> {
    @Mixin
    StudyQuery query;

    @Option(names = "--out", paramLabel = "FILE",
            description = "where to write it (default: <db dir>/<study>-report.html)")
    Path out;

    @Override
    public Integer call() throws IOException {
        try (Storage storage = query.open()) {
            StudyInfo study = query.resolve(storage);
            String html = HtmlReport.render(study.name(), study.metric(), storage.history(study.studyId()));
            Path target = out != null ? out : query.dir()
                    .resolve(study.name().replaceAll("[^A-Za-z0-9._-]", "_") + "-report.html");
            Files.writeString(target, html, StandardCharsets.UTF_8);
            System.out.println("wrote " + target);
        }
        return 0;
    }
}
