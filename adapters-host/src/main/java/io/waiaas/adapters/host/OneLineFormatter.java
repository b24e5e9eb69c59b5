package io.waiaas.adapters.host;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.logging.Formatter;
import java.util.logging.LogRecord;

/**
 * Format a log record as one line: {@code 2026-11-26T09:10:53.454Z INFO logger: message}, then the stack trace of a
 * thrown exception, if any.
 *
 * <p>Written out by hand rather than with {@code SimpleFormatter} and a {@code %1$tF…} pattern: the JDK checks such a
 * pattern at start-up by formatting a date with it, which loads the locale data of {@code java.util.Formatter} — tens
 * of milliseconds in every command, most of which never log a line (docs/performance.md).
 */
public final class OneLineFormatter extends Formatter {
    @Override
    public String format(LogRecord record) {
        StringBuilder line = new StringBuilder(128);
        timestamp(record.getInstant(), line);
        line.append(' ')
                .append(record.getLevel().getName())
                .append(' ')
                .append(record.getLoggerName() == null ? "" : record.getLoggerName())
                .append(": ")
                .append(formatMessage(record));
        if (record.getThrown() != null) {
            StringWriter trace = new StringWriter();
            try (PrintWriter out = new PrintWriter(trace)) {
                out.println();
                record.getThrown().printStackTrace(out);
            }
            line.append(trace);
        }
        return line.append(System.lineSeparator()).toString();
    }

    /** Append {@code instant} in UTC with milliseconds: {@code yyyy-MM-ddTHH:mm:ss.SSSZ}. */
    static void timestamp(Instant instant, StringBuilder out) {
        LocalDateTime t = LocalDateTime.ofEpochSecond(instant.getEpochSecond(), instant.getNano(), ZoneOffset.UTC);
        pad(out, t.getYear(), 4).append('-');
        pad(out, t.getMonthValue(), 2).append('-');
        pad(out, t.getDayOfMonth(), 2).append('T');
        pad(out, t.getHour(), 2).append(':');
        pad(out, t.getMinute(), 2).append(':');
        pad(out, t.getSecond(), 2).append('.');
        pad(out, t.getNano() / 1_000_000, 3).append('Z');
    }

    private static StringBuilder pad(StringBuilder out, int value, int width) {
        String digits = Integer.toString(value);
        for (int i = digits.length(); i < width; i++) {
            out.append('0');
        }
        return out.append(digits);
    }
}
