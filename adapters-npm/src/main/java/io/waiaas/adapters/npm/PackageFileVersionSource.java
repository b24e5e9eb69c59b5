package io.waiaas.adapters.npm;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.waiaas.application.port.out.DownloadProgress;
import io.waiaas.application.port.out.PackageRelease;
import io.waiaas.application.port.out.VersionSource;
import io.waiaas.domain.ReleaseNotes;
import io.waiaas.domain.Verification;
import io.waiaas.domain.Version;
import io.waiaas.platform.FileTrees;
import io.waiaas.platform.IoErrors;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * A release package an operator copied onto this machine ({@code waiaas upgrade --from FILE}): the only release
 * there is, described from its own package.json and CHANGELOG.md and installed from the file, with no registry.
 *
 * <p>Trust comes from the operator: the file's sha512 must match the digest given with {@code --integrity} (checked
 * in the preflight, before anything stops, and again while the file is copied in), or the operator said
 * {@code --allow-unverified}; a file with neither is refused. The package is read with the same strict tar reader
 * and limits as a downloaded one.
 */
final class PackageFileVersionSource implements VersionSource, Tarballs {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final long MAX_METADATA_BYTES = 1024 * 1024;
    private static final int SHA512_BYTES = 64;

    private final Path file;
    private final String packageName;
    private final Optional<String> integrity;
    private final boolean allowUnverified;
    private final NpmRegistry.InstallLimits limits;
    private PackageRelease release;

    PackageFileVersionSource(
            Path file,
            String packageName,
            Optional<String> integrity,
            boolean allowUnverified,
            NpmRegistry.InstallLimits limits) {
        this.file = file.toAbsolutePath().normalize();
        this.packageName = Objects.requireNonNull(packageName, "packageName");
        this.integrity = Objects.requireNonNull(integrity, "integrity");
        this.allowUnverified = allowUnverified;
        this.limits = Objects.requireNonNull(limits, "limits");
    }

    @Override
    public Version distTag(String name, String tag) {
        return describe(name).version();
    }

    @Override
    public List<Version> versions(String name) {
        return List.of(describe(name).version());
    }

    @Override
    public PackageRelease release(String name, Version version) {
        PackageRelease release = describe(name);
        if (!release.version().equals(version)) {
            throw new NpmRegistryException("the package file " + file + " holds " + release.id() + ", not " + version
                    + "; without a registry only that version can be installed");
        }
        return release;
    }

    @Override
    public Verification verify(PackageRelease release) {
        if (integrity.isEmpty()) {
            if (allowUnverified) {
                return new Verification.Unverified();
            }
            throw NpmRegistryException.refused("the package file " + file + " cannot be verified: give its digest"
                    + " with --integrity sha512-… (npm view " + release.id() + " dist.integrity, where a registry can"
                    + " be reached), or add --allow-unverified to install it unverified");
        }
        checkDigest();
        return new Verification.Digest();
    }

    private void checkDigest() {
        byte[] expected = expected();
        try (InputStream in = Files.newInputStream(file)) {
            check(expected, digest(in));
        } catch (IOException e) {
            throw new NpmRegistryException("cannot read the package file: " + IoErrors.describe(e, file), e);
        }
    }

    @Override
    public void download(PackageRelease release, Path tgz, DownloadProgress progress) throws IOException {
        long size = Files.size(file);
        progress.update(0, OptionalLong.of(size));
        MessageDigest sha512 = sha512();
        try (InputStream in = new DigestInputStream(Files.newInputStream(file), sha512)) {
            Files.copy(in, tgz);
        }
        progress.update(size, OptionalLong.of(size));
        if (integrity.isPresent()) {
            check(expected(), sha512.digest()); // the file may have changed since the preflight checked it
        }
    }

    /** Read the package's own description once: name, version, schema block and changelog. */
    private synchronized PackageRelease describe(String name) {
        if (!name.equals(packageName)) {
            throw new NpmRegistryException("the package file " + file + " is for " + packageName + ", not " + name);
        }
        if (release == null) {
            release = read();
        }
        return release;
    }

