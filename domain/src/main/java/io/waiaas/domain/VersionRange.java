package io.waiaas.domain;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Hold an npm version range and answer which versions satisfy it, exactly as npm's {@code semver} package does
 * with default options (not loose, {@code includePrerelease} false).
 *
 * <p>The syntax is npm's: comparators {@code < <= > >= =} (bare versions mean {@code =}), caret {@code ^1.2},
 * tilde {@code ~1.2.3} / {@code ~>1.2}, x-ranges {@code 1.x}, {@code 1.2.*}, {@code *} and the empty range, hyphen
 * ranges {@code 1.2 - 2.3.4} with partial versions, whitespace for "and", {@code ||} for "or", and the loose
 * spellings npm tolerates in ranges (a leading {@code v} or {@code =}, spaces after an operator). As in npm, an
 * empty alternative matches everything: {@code "1.0.0 ||"} means {@code *}.
 *
 * <p>A pre-release version satisfies a comparator set only when some comparator in that set names a pre-release
 * of the same {@code major.minor.patch}: {@code ^1.2.3-beta.1} admits {@code 1.2.3-beta.2} but not
 * {@code 1.2.4-alpha}.
 *
 * <p>The parser is a line-by-line port of npm's {@code classes/range.js} text rewriting (semver 7.8.6), odd
 * corners included, because {@code --to} must resolve exactly as npm would; the golden corpus in
 * {@code tools/semver-corpus} proves it. Two ranges are equal when their original texts are equal.
 */
public final class VersionRange {

    private static final String WS = Js.WS;
    private static final String GTLT = "((?:<|>)?=?)";
    private static final String XRANGE_IDENTIFIER = Version.NUMERIC_IDENTIFIER + "|x|X|\\*";
    private static final String XRANGE_PLAIN = "[v=" + Js.WHITESPACE_CHARS + "]*(" + XRANGE_IDENTIFIER + ")"
            + "(?:\\.(" + XRANGE_IDENTIFIER + ")"
            + "(?:\\.(" + XRANGE_IDENTIFIER + ")"
            + "(?:" + Version.PRERELEASE + ")?" + Version.BUILD + "?"
            + ")?)?";

    private static final Pattern XRANGE = Pattern.compile("^" + GTLT + WS + "{0,1}" + XRANGE_PLAIN + "\\z");
    private static final Pattern TILDE = Pattern.compile("^(?:~>?)" + XRANGE_PLAIN + "\\z");
    private static final Pattern CARET = Pattern.compile("^(?:\\^)" + XRANGE_PLAIN + "\\z");
    private static final Pattern TILDE_TRIM = Pattern.compile("(" + WS + "{0,1})(?:~>?)" + WS + "{1,1}");
    private static final Pattern CARET_TRIM = Pattern.compile("(" + WS + "{0,1})(?:\\^)" + WS + "{1,1}");
    private static final Pattern COMPARATOR =
            Pattern.compile("^" + GTLT + WS + "{0,1}(" + Version.FULL_PLAIN + ")\\z|^\\z");
    private static final Pattern HYPHEN_RANGE = Pattern.compile("^" + WS + "{0,1}(" + XRANGE_PLAIN + ")" + WS + "{1,1}-"
            + WS + "{1,1}(" + XRANGE_PLAIN + ")" + WS + "{0,1}\\z");
    private static final Pattern STAR = Pattern.compile("(<|>)?=?" + WS + "{0,1}\\*");
    private static final Pattern GTE0 = Pattern.compile("^" + WS + "{0,1}>=" + WS + "{0,1}0\\.0\\.0" + WS + "{0,1}\\z");
    private static final Pattern BUILD = Pattern.compile(Version.BUILD);
    // npm strips build metadata from the whole range with the unbounded form of its BUILD expression.
    private static final Pattern BUILD_STRIP = Pattern.compile("(?:\\+([a-zA-Z0-9-]+(?:\\.[a-zA-Z0-9-]+)*))");

    private static final String NULL_SET = "<0.0.0-0";

    private final String text;
    private final List<List<Comparator>> sets;

