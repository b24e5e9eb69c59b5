package io.waiaas.adapters.npm;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.waiaas.application.port.out.DownloadProgress;
import io.waiaas.application.port.out.PackageRelease;
import io.waiaas.domain.PublisherKeys;
import io.waiaas.domain.PublisherTrust;
import io.waiaas.domain.ReleaseManifest;
import io.waiaas.domain.ReleaseSchema;
import io.waiaas.domain.Version;
import io.waiaas.domain.WaiaasException;
import io.waiaas.platform.FileTrees;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.Signature;
import java.security.spec.X509EncodedKeySpec;
import java.time.Instant;
import java.time.InstantSource;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Check a release package against its publisher's signature (TRST-B1..B3): read the installed version's key list
 * ({@code waiaas-keys.json} of its own package), the package's signed manifest, detached signature and key list, hash
 * every file, and let {@link PublisherTrust} decide; the Ed25519 arithmetic is the JDK's.
 *
 * <p>An installed version that ships no key list (a development build, a test's fake image) has nothing to check
 * against: then the check is not made, and the verification says the publisher was not checked.
 */
final class PublisherSignatures {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final long MAX_METADATA_BYTES = 4L * 1024 * 1024;

    private final InstantSource clock;

    PublisherSignatures(InstantSource clock) {
        this.clock = clock;
    }

    /** Return the key list the version installed at {@code home} trusts, empty when it ships none. */
    static Optional<PublisherKeys> trustedBy(Path home) {
        Path file = home.resolve(ReleaseManifest.KEYS_PATH);
        if (!Files.exists(file, LinkOption.NOFOLLOW_LINKS)) {
            return Optional.empty();
        }
        try {
            return Optional.of(keys(JSON.readTree(small(file))));
        } catch (IOException | WaiaasException | IllegalArgumentException e) {
            // The installed version's own list is unreadable: nothing can be trusted, and nothing is skipped.
            throw new NpmRegistryException("the installed version's publisher key list " + file + " is unreadable ("
                    + e.getMessage() + "); reinstall it");
        }
    }

    /**
     * Download {@code release} into {@code scratch} (a new, empty folder the caller removes), unpack it and
     * {@link #check} it; return the key that signed it.
     */
    String checkTarball(
            Tarballs tarballs,
            PackageRelease release,
            Path scratch,
            PackageArchive.Limits limits,
            PublisherKeys trusted) {
        Path tgz = scratch.resolve("package.tgz");
        try {
            tarballs.download(release, tgz, DownloadProgress.NONE);
            Path tree = Files.createDirectory(scratch.resolve("package"));
            PackageArchive.unpack(tgz, tree, limits, release.id());
            return check(tree, release, trusted);
        } catch (IOException e) {
            throw new NpmRegistryException(
                    "could not check " + release.id() + " in " + scratch + ": " + e.getMessage(), e);
        } finally {
            FileTrees.deleteQuietly(scratch.resolve("package"));
        }
    }

    /**
     * Check the unpacked package {@code tree} of {@code release} against the keys {@code trusted} by the installed
     * version; return the key that signed it.
     *
     * @throws NpmRegistryException REFUSED, in one line naming the check, when it is not the publisher's
     */
    String check(Path tree, PackageRelease release, PublisherKeys trusted) {
        PublisherTrust.Candidate candidate;
        try {
            candidate = candidate(tree);
        } catch (IOException | WaiaasException | IllegalArgumentException e) {
            throw refused(
                    release,
                    PublisherTrust.Check.MANIFEST,
                    e instanceof NoSuchFileException missing
                            ? "the package has no " + missing.getMessage() + ": it is not signed by its publisher"
                            : "the package's signed manifest cannot be read: " + e.getMessage());
        }
        PublisherTrust.Claim claim =
                new PublisherTrust.Claim(release.version(), release.schema(), release.publishedAt());
        return switch (PublisherTrust.decide(
                trusted, candidate, claim, clock.instant(), PublisherSignatures::ed25519)) {
            case PublisherTrust.Verdict.Trusted ok -> ok.keyId();
            case PublisherTrust.Verdict.Refused no -> throw refused(release, no.check(), no.message());
        };
    }

    private static NpmRegistryException refused(PackageRelease release, PublisherTrust.Check check, String why) {
        return NpmRegistryException.refused(release.id() + " is refused by the publisher check \"" + check.word()
                + "\": " + why + "; nothing was installed");
    }

    private static PublisherTrust.Candidate candidate(Path tree) throws IOException {
        byte[] manifestBytes = small(tree.resolve(ReleaseManifest.PATH));
        JsonNode manifest = JSON.readTree(manifestBytes);
        JsonNode signature = JSON.readTree(small(tree.resolve(ReleaseManifest.SIGNATURE_PATH)));
        JsonNode keys = JSON.readTree(small(tree.resolve(ReleaseManifest.KEYS_PATH)));
        return new PublisherTrust.Candidate(
                manifest(manifest),
                manifestBytes,
                new ReleaseManifest.Signature(text(signature, "keyId"), text(signature, "signature")),
                keys(keys),
                digests(tree));
    }

    /** Read a manifest ({@code waiaas-release.json}). */
    static ReleaseManifest manifest(JsonNode json) {
        if (!"waiaas-release/v1".equals(json.path("format").asText())) {
            throw new IllegalArgumentException("the manifest's format is not waiaas-release/v1");
        }
        TreeMap<String, String> files = new TreeMap<>();
        json.path("files")
                .properties()
                .forEach(e -> files.put(e.getKey(), e.getValue().asText()));
        List<Version> stops = new ArrayList<>();
        json.path("requiredStops").forEach(v -> stops.add(Version.parse(v.asText())));
        return new ReleaseManifest(
                Version.parse(text(json, "version")),
                ReleaseSchema.of(integer(json, "schemaVersion"), integer(json, "minCompatibleSchemaVersion")),
                stops,
                instant(json, "signedAt"),
                files);
    }

    /** Read a key list ({@code waiaas-keys.json}). */
    static PublisherKeys keys(JsonNode json) {
        if (!"waiaas-keys/v1".equals(json.path("format").asText())) {
            throw new IllegalArgumentException("the key list's format is not waiaas-keys/v1");
        }
        List<PublisherKeys.Key> keys = new ArrayList<>();
        for (JsonNode key : json.path("keys")) {
            List<PublisherKeys.Endorsement> endorsements = new ArrayList<>();
            for (JsonNode e : key.path("endorsements")) {
                endorsements.add(new PublisherKeys.Endorsement(text(e, "by"), text(e, "signature")));
            }
            keys.add(new PublisherKeys.Key(
                    text(key, "id"), text(key, "publicKey"), instant(key, "expires"), endorsements));
        }
        List<PublisherKeys.Revocation> revocations = new ArrayList<>();
        for (JsonNode r : json.path("revocations")) {
            revocations.add(new PublisherKeys.Revocation(
                    text(r, "id"), instant(r, "revokedAt"), text(r, "by"), text(r, "signature")));
        }
        return new PublisherKeys(keys, revocations);
    }

    /**
     * Return the SHA-256 of every file below {@code tree}, by path relative to it with {@code /}; anything that is
     * not a regular file (a link) is listed with a digest no file has, so that a manifest never matches it.
     */
    static Map<String, String> digests(Path tree) throws IOException {
        Map<String, String> digests = new TreeMap<>();
        Files.walkFileTree(tree, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                String path = tree.relativize(file).toString().replace('\\', '/');
                digests.put(path, attrs.isRegularFile() ? sha256(file) : "link");
                return FileVisitResult.CONTINUE;
            }
        });
        return digests;
    }

    private static String sha256(Path file) throws IOException {
        MessageDigest sha256;
        try {
            sha256 = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
        byte[] buffer = new byte[64 * 1024];
        try (InputStream in = Files.newInputStream(file, LinkOption.NOFOLLOW_LINKS)) {
            for (int n; (n = in.read(buffer)) > 0; ) {
                sha256.update(buffer, 0, n);
            }
        }
        return HexFormat.of().formatHex(sha256.digest());
    }

    /** Verify an Ed25519 signature with the JDK's provider; false for any malformed input. */
    static boolean ed25519(String publicKey, byte[] message, String signature) {
        try {
            Signature ed = Signature.getInstance("Ed25519");
            ed.initVerify(KeyFactory.getInstance("Ed25519")
                    .generatePublic(new X509EncodedKeySpec(Base64.getDecoder().decode(publicKey))));
            ed.update(message);
            return ed.verify(Base64.getDecoder().decode(signature));
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            return false;
        }
    }

    private static byte[] small(Path file) throws IOException {
        if (!Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS)) {
            throw new NoSuchFileException(file.getFileName().toString());
        }
        if (Files.size(file) > MAX_METADATA_BYTES) {
            throw new IOException(file.getFileName() + " is larger than " + MAX_METADATA_BYTES + " bytes");
        }
        return Files.readAllBytes(file);
    }

    private static String text(JsonNode json, String field) {
        JsonNode value = json.path(field);
        if (!value.isTextual()) {
            throw new IllegalArgumentException("\"" + field + "\" is missing or not a string");
        }
        return value.asText();
    }

    private static int integer(JsonNode json, String field) {
        JsonNode value = json.path(field);
        if (!value.isIntegralNumber() || !value.canConvertToInt()) {
            throw new IllegalArgumentException("\"" + field + "\" is missing or not an integer");
        }
        return value.intValue();
    }

    private static Instant instant(JsonNode json, String field) {
        try {
            return Instant.parse(text(json, field));
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("\"" + field + "\" is not an ISO-8601 instant");
        }
    }
}
