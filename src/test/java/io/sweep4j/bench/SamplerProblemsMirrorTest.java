package io.sweep4j.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.sweep4j.sampler.Samplers;
import io.sweep4j.sampler.SamplingContext;
import io.sweep4j.space.Params;
import io.sweep4j.trial.Direction;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The sampler benchmark compares samplers across two languages, so its landscapes and noise must be the same
 * functions in both: Optuna's side ({@code optuna_samplers.py --check}, under Optuna 4.9) evaluates the Java
 * landscapes' points and the Java noise's (seed, trial) pairs, and must give the same numbers.
 */
class SamplerProblemsMirrorTest {

    @Test
    void thePythonLandscapesAndNoiseAreTheJavaOnes() throws Exception {
        Map<String, List<Map<String, Object>>> points = new LinkedHashMap<>();
        Map<String, List<Double>> expected = new LinkedHashMap<>();
        for (SamplerProblems.Problem problem : SamplerProblems.all()) {
            List<Map<String, Object>> ps = new ArrayList<>();
            List<Double> vs = new ArrayList<>();
            for (int n = 0; n < 40; n++) {
                Params p = Samplers.random(5).propose(new SamplingContext(problem.space(), Direction.MINIMIZE, n,
                        () -> null)).orElseThrow().params();
                ps.add(p.asMap());
                vs.add(problem.objective().applyAsDouble(p));
            }
            points.put(problem.name(), ps);
            expected.put(problem.name(), vs);
        }
        assertTrue(points.get("cnn7").stream().anyMatch(p -> p.containsKey("momentum"))
                && points.get("boost7").stream().anyMatch(p -> p.containsKey("rate_drop")),
                "the points reach the conditional parameters");
        List<long[]> pairs = new ArrayList<>();
        for (long seed : new long[] {0, 1, 9, 123_456_789_012L}) {
            for (int n = 0; n < 30; n++) {
                pairs.add(new long[] {seed, n});
            }
        }

        ProcessBuilder pb = new ProcessBuilder(SamplerBenchmark.PYTHON, SamplerBenchmark.SCRIPT, "--check")
                .redirectError(ProcessBuilder.Redirect.INHERIT);
        pb.environment().put("PYTHONPATH", SamplerBenchmark.OPTUNA_49.toAbsolutePath().toString());
        Process python = pb.start();
        ObjectMapper json = new ObjectMapper();
        try (OutputStream in = python.getOutputStream()) {
            in.write(json.writeValueAsBytes(Map.of("points", points, "noise", pairs)));
        }
        JsonNode out = json.readTree(new String(python.getInputStream().readAllBytes(), StandardCharsets.UTF_8));
        assertEquals(0, python.waitFor());

        for (var e : expected.entrySet()) {
            JsonNode got = out.get("values").get(e.getKey());
            for (int i = 0; i < e.getValue().size(); i++) {
                double want = e.getValue().get(i);
                assertEquals(want, got.get(i).asDouble(), 1e-12 * Math.max(1, Math.abs(want)),
                        e.getKey() + " at " + points.get(e.getKey()).get(i));
            }
        }
        for (int i = 0; i < pairs.size(); i++) {
            long[] pair = pairs.get(i);
            assertEquals(SamplerProblems.noise(pair[0], (int) pair[1]), out.get("noise").get(i).asDouble(), 1e-12,
                    "noise at seed " + pair[0] + ", trial " + pair[1]);
        }
    }
}
