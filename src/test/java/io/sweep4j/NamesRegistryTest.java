package io.sweep4j;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sweep4j.dl4j.UserAttributes;
import io.sweep4j.trial.Attributes;
import io.sweep4j.trial.Metrics;
import java.io.IOException;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The names sweep4j stores and reports are spelled once, in their registries ({@link Attributes}, {@link Metrics},
 * {@link UserAttributes}), and keep the values studies already stored: a study written by an earlier version, or
 * by Optuna, must read the same.
 */
class NamesRegistryTest {
    private static final Path MAIN = Path.of("src/main/java");
    private static final List<Class<?>> REGISTRIES = List.of(Attributes.class, Metrics.class, UserAttributes.class);
    private static final Set<String> REGISTRY_FILES = Set.of("io/sweep4j/trial/Attributes.java",
            "io/sweep4j/trial/Metrics.java", "io/sweep4j/dl4j/UserAttributes.java");
    /** A key, not a message such as {@code "sweep4j: study ..."}. */
    private static final Pattern SWEEP4J_KEY = Pattern.compile("^sweep4j:\\S");
    private static final Pattern KEY_BUILT_FROM_PREFIX = Pattern.compile("\\bPREFIX\\s*\\+");
    /**
     * Literals equal to a registered name that are another thing: the export's column is named like Optuna's
     * {@code fail_reason} but holds {@code FrozenTrial.failReason()}, whichever key it came from.
     */
    private static final Map<String, Set<String>> NOT_KEYS = Map.of(
            "io/sweep4j/report/Export.java", Set.of("fail_reason"));

    /** Every stored key and reported name as studies hold them today: changing one orphans what was stored. */
    private static final Map<String, String> STORED = Map.ofEntries(
            Map.entry("Attributes.PREFIX", "sweep4j:"),
            Map.entry("Attributes.FAIL_REASON", "sweep4j:fail_reason"),
            Map.entry("Attributes.CONSTRAINTS", "constraints"),
            Map.entry("Attributes.PRUNED_REASON", "sweep4j:pruned_reason"),
            Map.entry("Attributes.INTERRUPTED", "sweep4j:interrupted"),
            Map.entry("Attributes.ERROR", "sweep4j:error"),
            Map.entry("Attributes.RETRY_OF", "sweep4j:retry_of"),
            Map.entry("Attributes.GRID_ID", "sweep4j:grid_id"),
            Map.entry("Attributes.METRIC", "sweep4j:metric"),
            Map.entry("Attributes.METRIC_NAMES", "study:metric_names"),
            Map.entry("Attributes.SPACE", "sweep4j:space"),
            Map.entry("Attributes.SAMPLER", "sweep4j:sampler"),
            Map.entry("Attributes.DEFINITION", "sweep4j:definition"),
            Map.entry("Attributes.PRUNER", "sweep4j:pruner"),
            Map.entry("Attributes.BRACKET", "sweep4j:bracket"),
            Map.entry("Attributes.PRUNED_STEP", "sweep4j:pruned_step"),
            Map.entry("Attributes.PRUNED_RULE", "sweep4j:pruned_rule"),
            Map.entry("Attributes.COMPLETED_RUNG", "completed_rung_"),
            Map.entry("Attributes.WORKER", "sweep4j:worker"),
            Map.entry("Attributes.RETRY_DEPTH", "sweep4j:retry_depth"),
            Map.entry("Attributes.STOPPED", "sweep4j:stopped"),
            Map.entry("Attributes.RESERVED", "sweep4j:reserved"),
            Map.entry("Attributes.FIXED_PARAMS", "fixed_params"),
            Map.entry("Attributes.OPTUNA_FAIL_REASON", "fail_reason"),
            Map.entry("Attributes.METRICS", "sweep4j:metrics:"),
            Map.entry("Attributes.GA_GENERATION", "sweep4j:ga:generation"),
            Map.entry("Attributes.GA_PARENTS", "sweep4j:ga:parents"),
            Map.entry("Attributes.GA_GENOME", "sweep4j:ga:genome"),
            Map.entry("Metrics.VALIDATION", "val_"),
            Map.entry("Metrics.TEST", "test_"),
            Map.entry("Metrics.ACCURACY", "accuracy"),
            Map.entry("Metrics.LOSS", "loss"),
            Map.entry("Metrics.MSE", "mse"),
            Map.entry("Metrics.MAE", "mae"),
            Map.entry("Metrics.VAL_ACCURACY", "val_accuracy"),
            Map.entry("Metrics.VAL_LOSS", "val_loss"),
            Map.entry("Metrics.VAL_MSE", "val_mse"),
            Map.entry("Metrics.VAL_MAE", "val_mae"),
            Map.entry("Metrics.TRAIN_LOSS", "train_loss"),
            Map.entry("UserAttributes.PARAM_COUNT", "param_count"),
            Map.entry("UserAttributes.TRAIN_SAMPLES_PER_S", "train_samples_per_s"),
            Map.entry("UserAttributes.BEST_EPOCH", "best_epoch"),
            Map.entry("UserAttributes.EPOCHS_TRAINED", "epochs_trained"),
            Map.entry("UserAttributes.MODEL_FILE", "model_file"),
            Map.entry("UserAttributes.TEST_ACCURACY", "test_accuracy"),
            Map.entry("UserAttributes.REFIT_TEST_ACCURACY", "refit_test_accuracy"),
            Map.entry("UserAttributes.REFIT_TEST_LOSS", "refit_test_loss"),
            Map.entry("UserAttributes.REFIT_EPOCHS", "refit_epochs"),
            Map.entry("UserAttributes.REFIT_TRAIN_IMAGES", "refit_train_images"));

