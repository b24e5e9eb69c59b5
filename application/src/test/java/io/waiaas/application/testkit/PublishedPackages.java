package io.waiaas.application.testkit;

import io.waiaas.application.port.out.PackageSignature;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.WeakHashMap;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Describe what a test registry publishes: packages, their version strings (valid or not), dist-tags, tarballs,
 * signatures and the registry's signing keys.
 *
 * <p>Mutable and thread-safe, so a test can publish or move a tag while a source reads it; the in-memory fakes
 * and {@link LoopbackRegistry} serve from one instance.
 */
public final class PublishedPackages {
    /**
     * The digests of each attached tarball (by identity: the record keeps the array it was given), computed once.
     * The runtime image's tarballs are tens of MB: hashing them on every packument request made a loaded machine's
     * registry answer slower than the 5 s the client allows.
     */
    private static final Map<byte[], Digests> DIGESTS = Collections.synchronizedMap(new WeakHashMap<>());

    private final Map<String, Published> packages = new ConcurrentHashMap<>();
    private volatile Optional<List<RegistryKey>> keys = Optional.empty();

    /**
     * One package as published.
     *
     * @param name the package name
     * @param versions the published version strings in publishing order, possibly invalid ones
     * @param distTags tag → version string, possibly invalid
     * @param tarballs version → the tarball's bytes, where a real one was attached; its integrity is advertised
     * @param manifestFields version → extra top-level fields of its package.json (name → raw JSON value)
     * @param served version → bytes served instead of the attached tarball (a tampered download)
     * @param signatures version → its {@code dist.signatures}
     * @param publishTimes version → its publish time, where a test set one
     * @param tarballUrls version → the advertised {@code dist.tarball}, where a test moved it
     */
    public record Published(
            String name,
            List<String> versions,
            Map<String, String> distTags,
            Map<String, byte[]> tarballs,
            Map<String, Map<String, String>> manifestFields,
            Map<String, byte[]> served,
            Map<String, List<PackageSignature>> signatures,
            Map<String, Instant> publishTimes,
            Map<String, String> tarballUrls) {
        public Published {
            Objects.requireNonNull(name, "name");
            versions = List.copyOf(versions);
            distTags = Collections.unmodifiableMap(new LinkedHashMap<>(distTags));
            tarballs = Map.copyOf(tarballs);
            manifestFields = Map.copyOf(manifestFields);
            served = Map.copyOf(served);
            signatures = Map.copyOf(signatures);
            publishTimes = Map.copyOf(publishTimes);
            tarballUrls = Map.copyOf(tarballUrls);
        }

        private Published(String name) {
            this(name, List.of(), Map.of(), Map.of(), Map.of(), Map.of(), Map.of(), Map.of(), Map.of());
        }

        /** Return the extra package.json fields of {@code version} (name → raw JSON), possibly none. */
        public Map<String, String> manifestFields(String version) {
            return manifestFields.getOrDefault(version, Map.of());
        }

        /** Return the attached tarball of {@code version}, or empty. */
        public Optional<byte[]> tarball(String version) {
            return Optional.ofNullable(tarballs.get(version)).map(byte[]::clone);
        }

        /** Return the bytes served as the tarball of {@code version}: a tampered replacement, or the attached one. */
        public Optional<byte[]> servedTarball(String version) {
            return Optional.ofNullable(served.get(version)).map(byte[]::clone).or(() -> tarball(version));
        }

        /**
         * Return the advertised {@code dist.integrity} of {@code version}: the SHA-512 of its attached tarball, or of
         * a stand-in text when none is attached.
         */
        public String integrity(String version) {
            return digests(version).integrity();
        }

        /** Return the advertised {@code dist.shasum} of {@code version}: the SHA-1 of what {@link #integrity} hashes. */
        public String shasum(String version) {
            return digests(version).shasum();
        }

        private Digests digests(String version) {
            byte[] attached = tarballs.get(version);
            return attached != null
                    ? DIGESTS.computeIfAbsent(attached, Digests::of)
                    : Digests.of((name + "@" + version).getBytes(StandardCharsets.UTF_8));
        }

        /** Return the {@code dist.signatures} of {@code version}, possibly none. */
        public List<PackageSignature> signatures(String version) {
            return signatures.getOrDefault(version, List.of());
        }

        /**
         * Return when {@code version} was published: the time a test set, else day {@code i % 28 + 1} of January 2026
         * at noon UTC for the {@code i}-th version published.
         */
        public Instant publishedAt(String version) {
            Instant set = publishTimes.get(version);
            if (set != null) {
                return set;
            }
            int i = Math.max(0, versions.indexOf(version));
            return Instant.parse(String.format(Locale.ROOT, "2026-01-%02dT12:00:00Z", i % 28 + 1));
        }

        /** Return the {@code dist.tarball} a test set for {@code version}, or empty for the registry's own URL. */
        public Optional<String> tarballUrl(String version) {
            return Optional.ofNullable(tarballUrls.get(version));
        }

        private Published withVersions(List<String> v) {
            return new Published(
                    name, v, distTags, tarballs, manifestFields, served, signatures, publishTimes, tarballUrls);
        }

        private Published withDistTags(Map<String, String> t) {
            return new Published(
                    name, versions, t, tarballs, manifestFields, served, signatures, publishTimes, tarballUrls);
        }

        private Published withTarballs(Map<String, byte[]> t) {
            return new Published(
                    name, versions, distTags, t, manifestFields, served, signatures, publishTimes, tarballUrls);
        }

        private Published withManifestFields(Map<String, Map<String, String>> m) {
            return new Published(name, versions, distTags, tarballs, m, served, signatures, publishTimes, tarballUrls);
        }

        private Published withServed(Map<String, byte[]> s) {
            return new Published(
                    name, versions, distTags, tarballs, manifestFields, s, signatures, publishTimes, tarballUrls);
        }

        private Published withSignatures(Map<String, List<PackageSignature>> s) {
            return new Published(
                    name, versions, distTags, tarballs, manifestFields, served, s, publishTimes, tarballUrls);
        }

        private Published withPublishTimes(Map<String, Instant> p) {
            return new Published(
                    name, versions, distTags, tarballs, manifestFields, served, signatures, p, tarballUrls);
        }

        private Published withTarballUrls(Map<String, String> u) {
            return new Published(
                    name, versions, distTags, tarballs, manifestFields, served, signatures, publishTimes, u);
        }
    }

