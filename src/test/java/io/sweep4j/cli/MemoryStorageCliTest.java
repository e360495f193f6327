package io.sweep4j.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A memory storage does not outlive its process: every read command refuses it, exit 2, writing nothing. */
class MemoryStorageCliTest {
    @TempDir
    Path dir;

    @Test
    void aStudyFileRunsOnAMemoryStorageAndLeavesNoFile() throws Exception {
        Path study = CliRun.tinyStudyFile(dir, 3);
        CliRun r = CliRun.of("run", study.toString(), "--storage", "memory:");
        assertEquals(0, r.exit(), r.out() + r.err());
        assertTrue(r.out().contains("study \"q\" in memory:"), r.out());
        try (Stream<Path> files = Files.list(dir)) {
            assertEquals(List.of("Q.java"), files.map(p -> p.getFileName().toString()).toList());
        }
        assertFalse(Files.exists(Path.of("memory:")), "no file named memory: was created");
    }

    @Test
    void readCommandsRefuseAMemoryStorageWithAUsageError() {
        String[][] commands = {{"studies", "memory:"}, {"trials", "memory:"}, {"best", "memory:x"},
            {"importance", "memory:"}, {"report", "memory:"}, {"export", "memory:x"}, {"upgrade", "memory:"},
            {"backup", "memory:", dir.resolve("copy.db").toString()}};
        for (String[] args : commands) {
            CliRun r = CliRun.of(args);
            String cmd = String.join(" ", args);
            assertEquals(2, r.exit(), cmd + ": " + r.out() + r.err());
            assertTrue(r.err().contains("a memory storage"), cmd + ": " + r.err());
            assertEquals(1, r.err().strip().lines().count(), cmd + ": one line: " + r.err());
        }
        assertFalse(Files.exists(Path.of("memory:")), "no file named memory: was created");
        assertFalse(Files.exists(Path.of("memory:x")), "no file named memory:x was created");
        assertFalse(Files.exists(dir.resolve("copy.db")), "no backup was written");
    }
}
