package io.waiaas.domain;

import java.util.List;
import java.util.regex.Pattern;

/**
 * Reproduce the few JavaScript string semantics npm's {@code semver} relies on, so the Java port reads text alike.
 *
 * <p>JavaScript's {@code \s} and {@code String.prototype.trim} know more whitespace than Java's {@code \s}
 * (no-break space, the U+2000 block, U+FEFF ...), and {@code String.prototype.split} keeps trailing empty strings.
 */
final class Js {

    /** The characters of JavaScript's {@code \s}, for use inside a regex character class. */
    static final String WHITESPACE_CHARS =
            "\\t\\n\\u000B\\f\\r \\u00A0\\u1680\\u2000-\\u200A\\u2028\\u2029\\u202F\\u205F\\u3000\\uFEFF";

    /** JavaScript's {@code \s} as a Java regex. */
    static final String WS = "[" + WHITESPACE_CHARS + "]";

    private static final Pattern WHITESPACE_RUN = Pattern.compile(WS + "+");

    private Js() {}

    /** Tell whether {@code c} is whitespace for JavaScript; {@code -1} stands for "past the end". */
    static boolean isWhitespace(int c) {
        return switch (c) {
            case '\t',
                    '\n',
                    '\u000B',
                    '\f',
                    '\r',
                    ' ',
                    '\u00A0',
                    '\u1680',
                    '\u2028',
                    '\u2029',
                    '\u202F',
                    '\u205F',
                    '\u3000',
                    '\uFEFF' -> true;
            default -> c >= '\u2000' && c <= '\u200A';
        };
    }

    /** Strip leading and trailing JavaScript whitespace, like {@code String.prototype.trim}. */
    static String trim(String s) {
        int start = 0;
        int end = s.length();
        while (start < end && isWhitespace(s.charAt(start))) {
            start++;
        }
        while (end > start && isWhitespace(s.charAt(end - 1))) {
            end--;
        }
        return s.substring(start, end);
    }

    /** Replace every run of JavaScript whitespace with one space, like {@code s.replace(/\s+/g, ' ')}. */
    static String collapseWhitespace(String s) {
        return WHITESPACE_RUN.matcher(s).replaceAll(" ");
    }

    /** Split like {@code s.split(/\s+/)}: empty strings at either end are kept. */
    static List<String> splitOnWhitespace(String s) {
        return List.of(WHITESPACE_RUN.split(s, -1));
    }

    /** Split like {@code s.split(separator)} for a literal separator: empty strings are kept. */
    static List<String> split(String s, String separator) {
        return List.of(Pattern.compile(Pattern.quote(separator)).split(s, -1));
    }

    /** Make {@code s} safe for a one-line message: control and line-breaking characters become {@code ?}. */
    static String oneLine(String s) {
        StringBuilder b = new StringBuilder(Math.min(s.length(), 300));
        for (int i = 0; i < s.length() && i < 300; i++) {
            char c = s.charAt(i);
            b.append(Character.isISOControl(c) || c == '\u2028' || c == '\u2029' ? '?' : c);
        }
        if (s.length() > 300) {
            b.append("...");
        }
        return b.toString();
    }
}