    /** Publish {@code versions} of {@code name} (in this order) and return this. */
    public synchronized PublishedPackages publish(String name, String... versions) {
        Published old = packages.getOrDefault(name, new Published(name));
        List<String> all = new ArrayList<>(old.versions());
        for (String v : versions) {
            if (!all.contains(v)) {
                all.add(v);
            }
        }
        packages.put(name, old.withVersions(all));
        return this;
    }

    /**
     * Stop listing {@code version} of {@code name} (as an unpublish, or a mirror serving an older copy, would), its
     * dist-tags left as they are, and return this.
     */
    public synchronized PublishedPackages unpublish(String name, String version) {
        Published old = packages.getOrDefault(name, new Published(name));
        List<String> kept = new ArrayList<>(old.versions());
        kept.remove(version);
        packages.put(name, old.withVersions(kept));
        return this;
    }

    /** Mark {@code name@version} deprecated with {@code message}, as {@code npm deprecate} does, and return this. */
    public PublishedPackages deprecate(String name, String version, String message) {
        return manifestField(
                name,
                version,
                "deprecated",
                "\"" + message.replace("\\", "\\\\").replace("\"", "\\\"") + "\"");
    }

    /** Point dist-tag {@code tag} of {@code name} at {@code version} (not checked) and return this. */
    public synchronized PublishedPackages tag(String name, String tag, String version) {
        Published old = packages.getOrDefault(name, new Published(name));
        packages.put(name, old.withDistTags(put(old.distTags(), tag, version)));
        return this;
    }

    /**
     * Attach the real tarball of {@code name@version} (publishing the version if needed) and return this: the
     * registry then serves it and advertises its true {@code dist.integrity} and {@code dist.shasum}.
     */
    public synchronized PublishedPackages tarball(String name, String version, byte[] tgz) {
        Published old = published(name, version);
        packages.put(name, old.withTarballs(put(old.tarballs(), version, tgz.clone())));
        return this;
    }

