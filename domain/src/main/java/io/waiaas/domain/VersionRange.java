package io.waiaas.domain;

import java.util.Collection;
import java.util.Objects;
import java.util.Optional;

/**
 * An npm version range. PLACEHOLDER (branch {@code npm}): drop this file at merge in favour of the full
 * implementation from branch {@code semver}, which has the same API.
 *
 * <p>This stub understands only what the update code on branch {@code npm} compiles and tests against: an exact
 * version ({@code 1.9.0}), a caret range with three parts ({@code ^1.9.0}) and the any-range ({@code *},
 * {@code x}). npm's pre-release rule applies: a pre-release satisfies only a range whose bound names a
 * pre-release of the same major.minor.patch.
 */
public final class VersionRange {
    private final String text;
    private final Version lower;
    private final Optional<Version> upperExclusive;
    private final boolean exact;

    private VersionRange(String text, Version lower, Optional<Version> upperExclusive, boolean exact) {
        this.text = text;
        this.lower = lower;
        this.upperExclusive = upperExclusive;
        this.exact = exact;
    }

    /** Parse {@code text} as an npm range or throw a {@link DomainException} naming it. */
    public static VersionRange parse(String text) {
        return tryParse(text).orElseThrow(() -> DomainException.invalid("not a version range: '" + text + "'"));
    }

    /** Parse {@code text} as an npm range, or return empty. */
    public static Optional<VersionRange> tryParse(String text) {
        Objects.requireNonNull(text, "text");
        String t = text.trim();
        if (t.equals("*") || t.equalsIgnoreCase("x")) {
            return Optional.of(new VersionRange(t, new Version(0, 0, 0, "", ""), Optional.empty(), false));
        }
        if (t.startsWith("^")) {
            return Version.tryParse(t.substring(1))
                    .map(v -> new VersionRange(t, v, Optional.of(caretUpper(v)), false));
        }
        return Version.tryParse(t).map(v -> new VersionRange(t, v, Optional.empty(), true));
    }

    private static Version caretUpper(Version v) {
        if (v.major() > 0) {
            return new Version(v.major() + 1, 0, 0, "0", "");
        }
        if (v.minor() > 0) {
            return new Version(0, v.minor() + 1, 0, "0", "");
        }
        return new Version(0, 0, v.patch() + 1, "0", "");
    }

    /** Tell whether {@code version} is in this range, by npm's rules. */
    public boolean satisfies(Version version) {
        if (exact) {
            return version.compareTo(lower) == 0;
        }
        if (version.compareTo(lower) < 0) {
            return false;
        }
        if (upperExclusive.isPresent() && version.compareTo(upperExclusive.get()) >= 0) {
            return false;
        }
        if (version.isPrerelease()) {
            return lower.isPrerelease() && lower.major() == version.major() && lower.minor() == version.minor()
                    && lower.patch() == version.patch();
        }
        return true;
    }

    /** Return the greatest of {@code versions} in this range, or empty. */
    public Optional<Version> maxSatisfying(Collection<Version> versions) {
        return versions.stream().filter(this::satisfies).max(Version::compareTo);
    }

    @Override
    public String toString() {
        return text;
    }
}