    @Test
    void storedKeysKeepTheValuesStudiesHold() throws IllegalAccessException {
        assertEquals(new TreeMap<>(STORED), registered(),
                "a registered name changed its value (stored studies would no longer read the same) or a new one is"
                        + " not in STORED yet (add it, spelled as it is stored)");
        assertEquals("sweep4j:metrics:7", Attributes.metricsAt(7), "the learning curve's key of step 7");
    }

    @Test
    void noStoredNameIsSpelledOutsideItsRegistry() throws IOException, IllegalAccessException {
        Map<String, String> byValue = new TreeMap<>();
        registered().forEach((name, value) -> byValue.put(value, name));
        List<String> violations = new ArrayList<>();
        int files = 0;
        try (Stream<Path> paths = Files.walk(MAIN)) {
            for (Path file : paths.filter(p -> p.toString().endsWith(".java")).sorted().toList()) {
                files++;
                String relative = MAIN.relativize(file).toString().replace(file.getFileSystem().getSeparator(), "/");
                if (REGISTRY_FILES.contains(relative)) {
                    continue;
                }
                String source = Files.readString(file);
                violations.addAll(spelled(relative, source, byValue));
            }
        }
        assertTrue(files > 50, "the sources are found from the project directory: " + files);
        assertEquals(List.of(), violations, "use the registry's constant instead");
    }

    @Test
    void theScanFindsKeysInCodeButNotInCommentsOrMessages() throws IllegalAccessException {
        Map<String, String> byValue = new TreeMap<>();
        registered().forEach((name, value) -> byValue.put(value, name));
        String source = """
                /** Stored as {@code sweep4j:worker}, see "model_file". */
                class X { // "sweep4j:bracket"
                    Object a = t.systemAttributes().get("sweep4j:worker");
                    String b = Attributes.PREFIX + "metrics:" + step;
                    String c = "sweep4j: study \\"%s\\"";
                    Object d = t.userAttributes().get("model_file");
                }
                """;
        assertEquals(List.of("X.java: \"sweep4j:worker\" is Attributes.WORKER",
                        "X.java: \"model_file\" is UserAttributes.MODEL_FILE",
                        "X.java: a key built from PREFIX outside trial.Attributes"),
                spelled("X.java", source, byValue));
    }

    private static List<String> spelled(String file, String source, Map<String, String> byValue) {
        List<String> out = new ArrayList<>();
        for (String literal : LayeringTest.stringLiterals(source)) {
            String registered = byValue.get(literal);
            if (registered != null && !NOT_KEYS.getOrDefault(file, Set.of()).contains(literal)) {
                out.add(file + ": \"" + literal + "\" is " + registered);
            } else if (registered == null && SWEEP4J_KEY.matcher(literal).find()) {
                out.add(file + ": \"" + literal + "\" is a sweep4j: key outside trial.Attributes");
            }
        }
        if (KEY_BUILT_FROM_PREFIX.matcher(LayeringTest.codeOnly(source)).find()) {
            out.add(file + ": a key built from PREFIX outside trial.Attributes");
        }
        return out;
    }

    /** Every public String constant of the registries, as {@code Class.FIELD} to its value. */
    private static Map<String, String> registered() throws IllegalAccessException {
        Map<String, String> out = new TreeMap<>();
        for (Class<?> registry : REGISTRIES) {
            for (Field f : registry.getDeclaredFields()) {
                int m = f.getModifiers();
                if (Modifier.isPublic(m) && Modifier.isStatic(m) && f.getType() == String.class) {
                    out.put(registry.getSimpleName() + "." + f.getName(), (String) f.get(null));
                }
            }
        }
        return out;
    }
}
