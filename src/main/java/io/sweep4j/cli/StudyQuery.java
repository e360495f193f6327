package io.sweep4j.cli;

import io.sweep4j.report.StudyView;
import io.sweep4j.space.UsageException;
import io.sweep4j.store.SqliteStorage;
import io.sweep4j.store.StudyInfo;
import java.nio.file.Path;
import java.util.List;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** The arguments every query command shares: the database and which study. */
final class StudyQuery {
    @Parameters(index = "0", paramLabel = "DB", description = "the study database (SQLite file)")
    Path db;

    @Option(names = "--study", paramLabel = "NAME", description = "the study (needed when the file holds several)")
    String study;

    SqliteStorage open() {
        return SqliteStorage.openReadOnly(db);
    }

    /** The chosen study with its column set and history. */
    StudyView view(SqliteStorage storage) {
        StudyInfo info = resolve(storage);
        return StudyView.of(info, storage.history(info.studyId()));
    }

    StudyInfo resolve(SqliteStorage storage) {
        List<StudyInfo> studies = storage.studies();
        if (study != null) {
            return studies.stream().filter(s -> s.name().equals(study)).findFirst().orElseThrow(() ->
                    new UsageException("--study", study, "no such study in " + db + "; it holds: " + names(studies)));
        }
        if (studies.size() == 1) {
            return studies.get(0);
        }
        if (studies.isEmpty()) {
            throw new UsageException("DB", db.toString(), "the file holds no study yet; run one into it first");
        }
        throw new UsageException(db + " holds several studies; pick one with --study NAME: " + names(studies));
    }

    private static String names(List<StudyInfo> studies) {
        return studies.stream().map(s -> "\"" + s.name() + "\"").toList().toString();
    }
}
