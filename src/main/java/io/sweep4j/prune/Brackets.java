package io.sweep4j.prune;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.CRC32;

/**
 * Hyperband's brackets for a minimum and maximum resource and a reduction factor, and which bracket a trial falls
 * in: Optuna's rule, crc32 of {@code "<study name>_<trial number>"} modulo the sum of the brackets' trial budgets.
 *
 * <p>The bracket count is Optuna's exactly: {@code floor(log(max / min) / log(eta)) + 1} in double precision, as
 * {@code optuna/pruners/_hyperband.py} computes it with {@code math.floor(math.log(max / min, eta)) + 1}. That is one
 * short of the integer count where max / min is an exact power of eta whose logarithm rounds below it: 243 / 1 with
 * eta 3 ({@code math.log(243, 3)} is 4.999…) makes 5 brackets, not 6; 1000 / 1 with eta 10 makes 3, not 4. Counting
 * differently would give a study shared with Optuna workers two bracket tables, and every trial a bracket by crc32
 * modulo a different total. Python's {@code math.log} is the C library's {@code log} (glibc's is correctly rounded on
 * these inputs); Java's {@code Math.log} gives the same count on every exact power below 2^53 of every eta up to 1000
 * (checked against CPython on glibc), and the tests compare the counts with the real Optuna.
 */
public record Brackets(int minResource, int maxResource, int reductionFactor, List<Integer> budgets) {

    public Brackets {
        budgets = List.copyOf(budgets);
    }

    public static Brackets of(int minResource, int maxResource, int reductionFactor) {
        int count = (int) Math.floor(Math.log((double) maxResource / minResource) / Math.log(reductionFactor)) + 1;
        List<Integer> budgets = new ArrayList<>();
        for (int bracket = 0; bracket < count; bracket++) {
            int s = count - 1 - bracket;
            long numerator = count * pow(reductionFactor, s);
            budgets.add((int) ((numerator + s) / (s + 1))); // ceil(count · eta^s / (s + 1)) without floating point
        }
        return new Brackets(minResource, maxResource, reductionFactor, budgets);
    }

    private static long pow(long base, int exp) {
        long r = 1;
        for (int i = 0; i < exp; i++) {
            r *= base;
        }
        return r;
    }

    public int count() {
        return budgets.size();
    }

    /** The bracket of trial {@code number} in study {@code studyName}, as Optuna's HyperbandPruner assigns it. */
    public int bracketOf(String studyName, int number) {
        CRC32 crc = new CRC32();
        crc.update((studyName + "_" + number).getBytes(StandardCharsets.UTF_8));
        long total = budgets.stream().mapToLong(Integer::longValue).sum();
        long n = crc.getValue() % total;
        for (int bracket = 0; bracket < budgets.size(); bracket++) {
            n -= budgets.get(bracket);
            if (n < 0) {
                return bracket;
            }
        }
        throw new AssertionError("unreachable: the budgets sum to " + total);
    }
}