    /**
     * Serve {@code bytes} as the tarball of {@code name@version} while still advertising the integrity of the
     * attached one, as a tampering mirror would, and return this.
     */
    public synchronized PublishedPackages serveInstead(String name, String version, byte[] bytes) {
        Published old = published(name, version);
        packages.put(name, old.withServed(put(old.served(), version, bytes.clone())));
        return this;
    }

    /**
     * Add field {@code field} with the raw JSON {@code json} to the package.json of {@code name@version}, such as
     * {@code waiaas} → {@code {"schemaVersion":3,"minCompatibleSchemaVersion":2}}, and return this. Like npm, the
     * registry shows such fields in the full packument and the version manifest, not in the abbreviated one.
     */
    public synchronized PublishedPackages manifestField(String name, String version, String field, String json) {
        Published old = published(name, version);
        Map<String, String> fields = put(old.manifestFields(version), field, json);
        packages.put(name, old.withManifestFields(put(old.manifestFields(), version, Map.copyOf(fields))));
        return this;
    }

    /** Publish {@code keys} at {@code /-/npm/v1/keys} (replacing earlier ones) and return this. */
    public PublishedPackages keys(RegistryKey... keys) {
        this.keys = Optional.of(List.of(keys));
        return this;
    }

    /** Return the signing keys the registry publishes, or empty when it has no keys endpoint. */
    public Optional<List<RegistryKey>> keys() {
        return keys;
    }

    /**
     * Sign {@code name@version} with {@code key} as a registry does, over {@code {name}@{version}:{integrity}} with
     * its advertised integrity (so attach the tarball first), add the signature and return this.
     */
    public synchronized PublishedPackages sign(String name, String version, RegistryKey key) {
        Published old = published(name, version);
        String signature = key.sign(name + "@" + version + ":" + old.integrity(version));
        return signature(name, version, new PackageSignature(key.keyId(), signature));
    }

    /** Add {@code signature}, as given, to the {@code dist.signatures} of {@code name@version} and return this. */
    public synchronized PublishedPackages signature(String name, String version, PackageSignature signature) {
        Published old = published(name, version);
        List<PackageSignature> all = new ArrayList<>(old.signatures(version));
        all.add(signature);
        packages.put(name, old.withSignatures(put(old.signatures(), version, List.copyOf(all))));
        return this;
    }

    /** Set when {@code name@version} was published and return this. */
    public synchronized PublishedPackages publishedAt(String name, String version, Instant instant) {
        Published old = published(name, version);
        packages.put(name, old.withPublishTimes(put(old.publishTimes(), version, instant)));
        return this;
    }

    /** Advertise {@code url} as the {@code dist.tarball} of {@code name@version} and return this. */
    public synchronized PublishedPackages tarballUrl(String name, String version, String url) {
        Published old = published(name, version);
        packages.put(name, old.withTarballUrls(put(old.tarballUrls(), version, url)));
        return this;
    }

    /** Return the package {@code name} as published now, or empty. */
    public Optional<Published> find(String name) {
        return Optional.ofNullable(packages.get(name));
    }

    private Published published(String name, String version) {
        publish(name, version);
        return packages.get(name);
    }

    private static <V> Map<String, V> put(Map<String, V> map, String key, V value) {
        Map<String, V> copy = new LinkedHashMap<>(map);
        copy.put(key, value);
        return copy;
    }

    /** The advertised digests of one tarball: {@code sha512-…} and the SHA-1 in hex. */
    private record Digests(String integrity, String shasum) {
        static Digests of(byte[] tarball) {
            return new Digests(
                    "sha512-" + Base64.getEncoder().encodeToString(digest("SHA-512", tarball)),
                    HexFormat.of().formatHex(digest("SHA-1", tarball)));
        }
    }

    private static byte[] digest(String algorithm, byte[] data) {
        try {
            return MessageDigest.getInstance(algorithm).digest(data);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
