package io.sweep4j.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The sweep command as a user types it: exit codes 0/1/2 and messages that name the problem and the fix. */
class CliTest {
    @TempDir
    Path dir;

    private Path study(String name, String body) throws Exception {
        Path f = dir.resolve(name + ".java");
        Files.writeString(f, """
                import io.sweep4j.sampler.Samplers;
                import io.sweep4j.study.Budget;
                import io.sweep4j.study.Study;

                public class %s {
                    public static void main(String[] args) {
                        %s
                    }
                }
                """.formatted(name, body));
        return f;
    }

    private String quadratic(String db) {
        return """
                Study.named("quad").storage("%s")
                    .space(s -> s.floatRange("x", -2, 2).choice("kind", "a", "b"))
                    .sampler(Samplers.random(1))
                    .objective(t -> t.getDouble("x") * t.getDouble("x"))
                    .minimize("loss").parallelism(2).budget(Budget.trials(6)).run(args);
                """.formatted(db.replace("\\", "\\\\"));
    }

    @Test
    void runCompilesAStudyFileRunsItAndContinuesItWithOverrides() throws Exception {
        Path db = dir.resolve("q.db");
        Path f = study("Quad", quadratic(db.toString()));
        CliRun first = CliRun.of("run", f.toString());
        assertEquals(0, first.exit(), first.err());
        assertTrue(first.out().contains("Best"), first.out());
        CliRun more = CliRun.of("run", f.toString(), "--trials", "9", "--parallelism", "1");
        assertEquals(0, more.exit(), more.err());
        CliRun trials = CliRun.of("trials", db.toString(), "--format", "csv");
        assertEquals(10, trials.out().strip().split("\n").length, trials.out());
        CliRun best = CliRun.of("best", db.toString(), "--top", "3");
        assertEquals(0, best.exit());
        assertEquals(4, best.out().strip().split("\n").length, best.out());
    }

    @Test
    void aStudyFileThatDoesNotCompileShowsJavacLinesAndExits2() throws Exception {
        Path f = study("Broken", "int x = \"text\";\n        Study.named(null).run(args);");
        CliRun r = CliRun.of("run", f.toString());
        assertEquals(2, r.exit());
        assertTrue(r.err().contains("Broken.java:7"), r.err());
        assertTrue(r.err().contains("incompatible types"), r.err());
    }

    @Test
    void aStudyWhoseMainThrowsExits1WithTheMessage() throws Exception {
        Path f = study("Throws", "throw new IllegalStateException(\"no GPU here\");");
        CliRun r = CliRun.of("run", f.toString());
        assertEquals(1, r.exit());
        assertTrue(r.err().contains("no GPU here"), r.err());
    }

    @Test
    void badDefinitionsAndFlagsExit2BeforeAnythingIsStored() throws Exception {
        Path db = dir.resolve("bad.db");
        Path badRange = study("BadRange", """
                Study.named("b").storage("%s").space(s -> s.logFloat("lr", 0.0, 0.1))
                    .objective(t -> 0).minimize("loss").run(args);
                """.formatted(db));
        CliRun r = CliRun.of("run", badRange.toString());
        assertEquals(2, r.exit());
        assertTrue(r.err().contains("lr.low") && r.err().contains("low > 0"), r.err());
        assertTrue(Files.notExists(db), "nothing stored");

        Path ok = study("Ok", quadratic(db.toString()));
        for (String[] args : new String[][] {{"--trials", "-1"}, {"--parallelism", "0"}, {"--timeout", "soon"},
            {"--trails", "5"}}) {
            String[] full = new String[args.length + 2];
            full[0] = "run";
            full[1] = ok.toString();
            System.arraycopy(args, 0, full, 2, args.length);
            CliRun bad = CliRun.of(full);
            assertEquals(2, bad.exit(), String.join(" ", args) + " -> " + bad.err());
            assertTrue(bad.err().contains(args[0]), bad.err());
        }
        Path missingDir = study("MissingDir", quadratic(dir.resolve("nope/q.db").toString()));
        CliRun m = CliRun.of("run", missingDir.toString());
        assertEquals(2, m.exit());
        assertTrue(m.err().contains("does not exist") && m.err().contains("mkdir -p"), m.err());
        assertEquals(2, CliRun.of("run", dir.resolve("Nothing.java").toString()).exit());
        assertEquals(2, CliRun.of("frobnicate").exit());
    }

