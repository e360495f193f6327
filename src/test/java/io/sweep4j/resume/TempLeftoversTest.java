package io.sweep4j.resume;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sweep4j.store.SqliteStorage;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A real {@code sweep run} killed with SIGKILL and run again leaves nothing new in the temp directory (issue 14:
 * each kill left a {@code sweep4j-study<N>} folder of compiled classes and sqlite-jdbc's native library with its
 * lock file).
 */
class TempLeftoversTest {
    @TempDir
    Path dir;

    @Test
    void aKilledRunResumedLeavesOnlyTheSharedNativeLibrary() throws Exception {
        Path tmp = Files.createDirectories(dir.resolve("tmp"));
        Path db = dir.resolve("k.db");
        Path study = dir.resolve("Leftovers.java");
        Files.writeString(study, """
                import io.sweep4j.sampler.Samplers;
                import io.sweep4j.study.Budget;
                import io.sweep4j.study.Study;
                import java.nio.file.Path;

                public class Leftovers {
                    public static void main(String[] args) {
                        Study.named("k").storage(Path.of("%s")).minimize("loss").parallelism(2)
                                .sampler(Samplers.random(7)).budget(Budget.trials(40))
                                .space(s -> s.floatRange("x", -5, 5)).objective(t -> {
                                    Thread.sleep(50);
                                    t.report(0, t.getDouble("x"));
                                    return t.getDouble("x");
                                }).run(args);
                    }
                }
                """.formatted(db.toString().replace("\\", "\\\\")), StandardCharsets.UTF_8);

        // killed twice: on a new file, and on a study that exists (read before it is opened for writing)
        for (String tag : List.of("first", "second")) {
            Process killed = sweepRun(tmp, study, tag);
            long deadline = System.currentTimeMillis() + 60_000;
            // the live display prints finished trials on stdout, the runner's log (if on) on stderr
            while (!(Files.readString(dir.resolve(tag + ".out")) + Files.readString(dir.resolve(tag + ".err")))
                    .contains(" COMPLETE ")) {
                assertTrue(killed.isAlive() && System.currentTimeMillis() < deadline,
                        "the run did not start trials: " + Files.readString(dir.resolve(tag + ".out"))
                                + Files.readString(dir.resolve(tag + ".err")));
                Thread.sleep(20);
            }
            killed.destroyForcibly().waitFor(); // SIGKILL: no finally block, no shutdown hook, no deleteOnExit
            List<String> afterKill = tree(tmp);
            assertTrue(afterKill.stream().anyMatch(p -> p.contains("/classes/")), "the killed run's classes: "
                    + afterKill);
        }
        Process resumed = sweepRun(tmp, study, "third");
        assertEquals(0, resumed.waitFor(), Files.readString(dir.resolve("third.err")));
        try (SqliteStorage s = SqliteStorage.openReadOnly(db)) {
            assertEquals(40, s.history(s.studies().get(0).studyId()).trials().stream()
                    .filter(t -> t.state().isFinished() && !t.systemAttributes().containsKey("sweep4j:interrupted"))
                    .count());
        }
        List<String> left = tree(tmp);
        List<String> files = left.stream().filter(p -> !p.endsWith("/")).toList();
        assertEquals(1, files.size(), "only the shared native library may stay: " + left);
        assertTrue(files.get(0).matches("sweep4j-[^/]+/sqlite-jdbc-[^/]+/libsqlitejdbc\\.so"), left.toString());
    }

    private Process sweepRun(Path tmp, Path study, String tag) throws Exception {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Djava.io.tmpdir=" + tmp, "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC",
                "-Dorg.slf4j.simpleLogger.log.io.sweep4j.study.StudyRunner=info",
                "-cp", System.getProperty("java.class.path"), "io.sweep4j.cli.Main", "run", study.toString()));
        return new ProcessBuilder(cmd).redirectOutput(dir.resolve(tag + ".out").toFile())
                .redirectError(dir.resolve(tag + ".err").toFile()).start();
    }

    /** Every file and folder under {@code root}, relative, folders ending in '/'. */
    private static List<String> tree(Path root) throws Exception {
        try (Stream<Path> s = Files.walk(root)) {
            return s.filter(p -> !p.equals(root))
                    .map(p -> root.relativize(p) + (Files.isDirectory(p) ? "/" : "")).sorted().toList();
        }
    }
}
