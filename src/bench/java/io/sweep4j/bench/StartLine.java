package io.sweep4j.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/**
 * A start line for benchmark worker processes: each says it is ready (interpreter or JVM started, libraries loaded)
 * and waits for the go, so that no worker's start-up runs beside another's trials and the figures measure trials,
 * on both sides of a comparison alike. A directory holds the flags, so a Python worker can take part too.
 */
final class StartLine {
    private final Path dir;

    StartLine() throws IOException {
        this.dir = Files.createTempDirectory("sweep4j-start-line");
    }

    /** The directory a worker is given (its last argument). */
    String dir() {
        return dir.toString();
    }

    /** Waits until {@code workers} are ready, then lets them go; fails if one of them exits first. */
    void release(List<Process> workers) throws IOException, InterruptedException {
        while (ready() < workers.size()) {
            for (Process p : workers) {
                if (!p.isAlive()) {
                    throw new IllegalStateException("a worker exited before the start (exit " + p.exitValue() + ")");
                }
            }
            Thread.sleep(5);
        }
        Files.createFile(dir.resolve("go"));
    }

    private long ready() throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(p -> p.getFileName().toString().startsWith("ready-")).count();
        }
    }

    /** In a worker: says it is ready and waits for the go. */
    static void await(String dir, String worker) throws IOException, InterruptedException {
        Files.createFile(Path.of(dir, "ready-" + worker));
        while (!Files.exists(Path.of(dir, "go"))) {
            Thread.sleep(1);
        }
    }
}
