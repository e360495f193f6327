package io.sweep4j.cli;

import io.sweep4j.report.StudyView;
import io.sweep4j.space.UsageException;
import io.sweep4j.store.Storage;
import io.sweep4j.store.StorageUrl;
import io.sweep4j.store.StudyInfo;
import java.util.List;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** The arguments every query command shares: the database and which study. */
final class StudyQuery {
    @Parameters(index = "0", paramLabel = "STORAGE", description = {"the storage: a SQLite file, sqlite:///abs/x.db or",
        "postgresql://user@host:5432/db"})
    String db;

    @Option(names = "--study", paramLabel = "NAME", description = "the study (needed when the file holds several)")
    String study;

    Storage open() {
        return Storage.open(StorageUrl.parse(db), Storage.Access.READ_ONLY);
    }

    /** The directory of a SQLite file, or the working directory for a server: where files about the study go. */
    java.nio.file.Path dir() {
        return StorageUrl.parse(db) instanceof StorageUrl.Sqlite s ? s.file().toAbsolutePath().getParent()
                : java.nio.file.Path.of("").toAbsolutePath();
    }

    /** The chosen study with its column set and history. */
    StudyView view(Storage storage) {
        return view(storage, resolve(storage));
    }

    /** That study with its column set and history. */
    static StudyView view(Storage storage, StudyInfo info) {
        return StudyView.of(info, storage.history(info.studyId()));
    }

    /** The study the arguments name (every objective of it: commands that show one refuse it themselves). */
    StudyInfo resolve(Storage storage) {
        List<StudyInfo> studies = storage.studies();
        if (study != null) {
            return studies.stream().filter(s -> s.name().equals(study)).findFirst().orElseThrow(() ->
                    new UsageException("--study", study, "no such study in " + storage.location() + "; it holds: "
                            + names(studies)));
        }
        if (studies.size() == 1) {
            return studies.get(0);
        }
        if (studies.isEmpty()) {
            throw new UsageException("STORAGE", storage.location(), "the file holds no study yet; run one into it first");
        }
        throw new UsageException(db + " holds several studies; pick one with --study NAME: " + names(studies));
    }

    private static String names(List<StudyInfo> studies) {
        return studies.stream().map(s -> "\"" + s.name() + "\"").toList().toString();
    }
}
