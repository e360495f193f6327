package io.sweep4j.study;

import io.sweep4j.space.UsageException;
import java.time.Duration;
import java.util.Locale;

/** The command-line overrides a study's {@code main} accepts (also what {@code sweep run} passes through). */
final class StudyArgs {
    static final String HELP = """
            Study options:
              --trials N            run until the study holds N trials (counting earlier runs)
              --timeout D           stop launching trials after D (e.g. 90s, 30m, 8h)
              --parallelism N       trials at once (default: the number of cores)
              --allow-space-change  resume even if the search space changed
              --storage URL         store the study there instead (results/x.db, sqlite:///abs/x.db,
                                    postgresql://user@host:5432/db)
            """;

    private StudyArgs() {
    }

    static void apply(Study study, String[] args) {
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            String value = null;
            int eq = a.indexOf('=');
            if (a.startsWith("--") && eq > 0) {
                value = a.substring(eq + 1);
                a = a.substring(0, eq);
            }
            switch (a) {
                case "--trials" -> study.budget(study.budget().withTrials(
                        parseInt(a, value != null ? value : next(args, ++i, a), 0)));
                case "--timeout" -> study.budget(study.budget().orTime(
                        parseDuration(a, value != null ? value : next(args, ++i, a))));
                case "--parallelism" -> study.parallelism(parseInt(a, value != null ? value : next(args, ++i, a), 1));
                case "--allow-space-change" -> study.allowSpaceChange();
                case "--storage" -> study.storage(value != null ? value : next(args, ++i, a));
                default -> throw new UsageException("argument", args[i], "unknown option; valid:\n" + HELP);
            }
        }
    }

    private static String next(String[] args, int i, String option) {
        if (i >= args.length) {
            throw new UsageException(option, null, "give a value after " + option);
        }
        return args[i];
    }

    static int parseInt(String option, String s, int min) {
        try {
            int v = Integer.parseInt(s.trim());
            if (v < min) {
                throw new UsageException(option, s, "give a whole number >= " + min);
            }
            return v;
        } catch (NumberFormatException e) {
            throw new UsageException(option, s, "give a whole number >= " + min);
        }
    }

    /** Parses {@code 90s}, {@code 30m}, {@code 8h}, {@code 1d} or an ISO-8601 duration such as {@code PT1H30M}. */
    static Duration parseDuration(String option, String s) {
        String t = s.trim().toLowerCase(Locale.ROOT);
        try {
            Duration d;
            if (t.startsWith("p")) {
                d = Duration.parse(s.trim().toUpperCase(Locale.ROOT));
            } else {
                char unit = t.charAt(t.length() - 1);
                double n = Double.parseDouble(Character.isDigit(unit) ? t : t.substring(0, t.length() - 1));
                long millis = (long) (n * switch (unit) {
                    case 'h' -> 3_600_000;
                    case 'm' -> 60_000;
                    case 'd' -> 86_400_000;
                    default -> 1000;
                });
                d = Duration.ofMillis(millis);
            }
            if (d.isNegative() || d.isZero()) {
                throw new UsageException(option, s, "give a positive duration such as 90s, 30m or 8h");
            }
            return d;
        } catch (RuntimeException e) {
            if (e instanceof UsageException u) {
                throw u;
            }
            throw new UsageException(option, s, "give a duration such as 90s, 30m or 8h");
        }
    }
}
