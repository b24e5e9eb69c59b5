package io.waiaas.domain;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * The publisher's signed description of one release package ({@code waiaas-release.json}, TRST-B1): its version,
 * schema range and required stops, when it was signed, and the SHA-256 of every other file in the package. Its
 * detached Ed25519 signature ({@code waiaas-release.json.sig}) is a {@link Signature}.
 *
 * @param version the release's version
 * @param schema its schema range, as its package.json's {@code waiaas} block declares it
 * @param requiredStops the versions an upgrade must pass through first, possibly none
 * @param signedAt when the publisher signed it (the publisher's word; {@link PublisherTrust} also takes the
 *     registry's publication time)
 * @param files each file's path below the package folder ({@code bin/waiaas}) and its SHA-256, lower-case hex
 */
public record ReleaseManifest(
        Version version,
        ReleaseSchema schema,
        List<Version> requiredStops,
        Instant signedAt,
        SortedMap<String, String> files) {
    /** The manifest's own path in a package. */
    public static final String PATH = "waiaas-release.json";
    /** The path of the manifest's detached signature. */
    public static final String SIGNATURE_PATH = PATH + ".sig";
    /** The path of the publisher's key list. */
    public static final String KEYS_PATH = "waiaas-keys.json";

    private static final Pattern SHA256 = Pattern.compile("[0-9a-f]{64}");
    private static final Pattern SEGMENT = Pattern.compile("[^/\\x00-\\x1f]{1,255}");

    public ReleaseManifest {
        Objects.requireNonNull(version, "version");
        Objects.requireNonNull(schema, "schema");
        requiredStops = List.copyOf(Objects.requireNonNull(requiredStops, "requiredStops"));
        Objects.requireNonNull(signedAt, "signedAt");
        SortedMap<String, String> copy = new TreeMap<>();
        for (Map.Entry<String, String> file :
                Objects.requireNonNull(files, "files").entrySet()) {
            checkPath(file.getKey());
            if (file.getKey().equals(PATH) || file.getKey().equals(SIGNATURE_PATH)) {
                throw DomainException.invalid("the manifest lists itself or its signature: " + file.getKey());
            }
            if (file.getValue() == null || !SHA256.matcher(file.getValue()).matches()) {
                throw DomainException.invalid("the manifest's digest of " + PublisherKeys.quoted(file.getKey())
                        + " is not a SHA-256 in lower-case hex");
            }
            copy.put(file.getKey(), file.getValue());
        }
        if (copy.isEmpty()) {
            throw DomainException.invalid("the manifest lists no file");
        }
        files = java.util.Collections.unmodifiableSortedMap(copy);
    }

    /**
     * Compare the package's files as found ({@code actual}: path to SHA-256) with this manifest, the manifest and its
     * signature left out; return the first difference, in path order: a file changed, missing or not listed.
     */
    public Optional<String> differenceFrom(Map<String, String> actual) {
        List<String> problems = new ArrayList<>();
        SortedMap<String, String> found = new TreeMap<>(actual);
        found.remove(PATH);
        found.remove(SIGNATURE_PATH);
        for (Map.Entry<String, String> file : files.entrySet()) {
            String digest = found.get(file.getKey());
            if (digest == null) {
                problems.add("file " + PublisherKeys.quoted(file.getKey()) + " is missing");
            } else if (!digest.equals(file.getValue())) {
                problems.add("file " + PublisherKeys.quoted(file.getKey()) + " was changed after signing");
            }
        }
        for (String path : found.keySet()) {
            if (!files.containsKey(path)) {
                problems.add("file " + PublisherKeys.quoted(path) + " is not in the signed manifest");
            }
        }
        return problems.stream().findFirst();
    }

    private static void checkPath(String path) {
        Objects.requireNonNull(path, "path");
        if (path.startsWith("/") || path.endsWith("/")) {
            throw DomainException.invalid("the manifest lists " + PublisherKeys.quoted(path) + ", not a relative file");
        }
        for (String segment : path.split("/", -1)) {
            if (segment.equals(".")
                    || segment.equals("..")
                    || !SEGMENT.matcher(segment).matches()) {
                throw DomainException.invalid(
                        "the manifest lists " + PublisherKeys.quoted(path) + ", not a plain relative path");
            }
        }
    }

    /**
     * A detached signature of the manifest's bytes.
     *
     * @param keyId the signing key's id
     * @param signature the Ed25519 signature, base64
     */
    public record Signature(String keyId, String signature) {
        public Signature {
            PublisherKeys.checkId(keyId, "signing key id");
            PublisherKeys.checkBase64(signature, "the manifest's signature");
        }
    }
}
