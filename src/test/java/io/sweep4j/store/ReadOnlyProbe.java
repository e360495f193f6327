package io.sweep4j.store;

import io.sweep4j.space.UsageException;
import java.nio.file.Path;

/** Opens a study file for writing and reports how it went; run as an unprivileged user by the read-only tests. */
public final class ReadOnlyProbe {
    private ReadOnlyProbe() {
    }

    public static void main(String[] args) {
        try (SqliteStorage s = SqliteStorage.open(Path.of(args[0]))) {
            System.out.println("OPENED " + s.studies().size());
        } catch (UsageException e) {
            System.out.println("USAGE " + e.getMessage());
            System.exit(2);
        }
    }
}