    private VersionRange(String text, List<List<Comparator>> sets) {
        this.text = text;
        this.sets = sets;
    }

    /** Parse {@code text} as an npm range or throw a {@link DomainException} naming it. */
    public static VersionRange parse(String text) {
        return tryParse(text)
                .orElseThrow(() -> DomainException.invalid("not a version range: '" + Js.oneLine(text) + "'"));
    }

    /** Parse {@code text} as an npm range, or return empty when {@code semver.validRange} rejects it. */
    public static Optional<VersionRange> tryParse(String text) {
        Objects.requireNonNull(text, "text");
        try {
            return Optional.of(new VersionRange(text, parseSets(text)));
        } catch (InvalidComparator e) {
            return Optional.empty();
        }
    }

    /** Tell whether {@code version} satisfies this range, as {@code semver.satisfies(version, range)}. */
    public boolean satisfies(Version version) {
        Objects.requireNonNull(version, "version");
        for (List<Comparator> set : sets) {
            if (testSet(set, version)) {
                return true;
            }
        }
        return false;
    }

    /**
     * Return the greatest of {@code versions} that satisfies this range, as {@code semver.maxSatisfying}: among
     * versions of equal precedence (differing only in build metadata) the first one in iteration order wins.
     */
    public Optional<Version> maxSatisfying(Collection<Version> versions) {
        Version max = null;
        for (Version v : versions) {
            if (satisfies(v) && (max == null || max.compareTo(v) < 0)) {
                max = v;
            }
        }
        return Optional.ofNullable(max);
    }

    /** Return npm's normalised form of this range, as {@code semver.validRange}: {@code ^1.2} gives
     * {@code >=1.2.0 <2.0.0-0}, and a range matching everything gives {@code *}. */
    public String normalized() {
        String formatted = sets.stream()
                .map(set -> set.stream().map(c -> Js.trim(c.value())).collect(Collectors.joining(" ")))
                .collect(Collectors.joining("||"));
        return formatted.isEmpty() ? "*" : formatted;
    }

    /** Return the text this range was parsed from, unchanged. */
    @Override
    public String toString() {
        return text;
    }

    /** Tell whether {@code o} is a range parsed from the same text. */
    @Override
    public boolean equals(Object o) {
        return o instanceof VersionRange r && text.equals(r.text);
    }

    /** Hash the original text, consistently with {@link #equals(Object)}. */
    @Override
    public int hashCode() {
        return text.hashCode();
    }

    // ---------------------------------------------------------------- parsing (port of classes/range.js)

    private static List<List<Comparator>> parseSets(String range) {
        String raw = Js.collapseWhitespace(Js.trim(range));
        List<List<Comparator>> set = new ArrayList<>();
        for (String part : Js.split(raw, "||")) {
            List<Comparator> comparators = parseRange(Js.trim(part));
            if (!comparators.isEmpty()) {
                set.add(comparators);
            }
        }
        if (set.isEmpty()) {
            throw new InvalidComparator();
        }
        if (set.size() > 1) {
            List<Comparator> first = set.get(0);
            List<List<Comparator>> kept = new ArrayList<>();
            for (List<Comparator> c : set) {
                if (!c.get(0).isNullSet()) {
                    kept.add(c);
                }
            }
            if (kept.isEmpty()) {
                return List.of(first);
            }
            if (kept.size() > 1) {
                for (List<Comparator> c : kept) {
                    if (c.size() == 1 && c.get(0).isAny()) {
                        return List.of(c);
                    }
                }
            }
            return List.copyOf(kept);
        }
        return List.copyOf(set);
    }

