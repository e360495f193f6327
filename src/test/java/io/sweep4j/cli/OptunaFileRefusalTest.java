package io.sweep4j.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sweep4j.store.FileSnapshot;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every refusal of `run`, `upgrade`, `backup`, `trials`, `best` and `report`, and every read, on study files the real
 * Optuna wrote (rollback journal, no file beside them) leaves them byte for byte as they were, with no -wal, -shm or
 * -journal beside them:
 * a file opened for writing is switched to WAL only by its first write, so a refusal after the open writes nothing.
 */
class OptunaFileRefusalTest {
    @TempDir
    static Path dir;
    /** Optuna 3.1 (Debian's python3-optuna): two objectives; one objective with x in [-5, 5]; both at v3.0.0.d. */
    static Path multi;
    static Path single;
    /** Optuna 4.9 (kept with the tests): one objective at v3.2.0.a. */
    static Path single49;

    @BeforeAll
    static void optunaFiles() throws Exception {
        multi = dir.resolve("multi.db");
        single = dir.resolve("single.db");
        single49 = dir.resolve("single49.db");
        optuna(null, "m = optuna.create_study(study_name='mo', storage='sqlite:///" + multi + "',"
                + " directions=['minimize', 'maximize'])\n"
                + "m.optimize(lambda t: (t.suggest_float('x', -5, 5), 1.0), n_trials=3)\n"
                + "s = optuna.create_study(study_name='s', storage='sqlite:///" + single + "', direction='minimize')\n"
                + "s.optimize(lambda t: t.suggest_float('x', -5, 5), n_trials=3)\n");
        optuna(OptunaInteropTest.OPTUNA_49, "s = optuna.create_study(study_name='s', storage='sqlite:///" + single49
                + "', direction='minimize')\ns.optimize(lambda t: t.suggest_float('x', -5, 5), n_trials=3)\n");
        for (Path p : List.of(multi, single, single49)) {
            assertEquals(1, Files.readAllBytes(p)[18], p + ": Optuna writes a rollback-journal file");
        }
    }

