package io.sweep4j.cli;

import io.sweep4j.store.JdbcStorage;
import io.sweep4j.store.SchemaRevision;
import io.sweep4j.store.StorageUrl;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code sweep upgrade STORAGE [--to v3.2.0.a]}: moves a storage to a newer Optuna schema revision. */
@Command(name = "upgrade", mixinStandardHelpOptions = true,
        description = {"Move a storage to a newer Optuna schema revision.",
            "As `optuna storage upgrade` does: v3.0.0.d (Optuna 3.1) -> v3.2.0.a (Optuna 3.2 to 5.0). sweep4j reads"
                + " and resumes both; it never changes a storage's revision unless asked here. Optuna 3.1 cannot"
                + " read the upgraded storage."})
final class UpgradeCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "STORAGE", description = {"a SQLite file, sqlite:///abs/x.db or",
        "postgresql://user@host:5432/db"})
    String storage;

    @Option(names = "--to", paramLabel = "REVISION", defaultValue = "v3.2.0.a",
            description = "the revision to move to (default: ${DEFAULT-VALUE})")
    String to;

    @Override
    public Integer call() {
        SchemaRevision target = SchemaRevision.parse("--to", to);
        StorageUrl url = StorageUrl.parse(storage);
        if (url instanceof StorageUrl.Sqlite s && !java.nio.file.Files.exists(s.file())) {
            throw new io.sweep4j.space.UsageException("STORAGE", storage, "no such file; check the path");
        }
        SchemaRevision from = JdbcStorage.upgrade(url, target);
        System.out.println(from == target ? url + " is at " + target + " already; nothing changed"
                : url + ": " + from + " -> " + target);
        return 0;
    }
}
