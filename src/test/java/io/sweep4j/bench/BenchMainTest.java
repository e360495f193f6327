package io.sweep4j.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sweep4j.study.Study;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code sweep bench}: reached through the launcher, checked before anything runs, and absent from the library. */
class BenchMainTest {
    private static final List<String> NAMES =
            List.of("overhead", "samplers", "multiobjective", "throughput", "memory", "batchnorm", "report", "pruning", "storage");

    @TempDir
    Path dir;

    private record Run(int exit, String out, String err) {
    }

    private static synchronized Run bench(String... args) {
        PrintStream oldOut = System.out;
        PrintStream oldErr = System.err;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        try {
            System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
            System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
            int code = BenchMain.execute(args);
            return new Run(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
        } finally {
            System.setOut(oldOut);
            System.setErr(oldErr);
        }
    }

    @Test
    void benchmarkFlagsAreCheckedBeforeAnythingRuns() {
        for (String[] args : new String[][] {{"--rounds", "0"}, {"--rounds", "x"}, {"--iterations", "-5"},
                {"--rounds"}, {"--bogus"}}) {
            String[] command = new String[args.length + 1];
            command[0] = "batchnorm";
            System.arraycopy(args, 0, command, 1, args.length);
            Run r = bench(command);
            assertEquals(2, r.exit(), String.join(" ", args) + ": " + r.err());
            assertTrue(r.err().contains(args[0]) && (r.err().contains("give") || r.err().contains("valid:")), r.err());
        }
        for (String[] args : new String[][] {{"--seeds", "0"}, {"--trials", "5"}, {"--switch", "10,x"},
                {"--switch", "-1"}, {"--only"}, {"--bogus"}}) {
            String[] command = new String[args.length + 1];
            command[0] = "samplers";
            System.arraycopy(args, 0, command, 1, args.length);
            Run r = bench(command);
            assertEquals(2, r.exit(), "samplers " + String.join(" ", args) + ": " + r.err());
            assertTrue(r.err().contains(args[0]) && (r.err().contains("give") || r.err().contains("valid:")), r.err());
        }
        Run repeats = bench("throughput", "--repeats", "0");
        assertEquals(2, repeats.exit());
        assertTrue(repeats.err().contains("--repeats = \"0\"") && repeats.err().contains(">= 1"), repeats.err());
        Run nonsense = bench("nonsense");
        assertEquals(2, nonsense.exit());
        assertTrue(nonsense.err().contains("\"nonsense\"") && nonsense.err().contains("storage"), nonsense.err());
    }

    @Test
    void theMultiObjectiveBenchmarkChecksItsFlagsAndRunsOurSamplersOnEveryProblem() {
        for (String[] args : new String[][] {{"--budgets", "0,50"}, {"--budgets", "50,x"}, {"--seeds", "0"},
                {"--jobs", "-1"}, {"--zdt"}, {"--problems", "ZDT1,ZDT9"}}) {
            String[] command = new String[args.length + 1];
            command[0] = "multiobjective";
            System.arraycopy(args, 0, command, 1, args.length);
            Run r = bench(command);
            assertEquals(2, r.exit(), String.join(" ", args) + ": " + r.err());
            assertTrue(r.err().contains(args[0]) && (r.err().contains("give") || r.err().contains("valid:")), r.err());
        }
        Run tiny = bench("multiobjective", "--seeds", "1", "--budgets", "4,8", "--no-optuna");
        assertEquals(0, tiny.exit(), tiny.err());
        for (String expected : List.of("## ZDT1", "## ZDT2", "## ZDT3", "## DTLZ2", "## mixed", "| sweep4j nsga2 |",
                "| sweep4j TPE |", "| sweep4j random |", "reference [1.1, 6.0]", "not measured in this run")) {
            assertTrue(tiny.out().contains(expected), expected + " in\n" + tiny.out());
        }
        Run some = bench("multiobjective", "--seeds", "1", "--budgets", "4", "--problems", "ZDT2", "--zdt-vars", "30",
                "--no-optuna");
        assertEquals(0, some.exit(), some.err());
        assertTrue(some.out().contains("## ZDT2") && some.out().contains("30 variables in [0, 1] (the standard)"),
                some.out());
        assertFalse(some.out().contains("## ZDT1") || some.out().contains("## mixed"), some.out());
    }

    @Test
    void theBenchmarksAndToolsAreNotAmongTheLibraryClasses() throws Exception {
        Path library = Path.of(Study.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        for (String name : List.of("io.sweep4j.bench.BenchMain", "io.sweep4j.bench.OverheadBenchmark",
                "io.sweep4j.data.MiniSetGenerator")) {
            Path from = Path.of(Class.forName(name).getProtectionDomain().getCodeSource().getLocation().toURI());
            assertNotEquals(library, from, name + " is compiled with the library, into " + library);
        }
    }

    /** The real launcher script, in a copy of the layout it expects, with this JVM's class path as Maven's. */
    private Run launcher(String... args) throws Exception {
        Path target = Files.createDirectories(dir.resolve("target"));
        Files.createDirectories(target.resolve("bench-classes"));
        Files.writeString(target.resolve("classpath.txt"), System.getProperty("java.class.path"));
        Path script = dir.resolve("sweep");
        Files.copy(Path.of("sweep"), script, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        // an empty library jar, newer than the (absent) sources: the launcher does not build
        Path jarFile = target.resolve("sweep4j-0.1.0-SNAPSHOT.jar");
        try (ZipOutputStream jar = new ZipOutputStream(Files.newOutputStream(jarFile))) {
            jar.putNextEntry(new ZipEntry("META-INF/"));
        }
        String[] command = new String[args.length + 2];
        command[0] = "bash";
        command[1] = script.toString();
        System.arraycopy(args, 0, command, 2, args.length);
        ProcessBuilder pb = new ProcessBuilder(command).directory(dir.toFile());
        pb.environment().put("SWEEP_JAVA_OPTS", "-Xmx256m");
        pb.redirectOutput(dir.resolve("out.txt").toFile()).redirectError(dir.resolve("err.txt").toFile());
        int exit = pb.start().waitFor();
        return new Run(exit, Files.readString(dir.resolve("out.txt")), Files.readString(dir.resolve("err.txt")));
    }

    @Test
    void theLauncherDispatchesBenchToTheBenchmarksOutsideTheLibraryJar() throws Exception {
        Run help = launcher("bench", "--help");
        assertEquals(0, help.exit(), help.err());
        assertTrue(help.out().contains("Usage: sweep bench"), help.out());
        for (String name : NAMES) {
            assertTrue(help.out().contains(name), name + " missing from: " + help.out());
        }
        Run wrong = launcher("bench", "nonsense");
        assertEquals(2, wrong.exit(), wrong.err());
        assertTrue(wrong.err().contains("error: benchmark = \"nonsense\""), wrong.err());
    }
}
