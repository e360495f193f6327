package io.sweep4j.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.sweep4j.sampler.Samplers;
import io.sweep4j.study.Budget;
import io.sweep4j.study.Study;
import io.sweep4j.study.StudyResult;
import io.sweep4j.study.TrialPrunedException;
import io.sweep4j.trial.FrozenTrial;
import io.sweep4j.trial.TrialState;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

import io.sweep4j.store.PgTestServer;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.io.TempDir;

/**
 * The interop matrix: {SQLite, PostgreSQL} x {Debian's Optuna 3.1 on a v3.0.0.d storage, Optuna 4.9 on a v3.2.0.a
 * one}: Optuna reads the studies sweep4j writes (and its CLI's best trial is ours), and sweep4j reads, ranks and
 * resumes the studies Optuna writes, enqueued trials included.
 */
class OptunaInteropTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    /** Optuna 4.9.0, pure Python, unmodified (MIT), kept with the tests: see its README and LICENSE. */
    static final Path OPTUNA_49 = Path.of("src", "test", "python", "third_party", "optuna-4.9.0").toAbsolutePath()
            .normalize();

    @TempDir
    Path dir;

    /** One cell's Optuna: which interpreter path, which CLI, which revision it accepts. */
    enum Optuna {
        V3_1("v3.0.0.d"), V4_9("v3.2.0.a");

        final String revision;

        Optuna(String revision) {
            this.revision = revision;
        }

        List<String> cli() {
            return this == V3_1 ? List.of("/usr/bin/optuna")
                    : List.of("bash", OPTUNA_49.resolve("bin/optuna").toString());
        }

        void environment(Map<String, String> env) {
            if (this == V4_9) {
                env.put("PYTHONPATH", OPTUNA_49.toString());
            }
        }
    }

    static List<Arguments> cells() {
        List<Arguments> out = new ArrayList<>();
        for (String backend : List.of("sqlite", "postgresql")) {
            for (Optuna o : Optuna.values()) {
                out.add(Arguments.of(backend, o));
            }
        }
        return out;
    }

    /** A new storage of the backend in {@code dir}: the URL sweep4j takes, and the one Optuna (SQLAlchemy) takes. */
    static String[] storage(Path dir, String backend, String name) {
        if (backend.equals("sqlite")) {
            Path db = dir.resolve(name + ".db");
            return new String[] {db.toString(), "sqlite:///" + db};
        }
        String url = PgTestServer.get().newDatabase();
        return new String[] {url, url.replace("postgresql://", "postgresql+psycopg2://")};
    }

    @ParameterizedTest(name = "{0}, Optuna {1}")
    @MethodSource("cells")
    void optunaLoadsOurStudyWithTheSameTrialsParamsStatesAndBest(String backend, Optuna optuna) throws Exception {
        String[] urls = storage(dir, backend, "ours");
        StudyResult ours = Study.named("ours").storage(urls[0]).schemaRevision(optuna.revision)
                .space(s -> s.logFloat("lr", 1e-5, 1e-1)
                        .floatRange("dropout", 0.0, 0.5, 0.1)
                        .intRange("layers", 1, 6)
                        .logInt("batch", 16, 256)
                        .intRange("units", 32, 256, 32)
                        .choice("optimizer", "sgd", "momentum", "adam")
                        .choice("batchNorm", true, false)
                        .choice("width", 64, 128)
                        .when("optimizer", List.of("momentum"), b -> b.floatRange("momentum", 0.5, 0.99)))
                .sampler(Samplers.random(5))
                .objective(t -> {
                    double v = -Math.pow(Math.log10(t.getDouble("lr")) + 3, 2) + t.getInt("layers") * 0.1;
                    t.setUserAttribute("note", "trial " + t.number());
                    for (int step = 0; step < 3; step++) {
                        t.report(step, v - 1 + step * 0.5);
                    }
                    if (t.number() % 5 == 2) {
                        throw new IllegalStateException("simulated failure");
                    }
                    if (t.number() % 5 == 4) {
                        t.report(3, Double.NaN);
                        throw new TrialPrunedException("test");
                    }
                    return v;
                })
                .maximize("score").parallelism(2).budget(Budget.trials(20)).optimize();

        JsonNode py = python(optuna, "read_study.py", urls[1], "ours");
        assertEquals("MAXIMIZE", py.get("direction").asText());
        assertEquals(20, py.get("trials").size());
        for (JsonNode pt : py.get("trials")) {
            FrozenTrial t = ours.history().trials().stream().filter(x -> x.number() == pt.get("number").asInt())
                    .findFirst().orElseThrow();
            assertEquals(t.state().name(), pt.get("state").asText(), "state of trial " + t.number());
            assertEquals(t.params().names(), fieldNames(pt.get("params")), "param names of trial " + t.number());
            for (var e : t.params().asMap().entrySet()) {
                assertSameValue(e.getValue(), pt.get("params").get(e.getKey()), e.getKey());
            }
            assertEquals("CategoricalDistribution", pt.get("distributions").get("optimizer").asText());
            assertEquals("FloatDistribution", pt.get("distributions").get("lr").asText());
            assertEquals("IntDistribution", pt.get("distributions").get("batch").asText());
            if (t.state() == TrialState.COMPLETE) {
                assertEquals(t.value(), pt.get("value").asDouble(), 0.0);
            }
            assertEquals(t.intermediateValues().size(), pt.get("intermediate").size());
            assertEquals("trial " + t.number(), pt.get("user_attrs").get("note").asText());
            assertTrue(pt.get("has_start").asBoolean());
        }
        int ourBest = ours.best().orElseThrow().number();
        assertEquals(ourBest, py.get("best").get("number").asInt());

        // the optuna CLI agrees with `sweep best`
        List<String> cmd = new ArrayList<>(optuna.cli());
        cmd.addAll(List.of("best-trial", "--study-name", "ours", "--storage", urls[1], "-f", "json"));
        JsonNode cliBest = JSON.readTree(run(optuna, cmd));
        CliRun ourCli = CliRun.of("best", urls[0], "--format", "json");
        assertEquals(0, ourCli.exit(), ourCli.err());
        JsonNode ourCliBest = JSON.readTree(ourCli.out()).get(0);
        assertEquals(cliBest.get("number").asInt(), ourCliBest.get("number").asInt());
        assertEquals(cliBest.get("value").asDouble(), ourCliBest.get("score").asDouble(), 0.0);
    }

    @ParameterizedTest(name = "{0}, Optuna {1}")
    @MethodSource("cells")
    void aStudyOptunaWroteIsListedRankedAndResumedBySweep(String backend, Optuna optuna) throws Exception {
        String[] urls = storage(dir, backend, "theirs");
        String db = urls[0];
        JsonNode py = python(optuna, "write_study.py", urls[1]);

        CliRun trials = CliRun.of("trials", db.toString(), "--format", "json");
        assertEquals(0, trials.exit(), trials.err());
        JsonNode rows = JSON.readTree(trials.out());
        assertEquals(py.get("trials").size(), rows.size());
        for (int i = 0; i < rows.size(); i++) {
            JsonNode row = rows.get(i);
            JsonNode pt = py.get("trials").get(i);
            assertEquals(pt.get("number").asInt(), row.get("number").asInt());
            assertEquals(pt.get("state").asText(), row.get("state").asText());
            if ("COMPLETE".equals(pt.get("state").asText())) {
                assertEquals(pt.get("value").asDouble(), row.get("value").asDouble(), 0.0);
            }
            for (String p : fieldNames(pt.get("params"))) {
                assertSameJson(pt.get("params").get(p), row.get(p), p);
            }
        }
        CliRun best = CliRun.of("best", db.toString(), "--format", "json", "--top", "3");
        assertEquals(0, best.exit(), best.err());
        JsonNode top = JSON.readTree(best.out());
        assertEquals(py.get("best").get("number").asInt(), top.get(0).get("number").asInt());
        assertTrue(top.get(0).get("value").asDouble() <= top.get(1).get("value").asDouble());

        CliRun studies = CliRun.of("studies", db.toString());
        assertEquals(0, studies.exit(), studies.err());
        assertTrue(studies.out().contains("written-by-optuna"), studies.out());
        CliRun table = CliRun.of("trials", db.toString(), "--state", "fail,pruned");
        assertEquals(0, table.exit(), table.err());
        assertFalse(table.out().contains("COMPLETE"), table.out());

        // sweep4j resumes the study: the trial Optuna enqueued runs first, with its fixed parameters, exactly once
        python(optuna, "enqueue.py", urls[1], "written-by-optuna", "{\"lr\": 0.001, \"layers\": 4}");
        CliRun waiting = CliRun.of("trials", db, "--format", "json");
        assertTrue(waiting.out().contains("\"WAITING\""), waiting.out());
        assertTrue(waiting.out().contains("fixed_params"), waiting.out());
        int before = py.get("trials").size();
        StudyResult resumed = Study.named("written-by-optuna").storage(db)
                .space(s -> s.logFloat("lr", 1e-5, 1e-1).floatRange("dropout", 0.0, 0.5, 0.1).intRange("layers", 1, 6)
                        .logInt("batch", 16, 256).choice("optimizer", "sgd", "adam", "rmsprop")
                        .when("optimizer", List.of("sgd"), b -> b.floatRange("momentum", 0.0, 0.99)))
                .sampler(Samplers.random(3)).objective(t -> t.getDouble("lr") + t.getInt("layers"))
                .minimize("value").parallelism(1).budget(Budget.trials(before - 2 + 4)).optimize();
        FrozenTrial enqueued = resumed.history().trials().get(before);
        assertEquals(TrialState.COMPLETE, enqueued.state());
        assertEquals(0.001, enqueued.params().getDouble("lr"), 1e-12);
        assertEquals(4, enqueued.params().getInt("layers"));
        assertEquals(0, resumed.history().inState(TrialState.WAITING).size());
        assertEquals(1, resumed.history().trials().stream().filter(t -> t.systemAttributes()
                .containsKey("fixed_params")).count());
        // and Optuna still reads it, ranking as we do
        JsonNode after = python(optuna, "read_study.py", urls[1], "written-by-optuna");
        assertEquals(resumed.history().trials().size(), after.get("trials").size());
        assertEquals(resumed.best().orElseThrow().number(), after.get("best").get("number").asInt());
    }

    @ParameterizedTest(name = "{0}, Optuna {1}")
    @MethodSource("cells")
    void anOptunaWorkerAndASweepWorkerShareOneStudyWithoutLosingOrStealingATrial(String backend, Optuna optuna)
            throws Exception {
        String[] urls = storage(dir, backend, "fleet");
        // the storage at the revision this Optuna reads, created by sweep4j
        String sep = urls[0].contains("?") ? "&" : "?";
        String created = backend.equals("sqlite") ? "sqlite:///" + urls[0] : urls[0];
        try (io.sweep4j.store.Storage s = io.sweep4j.store.Storage.open(created + sep + "revision="
                + optuna.revision)) {
            s.studies();
        }
        Path scripts = copyScripts(dir);
        ProcessBuilder pb = new ProcessBuilder("/usr/bin/python3", scripts.resolve("fleet_worker.py").toString(),
                urls[1], "15").redirectError(ProcessBuilder.Redirect.INHERIT);
        optuna.environment(pb.environment());
        Process worker = pb.start();
        awaitTrials(urls[0], "fleet");
        StudyResult ours = Study.named("fleet").storage(urls[0])
                .space(s -> s.floatRange("x", 0.0, 1.0).intRange("n", 0, 9))
                .sampler(Samplers.random(9))
                .objective(t -> {
                    Thread.sleep(50);
                    return t.getDouble("x") + t.getInt("n");
                })
                .minimize("value").parallelism(2).budget(Budget.trials(30)).optimize();
        String out = new String(worker.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, worker.waitFor(), "the Optuna worker failed (a tell on a trial we took?): " + out);
        JsonNode theirs = JSON.readTree(out);
        assertEquals(15, theirs.get("numbers").size());
        try (io.sweep4j.store.Storage s = io.sweep4j.store.Storage.open(
                io.sweep4j.store.StorageUrl.parse(urls[0]), io.sweep4j.store.Storage.Access.READ_ONLY)) {
            var h = s.history(s.findStudy("fleet").orElseThrow().studyId());
            java.util.Set<Integer> numbers = new java.util.TreeSet<>();
            for (FrozenTrial t : h.trials()) {
                assertEquals(TrialState.COMPLETE, t.state(), "trial " + t.number() + " " + t.systemAttributes());
                numbers.add(t.number());
            }
            assertEquals(h.trials().size(), numbers.size(), "trial numbers are unique");
            assertEquals(h.trials().size() - 1, ((java.util.TreeSet<Integer>) numbers).last(), "and dense");
            long byOptuna = h.trials().stream().filter(t -> "optuna".equals(t.userAttributes().get("by"))).count();
            assertEquals(15, byOptuna);
            assertEquals(h.trials().size() - 15, ours.trialsRunHere(), "every other trial is sweep4j's");
            assertTrue(ours.trialsRunHere() >= 15, "sweep4j filled the budget: " + ours.trialsRunHere());
        }
    }

    /** Waits (at most a minute) until another process has created study {@code name} and started a trial of it. */
    static void awaitTrials(String url, String name) throws InterruptedException {
        long deadline = System.nanoTime() + 60_000_000_000L;
        while (System.nanoTime() < deadline) {
            try (io.sweep4j.store.Storage s = io.sweep4j.store.Storage.open(
                    io.sweep4j.store.StorageUrl.parse(url), io.sweep4j.store.Storage.Access.READ_ONLY)) {
                var st = s.findStudy(name);
                if (st.isPresent() && !s.history(st.get().studyId()).trials().isEmpty()) {
                    return;
                }
            } catch (io.sweep4j.space.UsageException notYet) {
                // the storage has no tables yet
            }
            Thread.sleep(50);
        }
    }

    private static void assertSameValue(Object ours, JsonNode theirs, String name) {
        if (ours instanceof Boolean b) {
            assertEquals(b, theirs.asBoolean(), name);
        } else if (ours instanceof Number n) {
            assertEquals(n.doubleValue(), theirs.asDouble(), Math.abs(n.doubleValue()) * 1e-12, name);
            if (theirs.isIntegralNumber()) {
                assertEquals(n.doubleValue(), Math.rint(n.doubleValue()), name + " is an integer in Optuna");
            }
        } else {
            assertEquals(String.valueOf(ours), theirs.asText(), name);
        }
    }

    private static void assertSameJson(JsonNode a, JsonNode b, String name) {
        if (a.isNumber()) {
            assertEquals(a.asDouble(), b.asDouble(), Math.abs(a.asDouble()) * 1e-12, name);
        } else {
            assertEquals(a.asText(), b.asText(), name);
        }
    }

    private static java.util.Set<String> fieldNames(JsonNode n) {
        java.util.Set<String> out = new java.util.LinkedHashSet<>();
        for (Iterator<String> it = n.fieldNames(); it.hasNext();) {
            out.add(it.next());
        }
        return out;
    }

    /** The Optuna scripts of the tests' resources, copied into {@code dir/py}. */
    static Path copyScripts(Path dir) throws IOException {
        Path scripts = dir.resolve("py");
        Files.createDirectories(scripts);
        for (String s : List.of("read_study.py", "write_study.py", "enqueue.py", "fleet_worker.py", "mo_read.py",
                "mo_write.py", "mo_fleet_worker.py")) {
            try (var in = OptunaInteropTest.class.getResourceAsStream("/optuna/" + s)) {
                Files.copy(in, scripts.resolve(s), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            }
        }
        return scripts;
    }

    private JsonNode python(Optuna optuna, String script, String... args) throws Exception {
        return python(dir, optuna, script, args);
    }

    /** Runs one of the tests' Optuna scripts with that Optuna; what it prints, as JSON. */
    static JsonNode python(Path dir, Optuna optuna, String script, String... args) throws Exception {
        Path scripts = copyScripts(dir);
        List<String> cmd = new ArrayList<>(List.of("/usr/bin/python3", scripts.resolve(script).toString()));
        cmd.addAll(List.of(args));
        return JSON.readTree(run(optuna, cmd));
    }

    private static String run(Optuna optuna, List<String> cmd) throws IOException, InterruptedException {
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.INHERIT);
        optuna.environment(pb.environment());
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        int code = p.waitFor();
        assertEquals(0, code, "command failed (is Debian's python3-optuna installed?): " + String.join(" ", cmd)
                + "\n" + out);
        return out;
    }

}
