package io.sweep4j.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sweep4j.store.FileSnapshot;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** An empty file or one that is not a database is refused by `upgrade` and every read command: exit 2, untouched. */
class NotAStudyFileTest {
    @TempDir
    Path dir;

    @Test
    void anEmptyOrNonDatabaseFileIsRefusedUntouchedByUpgradeAndEveryReadCommand() throws Exception {
        Path empty = Files.createFile(dir.resolve("empty.db"));
        Path text = Files.writeString(dir.resolve("notes.db"), "a shopping list, not a study\n");
        for (Path file : List.of(empty, text)) {
            String expected = file.equals(empty) ? "the file is empty (0 bytes), not a study database"
                    : "not a SQLite database";
            for (List<String> cmd : List.of(List.of("upgrade"), List.of("upgrade", "--to", "v3.0.0.d"),
                    List.of("studies"), List.of("trials"), List.of("best"), List.of("importance"),
                    List.of("report", "--out", dir.resolve("r.html").toString()),
                    List.of("export", "--out", dir.resolve("e.json").toString()), List.of("export"))) {
                List<String> args = new ArrayList<>(cmd.subList(0, 1));
                args.add(file.toString());
                args.addAll(cmd.subList(1, cmd.size()));
                FileSnapshot before = FileSnapshot.of(dir);
                CliRun r = CliRun.of(args.toArray(String[]::new));
                assertEquals(2, r.exit(), args + ": " + r.out() + r.err());
                assertTrue(r.err().contains(expected), args + ": " + r.err());
                before.assertUnchanged(args.toString());
            }
            FileSnapshot before = FileSnapshot.of(dir);
            CliRun backup = CliRun.of("backup", file.toString(), dir.resolve("copy.db").toString());
            assertEquals(2, backup.exit(), backup.err());
            assertTrue(backup.err().contains(expected), backup.err());
            before.assertUnchanged("backup");
        }
        assertEquals(0, Files.size(empty), "upgrade wrote no schema into the empty file");
    }
}
