package io.waiaas.bootstrap.config;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.regex.Pattern;

/** Render names and values for one-line error messages: quoted where needed, escaped, and kept short. */
final class Display {
    private static final Pattern BARE_KEY = Pattern.compile("[A-Za-z0-9_-]+");
    private static final int MAX_CHARS = 60;
    /** The user info of a URL ({@code https://user:secret@host}): a password, maybe, never shown. */
    private static final Pattern USER_INFO = Pattern.compile("(?<scheme>[A-Za-z][A-Za-z0-9+.-]*://)[^/@?#\\s]*@");

    private Display() {}

    /** Show a TOML key or section name as the operator would write it: bare when possible, else quoted. */
    static String name(String raw) {
        return BARE_KEY.matcher(raw).matches() ? raw : quoted(raw);
    }

    /** Show a TOML value: strings quoted, numbers and booleans as written, arrays and tables by kind. */
    static String value(JsonNode node) {
        if (node.isTextual()) {
            return quoted(node.textValue());
        }
        if (node.isObject()) {
            return "a table";
        }
        if (node.isArray()) {
            return "an array";
        }
        if (node.isFloatingPointNumber()) {
            return decimal(node);
        }
        return shortened(node.asText());
    }

    /**
     * Show text in double quotes with quotes, backslashes and control characters escaped, and a URL's user info
     * (which may hold a password) as {@code ***}.
     */
    static String quoted(String text) {
        String raw = USER_INFO.matcher(text).replaceAll("${scheme}***@");
        StringBuilder out = new StringBuilder(raw.length() + 2).append('"');
        int shown = 0;
        for (int i = 0; i < raw.length(); i++) {
            if (shown >= MAX_CHARS) {
                return out.append("\"...").toString();
            }
            char c = raw.charAt(i);
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                default -> {
                    if (Character.isISOControl(c)
                            || Character.getType(c) == Character.LINE_SEPARATOR
                            || Character.getType(c) == Character.PARAGRAPH_SEPARATOR) {
                        out.append(String.format("\\u%04X", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
            shown++;
        }
        return out.append('"').toString();
    }

    /** Keep a parser's or the system's reason on one short line. */
    static String reason(String raw) {
        String line =
                raw == null ? "" : raw.strip().lines().findFirst().orElse("").strip();
        return shortened(line.isEmpty() ? "unknown reason" : line);
    }

    /** Show a TOML float as TOML writes it: {@code 3100.0}, {@code 1.5}, {@code inf}, {@code nan}. */
    private static String decimal(JsonNode node) {
        if (node.isDouble() || node.isFloat()) {
            double d = node.doubleValue();
            if (Double.isNaN(d)) {
                return "nan";
            }
            if (Double.isInfinite(d)) {
                return d > 0 ? "inf" : "-inf";
            }
        }
        String plain = node.decimalValue().stripTrailingZeros().toPlainString();
        return shortened(plain.contains(".") ? plain : plain + ".0");
    }

    private static String shortened(String text) {
        return text.length() <= 2 * MAX_CHARS ? text : text.substring(0, 2 * MAX_CHARS) + "...";
    }
}
