package io.sweep4j.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.sweep4j.sampler.Samplers;
import io.sweep4j.store.SqliteStorage;
import io.sweep4j.store.StudyInfo;
import io.sweep4j.study.Budget;
import io.sweep4j.study.Objective;
import io.sweep4j.study.Study;
import io.sweep4j.space.SearchSpace;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * PED-ANOVA importance against Optuna 4.9's on synthetic studies whose answer is known: the same numbers as
 * Optuna's {@code PedAnovaImportanceEvaluator}, and the same top and last parameter as its default, fANOVA (a
 * random forest, scikit-learn; seeded, as its forest otherwise varies between runs).
 */
class ImportanceTest {
    private static final Path OPTUNA_49 = Path.of("src/test/python/third_party/optuna-4.9.0").toAbsolutePath()
            .normalize();

    @TempDir
    Path dir;

    private StudyView study(String name, Consumer<SearchSpace.Builder> space, Objective objective) {
        Path db = dir.resolve(name + ".db");
        Study.named(name).storage(db).space(space).sampler(Samplers.random(11)).objective(objective)
                .minimize("value").parallelism(1).budget(Budget.trials(300)).optimize();
        try (SqliteStorage s = SqliteStorage.openReadOnly(db)) {
            StudyInfo info = s.findStudy(name).orElseThrow();
            return StudyView.of(info, s.history(info.studyId()));
        }
    }

    /** Optuna 4.9's fANOVA (its default) and PED-ANOVA importances of the study, read from our file. */
    private JsonNode optuna(String name) throws Exception {
        return optuna(name, List.of());
    }