    private PackageRelease read() {
        try {
            if (!Files.isRegularFile(file)) {
                throw new NpmRegistryException(
                        "the package file " + file + " is " + (Files.exists(file) ? "not a file" : "missing"));
            }
            if (Files.size(file) > limits.maxTarballBytes()) {
                throw NpmRegistryException.refused(
                        "the package file " + file + " is larger than " + limits.maxTarballBytes() + " bytes, refused");
            }
        } catch (IOException e) {
            throw new NpmRegistryException("cannot read the package file: " + IoErrors.describe(e, file), e);
        }
        if (integrity.isPresent()) {
            checkDigest(); // before the file is even unpacked: a changed file is named as such, not as a bad archive
        }
        Path scratch;
        try {
            scratch = Files.createTempDirectory("waiaas-package-");
        } catch (IOException e) {
            throw new NpmRegistryException("cannot unpack the package file: " + IoErrors.describe(e, file), e);
        }
        try {
            Path tree = Files.createDirectory(scratch.resolve("package"));
            PackageArchive.unpack(
                    file,
                    tree,
                    new PackageArchive.Limits(limits.maxUnpackedBytes(), limits.maxEntries()),
                    "the package file " + file);
            JsonNode json = JSON.readTree(small(tree.resolve("package.json"), "package.json"));
            String name = json.path("name").asText("");
            String id = name + "@" + json.path("version").asText("");
            Version version = Version.tryParse(json.path("version").asText(""))
                    .orElseThrow(() -> NpmRegistryException.refused(
                            "the package file " + file + " names no valid version (" + OneLine.quoted(id) + ")"));
            if (!name.equals(packageName)) {
                throw NpmRegistryException.refused("the package file " + file + " holds " + OneLine.quoted(id)
                        + ", not a release of " + packageName);
            }
            List<ReleaseNotes> notes = notes(tree.resolve("CHANGELOG.md"), json, version);
            return new PackageRelease(
                    packageName,
                    version,
                    file.toUri().toString(),
                    integrity.orElse(""),
                    List.of(),
                    Optional.empty(),
                    NpmRegistryVersionSource.schema(json.path("waiaas"), id),
                    notes);
        } catch (IOException e) {
            throw NpmRegistryException.refused(
                    "the package file " + file + " has no readable package.json (" + e.getMessage() + "), refused", e);
        } finally {
            FileTrees.deleteQuietly(scratch);
        }
    }

    /** Return the entries of the package's CHANGELOG.md up to its version, else those of its package.json. */
    private static List<ReleaseNotes> notes(Path changelog, JsonNode json, Version version) throws IOException {
        if (Files.isRegularFile(changelog, LinkOption.NOFOLLOW_LINKS)) {
            return ReleaseNotes.parseChangelog(new String(small(changelog, "CHANGELOG.md"), StandardCharsets.UTF_8))
                    .stream()
                    .filter(entry -> entry.version().compareTo(version) <= 0)
                    .toList();
        }
        return NpmRegistryVersionSource.notes(json.path("waiaas").path("releaseNotes"), version);
    }

    private static byte[] small(Path path, String what) throws IOException {
        if (!Files.isRegularFile(path, LinkOption.NOFOLLOW_LINKS)) {
            throw new NoSuchFileException(what);
        }
        if (Files.size(path) > MAX_METADATA_BYTES) {
            throw new IOException(what + " is larger than " + MAX_METADATA_BYTES + " bytes");
        }
        return Files.readAllBytes(path);
    }

    private byte[] expected() {
        String sri = integrity.orElseThrow().strip();
        if (sri.startsWith("sha512-")) {
            try {
                byte[] digest = Base64.getDecoder().decode(sri.substring("sha512-".length()));
                if (digest.length == SHA512_BYTES) {
                    return digest;
                }
            } catch (IllegalArgumentException e) {
                // not base64: refused below
            }
        }
        throw NpmRegistryException.refused("--integrity " + OneLine.quoted(sri) + " is not a sha512 digest as npm"
                + " writes it (sha512- and 88 characters of base64), refused");
    }

    private void check(byte[] expected, byte[] actual) {
        if (!MessageDigest.isEqual(expected, actual)) {
            throw NpmRegistryException.refused("the package file " + file + " does not match --integrity (sha512):"
                    + " it is not the release that digest names, or it was changed; refused");
        }
    }

    private static byte[] digest(InputStream in) throws IOException {
        MessageDigest sha512 = sha512();
        try (DigestInputStream digesting = new DigestInputStream(in, sha512)) {
            digesting.transferTo(OutputStream.nullOutputStream());
        }
        return sha512.digest();
    }

    private static MessageDigest sha512() {
        try {
            return MessageDigest.getInstance("SHA-512");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