    private static List<Comparator> parseRange(String input) {
        String range = BUILD_STRIP.matcher(input).replaceAll("");
        range = replaceFirst(HYPHEN_RANGE, range, VersionRange::hyphenReplace);
        range = trimComparatorWhitespace(range);
        range = TILDE_TRIM.matcher(range).replaceAll("$1~");
        range = CARET_TRIM.matcher(range).replaceAll("$1^");

        List<String> parsed = new ArrayList<>();
        for (String comp : Js.split(range, " ")) {
            parsed.add(parseComparator(comp));
        }
        List<String> rangeList = new ArrayList<>();
        for (String comp : Js.splitOnWhitespace(String.join(" ", parsed))) {
            rangeList.add(replaceFirst(GTE0, Js.trim(comp), m -> ""));
        }

        List<Comparator> comparators = new ArrayList<>();
        for (String comp : rangeList) {
            comparators.add(Comparator.parse(comp));
        }
        Map<String, Comparator> byValue = new LinkedHashMap<>();
        for (Comparator comp : comparators) {
            if (comp.isNullSet()) {
                return List.of(comp);
            }
            byValue.put(comp.value(), comp);
        }
        if (byValue.size() > 1) {
            byValue.remove("");
        }
        return List.copyOf(byValue.values());
    }

    private static String parseComparator(String input) {
        String comp = replaceFirst(BUILD, input, m -> "");
        comp = mapWords(comp, VersionRange::replaceCaret, true);
        comp = mapWords(comp, VersionRange::replaceTilde, true);
        comp = mapWords(comp, VersionRange::replaceXRange, false);
        return replaceFirst(STAR, Js.trim(comp), m -> "");
    }

    /** Apply {@code f} to each whitespace-separated word, like {@code comp.trim().split(/\s+/).map(f).join(' ')}. */
    private static String mapWords(String comp, Function<String, String> f, boolean trimFirst) {
        List<String> out = new ArrayList<>();
        for (String word : Js.splitOnWhitespace(trimFirst ? Js.trim(comp) : comp)) {
            out.add(f.apply(word));
        }
        return String.join(" ", out);
    }

    private static boolean isX(String id) {
        return id == null || id.isEmpty() || id.equalsIgnoreCase("x") || id.equals("*");
    }

    /** Add one to a decimal numeral, as JavaScript's {@code +n + 1} would for every value npm can then accept. */
    private static String plusOne(String n) {
        return new BigInteger(n).add(BigInteger.ONE).toString();
    }

    private static String replaceTilde(String comp) {
        return replaceFirst(TILDE, comp, m -> {
            String major = m.group(1);
            String minor = m.group(2);
            String patch = m.group(3);
            String pre = m.group(4);
            if (isX(major)) {
                return "";
            } else if (isX(minor)) {
                return ">=" + major + ".0.0 <" + plusOne(major) + ".0.0-0";
            } else if (isX(patch)) {
                return ">=" + major + "." + minor + ".0 <" + major + "." + plusOne(minor) + ".0-0";
            } else if (pre != null && !pre.isEmpty()) {
                return ">=" + major + "." + minor + "." + patch + "-" + pre + " <" + major + "." + plusOne(minor)
                        + ".0-0";
            } else {
                return ">=" + major + "." + minor + "." + patch + " <" + major + "." + plusOne(minor) + ".0-0";
            }
        });
    }

    private static String replaceCaret(String comp) {
        return replaceFirst(CARET, comp, m -> {
            String major = m.group(1);
            String minor = m.group(2);
            String patch = m.group(3);
            String pre = m.group(4);
            String lower;
            if (isX(major)) {
                return "";
            } else if (isX(minor)) {
                return ">=" + major + ".0.0 <" + plusOne(major) + ".0.0-0";
            } else if (isX(patch)) {
                return major.equals("0")
                        ? ">=" + major + "." + minor + ".0 <" + major + "." + plusOne(minor) + ".0-0"
                        : ">=" + major + "." + minor + ".0 <" + plusOne(major) + ".0.0-0";
            } else if (pre != null && !pre.isEmpty()) {
                lower = ">=" + major + "." + minor + "." + patch + "-" + pre;
            } else {
                lower = ">=" + major + "." + minor + "." + patch;
            }
            if (major.equals("0")) {
                return minor.equals("0")
                        ? lower + " <" + major + "." + minor + "." + plusOne(patch) + "-0"
                        : lower + " <" + major + "." + plusOne(minor) + ".0-0";
            }
            return lower + " <" + plusOne(major) + ".0.0-0";
        });
    }

