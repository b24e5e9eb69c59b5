package io.waiaas.domain;

import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Hold a semantic version (SemVer 2.0.0) exactly as npm's {@code semver} package reads it in strict mode.
 *
 * <p>{@link #parse(String)} accepts what {@code semver.valid(text)} accepts, no more and no less: three numeric parts
 * without leading zeros and at most {@code 2^53-1} (JavaScript's {@code MAX_SAFE_INTEGER}), an optional pre-release
 * ({@code -rc.1}) and optional build metadata ({@code +sha.5}). Like npm it also accepts a single leading {@code v}
 * and surrounding whitespace ({@code " v1.2.3 "}), but not {@code =} (that belongs to ranges), and it refuses input
 * longer than 256 characters. The golden corpus in {@code tools/semver-corpus} proves the agreement.
 *
 * <p>Ordering is SemVer precedence, mirroring {@code semver.compare}: numeric parts numerically, then a release
 * above its pre-releases, pre-release identifiers left to right (numeric ones numerically and below alphanumeric
 * ones, alphanumeric ones in ASCII order, a shorter prefix first); build metadata is ignored.
 *
 * <p>Equality ignores build metadata too, so {@code 1.0.0+a} equals {@code 1.0.0+b}: two versions are equal when
 * their canonical forms ({@link #toString()}) are equal, matching npm where {@code semver.eq} is true for them.
 * The {@link #build()} component is still kept, and {@link VersionRange#maxSatisfying} returns the original
 * value. One npm oddity breaks consistency with equals: all-digit pre-release identifiers of 2^53 and above are
 * compared as JavaScript doubles, so {@code 1.0.0-9007199254740993} and {@code 1.0.0-9007199254740992} compare as
 * 0 although they are not equal. Registries never publish such versions; the corpus pins the behaviour.
 *
 * @param major the major number, 0 to 2^53-1
 * @param minor the minor number, 0 to 2^53-1
 * @param patch the patch number, 0 to 2^53-1
 * @param prerelease the dot-separated pre-release identifiers, or {@code ""} for a release
 * @param build the dot-separated build metadata identifiers, or {@code ""} when absent
 */
public record Version(long major, long minor, long patch, String prerelease, String build)
        implements Comparable<Version> {

    /** The largest number npm accepts in a version part: JavaScript's {@code Number.MAX_SAFE_INTEGER}. */
    public static final long MAX_NUMBER = 9_007_199_254_740_991L;

    /** The longest text npm tries to parse as a version. */
    static final int MAX_LENGTH = 256;

    // npm's "safe" regular expressions (semver/internal/re.js safeSrc): bounded repetitions, same language
    // for every input shorter than MAX_LENGTH.
    static final String NUMERIC_IDENTIFIER = "0|[1-9]\\d{0,256}";
    static final String NON_NUMERIC_IDENTIFIER = "\\d{0,256}[a-zA-Z-][a-zA-Z0-9-]{0,250}";
    static final String PRERELEASE_IDENTIFIER = "(?:" + NON_NUMERIC_IDENTIFIER + "|" + NUMERIC_IDENTIFIER + ")";
    static final String PRERELEASE = "(?:-(" + PRERELEASE_IDENTIFIER + "(?:\\." + PRERELEASE_IDENTIFIER + ")*))";
    static final String BUILD_IDENTIFIER = "[a-zA-Z0-9-]{1,250}";
    static final String BUILD = "(?:\\+(" + BUILD_IDENTIFIER + "(?:\\." + BUILD_IDENTIFIER + ")*))";
    static final String MAIN_VERSION =
            "(" + NUMERIC_IDENTIFIER + ")\\.(" + NUMERIC_IDENTIFIER + ")\\.(" + NUMERIC_IDENTIFIER + ")";
    static final String FULL_PLAIN = "v?" + MAIN_VERSION + PRERELEASE + "?" + BUILD + "?";

    private static final Pattern FULL = Pattern.compile(FULL_PLAIN);
    private static final Pattern PRERELEASE_TEXT =
            Pattern.compile(PRERELEASE_IDENTIFIER + "(?:\\." + PRERELEASE_IDENTIFIER + ")*");
    private static final Pattern BUILD_TEXT = Pattern.compile(BUILD_IDENTIFIER + "(?:\\." + BUILD_IDENTIFIER + ")*");
    private static final Pattern ALL_DIGITS = Pattern.compile("[0-9]+");

    /** Check the parts: numbers within npm's bounds, identifiers valid and without leading zeros. */
    public Version {
        checkNumber("major", major);
        checkNumber("minor", minor);
        checkNumber("patch", patch);
        Objects.requireNonNull(prerelease, "prerelease");
        Objects.requireNonNull(build, "build");
        if (!prerelease.isEmpty() && !PRERELEASE_TEXT.matcher(prerelease).matches()) {
            throw DomainException.invalid("invalid pre-release '" + prerelease + "'");
        }
        if (!build.isEmpty() && !BUILD_TEXT.matcher(build).matches()) {
            throw DomainException.invalid("invalid build metadata '" + build + "'");
        }
    }

    /** Create the release version {@code major.minor.patch}. */
    public static Version of(long major, long minor, long patch) {
        return new Version(major, minor, patch, "", "");
    }

    /** Parse {@code text} as a semantic version or throw a {@link DomainException} naming it. */
    public static Version parse(String text) {
        return tryParse(text)
                .orElseThrow(() -> DomainException.invalid("not a semantic version: '" + Js.oneLine(text) + "'"));
    }

    /** Parse {@code text} as a semantic version, or return empty when npm's {@code semver.valid} rejects it. */
    public static Optional<Version> tryParse(String text) {
        Objects.requireNonNull(text, "text");
        if (text.length() > MAX_LENGTH) {
            return Optional.empty();
        }
        Matcher m = FULL.matcher(Js.trim(text));
        if (!m.matches()) {
            return Optional.empty();
        }
        Optional<Long> major = number(m.group(1));
        Optional<Long> minor = number(m.group(2));
        Optional<Long> patch = number(m.group(3));
        if (major.isEmpty() || minor.isEmpty() || patch.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new Version(
                major.get(),
                minor.get(),
                patch.get(),
                Objects.requireNonNullElse(m.group(4), ""),
                Objects.requireNonNullElse(m.group(5), "")));
    }

    /** Tell whether this version carries a pre-release tag. */
    public boolean isPrerelease() {
        return !prerelease.isEmpty();
    }

    /** Return the pre-release identifiers in order, empty for a release. */
    public List<String> prereleaseIdentifiers() {
        return prerelease.isEmpty() ? List.of() : List.of(prerelease.split("\\.", -1));
    }

    /** Tell whether this version and {@code other} share major, minor and patch (npm's pre-release rule). */
    public boolean hasSameCore(Version other) {
        return major == other.major && minor == other.minor && patch == other.patch;
    }

    /** Compare by SemVer precedence, exactly as {@code semver.compare(this, other)}; build metadata is ignored. */
    @Override
    public int compareTo(Version other) {
        int c = Long.compare(major, other.major);
        if (c == 0) {
            c = Long.compare(minor, other.minor);
        }
        if (c == 0) {
            c = Long.compare(patch, other.patch);
        }
        return c != 0 ? c : comparePrerelease(other);
    }

    private int comparePrerelease(Version other) {
        if (prerelease.equals(other.prerelease)) {
            return 0;
        }
        if (prerelease.isEmpty() || other.prerelease.isEmpty()) {
            return prerelease.isEmpty() ? 1 : -1;
        }
        List<String> mine = prereleaseIdentifiers();
        List<String> theirs = other.prereleaseIdentifiers();
        for (int i = 0; ; i++) {
            if (i >= mine.size() || i >= theirs.size()) {
                return Integer.compare(mine.size(), theirs.size());
            }
            String a = mine.get(i);
            String b = theirs.get(i);
            if (!a.equals(b)) {
                // npm returns here even when the identifiers compare as 0 (huge numbers rounding alike).
                return compareIdentifiers(a, b);
            }
        }
    }

    private static int compareIdentifiers(String a, String b) {
        boolean aNumeric = ALL_DIGITS.matcher(a).matches();
        boolean bNumeric = ALL_DIGITS.matcher(b).matches();
        if (aNumeric && bNumeric) {
            // npm compares numeric identifiers as JavaScript numbers (doubles): exact below 2^53, rounded above.
            return Double.compare(Double.parseDouble(a), Double.parseDouble(b));
        }
        if (aNumeric != bNumeric) {
            return aNumeric ? -1 : 1;
        }
        return Integer.signum(a.compareTo(b));
    }

    /** Tell whether {@code o} is a version with the same canonical form; build metadata is ignored. */
    @Override
    public boolean equals(Object o) {
        return o instanceof Version v
                && major == v.major
                && minor == v.minor
                && patch == v.patch
                && prerelease.equals(v.prerelease);
    }

    /** Hash the canonical form, consistently with {@link #equals(Object)}. */
    @Override
    public int hashCode() {
        return Objects.hash(major, minor, patch, prerelease);
    }

    /** Return the canonical form without build metadata, like npm's {@code version} property: {@code 1.2.3-rc.1}. */
    @Override
    public String toString() {
        return major + "." + minor + "." + patch + (prerelease.isEmpty() ? "" : "-" + prerelease);
    }

    /** Return the full form including build metadata: {@code 1.2.3-rc.1+sha.5}. */
    public String toFullString() {
        return build.isEmpty() ? toString() : toString() + "+" + build;
    }

    private static void checkNumber(String name, long value) {
        if (value < 0 || value > MAX_NUMBER) {
            throw DomainException.invalid(name + " must be between 0 and " + MAX_NUMBER + ", was " + value);
        }
    }

    /** Read a numeric part as npm does ({@code +text}), empty when above {@link #MAX_NUMBER}. */
    static Optional<Long> number(String digits) {
        if (digits.length() > 16) {
            return Optional.empty();
        }
        long value = Long.parseLong(digits);
        return value > MAX_NUMBER ? Optional.empty() : Optional.of(value);
    }
}
