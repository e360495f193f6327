package io.sweep4j;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The layers of DESIGN.md, checked on the sources: each package of {@code src/main/java} uses (by import or by a fully
 * qualified name in code) only the sweep4j packages its row below allows, and the libraries confined to one package
 * stay there. Comments and string literals are not code and are skipped.
 */
class LayeringTest {
    private static final Path MAIN = Path.of("src/main/java");

    /**
     * What each package may use: the layers below it (space, data &lt; trial &lt; sampler, prune, store &lt; console &lt;
     * study &lt; dl4j, report, dashboard, cli), and edges within the top layer: the launcher printing reports, the
     * dashboard showing them live, and the launcher starting the dashboard. The terminal ({@code console}) sits under
     * {@code study}, whose {@code run(args)} uses it, and shows the engine's events as plain trial-layer values. A
     * sub-package is a package of its own: store.file, the SQLite file's custody, sits below store, which uses it; it
     * knows nothing of the schema storage.
     */
    private static final Map<String, Set<String>> ALLOWED = Map.ofEntries(
            Map.entry("space", Set.of()),
            Map.entry("data", Set.of()),
            Map.entry("trial", Set.of("space", "data")),
            Map.entry("sampler", Set.of("space", "data", "trial")),
            Map.entry("prune", Set.of("space", "data", "trial")),
            Map.entry("store.file", Set.of("space")),
            Map.entry("store", Set.of("space", "data", "trial", "store.file")),
            Map.entry("console", Set.of("space", "data", "trial", "sampler", "prune", "store", "store.file")),
            Map.entry("study", Set.of("space", "data", "trial", "sampler", "prune", "store", "store.file", "console")),
            Map.entry("dl4j", Set.of("space", "data", "trial", "sampler", "prune", "store", "store.file", "console",
                    "study")),
            Map.entry("report", Set.of("space", "data", "trial", "sampler", "prune", "store", "store.file", "console",
                    "study")),
            Map.entry("dashboard", Set.of("space", "data", "trial", "sampler", "prune", "store", "store.file",
                    "console", "study", "report")),
            Map.entry("cli", Set.of("space", "data", "trial", "sampler", "prune", "store", "store.file", "console",
                    "study", "report", "dashboard")));

    /**
     * Libraries one package owns: DL4J and its native parts (and sweep4j's shim inside ND4J), picocli; JDBC and the
     * SQLite driver belong to the storage and the file's custody.
     */
    private static final Map<String, Set<String>> CONFINED = Map.of(
            "org.deeplearning4j", Set.of("io.sweep4j.dl4j", "org.nd4j.nativeblas"),
            "org.nd4j", Set.of("io.sweep4j.dl4j", "org.nd4j.nativeblas"),
            "org.bytedeco", Set.of("io.sweep4j.dl4j", "org.nd4j.nativeblas"),
            "picocli", Set.of("io.sweep4j.cli"),
            "java.sql", Set.of("io.sweep4j.store", "io.sweep4j.store.file"),
            "org.sqlite", Set.of("io.sweep4j.store", "io.sweep4j.store.file"),
            "org.postgresql", Set.of("io.sweep4j.store"));

    /** A sweep4j package, all its lower-case segments (a sub-package is a package of its own), before a type. */
    private static final Pattern SWEEP4J =
            Pattern.compile("\\bio\\.sweep4j\\.([a-z][a-z0-9_]*(?:\\.[a-z][a-z0-9_]*)*)\\.");

    @Test
    void everyPackageUsesOnlyTheLayersItsRowAllows() throws IOException {
        List<String> violations = new ArrayList<>();
        Set<String> packages = new TreeSet<>();
        for (Path file : sources()) {
            String pkg = packageOf(file);
            if (!pkg.startsWith("io.sweep4j.")) {
                continue;
            }
            String own = pkg.substring("io.sweep4j.".length());
            packages.add(own);
            Set<String> allowed = ALLOWED.getOrDefault(own, Set.of());
            String code = withoutPackageLine(codeOnly(Files.readString(file)));
            Matcher m = SWEEP4J.matcher(code);
            Set<String> used = new TreeSet<>();
            while (m.find()) {
                used.add(m.group(1));
            }
            for (String u : used) {
                if (!u.equals(own) && !allowed.contains(u)) {
                    violations.add(MAIN.relativize(file) + " (" + own + ") uses io.sweep4j." + u);
                }
            }
        }
        assertEquals(ALLOWED.keySet(), packages, "every package of src/main/java/io/sweep4j has a row in ALLOWED");
        assertEquals(List.of(), violations, "a package uses one its layer may not (see DESIGN.md, Packages)");
    }

