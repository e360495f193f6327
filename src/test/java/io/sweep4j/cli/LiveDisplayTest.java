package io.sweep4j.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code sweep run} as a user sees it, in a child JVM: redrawn in place under a pseudo-terminal ({@code script}),
 * one plain line per event through a pipe, and the exit codes 0, 1 (every trial failed) and 130 (Ctrl-C).
 */
class LiveDisplayTest {
    @TempDir
    Path dir;

    private Path study(String name, int trials, String objectiveBody) throws IOException {
        Path f = dir.resolve(name + ".java");
        Files.writeString(f, """
                import io.sweep4j.sampler.Samplers;
                import io.sweep4j.study.Budget;
                import io.sweep4j.study.Study;

                public class %s {
                    public static void main(String[] args) {
                        Study.named("%s").storage("%s")
                            .space(s -> s.logFloat("lr", 1e-5, 1e-1).choice("kind", "a", "b"))
                            .sampler(Samplers.random(3))
                            .objective(t -> {
                                for (int e = 0; e < 3; e++) {
                                    try { Thread.sleep(120); } catch (InterruptedException ie) { }
                                    t.report(e, t.getDouble("lr") * (3 - e));
                                }
                                %s
                            })
                            .minimize("loss").parallelism(2).budget(Budget.trials(%d)).run(args);
                    }
                }
                """.formatted(name, name, dir.resolve(name + ".db"), objectiveBody, trials));
        return f;
    }

    private List<String> command(String... args) {
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.addAll(List.of("-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-cp", System.getProperty("java.class.path"),
                Main.class.getName()));
        cmd.addAll(List.of(args));
        return cmd;
    }

