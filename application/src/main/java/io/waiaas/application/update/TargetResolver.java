package io.waiaas.application.update;

import io.waiaas.application.ApplicationException;
import io.waiaas.application.port.out.VersionSource;
import io.waiaas.domain.DomainException;
import io.waiaas.domain.Version;
import io.waiaas.domain.VersionRange;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Resolve what {@code waiaas upgrade --to X} names into one published version (UPGR-07).
 *
 * <p>{@code X} is read as npm reads it: an exact version or an npm range is resolved against the published
 * versions (the greatest satisfying one, pre-releases only where the range names one); anything else that is a
 * valid dist-tag name is looked up as a dist-tag. Given a {@link VettedVersionSource}, ranges and tags ignore
 * deprecated and too-young releases, and an exact version overrides the cooldown (TRST-03, TRST-04).
 */
public final class TargetResolver {
    // npm refuses tags that parse as ranges, so a tag here starts with a letter and stays URL-safe.
    private static final Pattern TAG = Pattern.compile("[A-Za-z][A-Za-z0-9._-]{0,127}");

    private final VersionSource source;

    /** Create a resolver asking {@code source}. */
    public TargetResolver(VersionSource source) {
        this.source = Objects.requireNonNull(source, "source");
    }

    /**
     * Return the published version of {@code packageName} that {@code spec} names.
     *
     * <p>{@code spec} is checked before the registry is asked, so invalid input makes no request.
     *
     * @throws DomainException with {@link io.waiaas.domain.ErrorCode#USAGE} when {@code spec} is neither a
     *     version, a range nor a dist-tag name
     * @throws ApplicationException with {@link io.waiaas.domain.ErrorCode#FAILED} when no published version
     *     matches
     * @throws io.waiaas.domain.WaiaasException from the version source when the registry cannot be asked
     */
    public Version resolve(String packageName, String spec) {
        Objects.requireNonNull(packageName, "packageName");
        Objects.requireNonNull(spec, "spec");
        String text = spec.strip();
        Optional<VersionRange> range = text.isEmpty() ? Optional.empty() : VersionRange.tryParse(text);
        if (range.isPresent()) {
            List<Version> published = source.versions(packageName);
            return range.get()
                    .maxSatisfying(published)
                    .or(() -> exactlyNamed(packageName, text))
                    .orElseThrow(() -> ApplicationException.failed(
                            "no published version of " + packageName + " satisfies '" + text + "'"));
        }
        if (TAG.matcher(text).matches()) {
            return source.distTag(packageName, text);
        }
        throw DomainException.invalid(
                "--to expects a version, an npm range or a dist-tag, not '" + printable(spec) + "'");
    }

    /**
     * Return the version {@code text} names exactly when the registry lists it although {@link VersionSource#versions}
     * left it out ({@link VettedVersionSource}: a release younger than {@code min_release_age}, or deprecated): naming
     * it exactly overrides the cooldown (TRST-03), and a deprecated one is then refused by its description (TRST-04).
     */
    private Optional<Version> exactlyNamed(String packageName, String text) {
        return Version.tryParse(text)
                .filter(exact -> source.catalogue(packageName).stream()
                        .anyMatch(v -> v.version().equals(exact)));
    }

    private static String printable(String text) {
        String cleaned = text.replaceAll("\\p{Cntrl}", "?");
        return cleaned.length() > 80 ? cleaned.substring(0, 80) + "…" : cleaned;
    }
}
