package io.sweep4j.space;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The numbers every log line, table, summary and report shows. */
class ReadableTest {

    @Test
    void numbersShowFiveSignificantDigitsPlainBetweenTenThousandthsAndAMillion() {
        assertEquals("0.87345", Readable.number(0.873449999));
        assertEquals("0.0001", Readable.number(1e-4));
        assertEquals("123460", Readable.number(123456.0));
        assertEquals("100000", Readable.number(100000.0));
        assertEquals("64", Readable.number(64.0));
        assertEquals("-2.5", Readable.number(-2.5));
        assertEquals("0", Readable.number(0.0));
        assertEquals("1e+06", Readable.number(1e6));
        assertEquals("1.2346e-05", Readable.number(1.23456e-5));
        assertEquals("-3e-07", Readable.number(-3e-7));
        assertEquals("1e-04", Readable.number(9.99996e-5)); // rounds up into the next power of ten
        assertEquals("NaN", Readable.number(Double.NaN));
        assertEquals("-inf", Readable.number(Double.NEGATIVE_INFINITY));
    }

    @Test
    void scientificNotationIsJavasFormatterWithTrailingZerosDropped() {
        Random r = new Random(7);
        for (int i = 0; i < 20_000; i++) {
            double d = (r.nextBoolean() ? 1 : -1) * Math.pow(10, -320 + 628 * r.nextDouble());
            String f = String.format(Locale.ROOT, "%.4e", d);
            int e = f.indexOf('e');
            String mantissa = f.substring(0, e).replaceAll("0+$", "").replaceAll("\\.$", "");
            assertEquals(mantissa + f.substring(e), Readable.scientific(d), "for " + d);
        }
    }

    @Test
    void plainNumbersAreWithinHalfAUnitOfTheirFifthDigitWithoutTrailingZeros() {
        Random r = new Random(11);
        for (int i = 0; i < 20_000; i++) {
            double d = (r.nextBoolean() ? 1 : -1) * Math.pow(10, -4 + 10 * r.nextDouble());
            String s = Readable.plain(d);
            BigDecimal shown = new BigDecimal(s);
            assertTrue(shown.stripTrailingZeros().precision() <= Readable.DIGITS, s);
            assertFalse(s.contains("E") || s.contains(".") && s.endsWith("0"), s);
            double unit = Math.pow(10, Math.floor(Math.log10(Math.abs(d))) - Readable.DIGITS + 1);
            assertTrue(Math.abs(shown.doubleValue() - d) <= unit / 2 * (1 + 1e-9), s + " for " + d);
        }
    }

    @Test
    void parametersAndDurationsReadAsAPersonWritesThem() {
        Map<String, Object> params = new LinkedHashMap<>();
        params.put("lr", 0.00123456);
        params.put("optimizer", "adam");
        params.put("batchSize", 64);
        params.put("l2", 4.4694e-7);
        assertEquals("lr=0.0012346, optimizer=adam, batchSize=64, l2=4.4694e-07", Readable.of(params));
        assertEquals("-", Readable.of(null));
        assertEquals("12m 05s", Readable.duration(Duration.ofSeconds(725)));
        assertEquals("1.5s", Readable.duration(Duration.ofMillis(1500)));
        assertEquals("3h 20m", Readable.duration(Duration.ofMinutes(200)));
    }
}
