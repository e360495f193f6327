package io.sweep4j.store;

import io.sweep4j.store.file.StudyFileCheck;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/** A study as stored, read without writing anything: for the checks that must pass before a run writes the file. */
public final class StoredStudy {
    private StoredStudy() {
    }

    /**
     * The study called {@code name} in {@code db}, or empty when the file, its tables or the study do not exist yet.
     * A file sweep4j may not open for writing (damaged, another application's, read-only) is refused as the open
     * would refuse it, with nothing written.
     */
    public static Optional<StudyInfo> find(Path db, String name) {
        Path file = db.toAbsolutePath().normalize();
        if (!Files.exists(file)) {
            return Optional.empty();
        }
        StudyFileCheck.check(db, file, false);
        if (StudyFileContents.check(db, file, SqliteDialect.BUSY_TIMEOUT_MS) != StudyFileContents.STUDIES) {
            return Optional.empty();
        }
        try (SqliteStorage s = SqliteStorage.openReadOnly(db)) {
            return s.findStudy(name);
        }
    }
}