    @Test
    void librariesOwnedByOnePackageAreUsedNowhereElse() throws IOException {
        List<String> violations = new ArrayList<>();
        int dl4jFiles = 0;
        for (Path file : sources()) {
            String pkg = packageOf(file);
            String code = withoutPackageLine(codeOnly(Files.readString(file)));
            for (Map.Entry<String, Set<String>> lib : CONFINED.entrySet()) {
                boolean uses = Pattern.compile("(?<![\\w.])" + Pattern.quote(lib.getKey()) + "\\.").matcher(code)
                        .find();
                if (uses && !lib.getValue().contains(pkg)) {
                    violations.add(MAIN.relativize(file) + " (" + pkg + ") uses " + lib.getKey());
                }
                if (uses && lib.getKey().equals("org.deeplearning4j")) {
                    dl4jFiles++;
                }
            }
        }
        assertTrue(dl4jFiles > 0, "the scan sees DL4J where it is used (in io.sweep4j.dl4j)");
        assertEquals(List.of(), violations);
    }

    /**
     * Shared storage code asks its {@code Dialect} what differs (a method named for what it decides), never which
     * dialect it holds: a third backend then has one interface to implement, not branches to find.
     */
    @Test
    void dialectDifferencesStayInTheDialects() throws IOException {
        Pattern which = Pattern.compile("instanceof\\s+(SqliteDialect|PostgresDialect)\\b");
        List<String> violations = new ArrayList<>();
        for (Path file : sources()) {
            String name = file.getFileName().toString();
            if (packageOf(file).equals("io.sweep4j.store") && !name.endsWith("Dialect.java")
                    && which.matcher(codeOnly(Files.readString(file))).find()) {
                violations.add(MAIN.relativize(file).toString());
            }
        }
        assertEquals(List.of(), violations, "shared storage code tests which dialect it holds");
    }

    @Test
    void theScanSeesImportsAndQualifiedNamesButNotCommentsOrStrings() {
        String source = """
                package io.sweep4j.store;
                import io.sweep4j.trial.History;
                import io.sweep4j.store.file.OutputPath.Replace;
                import static io.sweep4j.study.Study.named;
                /** Not code: {@link io.sweep4j.report.ReportModel}. */
                class X { // io.sweep4j.cli.Main
                    String s = "io.sweep4j.dl4j.Dl4j \\" org.nd4j.x";
                    char c = '"';
                    Object o = io.sweep4j.prune.Pruners.median();
                    String t = \"""
                        io.sweep4j.sampler.Samplers
                        \""";
                }
                """;
        String code = withoutPackageLine(codeOnly(source));
        Matcher m = SWEEP4J.matcher(code);
        Set<String> used = new TreeSet<>();
        while (m.find()) {
            used.add(m.group(1));
        }
        assertEquals(Set.of("trial", "store.file", "study", "prune"), used,
                "imports (a sub-package by its whole name), static imports and qualified names in code");
    }

    private static List<Path> sources() throws IOException {
        try (Stream<Path> files = Files.walk(MAIN)) {
            List<Path> all = files.filter(p -> p.toString().endsWith(".java")).sorted().toList();
            assertTrue(all.size() > 50, "the sources are found from the project directory: " + all.size());
            return all;
        }
    }

    private static String packageOf(Path file) {
        return MAIN.relativize(file.getParent()).toString().replace(file.getFileSystem().getSeparator(), ".");
    }

    private static String withoutPackageLine(String code) {
        return code.replaceFirst("(?m)^\\s*package\\s+[\\w.]+\\s*;", "");
    }

    /** The source with comments, string, text-block and char literals blanked (line breaks kept). */
    static String codeOnly(String source) {
        return scan(source, new ArrayList<>());
    }

    /** The string and text-block literals of {@code source} (not those in comments), as written between the quotes. */
    static List<String> stringLiterals(String source) {
        List<String> literals = new ArrayList<>();
        scan(source, literals);
        return literals;
    }

    private static String scan(String source, List<String> literals) {
        StringBuilder out = new StringBuilder(source.length());
        int i = 0;
        int n = source.length();
        while (i < n) {
            char c = source.charAt(i);
            if (source.startsWith("//", i)) {
                while (i < n && source.charAt(i) != '\n') {
                    i++;
                }
            } else if (source.startsWith("/*", i)) {
                int end = source.indexOf("*/", i + 2);
                i = blank(source, i, end < 0 ? n : end + 2, out);
            } else if (source.startsWith("\"\"\"", i)) {
                int end = source.indexOf("\"\"\"", i + 3);
                while (end > 0 && source.charAt(end - 1) == '\\') {
                    end = source.indexOf("\"\"\"", end + 1);
                }
                literals.add(source.substring(i + 3, end < 0 ? n : end));
                i = blank(source, i, end < 0 ? n : end + 3, out);
            } else if (c == '"' || c == '\'') {
                int j = i + 1;
                while (j < n && source.charAt(j) != c && source.charAt(j) != '\n') {
                    j += source.charAt(j) == '\\' ? 2 : 1;
                }
                if (c == '"') {
                    literals.add(source.substring(i + 1, Math.min(n, j)));
                }
                i = blank(source, i, Math.min(n, j + 1), out);
            } else {
                out.append(c);
                i++;
            }
        }
        return out.toString();
    }

    private static int blank(String source, int from, int to, StringBuilder out) {
        for (int k = from; k < to; k++) {
            out.append(source.charAt(k) == '\n' ? '\n' : ' ');
        }
        return to;
    }
}
