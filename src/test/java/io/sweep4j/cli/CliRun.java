package io.sweep4j.cli;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/** Runs the CLI in-process and captures what it prints and its exit code. */
record CliRun(int exit, String out, String err) {

    static synchronized CliRun of(String... args) {
        PrintStream oldOut = System.out;
        PrintStream oldErr = System.err;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        try {
            System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
            System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
            int code = Main.execute(args);
            return new CliRun(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
        } finally {
            System.setOut(oldOut);
            System.setErr(oldErr);
        }
    }

    /**
     * Writes {@code Q.java} in {@code dir}: study "q", one float {@code x} in [0, 1], random sampler, {@code trials}
     * trials, its storage "unused.db" (the tests point it elsewhere with {@code --storage}).
     */
    static Path tinyStudyFile(Path dir, int trials) throws IOException {
        return Files.writeString(dir.resolve("Q.java"), """
                import io.sweep4j.sampler.Samplers;
                import io.sweep4j.study.Budget;
                import io.sweep4j.study.Study;

                public class Q {
                    public static void main(String[] args) {
                        Study.named("q").storage("unused.db").space(s -> s.floatRange("x", 0, 1))
                            .sampler(Samplers.random(1)).objective(t -> t.getDouble("x")).minimize("loss")
                            .budget(Budget.trials(%d)).run(args);
                    }
                }
                """.formatted(trials));
    }
}
