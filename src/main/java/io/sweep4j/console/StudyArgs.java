package io.sweep4j.console;

import io.sweep4j.space.UsageException;
import java.time.Duration;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * The command-line overrides a study's {@code main} accepts (also what {@code sweep run} passes through), parsed;
 * each is empty when not given, and the study file's own setting stands.
 */
public record StudyArgs(OptionalInt trials, Optional<Duration> timeout, OptionalInt parallelism,
        OptionalInt maxFailures, boolean allowSpaceChange, Optional<String> storage) {
    static final String HELP = """
            Study options:
              --trials N            run until the study holds N trials (counting earlier runs)
              --timeout D           stop launching trials after D: a number and s, m, h or d (90s, 30m, 8h)
              --parallelism N       trials at once (default: the number of cores; at most 4 per core)
              --max-failures N      stop after N trials in a row fail with the same error (default 5; 0: never)
              --allow-space-change  resume even if the search space changed
              --storage URL         store the study there instead (results/x.db, sqlite:///abs/x.db,
                                    postgresql://user@host:5432/db)
            """;

    /**
     * Parses {@code args}; a bad one is refused with a {@link UsageException} naming it. {@code maxParallelism} bounds
     * {@code --parallelism}, and {@code whyMax} ends the message of a value above it.
     */
    public static StudyArgs parse(String[] args, int maxParallelism, String whyMax) {
        OptionalInt trials = OptionalInt.empty();
        Optional<Duration> timeout = Optional.empty();
        OptionalInt parallelism = OptionalInt.empty();
        OptionalInt maxFailures = OptionalInt.empty();
        boolean allowSpaceChange = false;
        Optional<String> storage = Optional.empty();
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            String value = null;
            int eq = a.indexOf('=');
            if (a.startsWith("--") && eq > 0) {
                value = a.substring(eq + 1);
                a = a.substring(0, eq);
            }
            switch (a) {
                case "--trials" -> trials = OptionalInt.of(parseInt(a, value != null ? value : next(args, ++i, a), 0));
                case "--timeout" -> timeout = Optional.of(parseDuration(a, value != null ? value
                        : next(args, ++i, a)));
                case "--parallelism" -> parallelism = OptionalInt.of(parseInt(a, value != null ? value
                        : next(args, ++i, a), 1, maxParallelism, whyMax));
                case "--max-failures" -> maxFailures = OptionalInt.of(parseInt(a, value != null ? value
                        : next(args, ++i, a), 0));
                case "--allow-space-change" -> allowSpaceChange = true;
                case "--storage" -> storage = Optional.of(value != null ? value : next(args, ++i, a));
                default -> throw new UsageException("argument", args[i], "unknown option; valid:\n" + HELP);
            }
        }
        return new StudyArgs(trials, timeout, parallelism, maxFailures, allowSpaceChange, storage);
    }

    private static String next(String[] args, int i, String option) {
        if (i >= args.length) {
            throw new UsageException(option, null, "give a value after " + option);
        }
        return args[i];
    }

    static int parseInt(String option, String s, int min) {
        return parseInt(option, s, min, Integer.MAX_VALUE, "");
    }

    /** A whole number in {@code [min, max]}; above {@code max} the message says so and adds {@code why}. */
    static int parseInt(String option, String s, int min, int max, String why) {
        java.math.BigInteger v;
        try {
            v = new java.math.BigInteger(s.trim());
        } catch (NumberFormatException e) {
            throw new UsageException(option, s, "give a whole number >= " + min);
        }
        if (v.compareTo(java.math.BigInteger.valueOf(min)) < 0) {
            throw new UsageException(option, s, "give a whole number >= " + min);
        }
        if (v.compareTo(java.math.BigInteger.valueOf(max)) > 0) {
            throw new UsageException(option, s, "too large: at most " + max + why);
        }
        return v.intValueExact();
    }

    /** Parses a number and a unit, s, m, h or d ({@code 90s}, {@code 1.5h}); anything else is refused. */
    static Duration parseDuration(String option, String s) {
        String t = s.trim().toLowerCase(Locale.ROOT);
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("(\\d+(?:\\.\\d+)?)([smhd])").matcher(t);
        if (!m.matches()) {
            throw new UsageException(option, s, "give a number and a unit, s, m, h or d, e.g. 90s, 30m, 8h or 2d");
        }
        double n = Double.parseDouble(m.group(1));
        long unitMs = switch (m.group(2)) {
            case "d" -> 86_400_000L;
            case "h" -> 3_600_000L;
            case "m" -> 60_000L;
            default -> 1000L;
        };
        if (n * unitMs > Long.MAX_VALUE / 2.0) {
            throw new UsageException(option, s, "too long; give at most a few thousand days");
        }
        Duration d = Duration.ofMillis(Math.round(n * unitMs));
        if (d.isZero()) {
            throw new UsageException(option, s, "give a positive duration such as 90s, 30m or 8h");
        }
        return d;
    }
}
