package io.sweep4j.prune;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.sweep4j.trial.Attributes;
import io.sweep4j.trial.Direction;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * sweep4j's pruners and Optuna's (Debian's 3.1 and 4.9) make the same decisions on the same learning curves, report
 * by report: which trials are pruned at which step, the {@code completed_rung_k} values each trial stores, and
 * Hyperband's bracket for each trial number. Curves are random (seeded), of different lengths, with NaN values, for
 * both directions, run one after another and four at a time interleaved.
 */
class OptunaPrunerAgreementTest {
    static final Path OPTUNA_49 = Path.of("src/test/python/third_party/optuna-4.9.0").toAbsolutePath().normalize();
    private static final ObjectMapper JSON = JsonMapper.builder()
            .enable(JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS).build();

    /** One replay: a pruner on both sides, curves, a schedule. */
    record Case(String study, Direction direction, Pruner ours, String optunaSpec, List<double[]> curves,
            List<int[]> schedule) {
    }

    @Test
    void sameDecisionsAsOptuna31And49() throws Exception {
        List<Case> cases = new ArrayList<>();
        Random random = new Random(2441);
        int k = 0;
        for (Direction direction : Direction.values()) {
            for (boolean interleaved : new boolean[] {false, true}) {
                List<double[]> curves = curves(random, 24, direction);
                List<int[]> schedule = interleaved ? CurveReplay.interleaved(curves, 4) : CurveReplay.sequential(curves);
                String study = "agree-" + k++;
                cases.add(new Case(study, direction, Pruners.median(), percentile(50, 5, 0, 1, 1), curves, schedule));
                cases.add(new Case(study, direction, Pruners.median(3, 2).interval(3).minTrials(4),
                        percentile(50, 3, 2, 3, 4), curves, schedule));
                cases.add(new Case(study, direction, Pruners.percentile(25, 2, 1), percentile(25, 2, 1, 1, 1), curves,
                        schedule));
                cases.add(new Case(study, direction, Pruners.asha(1, 3), asha(1, 3, 0, 0), curves, schedule));
                cases.add(new Case(study, direction, Pruners.asha(2, 2).bootstrap(2), asha(2, 2, 0, 2), curves,
                        schedule));
                cases.add(new Case(study, direction, new SuccessiveHalvingPruner(1, 4, 1, 0, false), asha(1, 4, 1, 0),
                        curves, schedule));
                cases.add(new Case(study, direction, Pruners.hyperband(1, 12, 3), hyperband(1, 12, 3), curves,
                        schedule));
                cases.add(new Case(study, direction, Pruners.hyperband(2, 12, 2), hyperband(2, 12, 2), curves,
                        schedule));
            }
        }
        int prunedTotal = 0;
        int rungsTotal = 0;
        for (String pythonPath : new String[] {null, OPTUNA_49.toString()}) {
            JsonNode results = runOptuna(cases, pythonPath);
            for (int c = 0; c < cases.size(); c++) {
                Case cs = cases.get(c);
                JsonNode theirs = results.get(c);
                String label = "Optuna " + theirs.get("version").asText() + ", " + cs.ours().describe() + ", "
                        + cs.direction() + ", case " + c;
                CurveReplay ours = CurveReplay.run(cs.ours(), cs.study(), cs.direction(), cs.curves(), cs.schedule());
                for (int i = 0; i < cs.curves().size(); i++) {
                    assertEquals(theirs.get("pruned").get(i).asInt(), ours.prunedAt[i], label + ": trial " + i);
                    assertEquals(rungs(theirs.get("attrs").get(i)), rungs(ours.attributes.get(i)),
                            label + ": rungs of trial " + i);
                    prunedTotal += ours.prunedAt[i] >= 0 ? 1 : 0;
                    rungsTotal += rungs(ours.attributes.get(i)).size();
                }
                if (cs.ours() instanceof HyperbandPruner hb) {
                    Brackets brackets = hb.brackets();
                    assertEquals(theirs.get("bracket_count").asInt(), brackets.count(), label);
                    JsonNode ids = theirs.get("brackets");
                    for (int n = 0; n < ids.size(); n++) {
                        assertEquals(ids.get(n).asInt(), brackets.bracketOf(cs.study(), n), label + ": number " + n);
                    }
                }
            }
            assertEquals(cases.size(), results.size());
        }
        // the curves exercise the rules: many trials pruned, many rungs completed
        assertTrue(prunedTotal > 200 && rungsTotal > 200, prunedTotal + " pruned, " + rungsTotal + " rungs");
    }

    @Test
    void bracketsOfManyStudiesAndNumbersMatchOptuna() throws Exception {
        List<Case> cases = new ArrayList<>();
        List<double[]> none = List.of();
        int[][] configs = {{1, 20, 3}, {1, 81, 3}, {3, 100, 4}, {1, 30, 2}, {1, 243, 3}, {2, 1000, 10}, {1, 1, 3}};
        for (int[] cfg : configs) {
            for (String study : new String[] {"fashion-mlp", "quickstart", "étude ü", "x"}) {
                cases.add(new Case(study, Direction.MAXIMIZE, Pruners.hyperband(cfg[0], cfg[1], cfg[2]),
                        hyperband(cfg[0], cfg[1], cfg[2]), none, List.of()));
            }
        }
        for (String pythonPath : new String[] {null, OPTUNA_49.toString()}) {
            JsonNode results = runOptuna(cases, pythonPath, 500);
            for (int c = 0; c < cases.size(); c++) {
                Case cs = cases.get(c);
                HyperbandPruner hb = (HyperbandPruner) cs.ours();
                Brackets ours = hb.brackets();
                JsonNode theirs = results.get(c);
                String label = "Optuna " + theirs.get("version").asText() + ", " + hb.describe() + ", " + cs.study();
                assertEquals(theirs.get("bracket_count").asInt(), ours.count(), label);
                for (int n = 0; n < 500; n++) {
                    assertEquals(theirs.get("brackets").get(n).asInt(), ours.bracketOf(cs.study(), n),
                            label + ": number " + n);
                }
            }
        }
    }

    @Test
    void bracketCountIsOptunasWhereItsLogarithmMissesAnExactPower() throws Exception {
        // every max / min that is an exact power of eta (2 to 10) up to 10 000, and its neighbours: where
        // math.log rounds below the power (243 / 1 with eta 3, 1000 / 1 with eta 10) Optuna makes one bracket fewer
        List<Case> cases = new ArrayList<>();
        for (int eta = 2; eta <= 10; eta++) {
            for (long power = eta; power <= 10_000; power *= eta) {
                for (int min : new int[] {1, 3}) {
                    for (long max : new long[] {min * power - 1, min * power, min * power + 1}) {
                        if (max >= min) {
                            cases.add(new Case("powers", Direction.MINIMIZE, Pruners.hyperband(min, (int) max, eta),
                                    hyperband(min, (int) max, eta), List.of(), List.of()));
                        }
                    }
                }
            }
        }
        int fewer = 0;
        for (String pythonPath : new String[] {null, OPTUNA_49.toString()}) {
            JsonNode results = runOptuna(cases, pythonPath, 100);
            for (int c = 0; c < cases.size(); c++) {
                HyperbandPruner hb = (HyperbandPruner) cases.get(c).ours();
                Brackets ours = hb.brackets();
                JsonNode theirs = results.get(c);
                String label = "Optuna " + theirs.get("version").asText() + ", " + hb.describe();
                assertEquals(theirs.get("bracket_count").asInt(), ours.count(), label);
                for (int n = 0; n < 100; n++) {
                    assertEquals(theirs.get("brackets").get(n).asInt(), ours.bracketOf("powers", n), label + " #" + n);
                }
                long exact = 1;
                for (long top = (long) hb.minResource() * hb.reductionFactor(); top <= hb.maxResource();
                        top *= hb.reductionFactor()) {
                    exact++;
                }
                fewer += ours.count() < exact ? 1 : 0;
            }
            // the cases the issue names are among them, with Optuna's count
            assertEquals(5, Pruners.hyperband(1, 243, 3).brackets().count());
            assertEquals(3, Pruners.hyperband(1, 1000, 10).brackets().count());
        }
        assertTrue(fewer >= 2 * 4, fewer + " exact powers where the logarithm rounds below");
    }

    /** Curves of 1 to 12 steps around a per-trial level, a few NaN values, never NaN at the end. */
    static List<double[]> curves(Random random, int n, Direction direction) {
        List<double[]> curves = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            int length = 1 + random.nextInt(12);
            double level = random.nextDouble();
            double[] c = new double[length];
            for (int s = 0; s < length; s++) {
                double trend = direction == Direction.MAXIMIZE ? 0.03 * s : -0.03 * s;
                c[s] = Math.round((level + trend + 0.05 * random.nextGaussian()) * 1000) / 1000.0;
                if (s < length - 1 && random.nextInt(15) == 0) {
                    c[s] = Double.NaN;
                }
            }
            curves.add(c);
        }
        return curves;
    }

    private static Map<String, Double> rungs(Map<String, Object> attributes) {
        Map<String, Double> out = new TreeMap<>();
        attributes.forEach((k, v) -> {
            if (k.startsWith(Attributes.COMPLETED_RUNG)) {
                out.put(k, ((Number) v).doubleValue());
            }
        });
        return out;
    }

    private static Map<String, Double> rungs(JsonNode attributes) {
        Map<String, Double> out = new TreeMap<>();
        attributes.fields().forEachRemaining(e -> out.put(e.getKey(), e.getValue().asDouble()));
        return out;
    }

    private static String percentile(double q, int startup, int warmup, int interval, int minTrials) {
        return String.format(java.util.Locale.ROOT, "{\"kind\":\"percentile\",\"args\":{\"percentile\":%s,\"startup\":%d,"
                + "\"warmup\":%d,\"interval\":%d,\"min_trials\":%d}}", q, startup, warmup, interval, minTrials);
    }

    private static String asha(int min, int eta, int rate, int bootstrap) {
        return "{\"kind\":\"asha\",\"args\":{\"min\":" + min + ",\"eta\":" + eta + ",\"rate\":" + rate
                + ",\"bootstrap\":" + bootstrap + "}}";
    }

    private static String hyperband(int min, int max, int eta) {
        return "{\"kind\":\"hyperband\",\"args\":{\"min\":" + min + ",\"max\":" + max + ",\"eta\":" + eta
                + ",\"bootstrap\":0}}";
    }

    static JsonNode runOptuna(List<Case> cases, String pythonPath) throws IOException, InterruptedException {
        return runOptuna(cases, pythonPath, 40);
    }

    static JsonNode runOptuna(List<Case> cases, String pythonPath, int brackets)
            throws IOException, InterruptedException {
        StringBuilder in = new StringBuilder("[");
        for (Case c : cases) {
            if (in.length() > 1) {
                in.append(',');
            }
            in.append("{\"study\":").append(JSON.writeValueAsString(c.study()))
                    .append(",\"direction\":\"").append(c.direction().name().toLowerCase()).append("\",\"pruner\":")
                    .append(c.optunaSpec()).append(",\"curves\":[");
            for (int i = 0; i < c.curves().size(); i++) {
                in.append(i > 0 ? "," : "").append('[');
                double[] curve = c.curves().get(i);
                for (int s = 0; s < curve.length; s++) {
                    in.append(s > 0 ? "," : "").append(Double.isNaN(curve[s]) ? "NaN" : Double.toString(curve[s]));
                }
                in.append(']');
            }
            in.append("],\"schedule\":[");
            for (int i = 0; i < c.schedule().size(); i++) {
                in.append(i > 0 ? "," : "").append('[').append(c.schedule().get(i)[0]).append(',')
                        .append(c.schedule().get(i)[1]).append(']');
            }
            in.append("],\"brackets\":").append(brackets).append('}');
        }
        in.append(']');
        Path script = Path.of("src/test/resources/io/sweep4j/prune/optuna_pruning.py").toAbsolutePath();
        ProcessBuilder pb = new ProcessBuilder("/usr/bin/python3", script.toString());
        if (pythonPath != null) {
            assertTrue(Files.isDirectory(Path.of(pythonPath, "optuna")), "Optuna 4.9 is expected in " + pythonPath);
            pb.environment().put("PYTHONPATH", pythonPath);
        }
        pb.redirectError(ProcessBuilder.Redirect.INHERIT);
        Process p = pb.start();
        p.getOutputStream().write(in.toString().getBytes(StandardCharsets.UTF_8));
        p.getOutputStream().close();
        byte[] out = p.getInputStream().readAllBytes();
        assertTrue(p.waitFor(120, TimeUnit.SECONDS), "python did not finish");
        assertEquals(0, p.exitValue(), "python failed");
        return JSON.readTree(out);
    }
}