    private static String replaceXRange(String input) {
        String comp = Js.trim(input);
        return replaceFirst(XRANGE, comp, m -> {
            String gtlt = m.group(1);
            String major = m.group(2);
            String minor = m.group(3);
            String patch = m.group(4);
            // npm's invalidXRangeOrder: "x.1" or "1.x.1" stay as written (and fail later).
            if ((isX(major) && !isX(minor)) || (isX(minor) && patch != null && !patch.isEmpty() && !isX(patch))) {
                return comp;
            }
            boolean xMajor = isX(major);
            boolean xMinor = xMajor || isX(minor);
            boolean anyX = xMinor || isX(patch);
            if (gtlt.equals("=") && anyX) {
                gtlt = "";
            }
            String pre = "";
            if (xMajor) {
                return gtlt.equals(">") || gtlt.equals("<") ? NULL_SET : "*";
            } else if (!gtlt.isEmpty() && anyX) {
                if (xMinor) {
                    minor = "0";
                }
                patch = "0";
                if (gtlt.equals(">")) {
                    // >1 => >=2.0.0, >1.2 => >=1.3.0
                    gtlt = ">=";
                    if (xMinor) {
                        major = plusOne(major);
                        minor = "0";
                    } else {
                        minor = plusOne(minor);
                    }
                    patch = "0";
                } else if (gtlt.equals("<=")) {
                    // <=0.7.x is <0.8.0-0: every 0.7.x passes.
                    gtlt = "<";
                    if (xMinor) {
                        major = plusOne(major);
                    } else {
                        minor = plusOne(minor);
                    }
                }
                if (gtlt.equals("<")) {
                    pre = "-0";
                }
                return gtlt + major + "." + minor + "." + patch + pre;
            } else if (xMinor) {
                return ">=" + major + ".0.0 <" + plusOne(major) + ".0.0-0";
            } else if (anyX) {
                return ">=" + major + "." + minor + ".0 <" + major + "." + plusOne(minor) + ".0-0";
            }
            return m.group();
        });
    }

    private static String hyphenReplace(Matcher m) {
        String from = m.group(1);
        String fromMajor = m.group(2);
        String fromMinor = m.group(3);
        String fromPatch = m.group(4);
        String fromPre = m.group(5);
        String to = m.group(7);
        String toMajor = m.group(8);
        String toMinor = m.group(9);
        String toPatch = m.group(10);
        String toPre = m.group(11);
        if (isX(fromMajor)) {
            from = "";
        } else if (isX(fromMinor)) {
            from = ">=" + fromMajor + ".0.0";
        } else if (isX(fromPatch)) {
            from = ">=" + fromMajor + "." + fromMinor + ".0";
        } else {
            // npm keeps the written text here, prefix included: "=1.2.3 - 2" gives ">==1.2.3", which is invalid.
            from = ">=" + from;
        }
        if (isX(toMajor)) {
            to = "";
        } else if (isX(toMinor)) {
            to = "<" + plusOne(toMajor) + ".0.0-0";
        } else if (isX(toPatch)) {
            to = "<" + toMajor + "." + plusOne(toMinor) + ".0-0";
        } else if (toPre != null && !toPre.isEmpty()) {
            to = "<=" + toMajor + "." + toMinor + "." + toPatch + "-" + toPre;
        } else {
            to = "<=" + to;
        }
        return Js.trim(from + " " + to);
    }

    /** Replace the first match of {@code p} in {@code s} with {@code f(match)}, like JavaScript's non-global
     * {@code s.replace(re, fn)}. */
    private static String replaceFirst(Pattern p, String s, Function<Matcher, String> f) {
        Matcher m = p.matcher(s);
        if (!m.find()) {
            return s;
        }
        return s.substring(0, m.start()) + f.apply(m) + s.substring(m.end());
    }