    @Test
    void countsBeyondTheLimitAreRefusedNamingTheLimitAndNothingIsWritten() throws Exception {
        Path db = dir.resolve("limits.db");
        Path f = study("Limits", quadratic(db.toString()));
        CliRun trials = CliRun.of("run", f.toString(), "--trials", "2147483648");
        assertEquals(2, trials.exit(), trials.err());
        assertTrue(trials.err().contains("--trials = \"2147483648\": too large: at most 2147483647"), trials.err());
        int cores = Runtime.getRuntime().availableProcessors();
        for (String n : List.of("100000", String.valueOf(4 * cores + 1), "99999999999")) {
            CliRun r = CliRun.of("run", f.toString(), "--parallelism", n);
            assertEquals(2, r.exit(), r.err());
            assertTrue(r.err().contains("--parallelism = \"" + n + "\": too large: at most " + 4 * cores + ", 4 per core"
                    + " of this machine's " + cores), r.err());
        }
        assertTrue(Files.notExists(db), "nothing stored");
        // a refusal on an existing study changes no byte of it
        assertEquals(0, CliRun.of("run", f.toString(), "--parallelism", String.valueOf(4 * cores)).exit());
        byte[] before = Files.readAllBytes(db);
        assertEquals(2, CliRun.of("run", f.toString(), "--trials", "20", "--parallelism", "100000").exit());
        assertArrayEquals(before, Files.readAllBytes(db));
        // the same limit for a study file's own .parallelism(n)
        Path dsl = study("Wide", quadratic(dir.resolve("wide.db").toString()).replace("parallelism(2)",
                "parallelism(100000)"));
        CliRun wide = CliRun.of("run", dsl.toString());
        assertEquals(2, wide.exit(), wide.err());
        assertTrue(wide.err().contains("parallelism = 100000: too large: at most " + 4 * cores), wide.err());
        assertTrue(Files.notExists(dir.resolve("wide.db")));
    }

    @Test
    void queriesRefuseFilesThatAreNotStudyDatabasesAndLeaveThemUnchanged() throws Exception {
        Path text = dir.resolve("notes.db");
        Files.writeString(text, "just some text, not SQLite");
        byte[] before = Files.readAllBytes(text);
        CliRun r = CliRun.of("trials", text.toString());
        assertEquals(2, r.exit());
        assertTrue(r.err().contains("not a SQLite database"), r.err());
        assertArrayEquals(before, Files.readAllBytes(text));
        assertEquals(2, CliRun.of("best", dir.toString()).exit());
        assertEquals(2, CliRun.of("studies", dir.resolve("missing.db").toString()).exit());
    }

    @Test
    void queryOptionsAreChecked() throws Exception {
        Path db = dir.resolve("q.db");
        assertEquals(0, CliRun.of("run", study("Quad", quadratic(db.toString())).toString()).exit());
        CliRun fmt = CliRun.of("trials", db.toString(), "--format", "xml");
        assertEquals(2, fmt.exit());
        assertTrue(fmt.err().contains("table, csv or json"), fmt.err());
        assertEquals(2, CliRun.of("trials", db.toString(), "--state", "done").exit());
        assertEquals(2, CliRun.of("trials", db.toString(), "--study", "other").exit());
        assertEquals(2, CliRun.of("trials", db.toString(), "--sort", "nonsense").exit());
        assertEquals(2, CliRun.of("best", db.toString(), "--top", "0").exit());
        CliRun sorted = CliRun.of("trials", db.toString(), "--sort", "value", "--format", "csv");
        String[] lines = sorted.out().strip().split("\n");
        double prev = Double.NEGATIVE_INFINITY;
        for (int i = 1; i < lines.length; i++) {
            double v = Double.parseDouble(lines[i].split(",")[2]);
            assertTrue(v >= prev, "sorted best (lowest) first: " + sorted.out());
            prev = v;
        }
        CliRun help = CliRun.of("trials", "--help");
        assertEquals(0, help.exit());
        assertTrue(help.out().contains("--sort"), help.out());
    }

    @Test
    void reportWritesOneHtmlFileWithThePlotsAndEscapesNames() throws Exception {
        Path db = dir.resolve("q.db");
        assertEquals(0, CliRun.of("run", study("Quad", quadratic(db.toString())).toString()).exit());
        Path html = dir.resolve("r.html");
        CliRun r = CliRun.of("report", db.toString(), "--out", html.toString());
        assertEquals(0, r.exit(), r.err());
        String page = Files.readString(html);
        assertTrue(page.startsWith("<!DOCTYPE html>"));
        assertTrue(page.contains("<h1>quad</h1>"), "study name");
        for (String id : List.of("history", "edf", "importance", "contour", "parallel", "slice-0", "slice-1",
                "timeline", "trial-table", "verdict", "definition")) {
            assertTrue(page.contains("id='" + id + "'"), id);
        }
        assertEquals(1, page.split("<script").length - 1, "one script, the table's own; nothing loaded");
        assertTrue(!page.contains("src=") && !page.contains("href="), "self-contained");
    }

