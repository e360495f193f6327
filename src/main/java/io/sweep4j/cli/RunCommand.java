package io.sweep4j.cli;

import io.sweep4j.space.UsageException;
import io.sweep4j.store.file.UserTempDir;
import java.io.IOException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.tools.Diagnostic;
import javax.tools.DiagnosticCollector;
import javax.tools.JavaCompiler;
import javax.tools.JavaFileObject;
import javax.tools.StandardJavaFileManager;
import javax.tools.ToolProvider;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Unmatched;

/**
 * {@code sweep run studies/X.java [--trials N] [--timeout D] [--parallelism N]}: compile a study file and run it.
 * Exit 0 when the study ran, 1 when every trial of the run failed, the same error failed too many trials in a row
 * or the study's code threw, 2 for usage errors, 130 after Ctrl-C.
 */
@Command(name = "run", mixinStandardHelpOptions = true,
        description = {"Compile and run a study file; running it again continues it.",
            "The study file is Java (see studies/), compiled against sweep4j; its main runs the study.",
            "Exit codes: 0 the study ran; 1 every trial of the run failed, the same error failed --max-failures"
                + " trials in a row, or the study's code threw; 2 a usage error (nothing stored); 130 stopped by"
                + " Ctrl-C (run again to resume).", "",
            "Study options, passed to the study's main:",
            "  --trials N            run until the study holds N trials (earlier runs count)",
            "  --timeout D           stop launching trials after D: a number and s, m, h or",
            "                        d (90s, 30m, 8h)",
            "  --parallelism N       trials at once (default: the cores; at most 4 per core)",
            "  --max-failures N      stop after N trials in a row fail with the same error",
            "                        (default 5; 0: never)",
            "  --allow-space-change  resume even if the search space changed",
            "  --storage URL         store the study there: results/x.db,",
            "                        sqlite:///abs/x.db or postgresql://user@host:5432/db"})
final class RunCommand implements Callable<Integer> {
    private static final Pattern PACKAGE = Pattern.compile("^\\s*package\\s+([\\w.]+)\\s*;", Pattern.MULTILINE);

    @Parameters(index = "0", paramLabel = "STUDY.java", description = "the study file")
    Path file;

    @Unmatched
    List<String> studyArgs = new ArrayList<>();

    @Override
    public Integer call() throws Exception {
        if (!Files.isRegularFile(file)) {
            throw new UsageException("study file", file.toString(), Files.isDirectory(file)
                    ? "this is a directory; give a .java file such as studies/QuickStart.java"
                    : "no such file; see the studies/ folder for examples");
        }
        if (!file.getFileName().toString().endsWith(".java")) {
            throw new UsageException("study file", file.toString(), "give a Java source file ending in .java");
        }
        Path classes = UserTempDir.processFolder("classes"); // issue 14: the next run deletes a killed run's
        try {
            compile(file, classes);
            String source = Files.readString(file, StandardCharsets.UTF_8);
            String simple = file.getFileName().toString().replaceFirst("\\.java$", "");
            Matcher m = PACKAGE.matcher(source);
            String className = m.find() ? m.group(1) + "." + simple : simple;
            try (URLClassLoader loader = new URLClassLoader(new URL[] {classes.toUri().toURL()},
                    RunCommand.class.getClassLoader())) {
                Class<?> cls = Class.forName(className, true, loader);
                StudyFailedException.runMain(cls, studyArgs);
            } catch (StudyFailedException e) {
                return RunFailure.exitCode(e.getCause(), file);
            } catch (ClassNotFoundException | NoSuchMethodException e) {
                throw new UsageException("study file", file.toString(), "it must declare a public class " + simple
                        + " with public static void main(String[] args)");
            }
        } finally {
            UserTempDir.delete(classes);
        }
        return 0;
    }

    static void compile(Path file, Path out) throws IOException {
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        if (javac == null) {
            throw new UsageException("java", System.getProperty("java.home"), "this is a JRE without a compiler;"
                    + " run sweep with a JDK 17 (e.g. apt-get install openjdk-17-jdk-headless)");
        }
        DiagnosticCollector<JavaFileObject> diags = new DiagnosticCollector<>();
        try (StandardJavaFileManager fm = javac.getStandardFileManager(diags, Locale.ROOT, StandardCharsets.UTF_8)) {
            List<String> options = List.of("-d", out.toString(), "-classpath", System.getProperty("java.class.path"),
                    "--release", "17", "-proc:none");
            boolean ok = javac.getTask(null, fm, diags, options, null, fm.getJavaFileObjects(file)).call();
            if (!ok) {
                StringBuilder sb = new StringBuilder("it does not compile:");
                for (Diagnostic<? extends JavaFileObject> d : diags.getDiagnostics()) {
                    if (d.getKind() == Diagnostic.Kind.ERROR) {
                        sb.append(String.format(Locale.ROOT, "%n  %s:%d: %s", file, d.getLineNumber(),
                                d.getMessage(Locale.ROOT).lines().findFirst().orElse("")));
                    }
                }
                sb.append("\nfix these lines and run again; nothing was stored");
                throw new UsageException("study file " + file + ": " + sb);
            }
        }
    }
}