    // Port of internal/trim-comparator-whitespace.js: "> 1.2.3 < 2" => ">1.2.3 <2", scanning as npm's old
    // COMPARATORTRIM expression did.
    private static String trimComparatorWhitespace(String range) {
        StringBuilder result = new StringBuilder();
        int copyFrom = 0;
        int cursor = 0;
        while (cursor < range.length()) {
            int matchStart = cursor;
            int c = at(range, cursor);
            if (c == '<' || c == '>') {
                cursor++;
            } else if (!isVersionPrefix(c) && !isVersionStart(c)) {
                cursor++;
                continue;
            }
            while (cursor < range.length() && isVersionPrefix(at(range, cursor))) {
                cursor++;
            }
            if (!isVersionStart(at(range, cursor))) {
                continue;
            }
            int ws = findRemovableWhitespaceIndex(range, matchStart);
            if (ws != -1) {
                result.append(range, copyFrom, ws);
                copyFrom = ws + 1;
            }
            cursor = findVersionEndIndex(range, cursor);
        }
        return result.append(range, copyFrom, range.length()).toString();
    }

    private static int at(String s, int i) {
        return i >= 0 && i < s.length() ? s.charAt(i) : -1;
    }

    private static boolean isVersionPrefix(int c) {
        return c == 'v' || c == '=' || Js.isWhitespace(c);
    }

    private static boolean isDigit(int c) {
        return c >= '0' && c <= '9';
    }

    private static boolean isLetter(int c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
    }

    private static boolean isIdentifierCharacter(int c) {
        return isDigit(c) || isLetter(c) || c == '-';
    }

    private static boolean isVersionStart(int c) {
        return isDigit(c) || c == 'x' || c == 'X' || c == '*';
    }

    private static int findDigitsEndIndex(String range, int start, int limit) {
        if (!isDigit(at(range, start))) {
            return start;
        }
        int end = start + 1;
        while (isDigit(at(range, end))) {
            end++;
        }
        return Math.min(start + limit, end);
    }

    private static int findVersionNumberEndIndex(String range, int start, boolean loose) {
        if (!loose && at(range, start) == '0') {
            return start + 1;
        }
        return findDigitsEndIndex(range, start, loose ? Version.MAX_LENGTH : Version.MAX_LENGTH + 1);
    }

    private static int findPrereleaseIdentifierEndIndex(String range, int start, boolean loose) {
        int digitsEnd = findDigitsEndIndex(range, start, Version.MAX_LENGTH);
        int c = at(range, digitsEnd);
        if (isLetter(c) || c == '-') {
            int end = digitsEnd + 1;
            int limit = end + Version.MAX_LENGTH - 6;
            while (end < limit && isIdentifierCharacter(at(range, end))) {
                end++;
            }
            return end;
        }
        return findVersionNumberEndIndex(range, start, loose);
    }

    private static int findPrereleaseEndIndex(String range, int start, boolean loose) {
        boolean hyphen = at(range, start) == '-';
        if (!loose && !hyphen) {
            return start;
        }
        int identifierStart = start + (hyphen ? 1 : 0);
        int end = findPrereleaseIdentifierEndIndex(range, identifierStart, loose);
        if (end == identifierStart) {
            if (!loose || !hyphen) {
                return start;
            }
            end = findPrereleaseIdentifierEndIndex(range, start, loose);
        }
        while (at(range, end) == '.') {
            int next = findPrereleaseIdentifierEndIndex(range, end + 1, loose);
            if (next == end + 1) {
                break;
            }
            end = next;
        }
        return end;
    }

    private static int findBuildIdentifierEndIndex(String range, int start) {
        int end = start;
        while (end - start < Version.MAX_LENGTH - 6 && isIdentifierCharacter(at(range, end))) {
            end++;
        }
        return end;
    }

    private static int findBuildEndIndex(String range, int start) {
        if (at(range, start) != '+') {
            return start;
        }
        int end = findBuildIdentifierEndIndex(range, start + 1);
        if (end == start + 1) {
            return start;
        }
        while (at(range, end) == '.') {
            int next = findBuildIdentifierEndIndex(range, end + 1);
            if (next == end + 1) {
                break;
            }
            end = next;
        }
        return end;
    }

