package io.sweep4j.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What {@code trials}, {@code best}, {@code export}, {@code report} and {@code importance} print and refuse. */
class TablesTest {
    @TempDir
    Path dir;
    Path db;

    @BeforeEach
    void study() throws Exception {
        db = dir.resolve("t.db");
        Path f = dir.resolve("Tab.java");
        Files.writeString(f, """
                import io.sweep4j.sampler.Samplers;
                import io.sweep4j.study.Budget;
                import io.sweep4j.study.Study;

                public class Tab {
                    public static void main(String[] args) {
                        Study.named("tab").storage("%s")
                            .space(s -> s.logFloat("lr", 1e-6, 1e-1).choice("optimizer", "sgd", "adam")
                                .intRange("width", 8, 64).floatRange("x", -100000, 100000))
                            .sampler(Samplers.random(2))
                            .objective(t -> {
                                if (t.number() == 3) { t.setUserAttribute("note", "third"); }
                                return Math.abs(t.getDouble("x")) / 3
                                        + (t.getString("optimizer").equals("adam") ? 0 : 1e5);
                            })
                            .minimize("loss").parallelism(1).budget(Budget.trials(8)).run(args);
                    }
                }
                """.formatted(db));
        assertEquals(0, CliRun.of("run", f.toString()).exit());
    }

    @Test
    void tablesHaveOneColumnSetReadableNumbersRightAlignedAndNoTrailingSpaces() {
        CliRun all = CliRun.of("trials", db.toString());
        assertEquals(0, all.exit(), all.err());
        String[] lines = all.out().split("\n");
        assertEquals("number", lines[0].split("\\s+")[0]);
        assertEquals(List.of("number", "state", "loss", "duration_s", "lr", "optimizer", "width", "x", "note", "epochs",
                "reason"), Arrays.asList(lines[0].trim().split("\\s+")));
        for (String l : lines) {
            assertEquals(l.stripTrailing(), l, "no trailing spaces");
        }
        // the same columns when the one row with a user attribute is filtered out
        CliRun adam = CliRun.of("trials", db.toString(), "--where", "optimizer=adam");
        assertTrue(adam.out().split("\n")[0].contains("note"), adam.out());
        assertTrue(adam.out().lines().skip(1).allMatch(l -> l.contains("adam")), adam.out());
        // five significant digits, right-aligned under the header's right edge
        int end = lines[0].indexOf("lr") + 2;
        for (String l : Arrays.asList(lines).subList(1, lines.length)) {
            String cell = l.substring(0, end).trim().replaceAll(".*\\s", "");
            assertTrue(cell.replaceAll("e-?\\d+$", "").replace(".", "").replace("-", "").replaceFirst("^0+", "")
                    .length() <= 5, "readable: " + cell);
            assertTrue(Character.isDigit(l.charAt(end - 1)), "right-aligned number column: " + l);
        }
        assertFalse(all.out().contains("100000.0"), all.out());
    }

    @Test
    void whereMatchesAFloatAsTheTableShowsIt() {
        List<String> header = Arrays.asList(CliRun.of("trials", db.toString()).out().lines().findFirst().orElseThrow()
                .trim().split("\\s+"));
        int lr = header.indexOf("lr");
        List<String[]> shown = CliRun.of("trials", db.toString()).out().lines().skip(1)
                .map(l -> l.trim().split("\\s+")).toList();
        List<String[]> full = CliRun.of("trials", db.toString(), "--format", "csv").out().lines().skip(1)
                .map(l -> l.split(",")).toList();
        assertEquals(8, shown.size());
        for (int i = 0; i < shown.size(); i++) {
            String number = shown.get(i)[0];
            double value = Double.parseDouble(full.get(i)[lr]);
            // as the table shows it (scientific in this column), in plain digits, and at full precision
            for (String given : List.of(shown.get(i)[lr], io.sweep4j.space.Readable.plain(value), full.get(i)[lr])) {
                CliRun r = CliRun.of("trials", db.toString(), "--where", "lr=" + given, "--format", "csv");
                assertEquals(0, r.exit(), r.err());
                assertEquals(List.of(number), r.out().lines().skip(1).map(l -> l.split(",")[0]).toList(),
                        "lr=" + given + " (stored " + value + ")");
            }
            // more digits narrow the match: a sixth digit that the stored value does not round to matches nothing
            String wrong = new java.math.BigDecimal(value).round(new java.math.MathContext(6)).add(
                    java.math.BigDecimal.ONE.movePointLeft(5 - (int) Math.floor(Math.log10(value)))).toString();
            assertEquals(1, CliRun.of("trials", db.toString(), "--where", "lr=" + wrong).out().lines().count(),
                    "lr=" + wrong + " is not " + value);
        }
        CliRun best = CliRun.of("best", db.toString(), "--where", "lr=" + shown.get(0)[lr]);
        assertEquals(0, best.exit(), best.err());
        CliRun help = CliRun.of("trials", "--help");
        assertTrue(help.out().replaceAll("\\s+", " ").contains("a float matches as shown: when rounded to the digits"
                + " given"), help.out());
    }

