package io.sweep4j.space;

import java.math.BigDecimal;
import java.math.MathContext;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.StringJoiner;

/**
 * How a person reads numbers, parameters and durations: five significant digits, no {@code 100000.0} or
 * {@code PT1M}. The one formatter for logs, tables, summaries, errors and reports; JSON and CSV keep full precision.
 */
public final class Readable {
    /** Significant digits shown; enough to tell 0.87345 from 0.87352, short enough to scan a column. */
    public static final int DIGITS = 5;
    private static final MathContext SIGNIFICANT = new MathContext(DIGITS);

    private Readable() {
    }

    /** A number, parameter value or anything else as a person reads it; {@code null} reads "-". */
    public static String of(Object v) {
        if (v == null) {
            return "-";
        }
        if (v instanceof Double || v instanceof Float) {
            return number(((Number) v).doubleValue());
        }
        if (v instanceof Duration d) {
            return duration(d);
        }
        if (v instanceof Map<?, ?> m) {
            StringJoiner j = new StringJoiner(", ");
            m.forEach((k, x) -> j.add(k + "=" + of(x)));
            return j.toString();
        }
        return String.valueOf(v);
    }

    /** Plain notation between 1e-4 and 1e6, scientific outside, integral values without a fraction. */
    public static String number(double d) {
        if (!Double.isFinite(d)) {
            return Double.isNaN(d) ? "NaN" : d > 0 ? "inf" : "-inf";
        }
        double a = Math.abs(d);
        return a != 0 && (a < 1e-4 || a >= 1e6) ? scientific(d) : plain(d);
    }

    /** Plain notation with {@link #DIGITS} significant digits, trailing zeros dropped. */
    public static String plain(double d) {
        if (d == 0) {
            return "0";
        }
        return rounded(d).toPlainString();
    }

    /** Scientific notation: {@code 1.2346e-05}, trailing zeros of the mantissa dropped. */
    public static String scientific(double d) {
        if (!Double.isFinite(d) || d == 0) {
            return number(d);
        }
        BigDecimal r = rounded(d);
        String digits = r.unscaledValue().abs().toString();
        int exponent = digits.length() - 1 - r.scale();
        StringBuilder s = new StringBuilder(12);
        if (r.signum() < 0) {
            s.append('-');
        }
        s.append(digits.charAt(0));
        if (digits.length() > 1) {
            s.append('.').append(digits, 1, digits.length());
        }
        s.append(exponent < 0 ? "e-" : "e+");
        if (Math.abs(exponent) < 10) {
            s.append('0');
        }
        return s.append(Math.abs(exponent)).toString();
    }

    /**
     * {@code d} to {@link #DIGITS} significant digits, rounded half up from its shortest decimal form (as
     * {@code String.format} rounds), trailing zeros dropped. Not {@code new BigDecimal(d)}: its exact binary expansion
     * runs to hundreds of digits for a small number, which made a number cost microseconds in tables of many trials.
     */
    private static BigDecimal rounded(double d) {
        return BigDecimal.valueOf(d).round(SIGNIFICANT).stripTrailingZeros();
    }

    /** A distribution in words: {@code log-uniform 0.0001 to 0.1}, {@code integer 16 to 256, step 16}. */
    public static String distribution(Distribution d) {
        if (d instanceof FloatDistribution f) {
            return (f.log() ? "log-uniform " : "uniform ") + number(f.low()) + " to " + number(f.high())
                    + (f.step() == null ? "" : ", step " + number(f.step()));
        }
        if (d instanceof IntDistribution i) {
            return "integer " + (i.log() ? "log " : "") + i.low() + " to " + i.high()
                    + (i.step() == 1 ? "" : ", step " + i.step());
        }
        return "one of " + ((CategoricalDistribution) d).choices().stream().map(Readable::of).toList();
    }

    /** {@code 45s}, {@code 12m 05s}, {@code 3h 20m}, {@code 2d 4h}; negative durations keep their sign. */
    public static String duration(Duration d) {
        if (d.isNegative()) {
            return "-" + duration(d.negated());
        }
        long s = d.toSeconds();
        if (s < 60) {
            return d.toMillis() < 10_000 && d.toMillis() % 1000 != 0
                    ? String.format(Locale.ROOT, "%.1fs", d.toMillis() / 1000.0) : s + "s";
        }
        if (s < 3600) {
            return String.format(Locale.ROOT, "%dm %02ds", s / 60, s % 60);
        }
        if (s < 86_400) {
            return String.format(Locale.ROOT, "%dh %02dm", s / 3600, s % 3600 / 60);
        }
        return String.format(Locale.ROOT, "%dd %dh", s / 86_400, s % 86_400 / 3600);
    }
}
