package io.sweep4j.store;

import io.sweep4j.space.UsageException;
import java.nio.file.Path;

/** Opens a study file for writing (or, with "read", for reading) and reports how it went; run as an unprivileged user. */
public final class ReadOnlyProbe {
    private ReadOnlyProbe() {
    }

    public static void main(String[] args) {
        if (args.length > 1 && args[1].equals("read")) {
            try (SqliteStorage s = SqliteStorage.openReadOnly(Path.of(args[0]))) {
                System.out.println("READ " + s.studies().size());
            }
            return;
        }
        try (SqliteStorage s = SqliteStorage.open(Path.of(args[0]))) {
            System.out.println("OPENED " + s.studies().size());
        } catch (UsageException e) {
            System.out.println("USAGE " + e.getMessage());
            System.exit(2);
        }
    }
}
