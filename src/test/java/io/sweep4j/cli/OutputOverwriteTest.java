package io.sweep4j.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sweep4j.sampler.Samplers;
import io.sweep4j.store.FileSnapshot;
import io.sweep4j.study.Budget;
import io.sweep4j.study.Study;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * `sweep report`, `sweep export` and `sweep backup` write a file only where one rule allows it: never over a SQLite
 * database (not even with --force), over another existing file only if it is that command's earlier output (or with
 * --force for report and export); a refusal exits 2 and writes nothing.
 */
class OutputOverwriteTest {
    @TempDir
    Path dir;
    private Path db;
    private Path other;

    @BeforeEach
    void twoStudies() {
        db = study("x");
        other = study("other-study");
    }

    private Path study(String name) {
        Path file = dir.resolve(name + ".db");
        Study.named(name).storage(file).space(s -> s.floatRange("x", -2, 2)).sampler(Samplers.random(1))
                .objective(t -> {
                    t.report(0, t.getDouble("x"));
                    return t.getDouble("x") * t.getDouble("x");
                }).minimize("loss").budget(Budget.trials(3)).optimize();
        return file;
    }

    static String sha256(Path p) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(p)));
    }

    /** Runs a command that must be refused: exit 2, the message, and every file of the folder as it was. */
    private CliRun refused(String expected, String... args) throws Exception {
        String dbSum = sha256(db);
        String otherSum = sha256(other);
        FileSnapshot before = FileSnapshot.of(dir);
        CliRun r = CliRun.of(args);
        assertEquals(2, r.exit(), String.join(" ", args) + ": " + r.out() + r.err());
        assertTrue(r.err().contains(expected), String.join(" ", args) + ": " + r.err());
        assertEquals(dbSum, sha256(db), String.join(" ", args));
        assertEquals(otherSum, sha256(other), String.join(" ", args));
        before.assertUnchanged(String.join(" ", args));
        return r;
    }

    @Test
    void aStudyDatabaseIsNeverOverwrittenNotEvenWithForce() throws Exception {
        for (Path target : List.of(db, other)) {
            for (String force : new String[] {null, "--force"}) {
                for (List<String> cmd : List.of(List.of("report", db.toString()), List.of("export", db.toString()),
                        List.of("export", db.toString(), "--format", "csv"))) {
                    List<String> args = new ArrayList<>(cmd);
                    args.addAll(List.of("--out", target.toString()));
                    if (force != null) {
                        args.add(force);
                    }
                    CliRun r = refused("is a SQLite database", args.toArray(String[]::new));
                    assertTrue(r.err().contains("never overwrites a database"), r.err());
                }
            }
            refused("is a SQLite database", "backup", db.toString(), target.toString());
        }
        // the journal of a database is part of it, even before it exists
        refused("part of a SQLite database", "report", db.toString(), "--out", db + "-journal");
        refused("part of a SQLite database", "backup", db.toString(), db + "-wal");
    }

    @Test
    void anExistingFileThatIsNotAnEarlierOutputIsReplacedOnlyWithForce() throws Exception {
        Path notes = Files.writeString(dir.resolve("notes.txt"), "my notes\n");
        CliRun r = refused("is not an earlier sweep4j report", "report", db.toString(), "--out", notes.toString());
        assertTrue(r.err().contains("--force"), r.err());
        refused("is not an earlier sweep4j export", "export", db.toString(), "--out", notes.toString());
        refused("is not an earlier sweep4j export", "export", db.toString(), "--format", "csv", "--out",
                notes.toString());
        refused("never overwrites a file", "backup", db.toString(), notes.toString());
        assertEquals("my notes\n", Files.readString(notes));

        assertEquals(0, CliRun.of("export", db.toString(), "--out", notes.toString(), "--force").exit());
        assertTrue(Files.readString(notes).startsWith("{"), "replaced by the export");
    }

    @Test
    void anEarlierOutputOfTheSameCommandIsReplacedAndNoOther() throws Exception {
        Path html = dir.resolve("r.html");
        assertEquals(0, CliRun.of("report", db.toString(), "--out", html.toString()).exit());
        assertEquals(0, CliRun.of("report", other.toString(), "--out", html.toString()).exit(), "a report over a"
                + " report");
        assertTrue(Files.readString(html).contains("other-study"));
        Path json = dir.resolve("e.json");
        Path csv = dir.resolve("e.csv");
        for (String format : new String[] {"json", "csv"}) {
            for (Path out : List.of(json, csv)) {
                CliRun r = CliRun.of("export", db.toString(), "--format", format, "--out", out.toString());
                assertEquals(0, r.exit(), format + " over " + out + ": " + r.err());
            }
        }
        assertTrue(Files.readString(json).startsWith("trial,state,step,metric,value\n"), "csv replaced json");
        refused("is not an earlier sweep4j report", "report", db.toString(), "--out", csv.toString());
        refused("is not an earlier sweep4j export", "export", db.toString(), "--out", html.toString());
    }
}
