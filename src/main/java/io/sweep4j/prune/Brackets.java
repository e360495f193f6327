package io.sweep4j.prune;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.CRC32;

/**
 * Hyperband's brackets for a minimum and maximum resource and a reduction factor, and which bracket a trial falls
 * in: Optuna's rule, crc32 of {@code "<study name>_<trial number>"} modulo the sum of the brackets' trial budgets.
 *
 * <p>The bracket count is {@code floor(log_eta(max / min)) + 1}, computed in integers: Optuna computes it with a
 * floating-point logarithm, which is one short when max / min is an exact power of eta that the logarithm misses
 * (max 243, min 1, eta 3: {@code math.log(243, 3)} is 4.999…, so Optuna makes 5 brackets where there are 6).
 */
public record Brackets(int minResource, int maxResource, int reductionFactor, List<Integer> budgets) {

    public Brackets {
        budgets = List.copyOf(budgets);
    }

    public static Brackets of(int minResource, int maxResource, int reductionFactor) {
        int count = 1;
        long top = minResource;
        while ((top *= reductionFactor) <= maxResource) {
            count++;
        }
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
