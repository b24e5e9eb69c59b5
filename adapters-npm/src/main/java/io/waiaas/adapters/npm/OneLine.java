package io.waiaas.adapters.npm;

/** Make text safe for a one-line operator message, since some of it comes from the registry. */
final class OneLine {
    private static final int MAX = 300;

    private OneLine() {}

    /** Return {@code text} with control characters replaced and its length bounded. */
    static String of(String text) {
        String cleaned = text.replaceAll("[\\p{Cntrl}\\u2028\\u2029]", " ").strip();
        return cleaned.length() > MAX ? cleaned.substring(0, MAX) + "…" : cleaned;
    }

    /** Return {@code value} quoted and shortened, for a value the registry sent. */
    static String quoted(String value) {
        String cleaned = of(value);
        return "'" + (cleaned.length() > 60 ? cleaned.substring(0, 60) + "…" : cleaned) + "'";
    }
}
