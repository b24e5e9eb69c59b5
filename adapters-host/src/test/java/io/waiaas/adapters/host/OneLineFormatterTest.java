package io.waiaas.adapters.host;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.Random;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The hand-written formatter against its reference: java.util.Formatter with the pattern the daemon log used. */
class OneLineFormatterTest {
    private static final String REFERENCE = "%1$tFT%1$tT.%1$tLZ %4$s %3$s: %5$s%6$s%n";

    @ParameterizedTest
    @ValueSource(
            longs = {
                0L,
                1L,
                999L,
                1_000L,
                59_999L,
                1_764_149_453_454L,
                1_764_149_453_000L,
                253_402_300_799_999L,
                -62_135_596_800_000L
            })
    void formatsEveryInstantAsTheReferencePatternDoes(long epochMilli) {
        assertSame(record(Instant.ofEpochMilli(epochMilli), Level.WARNING, "the registry is slow", null));
    }

    @ParameterizedTest
    @ValueSource(longs = {1, 2, 3, 4, 5})
    void formatsRandomRecordsAsTheReferencePatternDoes(long seed) {
        Random random = new Random(seed);
        for (int i = 0; i < 2_000; i++) {
            Instant at = Instant.ofEpochSecond(random.nextLong(0, 32_503_680_000L), random.nextInt(1_000_000_000));
            Level level = new Level[] {Level.SEVERE, Level.WARNING, Level.INFO, Level.FINE}[random.nextInt(4)];
            LogRecord record = record(
                    at,
                    level,
                    "step {0} took {1} ms",
                    random.nextBoolean() ? new IllegalStateException("boom " + i) : null);
            record.setParameters(new Object[] {"migrate", i});
            assertSame(record);
        }
    }

    private static LogRecord record(Instant at, Level level, String message, Throwable thrown) {
        LogRecord record = new LogRecord(level, message);
        record.setInstant(at);
        record.setLoggerName("io.waiaas.test");
        record.setThrown(thrown);
        return record;
    }

    private static void assertSame(LogRecord record) {
        OneLineFormatter formatter = new OneLineFormatter();
        String thrown = "";
        if (record.getThrown() != null) {
            StringWriter trace = new StringWriter();
            PrintWriter out = new PrintWriter(trace);
            out.println();
            record.getThrown().printStackTrace(out);
            out.close();
            thrown = trace.toString();
        }
        String expected = String.format(
                REFERENCE,
                ZonedDateTime.ofInstant(record.getInstant(), ZoneOffset.UTC),
                "",
                record.getLoggerName(),
                record.getLevel().getLocalizedName(),
                formatter.formatMessage(record),
                thrown);
        assertEquals(expected, formatter.format(record));
    }
}