    private static void optuna(Path pythonPath, String script) throws Exception {
        ProcessBuilder pb = new ProcessBuilder("/usr/bin/python3", "-c", "import optuna\n"
                + "optuna.logging.set_verbosity(optuna.logging.WARNING)\n" + script).redirectErrorStream(true);
        if (pythonPath != null) {
            pb.environment().put("PYTHONPATH", pythonPath.toString());
        }
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes());
        assertEquals(0, p.waitFor(), "Optuna failed: " + out);
    }

    /** A study file for study {@code name} in {@code db}; {@code space} and {@code direction} as given. */
    private static Path studyFile(String cls, String name, Path db, String space, String direction) throws Exception {
        Path f = dir.resolve(cls + ".java");
        Files.writeString(f, """
                import io.sweep4j.sampler.Samplers;
                import io.sweep4j.study.Budget;
                import io.sweep4j.study.Study;

                public class %s {
                    public static void main(String[] args) {
                        Study.named("%s").storage("%s").space(s -> s.%s).sampler(Samplers.random(1))
                            .objective(t -> 1.0).%s("loss").budget(Budget.trials(5)).run(args);
                    }
                }
                """.formatted(cls, name, db, space, direction));
        return f;
    }

    /** The command exits 2 with {@code expected} in its message, and no file of the folder changed or appeared. */
    private static void refusedUnchanged(String expected, String... args) throws Exception {
        String what = String.join(" ", args);
        List<String> sums = List.of(OutputOverwriteTest.sha256(multi), OutputOverwriteTest.sha256(single),
                OutputOverwriteTest.sha256(single49));
        FileSnapshot before = FileSnapshot.of(dir);
        CliRun r = CliRun.of(args);
        assertEquals(2, r.exit(), what + ": " + r.out() + r.err());
        assertTrue(r.err().contains(expected), what + ": " + r.err());
        assertEquals(sums, List.of(OutputOverwriteTest.sha256(multi), OutputOverwriteTest.sha256(single),
                OutputOverwriteTest.sha256(single49)), what + ": sha256 of the Optuna files");
        before.assertUnchanged(what);
    }

    @Test
    void everyRefusalOfRunWritesNothing() throws Exception {
        refusedUnchanged("2 objectives", "run",
                studyFile("Mo", "mo", multi, "floatRange(\"x\", -5, 5)", "minimize").toString());
        refusedUnchanged("was created to MINIMIZE", "run",
                studyFile("Max", "s", single, "floatRange(\"x\", -5, 5)", "maximize").toString());
        refusedUnchanged("stores x as", "run",
                studyFile("IntX", "s", single, "intRange(\"x\", -5, 5)", "minimize").toString());
        Path same = studyFile("Same", "s", single, "floatRange(\"x\", -5, 5)", "minimize");
        refusedUnchanged("not the v3.2.0.a asked for", "run", same.toString(), "--storage",
                single + "?revision=v3.2.0.a");
        refusedUnchanged("not the v3.0.0.d asked for", "run", same.toString(), "--storage",
                single49 + "?revision=v3.0.0.d");
        refusedUnchanged("--timeout", "run", same.toString(), "--timeout", "5x");
    }

    @Test
    void everyRefusalOfUpgradeWritesNothingAndNeitherDoesAnUpgradeToTheRevisionItHas() throws Exception {
        refusedUnchanged("revisions only move forward", "upgrade", single49.toString(), "--to", "v3.0.0.d");
        refusedUnchanged("v3.0.0.d", "upgrade", single.toString(), "--to", "v9.9.9.z");
        refusedUnchanged("not the v3.2.0.a asked for", "upgrade", single + "?revision=v3.2.0.a");
        FileSnapshot before = FileSnapshot.of(dir);
        for (Path p : List.of(multi, single)) {
            CliRun r = CliRun.of("upgrade", p.toString(), "--to", "v3.0.0.d");
            assertEquals(0, r.exit(), r.err());
            assertTrue(r.out().contains("nothing changed"), r.out());
        }
        before.assertUnchanged("upgrade to the revision the file has");
    }

    @Test
    void everyRefusalOfBackupTrialsAndReportWritesNothing() throws Exception {
        Path notes = Files.writeString(dir.resolve("notes.txt"), "mine\n");
        refusedUnchanged("exists", "backup", multi.toString(), notes.toString());
        refusedUnchanged("is a SQLite database", "backup", single.toString(), single49.toString());
        refusedUnchanged("is a SQLite database", "backup", single.toString(), single.toString());
        refusedUnchanged("give 0 to 1", "best", multi.toString(), "--objective", "2");
        refusedUnchanged("no such study", "trials", single.toString(), "--study", "nope");
        refusedUnchanged("give 0 to 1", "importance", multi.toString(), "--objective", "2");
        refusedUnchanged("is a SQLite database", "report", single.toString(), "--out", single.toString());
        refusedUnchanged("is a SQLite database", "report", single.toString(), "--out", single49.toString());
        refusedUnchanged("not an earlier sweep4j report", "report", single.toString(), "--out", notes.toString());
    }

    /** Every command that shows a study reads Optuna's two-objective file without writing a byte beside or in it. */
    @Test
    void readingEveryObjectiveOfOptunasFileWritesNothing() throws Exception {
        List<String> sums = List.of(OutputOverwriteTest.sha256(multi), OutputOverwriteTest.sha256(single));
        FileSnapshot before = FileSnapshot.of(dir);
        for (String[] args : List.of(new String[] {"trials", multi.toString()}, new String[] {"best", multi.toString()},
                new String[] {"best", multi.toString(), "--objective", "1"}, new String[] {"export", multi.toString()},
                new String[] {"studies", multi.toString()})) {
            CliRun r = CliRun.of(args);
            assertEquals(0, r.exit(), String.join(" ", args) + ": " + r.err());
            assertTrue(r.out().contains("values[1]") || args[0].equals("studies"), r.out());
        }
        assertEquals(sums, List.of(OutputOverwriteTest.sha256(multi), OutputOverwriteTest.sha256(single)));
        before.assertUnchanged("reading Optuna's two-objective file");
    }
}
