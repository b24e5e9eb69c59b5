package io.waiaas.application.port.out;

import io.waiaas.domain.PublishedVersion;
import io.waiaas.domain.Version;
import java.util.List;

/**
 * Tell which releases of a package a registry publishes.
 *
 * <p>Expected failures (registry down, slow, lying, too large, unknown package or tag) are thrown as
 * {@link io.waiaas.domain.WaiaasException}s with {@link io.waiaas.domain.ErrorCode#FAILED} and a one-line message
 * naming the cause.
 */
public interface VersionSource {

    /**
     * Return the version that dist-tag {@code tag} (such as {@code latest}) of {@code packageName} points at.
     *
     * <p>This is the cheap call made by the periodic check: implementations should ask for as few bytes as the
     * registry allows and may reuse an unchanged earlier answer.
     *
     * @throws io.waiaas.domain.WaiaasException when the package or tag is unknown, the tag does not point at a
     *     valid semantic version, or the registry cannot be asked
     */
    Version distTag(String packageName, String tag);

    /**
     * Return every published version of {@code packageName} that is a valid semantic version, ascending by
     * precedence and without duplicates; entries that are not valid versions are left out.
     *
     * @throws io.waiaas.domain.WaiaasException when the package is unknown or the registry cannot be asked
     */
    List<Version> versions(String packageName);

    /**
     * Return what the registry publishes about {@code version} of {@code packageName}: its tarball's URL,
     * integrity and signatures, when it was published, and the {@code waiaas} schema block of its package.json.
     *
     * <p>Nothing here is trusted yet: {@link PackageInstaller} verifies the tarball against it.
     *
     * @throws io.waiaas.domain.WaiaasException when the package or version is unknown, the manifest has no tarball
     *     URL or integrity, its {@code waiaas} block or publish time is malformed, or the registry cannot be asked
     */
    PackageRelease release(String packageName, Version version);

    /**
     * Return what the registry publishes about every valid version of {@code packageName} besides its files, ascending
     * by precedence: when each was published and whether it is deprecated (TRST-01..TRST-04). The same versions as
     * {@link #versions}.
     *
     * <p>This default asks {@link #release} once per version; a registry adapter answers from one document.
     *
     * @throws io.waiaas.domain.WaiaasException when the package is unknown or the registry cannot be asked
     */
    default List<PublishedVersion> catalogue(String packageName) {
        return versions(packageName).stream()
                .map(v -> release(packageName, v).published())
                .toList();
    }
}
