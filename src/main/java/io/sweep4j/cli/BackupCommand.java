package io.sweep4j.cli;

import io.sweep4j.store.StudyBackup;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code sweep backup DB OUT}: a consistent copy of a study file, safe while studies run on it. */
@Command(name = "backup", mixinStandardHelpOptions = true,
        description = {"Copy a SQLite study file safely, even while studies run on it.",
            "The copy is a new file, consistent because it goes through SQLite's online backup: copying the .db"
                + " alone, or .db and -wal one after the other, is not consistent. (A PostgreSQL study: pg_dump.)"})
final class BackupCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "DB", description = "the study database (SQLite file)")
    Path db;

    @Parameters(index = "1", paramLabel = "OUT", description = "the copy to write (a new file)")
    Path out;

    @Override
    public Integer call() {
        StudyBackup.Summary s = StudyBackup.backup(db, out);
        System.out.printf(Locale.ROOT, "%s: %d %s, %d trials, %.1f MB (one file; open or copy it as it is)%n",
                s.out(), s.studies(), s.studies() == 1 ? "study" : "studies", s.trials(), s.bytes() / 1e6);
        return 0;
    }
}
