package io.waiaas.application.port.out;

import io.waiaas.domain.PublishedVersion;
import io.waiaas.domain.ReleaseNotes;
import io.waiaas.domain.ReleaseOrigin;
import io.waiaas.domain.ReleaseSchema;
import io.waiaas.domain.Version;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Describe one published version of a package as its registry publishes it: where the tarball is and how to prove
 * the bytes are the ones published (UPGR-B1), and the schema range the release declares (CMPT-B2).
 *
 * <p>The fields are the registry's word, not yet trusted: a {@link io.waiaas.application.port.out.PackageInstaller}
 * checks the tarball's host, integrity and signatures before it installs anything.
 *
 * @param packageName the package name, such as {@code @waiaas/cli}
 * @param version the published version
 * @param tarballUrl the absolute URL of the tarball ({@code dist.tarball})
 * @param integrity the Subresource Integrity string of the tarball ({@code dist.integrity}), such as
 *     {@code sha512-…}; possibly several space-separated hashes
 * @param signatures the registry's signatures of this version ({@code dist.signatures}), possibly none
 * @param publishedAt when the version was published (the packument's {@code time}), empty when not given
 * @param schema the {@code waiaas} block of its package.json, empty when it has none
 * @param notes the entries of the changelog it carries, up to its own version: from a registry its own entry
 *     ({@code waiaas.releaseNotes} of its package.json), from a package file every entry of its {@code CHANGELOG.md};
 *     empty when it has none
 * @param deprecated the registry's deprecation message of this version ({@code versions[v].deprecated}), empty when
 *     it is not deprecated (TRST-04)
 * @param provenance whether the registry lists a provenance attestation of it ({@code dist.attestations}),
 *     {@link ReleaseOrigin.Provenance#NOT_APPLICABLE} for a package file
 */
public record PackageRelease(
        String packageName,
        Version version,
        String tarballUrl,
        String integrity,
        List<PackageSignature> signatures,
        Optional<Instant> publishedAt,
        Optional<ReleaseSchema> schema,
        List<ReleaseNotes> notes,
        Optional<String> deprecated,
        ReleaseOrigin.Provenance provenance) {

    public PackageRelease {
        Objects.requireNonNull(provenance, "provenance");
        Objects.requireNonNull(packageName, "packageName");
        Objects.requireNonNull(version, "version");
        Objects.requireNonNull(tarballUrl, "tarballUrl");
        Objects.requireNonNull(integrity, "integrity");
        signatures = List.copyOf(signatures);
        Objects.requireNonNull(publishedAt, "publishedAt");
        Objects.requireNonNull(schema, "schema");
        notes = List.copyOf(notes);
        Objects.requireNonNull(deprecated, "deprecated");
        deprecated = deprecated.filter(m -> !m.isBlank());
    }

    /** Describe a release of which nothing is known about provenance, with its deprecation. */
    public PackageRelease(
            String packageName,
            Version version,
            String tarballUrl,
            String integrity,
            List<PackageSignature> signatures,
            Optional<Instant> publishedAt,
            Optional<ReleaseSchema> schema,
            List<ReleaseNotes> notes,
            Optional<String> deprecated) {
        this(
                packageName,
                version,
                tarballUrl,
                integrity,
                signatures,
                publishedAt,
                schema,
                notes,
                deprecated,
                ReleaseOrigin.Provenance.NOT_APPLICABLE);
    }

    /** Return what the registry publishes about this version besides its files: its time and deprecation. */
    public PublishedVersion published() {
        return new PublishedVersion(version, publishedAt, deprecated);
    }

    /**
     * Describe a release the registry does not mark deprecated and of which nothing is known about provenance (a
     * package file, a test's release).
     */
    public PackageRelease(
            String packageName,
            Version version,
            String tarballUrl,
            String integrity,
            List<PackageSignature> signatures,
            Optional<Instant> publishedAt,
            Optional<ReleaseSchema> schema,
            List<ReleaseNotes> notes) {
        this(packageName, version, tarballUrl, integrity, signatures, publishedAt, schema, notes, Optional.empty());
    }

    /** Describe a release the registry does not mark deprecated, with its provenance. */
    public PackageRelease(
            String packageName,
            Version version,
            String tarballUrl,
            String integrity,
            List<PackageSignature> signatures,
            Optional<Instant> publishedAt,
            Optional<ReleaseSchema> schema,
            List<ReleaseNotes> notes,
            ReleaseOrigin.Provenance provenance) {
        this(
                packageName,
                version,
                tarballUrl,
                integrity,
                signatures,
                publishedAt,
                schema,
                notes,
                Optional.empty(),
                provenance);
    }

    /** Return {@code name@version}, as npm names a published version. */
    public String id() {
        return packageName + "@" + version;
    }
}
