package io.sweep4j.resume;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Starts {@link ChildStudy} (or another main) in a fresh JVM on the test class path; output goes to files. */
record ChildJvm(Process process, Path out, Path err) {

    static ChildJvm start(Path workDir, String tag, List<String> jvmOptions, String... args) throws IOException {
        return start(workDir, tag, false, jvmOptions, ChildStudy.class, args);
    }

    /** Starts another test main than {@link ChildStudy}'s. */
    static ChildJvm startMain(Path workDir, String tag, Class<?> main, String... args) throws IOException {
        return start(workDir, tag, false, List.of(), main, args);
    }

    /** As a shell starts a background job ({@code cmd &}, nohup): with SIGINT ignored. */
    static ChildJvm startInBackground(Path workDir, String tag, List<String> jvmOptions, String... args)
            throws IOException {
        return start(workDir, tag, true, jvmOptions, ChildStudy.class, args);
    }

    private static ChildJvm start(Path workDir, String tag, boolean sigintIgnored, List<String> jvmOptions,
                                  Class<?> main, String... args) throws IOException {
        List<String> cmd = new ArrayList<>();
        if (sigintIgnored) {
            cmd.addAll(List.of("perl", "-e", "$SIG{INT} = 'IGNORE'; exec @ARGV or die"));
        } else if (sigintIgnoredHere()) {
            // a child inherits an ignored SIGINT (mvn started with `&` in a script) and a JVM cannot undo that;
            // perl can, then execs the JVM under the same pid
            cmd.addAll(List.of("perl", "-e", "$SIG{INT} = 'DEFAULT'; exec @ARGV or die"));
        }
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        // start-up time dominates these short runs: C1 only, serial GC, shared archive
        cmd.addAll(List.of("-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-Xshare:auto",
                "-Dorg.slf4j.simpleLogger.log.io.sweep4j.study.StudyRunner=info"));
        cmd.addAll(jvmOptions);
        cmd.addAll(List.of("-cp", System.getProperty("java.class.path"), main.getName()));
        cmd.addAll(List.of(args));
        Path out = workDir.resolve(tag + ".out");
        Path err = workDir.resolve(tag + ".err");
        Process p = new ProcessBuilder(cmd).redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        return new ChildJvm(p, out, err);
    }

    /** Whether this JVM ignores SIGINT, which every child it starts would inherit. */
    static boolean sigintIgnoredHere() throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
            if (line.startsWith("SigIgn:")) {
                return (Long.parseUnsignedLong(line.substring(7).trim(), 16) & 0x2) != 0;
            }
        }
        return false;
    }

    /** Sends {@code signal} (INT, TERM, ...) to the child, as a terminal or a supervisor would. */
    void signal(String signal) throws IOException, InterruptedException {
        int rc = new ProcessBuilder("kill", "-" + signal, Long.toString(process.pid())).inheritIO().start().waitFor();
        if (rc != 0) {
            throw new IOException("kill -" + signal + " " + process.pid() + " failed with " + rc);
        }
    }

    String stdout() throws IOException {
        return Files.readString(out);
    }

    String stderr() throws IOException {
        return Files.readString(err);
    }

    /** Waits until stdout holds {@code marker}, the process ended, or the time ran out; true if it appeared. */
    boolean awaitOutput(String marker, long timeoutMs) throws IOException, InterruptedException {
        long end = System.currentTimeMillis() + timeoutMs;
        while (System.currentTimeMillis() < end) {
            if (stdout().contains(marker)) {
                return true;
            }
            if (!process.isAlive()) {
                return stdout().contains(marker);
            }
            Thread.sleep(10);
        }
        return false;
    }
}