    @Test
    void infinitiesAreNamedAsOptunaNamesThemInValidJsonAndInCsv() throws Exception {
        Path db = dir.resolve("inf.db");
        Path f = study("Inf", """
                Study.named("inf").storage("%s")
                    .space(s -> s.floatRange("x", 0, 1))
                    .objective(t -> {
                        t.report(0, java.util.Map.of("loss", Double.NEGATIVE_INFINITY, "acc", Double.NaN));
                        t.report(1, java.util.Map.of("loss", 0.5, "acc", 0.25));
                        return t.number() == 1 ? Double.POSITIVE_INFINITY : t.getDouble("x");
                    })
                    .minimize("loss").parallelism(1).budget(Budget.trials(3)).run(args);
                """.formatted(db));
        assertEquals(0, CliRun.of("run", f.toString()).exit());
        CliRun json = CliRun.of("export", db.toString());
        // a strict parser (Jackson's default) reads it: Optuna's bare Infinity would be refused
        var root = new com.fasterxml.jackson.databind.ObjectMapper().readTree(json.out());
        var t1 = root.get("trials").get(1);
        assertEquals("Infinity", t1.get("value").textValue());
        assertEquals("-Infinity", t1.get("intermediate_values").get("0").textValue());
        assertEquals("NaN", t1.get("metrics").get("0").get("acc").textValue());
        List<String> csv = CliRun.of("export", db.toString(), "--format", "csv").out().lines().toList();
        assertTrue(csv.contains("1,COMPLETE,0,loss,-inf") && csv.contains("1,COMPLETE,0,acc,nan"), csv.toString());
        List<String> trials = CliRun.of("trials", db.toString(), "--format", "csv").out().lines().toList();
        assertTrue(trials.get(2).startsWith("1,COMPLETE,inf,"), trials.toString());
        // Optuna 4.9's own JSON names the same value with the same word, unquoted
        Path optuna = Path.of("src/test/python/third_party/optuna-4.9.0").toAbsolutePath();
        ProcessBuilder pb = new ProcessBuilder("/usr/bin/python3", "-c", "import sys; sys.argv = ['optuna', 'trials',"
                + " '--storage', 'sqlite:///" + db.toAbsolutePath() + "', '--study-name', 'inf', '-f', 'json'];"
                + " from optuna.cli import main; main()");
        pb.environment().put("PYTHONPATH", optuna.toString());
        pb.redirectError(ProcessBuilder.Redirect.DISCARD);
        Process p = pb.start();
        String theirs = new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        assertEquals(0, p.waitFor());
        assertTrue(theirs.contains("\"number\": 1, \"value\": Infinity,"), theirs);
        CliRun help = CliRun.of("export", "--help");
        assertTrue(help.out().replaceAll("\\s+", " ").contains("Infinities and NaN: in json the strings \"Infinity\","
                + " \"-Infinity\", \"NaN\""), help.out());
    }

    @Test
    void exportGivesEveryTrialWithItsLearningCurve() throws Exception {
        Path db = dir.resolve("c.db");
        Path f = study("Curves", """
                Study.named("curves").storage("%s")
                    .space(s -> s.floatRange("x", 0, 1))
                    .objective(t -> {
                        for (int e = 0; e < 3; e++) {
                            t.report(e, java.util.Map.of("acc", t.getDouble("x") * e, "loss", 1.0 / (e + 1)));
                        }
                        return t.getDouble("x") * 2;
                    })
                    .maximize("acc").budget(Budget.trials(4)).run(args);
                """.formatted(db));
        assertEquals(0, CliRun.of("run", f.toString()).exit());
        CliRun json = CliRun.of("export", db.toString());
        assertEquals(0, json.exit(), json.err());
        var root = new com.fasterxml.jackson.databind.ObjectMapper().readTree(json.out());
        assertEquals(4, root.get("trials").size());
        var t0 = root.get("trials").get(0);
        assertEquals(3, t0.get("intermediate_values").size());
        assertEquals(0.5, t0.get("metrics").get("1").get("loss").asDouble(), 1e-12);
        CliRun csv = CliRun.of("export", db.toString(), "--format", "csv");
        // header + 4 trials x 3 epochs x 2 metrics
        assertEquals(1 + 4 * 3 * 2, csv.out().strip().split("\n").length, csv.out());
    }
}