    @Test
    void sortByAnyColumnEitherWayAndErrorsListTheColumns() {
        List<Double> asc = column(CliRun.of("trials", db.toString(), "--sort", "x", "--format", "csv").out(), 7);
        List<Double> desc = column(CliRun.of("trials", db.toString(), "--sort", "-x", "--format", "csv").out(), 7);
        List<Double> desc2 = column(CliRun.of("trials", db.toString(), "--sort", "x", "--desc", "--format", "csv")
                .out(), 7);
        assertEquals(desc, desc2);
        List<Double> sorted = asc.stream().sorted().toList();
        assertEquals(sorted, asc);
        assertEquals(desc.stream().sorted(java.util.Comparator.reverseOrder()).toList(), desc);
        assertEquals(sorted, desc.stream().sorted().toList());
        List<Double> best = column(CliRun.of("trials", db.toString(), "--sort", "value", "--format", "csv").out(), 2);
        assertEquals(best.stream().sorted().toList(), best, "value: best (lowest) first");
        CliRun bad = CliRun.of("trials", db.toString(), "--sort", "depth");
        assertEquals(2, bad.exit());
        assertTrue(bad.err().contains("lr, optimizer, width, x"), bad.err());
        CliRun where = CliRun.of("best", db.toString(), "--where", "colour=red");
        assertEquals(2, where.exit());
        assertTrue(where.err().contains("--where = \"colour\"") && where.err().contains("optimizer"), where.err());
    }

    private static List<Double> column(String csv, int i) {
        return csv.lines().skip(1).map(l -> Double.parseDouble(l.split(",")[i])).toList();
    }

    @Test
    void formatsOnlyWhereTheyMeanSomethingAndPathsThatCannotBeWrittenSayWhy() throws Exception {
        CliRun exportTable = CliRun.of("export", db.toString(), "--format", "table");
        assertEquals(2, exportTable.exit());
        assertTrue(exportTable.err().contains("json or csv"), exportTable.err());
        assertEquals(2, CliRun.of("report", db.toString(), "--format", "json").exit(), "report has no --format");
        CliRun missing = CliRun.of("report", db.toString(), "--out", dir.resolve("no/such/r.html").toString());
        assertEquals(2, missing.exit());
        assertTrue(missing.err().contains("does not exist") && missing.err().contains("mkdir -p"), missing.err());
        CliRun isDir = CliRun.of("export", db.toString(), "--out", dir.toString());
        assertEquals(2, isDir.exit());
        assertTrue(isDir.err().contains("is a directory"), isDir.err());
        CliRun tooLong = CliRun.of("report", db.toString(), "--out", dir.resolve("r".repeat(300) + ".html").toString());
        assertEquals(2, tooLong.exit());
        assertTrue(tooLong.err().contains("longer than 255 bytes"), tooLong.err());
        for (CliRun r : List.of(missing, isDir, tooLong, exportTable)) {
            assertFalse(r.err().contains("null"), r.err());
        }
    }

    @Test
    void timeoutTakesSecondsMinutesHoursOrDaysOnly() throws Exception {
        Path f = dir.resolve("Tab.java");
        for (String bad : List.of("90", "PT1M", "-1m", "1w", "soon", "0s")) {
            CliRun r = CliRun.of("run", f.toString(), "--timeout", bad);
            assertEquals(2, r.exit(), bad + ": " + r.err());
            assertTrue(r.err().contains("--timeout = \"" + bad + "\""), r.err());
            assertFalse(r.err().contains("null") || r.err().contains("PT-"), r.err());
        }
        assertEquals(0, CliRun.of("run", f.toString(), "--timeout", "1.5h").exit());
    }

    @Test
    void theReportsDefinitionTableNamesTheSamplerAndPrunerOnceAsTheLatestRunHadThem() throws Exception {
        // the same study run again with another sampler (its budget is spent: it only opens the study)
        Path again = dir.resolve("TabAgain.java");
        Files.writeString(again, Files.readString(dir.resolve("Tab.java")).replace("class Tab ", "class TabAgain ")
                .replace("Samplers.random(2)", "Samplers.random(5)"));
        assertEquals(0, CliRun.of("run", again.toString()).exit());
        Path html = dir.resolve("def.html");
        assertEquals(0, CliRun.of("report", db.toString(), "--out", html.toString()).exit());
        String page = Files.readString(html);
        String table = page.substring(page.indexOf("<section id='definition'>"), page.indexOf("<h3>Search space</h3>"));
        assertEquals(1, table.split("<th>sampler</th>", -1).length - 1, table);
        assertEquals(1, table.split("<th>pruner</th>", -1).length - 1, table);
        assertTrue(table.contains("<th>sampler</th><td>random(seed=5)</td>"), table);
    }

