package io.waiaas.domain;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** A semantic version (SemVer 2.0.0). Placeholder: to be replaced by the full implementation. */
public record Version(long major, long minor, long patch, String prerelease, String build)
        implements Comparable<Version> {

    private static final Pattern SEMVER = Pattern.compile(
            "(0|[1-9]\\d*)\\.(0|[1-9]\\d*)\\.(0|[1-9]\\d*)(?:-([0-9A-Za-z.-]+))?(?:\\+([0-9A-Za-z.-]+))?");

    /** Parse {@code text} as a semantic version or throw a {@link DomainException} naming it. */
    public static Version parse(String text) {
        return tryParse(text).orElseThrow(() -> DomainException.invalid("not a semantic version: '" + text + "'"));
    }

    /** Parse {@code text} as a semantic version, or return empty. */
    public static Optional<Version> tryParse(String text) {
        Matcher m = SEMVER.matcher(text.trim());
        if (!m.matches()) {
            return Optional.empty();
        }
        return Optional.of(new Version(Long.parseLong(m.group(1)), Long.parseLong(m.group(2)),
                Long.parseLong(m.group(3)), m.group(4) == null ? "" : m.group(4), m.group(5) == null ? "" : m.group(5)));
    }

    /** Tell whether this version carries a pre-release tag. */
    public boolean isPrerelease() {
        return !prerelease.isEmpty();
    }

    @Override
    public int compareTo(Version o) {
        int c = Long.compare(major, o.major);
        if (c == 0) c = Long.compare(minor, o.minor);
        if (c == 0) c = Long.compare(patch, o.patch);
        if (c == 0) c = prerelease.isEmpty() ? (o.prerelease.isEmpty() ? 0 : 1) : (o.prerelease.isEmpty() ? -1 : prerelease.compareTo(o.prerelease));
        return c;
    }

    @Override
    public String toString() {
        return major + "." + minor + "." + patch + (prerelease.isEmpty() ? "" : "-" + prerelease);
    }
}
