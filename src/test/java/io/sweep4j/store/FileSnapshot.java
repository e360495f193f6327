package io.sweep4j.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

/** Every file of a folder with its bytes: what "nothing was written" means, -wal and -shm included. */
public record FileSnapshot(Path dir, Map<String, byte[]> files) {

    public static FileSnapshot of(Path dir) throws IOException {
        Map<String, byte[]> files = new TreeMap<>();
        try (Stream<Path> s = Files.list(dir)) {
            for (Path p : s.toList()) {
                if (Files.isRegularFile(p)) {
                    files.put(p.getFileName().toString(), Files.readAllBytes(p));
                }
            }
        }
        return new FileSnapshot(dir, files);
    }

    /** Fails naming the first file that appeared, vanished or changed (and its first changed byte). */
    public void assertUnchanged(String what) throws IOException {
        FileSnapshot now = of(dir);
        assertEquals(files.keySet(), now.files.keySet(), what + ": the files beside the database changed");
        for (var e : files.entrySet()) {
            byte[] after = now.files.get(e.getKey());
            if (!Arrays.equals(e.getValue(), after)) {
                fail(what + ": " + e.getKey() + " changed (" + e.getValue().length + " -> " + after.length
                        + " bytes, first difference at byte " + Arrays.mismatch(e.getValue(), after) + ")");
            }
        }
    }
}
