package io.sweep4j.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.sweep4j.space.Params;
import io.sweep4j.space.SearchSpace;
import io.sweep4j.store.ClaimOutcome;
import io.sweep4j.store.Storage;
import io.sweep4j.store.StudyInfo;
import io.sweep4j.store.TestClaims;
import io.sweep4j.trial.Attributes;
import io.sweep4j.trial.Direction;
import io.sweep4j.trial.FrozenTrial;
import io.sweep4j.trial.TrialDraft;
import io.sweep4j.trial.TrialState;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What {@code best}, {@code trials}, {@code export} and {@code studies} show of studies of two objectives (maximize
 * accuracy, minimize param_count): the Pareto front sorted by the first objective, one objective at a time, every
 * value under the objective's name, constraints, importance per objective; and what they refuse, writing nothing.
 */
class ParetoCliTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final SearchSpace SPACE = SearchSpace.builder().floatRange("x", 0, 1).build();
    /** Trial by trial: accuracy, param_count (null: the trial failed or was pruned). */
    private static final double[][] VALUES = {{0.80, 5000}, {0.90, 20000}, {0.85, 3000}, {0.70, 1000}, null,
        {0.90, 25000}, {0.95, Double.POSITIVE_INFINITY}, null};

    @TempDir
    Path dir;
    Path db;

    @BeforeEach
    void studies() {
        db = dir.resolve("mo.db");
        try (Storage s = Storage.open(db.toString())) {
            write(s, "mo", Map.of(StudyInfo.METRIC_NAMES, List.of("accuracy", "param_count")), false);
            write(s, "con", Map.of(StudyInfo.METRIC_NAMES, List.of("accuracy", "param_count")), true);
            write(s, "unnamed", Map.of(), false);
        }
    }

    /** The trials of {@link #VALUES}; constrained: trials 2 and 6 infeasible. */
    private static void write(Storage s, String name, Map<String, Object> attrs, boolean constrained) {
        long id = s.createStudy(name, List.of(Direction.MAXIMIZE, Direction.MINIMIZE), attrs).studyId();
        for (int i = 0; i < VALUES.length; i++) {
            double x = i / 10.0;
            FrozenTrial t = ((ClaimOutcome.Claimed) TestClaims.claim(s, id, -1, (n, h, fixed) -> Optional.of(
                    TrialDraft.of(SPACE, Params.of(Map.of("x", x)), Map.of())))).trial();
            if (VALUES[i] == null) {
                s.finish(t.trialId(), i == 4 ? TrialState.FAIL : TrialState.PRUNED, List.of(), Map.of());
                continue;
            }
            // the objective read from a stored attribute is stored there too: its column is the objective's
            s.setTrialUserAttribute(t.trialId(), "param_count", VALUES[i][1]);
            s.finish(t.trialId(), TrialState.COMPLETE, List.of(VALUES[i][0], VALUES[i][1]), constrained
                    ? Map.of(Attributes.CONSTRAINTS, List.of(i == 2 || i == 6 ? 1.0 : -1.0)) : Map.of());
        }
    }

    private List<Integer> numbers(String... args) throws Exception {
        CliRun r = CliRun.of(args);
        assertEquals(0, r.exit(), r.err());
        List<Integer> out = new ArrayList<>();
        JSON.readTree(r.out()).forEach(n -> out.add(n.get("number").asInt()));
        return out;
    }

    @Test
    void bestShowsTheParetoFrontSortedByTheFirstObjectiveOrRanksByOneObjective() throws Exception {
        String d = db.toString();
        assertEquals(List.of(6, 1, 2, 3), numbers("best", d, "--study", "mo", "--format", "json"));
        assertEquals(List.of(6, 1), numbers("best", d, "--study", "mo", "--format", "json", "--top", "2"));
        assertEquals(List.of(3), numbers("best", d, "--study", "mo", "--format", "json", "--objective", "1"));
        assertEquals(List.of(3, 2, 0), numbers("best", d, "--study", "mo", "--format", "json", "--objective",
                "param_count", "--top", "3"));
        assertEquals(List.of(6, 1, 5), numbers("best", d, "--study", "mo", "--format", "json", "--objective", "0",
                "--top", "3"));
        // constrained: the front of the feasible trials only, ranked the same way
        assertEquals(List.of(1, 0, 3), numbers("best", d, "--study", "con", "--format", "json"));
        assertEquals(List.of(1, 5), numbers("best", d, "--study", "con", "--format", "json", "--objective", "0",
                "--top", "2"));

        CliRun table = CliRun.of("best", d, "--study", "mo");
        assertEquals(0, table.exit(), table.err());
        String[] lines = table.out().split("\n");
        assertEquals(List.of("number", "state", "accuracy", "param_count", "duration_s", "x", "epochs", "reason"),
                Arrays.asList(lines[0].trim().split("\\s+")), "one column per objective, named as stored");
        assertEquals(5, lines.length, table.out());
        assertTrue(lines[1].trim().startsWith("6 ") && lines[1].contains("inf"), table.out());
        CliRun unnamed = CliRun.of("best", d, "--study", "unnamed", "--format", "csv", "--columns",
                "number,values[0],values[1]");
        assertEquals(0, unnamed.exit(), unnamed.err());
        assertEquals("number,values[0],values[1]\n6,0.95,inf\n1,0.9,20000.0\n2,0.85,3000.0\n3,0.7,1000.0\n",
                unnamed.out(), "Optuna's names where the study stores none");
    }

    @Test
    void anObjectiveOutOfRangeIsAUsageErrorNamingTheRangeAndWritesNothing() throws Exception {
        String before = OutputOverwriteTest.sha256(db);
        for (String bad : List.of("2", "-1", "latency")) {
            CliRun r = CliRun.of("best", db.toString(), "--study", "mo", "--objective", bad);
            assertEquals(2, r.exit(), r.out() + r.err());
            assertTrue(r.err().contains("--objective = \"" + bad + "\": the study has 2 objectives: give 0 to 1"
                    + " (0 = accuracy (maximize), 1 = param_count (minimize))"), r.err());
        }
        assertEquals(before, OutputOverwriteTest.sha256(db));
    }

    @Test
    void trialsShowEveryValueAndSortByAnyObjectiveBestFirst() throws Exception {
        CliRun r = CliRun.of("trials", db.toString(), "--study", "con", "--format", "json");
        assertEquals(0, r.exit(), r.err());
        JsonNode rows = JSON.readTree(r.out());
        assertEquals(VALUES.length, rows.size());
        assertEquals(List.of("number", "state", "accuracy", "param_count", "feasible", "duration_s", "x", "epochs",
                "reason"), names(rows.get(0)));
        assertEquals(0.85, rows.get(2).get("accuracy").asDouble(), 0.0);
        assertEquals(3000.0, rows.get(2).get("param_count").asDouble(), 0.0);
        assertFalse(rows.get(2).get("feasible").asBoolean());
        assertTrue(rows.get(3).get("feasible").asBoolean());
        assertEquals("Infinity", rows.get(6).get("param_count").asText());
        assertTrue(rows.get(4).get("accuracy").isNull(), "a failed trial has no value");
        assertEquals(List.of(3, 2, 0, 1, 5, 6, 4, 7), numbers("trials", db.toString(), "--study", "mo", "--format",
                "json", "--sort", "param_count"));
        assertEquals(List.of(6, 1, 5, 2, 0, 3, 4, 7), numbers("trials", db.toString(), "--study", "mo", "--format",
                "json", "--sort", "value"));
        assertEquals(List.of(1, 5), numbers("trials", db.toString(), "--study", "mo", "--format", "json", "--where",
                "accuracy=0.90"));
    }

    @Test
    void exportWritesEveryObjectiveUnderItsName() throws Exception {
        CliRun json = CliRun.of("export", db.toString(), "--study", "con");
        assertEquals(0, json.exit(), json.err());
        JsonNode root = JSON.readTree(json.out());
        assertEquals(List.of("study", "direction", "directions", "metric", "objectives", "params", "trials"),
                names(root));
        assertEquals("[\"MAXIMIZE\",\"MINIMIZE\"]", root.get("directions").toString());
        assertEquals("[\"accuracy\",\"param_count\"]", root.get("objectives").toString());
        JsonNode six = root.get("trials").get(6);
        assertEquals("{\"accuracy\":0.95,\"param_count\":\"Infinity\"}", six.get("values").toString());
        assertEquals("[1.0]", six.get("constraints").toString());
        assertEquals("{}", root.get("trials").get(4).get("values").toString());

        CliRun csv = CliRun.of("export", db.toString(), "--study", "mo", "--format", "csv");
        assertEquals(0, csv.exit(), csv.err());
        assertTrue(csv.out().startsWith("trial,state,step,metric,value\n"), csv.out());
        assertTrue(csv.out().contains("\n2,COMPLETE,,accuracy,0.85\n2,COMPLETE,,param_count,3000.0\n"), csv.out());
        assertTrue(csv.out().contains("\n6,COMPLETE,,param_count,inf\n"), csv.out());
        assertFalse(csv.out().contains("\n4,"), "a failed trial has no value: " + csv.out());
    }

    @Test
    void studiesNamesEveryObjectiveAndImportanceJudgesEachApartWritingNothing() throws Exception {
        CliRun studies = CliRun.of("studies", db.toString(), "--format", "json");
        assertEquals(0, studies.exit(), studies.err());
        JsonNode mo = JSON.readTree(studies.out()).get(0);
        assertEquals("maximize,minimize", mo.get("direction").asText());
        assertEquals("accuracy,param_count", mo.get("metric").asText());
        String before = OutputOverwriteTest.sha256(db);
        CliRun all = CliRun.of("importance", db.toString(), "--study", "mo", "--format", "csv");
        assertEquals(0, all.exit(), all.out() + all.err());
        // one parameter: all of each objective's importance is x's, judged over the completed trials with a finite
        // value of that objective (trial 6's param_count is infinite)
        assertEquals(List.of("objective,parameter,importance,judged_over", "accuracy,x,1.0,6 completed trials",
                "param_count,x,1.0,5 completed trials"), all.out().lines().toList());
        CliRun one = CliRun.of("importance", db.toString(), "--study", "mo", "--objective", "param_count",
                "--format", "csv");
        assertEquals(0, one.exit(), one.err());
        assertEquals(List.of("objective,parameter,importance,judged_over", "param_count,x,1.0,5 completed trials"),
                one.out().lines().toList());
        CliRun wrong = CliRun.of("importance", db.toString(), "--study", "mo", "--objective", "latency");
        assertEquals(2, wrong.exit(), wrong.out() + wrong.err());
        assertTrue(wrong.err().contains("0 = accuracy (maximize), 1 = param_count (minimize)"), wrong.err());
        assertEquals(before, OutputOverwriteTest.sha256(db));
    }

    @Test
    void reportDrawsTheFrontOfEachObjectiveWritingNothingInTheDatabase() throws Exception {
        String before = OutputOverwriteTest.sha256(db);
        for (String study : List.of("mo", "con")) {
            CliRun r = CliRun.of("report", db.toString(), "--study", study);
            assertEquals(0, r.exit(), r.out() + r.err());
            String html = java.nio.file.Files.readString(dir.resolve(study + "-report.html"));
            assertTrue(html.contains("maximize <b>accuracy</b> · minimize <b>param_count</b>"), "both objectives");
            assertTrue(html.contains("id='pareto'") && html.contains("id='hypervolume'"), "front and hypervolume");
            assertTrue(html.contains("<th>accuracy</th><th>param_count</th>"), "every objective in the table");
            // as best shows them: 6, 1, 2, 3 on the front of "mo"; 1, 0, 3 of "con", where 2 and 6 are infeasible
            assertTrue(html.contains(study.equals("mo") ? "The Pareto front holds 4 of 6 completed trials"
                    : "The Pareto front holds 3 of 6 completed trials"), "the front in what won");
            assertTrue(study.equals("mo") || html.contains("2 completed trial(s) break a constraint"), "infeasible");
        }
        assertEquals(before, OutputOverwriteTest.sha256(db));
    }

    @Test
    void bestShowsTheFrontOfAStudyRunWithSeveralObjectivesUnderTheNamesItsDefinitionGives() throws Exception {
        Path run = dir.resolve("run.db");
        Path f = java.nio.file.Files.writeString(dir.resolve("Two.java"), """
                import io.sweep4j.sampler.Samplers;
                import io.sweep4j.study.Budget;
                import io.sweep4j.study.Objective;
                import io.sweep4j.study.Study;
                import java.util.Map;

                public class Two {
                    public static void main(String[] args) {
                        Study.named("two").storage("%s").space(s -> s.floatRange("x", 0, 1))
                            .sampler(Samplers.random(3))
                            .objective(Objective.named(t -> Map.of("accuracy", Math.sqrt(t.getDouble("x")),
                                    "size", 1000 * t.getDouble("x") * t.getDouble("x"))))
                            .maximize("accuracy").minimize("size").parallelism(1).budget(Budget.trials(5)).run(args);
                    }
                }
                """.formatted(run.toString().replace("\\", "\\\\")));
        CliRun r = CliRun.of("run", f.toString());
        assertEquals(0, r.exit(), r.out() + r.err());
        CliRun best = CliRun.of("best", run.toString(), "--format", "json");
        assertEquals(0, best.exit(), best.err());
        JsonNode rows = JSON.readTree(best.out());
        assertEquals(5, rows.size(), "x trades accuracy for size: every trial is on the front: " + best.out());
        for (int i = 0; i < rows.size(); i++) {
            double x = rows.get(i).get("x").asDouble();
            assertEquals(Math.sqrt(x), rows.get(i).get("accuracy").asDouble(), 1e-12);
            assertEquals(1000 * x * x, rows.get(i).get("size").asDouble(), 1e-9);
            assertTrue(i == 0 || rows.get(i).get("accuracy").asDouble() <= rows.get(i - 1).get("accuracy").asDouble());
        }
    }

    private static List<String> names(JsonNode n) {
        List<String> out = new ArrayList<>();
        for (Iterator<String> it = n.fieldNames(); it.hasNext();) {
            out.add(it.next());
        }
        return out;
    }
}
