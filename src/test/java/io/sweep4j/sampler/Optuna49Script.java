package io.sweep4j.sampler;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.core.json.JsonWriteFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/** Runs one of this package's Python test scripts under the project's Optuna 4.9: JSON on stdin, JSON on stdout. */
final class Optuna49Script {
    static final Path OPTUNA_49 = Path.of("src/test/python/third_party/optuna-4.9.0").toAbsolutePath().normalize();
    /** NaN and infinities as JSON's Python reading takes them (literals), not as strings. */
    private static final ObjectMapper JSON = JsonMapper.builder().disable(JsonWriteFeature.WRITE_NAN_AS_STRINGS)
            .build();

    private Optuna49Script() {
    }

    static JsonNode run(String script, Object input) throws Exception {
        assertTrue(Files.isDirectory(OPTUNA_49.resolve("optuna")), "Optuna 4.9 is expected in " + OPTUNA_49);
        Path file = Path.of("src/test/resources/io/sweep4j/sampler", script).toAbsolutePath();
        ProcessBuilder pb = new ProcessBuilder("/usr/bin/python3", file.toString());
        pb.environment().put("PYTHONPATH", OPTUNA_49.toString());
        pb.redirectError(ProcessBuilder.Redirect.INHERIT);
        Process p = pb.start();
        try (var in = p.getOutputStream()) {
            in.write(JSON.writeValueAsBytes(input));
        }
        byte[] out = p.getInputStream().readAllBytes();
        assertTrue(p.waitFor(120, TimeUnit.SECONDS), "python did not finish");
        assertEquals(0, p.exitValue(), "Optuna 4.9 failed on " + script + ": " + new String(out,
                StandardCharsets.UTF_8));
        return JSON.readTree(out);
    }
}
