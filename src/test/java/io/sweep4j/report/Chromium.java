package io.sweep4j.report;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Debian's headless Chromium, each call with a fresh profile, no network, no background services. */
final class Chromium {
    static final Path BINARY = Path.of("/usr/bin/chromium");

    private Chromium() {
    }

    /** Runs Chromium on {@code page} with {@code extra} flags; returns what it printed (stdout, then stderr). */
    static String run(Path page, Path work, String... extra) throws IOException, InterruptedException {
        assertTrue(Files.isExecutable(BINARY), "Debian's chromium is needed (apt-get install chromium)");
        Path profile = Files.createTempDirectory(work, "profile");
        List<String> cmd = new ArrayList<>(List.of(BINARY.toString(), "--headless", "--no-sandbox", "--disable-gpu",
                "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run",
                "--user-data-dir=" + profile, "--enable-logging=stderr", "--v=0", "--virtual-time-budget=3000"));
        cmd.addAll(List.of(extra));
        cmd.add(page.toUri().toString());
        Path out = work.resolve("chromium-" + System.nanoTime() + ".out");
        Path err = work.resolve("chromium-" + System.nanoTime() + ".err");
        Process p = new ProcessBuilder(cmd).directory(work.toFile()).redirectOutput(out.toFile())
                .redirectError(err.toFile()).start();
        if (!p.waitFor(120, TimeUnit.SECONDS)) {
            p.destroyForcibly().waitFor();
            throw new AssertionError("chromium did not finish in 120 s: " + Files.readString(err));
        }
        String text = Files.readString(out, StandardCharsets.UTF_8) + "\n"
                + Files.readString(err, StandardCharsets.UTF_8);
        try (var walk = Files.walk(profile)) {
            for (Path f : walk.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(f);
            }
        }
        Files.delete(out);
        Files.delete(err);
        return text;
    }

    /** The console lines Chromium logged for the page ({@code INFO:CONSOLE}). */
    static List<String> console(String output) {
        return output.lines().filter(l -> l.contains(":CONSOLE")).toList();
    }
}
