package io.sweep4j.cli;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Every study file shipped in studies/ compiles as `sweep run` compiles it, so none rots as the API moves. */
class StudyFilesCompileTest {
    @TempDir
    Path out;

    @Test
    void everyShippedStudyFileCompiles() throws Exception {
        List<Path> files;
        try (Stream<Path> s = Files.list(Path.of("studies"))) {
            files = s.filter(p -> p.toString().endsWith(".java")).sorted().toList();
        }
        assertTrue(files.size() >= 4, "studies/ holds QuickStart, FashionMlp, FashionCnn, CourseNotebooks: " + files);
        for (Path f : files) {
            Path dir = Files.createDirectories(out.resolve(f.getFileName().toString()));
            RunCommand.compile(f, dir);
            String cls = f.getFileName().toString().replace(".java", ".class");
            assertTrue(Files.exists(dir.resolve(cls)), f + " compiled to " + cls);
        }
    }
}
