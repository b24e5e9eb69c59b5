package io.waiaas.domain;

import java.time.Duration;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Read and write the short durations of the configuration and of messages: {@code 90s}, {@code 15m}, {@code 3d}. */
public final class Durations {
    private static final Pattern TEXT = Pattern.compile("([0-9]{1,9})\\s*(s|m|h|d|w)?");

    private Durations() {}

    /**
     * Return the duration {@code text} names: a whole number with an optional unit {@code s}, {@code m}, {@code h},
     * {@code d} or {@code w} (seconds when none); empty when it is not one.
     */
    public static Optional<Duration> parse(String text) {
        Objects.requireNonNull(text, "text");
        Matcher m = TEXT.matcher(text.strip().toLowerCase(Locale.ROOT));
        if (!m.matches()) {
            return Optional.empty();
        }
        long n = Long.parseLong(m.group(1));
        return Optional.of(
                switch (m.group(2) == null ? "s" : m.group(2)) {
                    case "m" -> Duration.ofMinutes(n);
                    case "h" -> Duration.ofHours(n);
                    case "d" -> Duration.ofDays(n);
                    case "w" -> Duration.ofDays(7 * n);
                    default -> Duration.ofSeconds(n);
                });
    }

    /** Return {@code d} in its largest whole unit, as {@link #parse} reads it back, or rounded down to two units. */
    public static String describe(Duration d) {
        long s = Math.max(0, d.toSeconds());
        if (s == 0) {
            return "0s";
        }
        long days = s / 86_400;
        long hours = s % 86_400 / 3_600;
        long minutes = s % 3_600 / 60;
        long seconds = s % 60;
        if (days > 0) {
            return days + "d" + (hours > 0 ? " " + hours + "h" : "");
        }
        if (hours > 0) {
            return hours + "h" + (minutes > 0 ? " " + minutes + "m" : "");
        }
        if (minutes > 0) {
            return minutes + "m" + (seconds > 0 ? " " + seconds + "s" : "");
        }
        return seconds + "s";
    }
}