    private static int findLooseFullVersionEndIndex(String range, int start) {
        int end = start;
        for (int component = 0; component < 3; component++) {
            int next = findVersionNumberEndIndex(range, end, true);
            if (next == end) {
                return start;
            }
            end = next;
            if (component < 2) {
                if (at(range, end) != '.') {
                    return start;
                }
                end++;
            }
        }
        return findBuildEndIndex(range, findPrereleaseEndIndex(range, end, true));
    }

    private static int findPartialVersionComponentEndIndex(String range, int start) {
        int c = at(range, start);
        if (isDigit(c)) {
            return findVersionNumberEndIndex(range, start, false);
        }
        return isVersionStart(c) ? start + 1 : start;
    }

    private static int findPartialVersionEndIndex(String range, int start) {
        int end = findPartialVersionComponentEndIndex(range, start);
        for (int component = 0; component < 2; component++) {
            if (at(range, end) != '.') {
                return end;
            }
            int next = findPartialVersionComponentEndIndex(range, end + 1);
            if (next == end + 1) {
                return end;
            }
            end = next;
        }
        return findBuildEndIndex(range, findPrereleaseEndIndex(range, end, false));
    }

    private static int findVersionEndIndex(String range, int start) {
        int full = findLooseFullVersionEndIndex(range, start);
        return full != start ? full : findPartialVersionEndIndex(range, start);
    }

    private static int findRemovableWhitespaceIndex(String range, int matchStart) {
        int position = matchStart;
        if (Js.isWhitespace(at(range, position))) {
            position++;
        }
        if (at(range, position) == '<' || at(range, position) == '>') {
            position++;
        }
        if (at(range, position) == '=') {
            position++;
        }
        return Js.isWhitespace(at(range, position)) ? position : -1;
    }

    // ---------------------------------------------------------------- testing (port of testSet)

    private static boolean testSet(List<Comparator> set, Version version) {
        for (Comparator c : set) {
            if (!c.test(version)) {
                return false;
            }
        }
        if (version.isPrerelease()) {
            // ^1.2.3-pr.1 admits 1.2.3-pr.2 but not 1.2.4-alpha: a pre-release passes only when a comparator
            // of the same set names a pre-release of the same major.minor.patch.
            for (Comparator c : set) {
                if (c.semver().isPresent()
                        && c.semver().get().isPrerelease()
                        && c.semver().get().hasSameCore(version)) {
                    return true;
                }
            }
            return false;
        }
        return true;
    }

    /** One comparator: an operator and a version, or "any" (npm's {@code Comparator.ANY}). */
    private record Comparator(String operator, Optional<Version> semver) {

        static Comparator parse(String input) {
            String comp = String.join(" ", Js.splitOnWhitespace(Js.trim(input)));
            Matcher m = COMPARATOR.matcher(comp);
            if (!m.find()) {
                throw new InvalidComparator();
            }
            String operator = m.group(1) == null || m.group(1).equals("=") ? "" : m.group(1);
            String version = m.group(2);
            if (version == null || version.isEmpty()) {
                return new Comparator(operator, Optional.empty());
            }
            return new Comparator(
                    operator, Optional.of(Version.tryParse(version).orElseThrow(InvalidComparator::new)));
        }

        String value() {
            return semver.map(v -> operator + v).orElse("");
        }

        boolean isNullSet() {
            return value().equals(NULL_SET);
        }

        boolean isAny() {
            return value().isEmpty();
        }

        boolean test(Version version) {
            if (semver.isEmpty()) {
                return true;
            }
            int c = version.compareTo(semver.get());
            return switch (operator) {
                case "" -> c == 0;
                case ">" -> c > 0;
                case ">=" -> c >= 0;
                case "<" -> c < 0;
                case "<=" -> c <= 0;
                default -> throw new IllegalStateException("operator " + operator);
            };
        }
    }

    /** Signal, inside the parser only, that npm would throw {@code TypeError} for this range. */
    private static final class InvalidComparator extends RuntimeException {
        private static final long serialVersionUID = 1L;

        InvalidComparator() {
            super(null, null, false, false);
        }
    }
}