    @Test
    void throughAPipeEachEventIsOnePlainLineAndTheExitIs0() throws Exception {
        Path f = study("Piped", 4, "return t.getDouble(\"lr\");");
        Process p = new ProcessBuilder(command("run", f.toString())).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(120, TimeUnit.SECONDS));
        assertEquals(0, p.exitValue(), out);
        assertFalse(out.contains("\033["), "no terminal escapes on a pipe: " + out);
        assertTrue(out.contains("study \"Piped\"") && out.contains("sampler random") && out.contains("budget 4 trials")
                && out.contains("new study"), "banner: " + out);
        for (int n = 0; n < 4; n++) {
            assertTrue(out.contains("] trial " + n + " started: lr="), "start line of " + n + ": " + out);
            assertTrue(out.matches("(?s).*\\] trial " + n + " COMPLETE loss=\\S+ in .*"), "end line of " + n);
        }
        assertTrue(out.contains("study: 4/4 done (4 complete, 0 pruned, 0 failed)"), out);
        // five significant digits at most wherever a number is read
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("\\d+\\.\\d+").matcher(out);
        while (m.find()) {
            String digits = m.group().replace(".", "").replaceFirst("^0+", "");
            assertTrue(digits.length() <= 5, "more than 5 significant digits: " + m.group());
        }
    }

    @Test
    void underAPseudoTerminalTheStatusIsRedrawnInPlace() throws Exception {
        Path f = study("Tty", 4, "return t.getDouble(\"lr\");");
        Path log = dir.resolve("tty.log");
        String inner = String.join(" ", command("run", f.toString()).stream().map(a -> "'" + a + "'").toList());
        ProcessBuilder pb = new ProcessBuilder("script", "-qec", inner, log.toString());
        pb.environment().put("TERM", "xterm");
        pb.environment().put("COLUMNS", "120");
        Process p = pb.redirectErrorStream(true).start();
        p.getInputStream().readAllBytes();
        assertTrue(p.waitFor(120, TimeUnit.SECONDS));
        assertEquals(0, p.exitValue());
        String screen = Files.readString(log, StandardCharsets.UTF_8);
        assertTrue(screen.contains("\033[J"), "block erased and redrawn: " + screen);
        assertTrue(screen.matches("(?s).*\033\\[\\d+F.*"), "cursor moved up over the block");
        assertTrue(screen.contains("best #"), "best so far shown: " + screen);
        assertTrue(screen.matches("(?s).*#\\d step \\d  loss=.*"), "a running trial's step and metric: " + screen);
        assertTrue(screen.contains("Best 4 by loss"), "summary after the display: " + screen);
    }

    @Test
    void everyTrialFailingExits1WithTheReasonsGrouped() throws Exception {
        Path f = study("Failing", 3, "throw new IllegalStateException(\"no data at \" + t.getDouble(\"lr\"));");
        Process p = new ProcessBuilder(command("run", f.toString())).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(120, TimeUnit.SECONDS));
        assertEquals(1, p.exitValue(), out);
        assertTrue(out.contains("3 failed, by kind:\n  IllegalStateException ×3, e.g. trial 2: IllegalStateException:"
                + " no data at "), out);
        assertTrue(out.contains("every trial of this run failed"), out);
    }

    @Test
    void anObjectiveThatAlwaysThrowsStopsAfterFiveFailuresInARowWithOneStackTraceAndExits1() throws Exception {
        Path f = study("Broken", 1100, "throw new IllegalStateException(\"no data at \" + t.getDouble(\"lr\"));");
        Process p = new ProcessBuilder(command("run", f.toString())).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(120, TimeUnit.SECONDS));
        assertEquals(1, p.exitValue(), out);
        long failedLines = out.lines().filter(l -> l.matches("\\[[\\d:]+\\] trial \\d+ failed in .*")).count();
        // two workers: the fifth failure in a row stops it, the other running trial ends after its current step,
        // failed by the same error or stopped (interrupted, which the streak does not count)
        assertTrue(failedLines >= 5 && failedLines <= 6, out);
        long errorLines = out.lines().filter(l -> l.matches("\\[[\\d:]+\\] trial \\d+ failed in [^:]*: Illegal.*"))
                .count();
        assertEquals(1, out.lines().filter(l -> l.startsWith("\tat io.sweep4j.study.TrialEnding.run(")).count(),
                "one full stack trace: " + out);
        assertTrue(out.contains("stopped: repeated failures"), out);
        // the other worker's trial may end in the same moment: the count is what the file holds
        assertTrue(out.contains("the last " + errorLines + " trials failed in a row with the same error (the limit is"
                + " 5), the latest, trial "), out);
        assertTrue(out.lines().count() < 60, "a few lines, not a wall of stack traces: " + out);
    }

    @Test
    void ctrlCExits130AndTheNextRunResumes() throws Exception {
        Path f = study("Stopped", 40, "return t.getDouble(\"lr\");");
        List<String> cmd = command("run", f.toString());
        if (io.sweep4j.resume.ChildJvmAccess.sigintIgnored()) {
            cmd.addAll(0, List.of("perl", "-e", "$SIG{INT} = 'DEFAULT'; exec @ARGV or die"));
        }
        Path out = dir.resolve("stopped.out");
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(out.toFile()).start();
        long end = System.currentTimeMillis() + 60_000;
        while (!Files.readString(out).contains("COMPLETE") && System.currentTimeMillis() < end && p.isAlive()) {
            Thread.sleep(20);
        }
        new ProcessBuilder("kill", "-INT", Long.toString(p.pid())).start().waitFor();
        assertTrue(p.waitFor(60, TimeUnit.SECONDS));
        assertEquals(130, p.exitValue(), Files.readString(out));
        assertTrue(Files.readString(out).contains("stopped: interrupted"), Files.readString(out));
    }

    @Test
    void aStudyThatThrowsShowsTheTypeAndItsLineInTheStudyFile() throws Exception {
        Path f = dir.resolve("Thrower.java");
        Files.writeString(f, """
                public class Thrower {
                    public static void main(String[] args) {
                        helper();
                    }

                    static void helper() {
                        throw new UnsupportedOperationException("no GPU here");
                    }
                }
                """);
        CliRun r = CliRun.of("run", f.toString());
        assertEquals(1, r.exit(), r.err());
        assertTrue(r.err().contains("java.lang.UnsupportedOperationException: no GPU here"), r.err());
        assertTrue(r.err().contains("Thrower.helper(" + f + ":7)"), r.err());
        assertTrue(r.err().contains("Thrower.main(" + f + ":3)"), r.err());
    }
}
