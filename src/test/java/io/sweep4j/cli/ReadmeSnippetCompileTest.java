package io.sweep4j.cli;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The README's library example compiles as shown, imports included, so a reader can paste it. */
class ReadmeSnippetCompileTest {
    @TempDir
    Path out;

    @Test
    void theLibrarySnippetCompilesAsShown() throws Exception {
        String readme = Files.readString(Path.of("README.md"), StandardCharsets.UTF_8);
        int section = readme.indexOf("\n## Use it from your project\n");
        assertTrue(section >= 0, "README.md has the section \"Use it from your project\"");
        int end = readme.indexOf("\n## ", section + 1);
        String text = readme.substring(section, end < 0 ? readme.length() : end);
        int open = text.indexOf("```java\n");
        assertTrue(open >= 0, "the section holds a java block");
        List<String> lines = text.substring(open + 8, text.indexOf("\n```", open + 8)).lines().toList();
        List<String> imports = lines.stream().filter(l -> l.startsWith("import ")).toList();
        assertTrue(imports.size() >= 5, "the snippet shows its imports: " + imports);
        // the two methods the snippet leaves to the reader ("yours"), and a method around its statements
        String source = String.join("\n", imports) + "\n\npublic class ReadmeSnippet {\n"
                + "    static DataSetIterator myTrainingData() {\n        return null;\n    }\n\n"
                + "    static DataSetIterator myValidationData() {\n        return null;\n    }\n\n"
                + "    static void snippet() {\n"
                + String.join("\n", lines.stream().filter(l -> !l.startsWith("import ")).toList())
                + "\n    }\n}\n";
        Path file = out.resolve("ReadmeSnippet.java");
        Files.writeString(file, source, StandardCharsets.UTF_8);
        RunCommand.compile(file, Files.createDirectories(out.resolve("classes")));
        assertTrue(Files.exists(out.resolve("classes/ReadmeSnippet.class")));
    }
}