    /**
     * As {@link #optuna(String)}, plus PED-ANOVA asked for each of {@code paramSets}: Optuna then judges exactly
     * those parameters on the completed trials that have all of them ("with" in the answer, by set).
     */
    private JsonNode optuna(String name, List<List<String>> paramSets) throws Exception {
        Path script = dir.resolve("importance.py");
        Files.writeString(script, """
                import json, sys, optuna
                optuna.logging.set_verbosity(optuna.logging.ERROR)
                # the file may be at Optuna 3.1's revision or 3.2's; both hold the same tables for reading
                storage = optuna.storages.RDBStorage("sqlite:///" + sys.argv[1], skip_compatibility_check=True)
                study = optuna.load_study(study_name=sys.argv[2], storage=storage)
                out = {
                    "fanova": optuna.importance.get_param_importances(
                        study, evaluator=optuna.importance.FanovaImportanceEvaluator(seed=0)),
                    "ped": optuna.importance.get_param_importances(
                        study, evaluator=optuna.importance.PedAnovaImportanceEvaluator()),
                    "with": [optuna.importance.get_param_importances(
                        study, evaluator=optuna.importance.PedAnovaImportanceEvaluator(), params=ps)
                        for ps in json.loads(sys.argv[3])],
                }
                print(json.dumps(out))
                """);
        ProcessBuilder pb = new ProcessBuilder("/usr/bin/python3", script.toString(),
                dir.resolve(name + ".db").toString(), name, new ObjectMapper().writeValueAsString(paramSets))
                .redirectErrorStream(true);
        pb.environment().put("PYTHONPATH", OPTUNA_49.toString());
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(300, TimeUnit.SECONDS));
        assertEquals(0, p.exitValue(), "Optuna 4.9 (python3-sklearn for fANOVA) must be there: " + out);
        String json = out.lines().filter(l -> l.startsWith("{")).reduce((a, b) -> b).orElseThrow();
        return new ObjectMapper().readTree(json);
    }

    /** Both answers side by side in target/, for the record. */
    private static void keep(String name, Map<String, Double> ours, JsonNode optuna) throws Exception {
        Files.createDirectories(Path.of("target"));
        Files.writeString(Path.of("target", "importance-" + name + ".txt"), "sweep4j PED-ANOVA " + ours
                + "\nOptuna 4.9 " + optuna + "\n");
    }

    private static List<String> order(JsonNode node) {
        List<String> names = new ArrayList<>();
        Iterator<String> it = node.fieldNames();
        it.forEachRemaining(names::add);
        names.sort((a, b) -> Double.compare(node.get(b).asDouble(), node.get(a).asDouble()));
        return names;
    }

    @Test
    void oneDominantOneIrrelevantAgreesWithOptuna() throws Exception {
        StudyView s = study("dominant", sp -> sp.floatRange("x", -5, 5).logFloat("y", 1e-3, 1)
                .floatRange("noise", 0, 1).choice("c", "a", "b", "c"),
                t -> {
                    double x = t.getDouble("x");
                    double ly = Math.log10(t.getDouble("y")) + 1.5;
                    // x dominant, y and c clearly smaller effects, noise none: a tie between c and noise was fANOVA's
                    // coin flip when c added only 0.3 (its forest put c below noise in one run of three)
                    return x * x + 0.8 * ly * ly + (t.getString("c").equals("a") ? 2.0 : 0);
                });
        Map<String, Double> ours = Importance.of(s).shared();
        JsonNode optuna = optuna("dominant");
        keep("dominant", ours, optuna);
        List<String> mine = new ArrayList<>(ours.keySet());
        List<String> fanova = order(optuna.get("fanova"));
        assertEquals("x", mine.get(0), "dominant first: " + ours);
        assertEquals(fanova.get(0), mine.get(0), "same top as Optuna's fANOVA " + optuna);
        assertEquals("noise", mine.get(mine.size() - 1), "irrelevant last: " + ours);
        assertEquals(fanova.get(fanova.size() - 1), mine.get(mine.size() - 1), "same last as fANOVA " + optuna);
        assertEquals(1.0, ours.values().stream().mapToDouble(Double::doubleValue).sum(), 1e-9);
        // the same algorithm as Optuna's PED-ANOVA: the same numbers
        JsonNode ped = optuna.get("ped");
        for (String p : mine) {
            assertEquals(ped.get(p).asDouble(), ours.get(p), 0.01, p + ": ours " + ours + " Optuna " + ped);
        }
    }

    @Test
    void aConditionalParameterIsJudgedWhereItIsActiveAndTheIrrelevantOneStaysLast() throws Exception {
        StudyView s = study("conditional", sp -> sp.floatRange("x", -3, 3).choice("kind", "flat", "sloped")
                .when("kind", "sloped", b -> b.floatRange("w", 0, 1)).floatRange("noise", 0, 1),
                t -> {
                    double x = t.getDouble("x");
                    double extra = t.getString("kind").equals("sloped") ? 2 * t.getDouble("w") : 0.6;
                    return 2 * x * x + extra;
                });
        Importances all = Importance.of(s);
        Map<String, Double> ours = all.shared();
        JsonNode optuna = optuna("conditional");
        keep("conditional", ours, optuna);
        List<String> fanova = order(optuna.get("fanova"));
        List<String> mine = new ArrayList<>(ours.keySet());
        assertTrue(all.conditional().containsKey("w") && !ours.containsKey("w"),
                "the conditional parameter is judged apart: " + all);
        assertEquals("x", mine.get(0), ours.toString());
        assertEquals(fanova.get(0), mine.get(0), "same top as fANOVA " + optuna);
        assertEquals("noise", mine.get(mine.size() - 1), "irrelevant last: " + ours);
        assertEquals(fanova.get(fanova.size() - 1), mine.get(mine.size() - 1), "same last as fANOVA " + optuna);
        assertTrue(all.conditional().get("w").importance() > 0.1, "w matters where it is active: " + all);
    }

    @Test
    void aParameterOnlySomeTrialsHaveTakesNoShareFromTheOthersAsInOptuna() throws Exception {
        // the QuickStart space: momentum exists only for nesterov, and decides much among the trials that have it
        StudyView s = study("quick", sp -> sp.logFloat("lr", 1e-4, 1e-1)
                .choice("optimizer", "sgd", "nesterov", "adam", "rmsprop")
                .when("optimizer", List.of("nesterov"), n -> n.floatRange("momentum", 0.5, 0.99))
                .choice("init", "xavier", "he", "orthogonal").floatRange("dropout", 0.0, 0.5)
                .choice("batchSize", 32, 64, 128).logFloat("l2", 1e-6, 1e-2),
                t -> {
                    double l2 = (Math.log10(t.getDouble("l2")) + 4) / 2;
                    double lr = (Math.log10(t.getDouble("lr")) + 2.5) / 1.5;
                    double loss = l2 * l2 + 0.5 * lr * lr + (t.getInt("batchSize") == 32 ? 0 : 0.3)
                            + (t.getString("optimizer").equals("sgd") ? 0.3 : 0)
                            + (t.has("momentum") ? 2 * Math.abs(t.getDouble("momentum") - 0.9) : 0.2);
                    return loss;
                });
        Importances ours = Importance.of(s);
        List<String> nesterov = List.of("lr", "optimizer", "momentum", "init", "dropout", "batchSize", "l2");
        JsonNode optuna = optuna("quick", List.of(nesterov));
        keep("quick", ours.shared(), optuna);
        Files.writeString(Path.of("target", "importance-quick.txt"), "\nsweep4j conditional " + ours.conditional()
                + "\n", java.nio.file.StandardOpenOption.APPEND);
        JsonNode ped = optuna.get("ped");
        // the parameters every trial has: Optuna's set, ranking and numbers
        assertEquals(order(ped), new ArrayList<>(ours.shared().keySet()), "same parameters, same ranking: ours "
                + ours.shared() + " Optuna " + ped);
        for (String p : order(ped)) {
            assertEquals(ped.get(p).asDouble(), ours.shared().get(p), 0.02, p + ": ours " + ours.shared()
                    + " Optuna " + ped);
        }
        // momentum apart, among the nesterov trials: what Optuna says when asked for the parameters they all have
        Importances.Conditional momentum = ours.conditional().get("momentum");
        long withMomentum = s.history().completed().stream().filter(t -> t.params().has("momentum")).count();
        assertEquals(withMomentum, momentum.trials(), "judged among the trials that have it");
        assertEquals(optuna.get("with").get(0).get("momentum").asDouble(), momentum.importance(), 0.02,
                "momentum among nesterov trials: ours " + momentum + " Optuna " + optuna.get("with").get(0));
        assertEquals("optimizer in [nesterov]", momentum.when());
        // the report: momentum labelled apart, and neither the contour nor "the top trials lie between" built on it
        String html = HtmlReport.render(ReportModel.of(s, java.time.Clock.fixed(java.time.Instant.EPOCH,
                java.time.ZoneOffset.UTC)));
        String chart = html.substring(html.indexOf("id='importance'"));
        chart = chart.substring(0, chart.indexOf("</figure>"));
        assertTrue(chart.contains("Conditional parameters, each judged apart") && chart.indexOf(">momentum<")
                > chart.indexOf("Conditional parameters"), "momentum shown apart: " + chart);
        assertTrue(chart.contains("only when optimizer in [nesterov]: among its " + withMomentum + " trials"), chart);
        String contour = html.substring(html.indexOf("id='contour'"));
        contour = contour.substring(0, contour.indexOf("</figure>"));
        assertTrue(contour.contains("Contour: " + order(ped).get(0) + " × " + order(ped).get(1)), contour);
        assertTrue(!html.contains("momentum: the top trials lie between"), "no range of a parameter the best"
                + " trial may not have");
    }
}