    @Test
    void tablesShowPathsShortAndTheUserChoosesTheColumns() throws Exception {
        Path pdb = dir.resolve("paths.db");
        Path inside = Path.of("").toAbsolutePath().resolve("results/paths/trial-%d/model.zip");
        Path outside = dir.resolve("deep/er/still/paths/trial-%d/model.zip").toAbsolutePath();
        Path f = dir.resolve("Paths.java");
        Files.writeString(f, """
                import io.sweep4j.sampler.Samplers;
                import io.sweep4j.study.Budget;
                import io.sweep4j.study.Study;

                public class Paths {
                    public static void main(String[] args) {
                        Study.named("paths").storage("%s")
                            .space(s -> s.floatRange("lr", 0.001, 0.1))
                            .sampler(Samplers.random(3))
                            .objective(t -> {
                                t.setUserAttribute("model_file", String.format(t.number() %% 2 == 0 ? "%s" : "%s",
                                        t.number()));
                                return t.getDouble("lr");
                            })
                            .minimize("loss").parallelism(1).budget(Budget.trials(4)).run(args);
                    }
                }
                """.formatted(pdb, inside, outside));
        assertEquals(0, CliRun.of("run", f.toString()).exit());
        CliRun table = CliRun.of("trials", pdb.toString());
        assertEquals(0, table.exit(), table.err());
        List<String> lines = table.out().lines().toList();
        assertTrue(lines.get(1).endsWith("results/paths/trial-0/model.zip  -       -")
                && !lines.get(1).contains(inside.getParent().getParent().getParent().toString()), table.out());
        assertTrue(lines.get(2).contains(" .../paths/trial-1/model.zip") && !lines.get(2).contains(dir.toString()),
                table.out());
        // csv and json keep them whole
        String csv = CliRun.of("trials", pdb.toString(), "--format", "csv").out();
        assertTrue(csv.contains(String.format(outside.toString(), 1)), csv);
        // the user's columns, in the user's order; value names the metric
        CliRun chosen = CliRun.of("trials", pdb.toString(), "--columns", "number,value,lr", "--sort", "value");
        assertEquals(0, chosen.exit(), chosen.err());
        assertEquals(List.of("number", "loss", "lr"), Arrays.asList(chosen.out().lines().findFirst().orElseThrow()
                .trim().split("\\s+")));
        assertEquals(5, chosen.out().lines().count());
        CliRun best = CliRun.of("best", pdb.toString(), "--columns", "model_file,number", "--format", "csv");
        assertEquals("model_file,number", best.out().lines().findFirst().orElseThrow(), best.out());
        for (String command : List.of("trials", "best")) {
            CliRun bad = CliRun.of(command, pdb.toString(), "--columns", "number,modelfile");
            assertEquals(2, bad.exit(), bad.err());
            assertEquals("error: --columns = \"modelfile\": no such column; use one of: value, number, state, loss,"
                    + " duration_s, lr, model_file, epochs, reason", bad.err().strip());
            assertEquals("", bad.out());
        }
    }

    @Test
    void defaultReportNamesKeepNonAsciiStudiesApart() {
        String a = io.sweep4j.report.OutputFile.nameFor("学习/率", "-report.html");
        String b = io.sweep4j.report.OutputFile.nameFor("学习?率", "-report.html");
        assertFalse(a.equals(b), a + " vs " + b);
        assertTrue(a.startsWith("学习_率-"), a);
        assertEquals("plain-name-report.html", io.sweep4j.report.OutputFile.nameFor("plain-name", "-report.html"));
        CliRun r = CliRun.of("report", db.toString());
        assertEquals(0, r.exit(), r.err());
        assertTrue(Files.exists(dir.resolve("tab-report.html")), r.out());
    }

    @Test
    void importanceListsEveryParameterMostImportantFirst() {
        CliRun r = CliRun.of("importance", db.toString());
        assertEquals(0, r.exit(), r.err());
        List<String> rows = r.out().lines().skip(1).map(l -> l.trim().split("\\s+")[0]).toList();
        assertEquals(4, rows.size(), r.out());
        assertTrue(rows.indexOf("optimizer") < rows.indexOf("lr") || rows.indexOf("x") == 0, r.out());
        CliRun json = CliRun.of("importance", db.toString(), "--format", "json");
        assertTrue(json.out().contains("\"importance\""), json.out());
    }
}
