package io.waiaas.application.testkit;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Describe what a test registry publishes: packages, their version strings (valid or not) and dist-tags.
 *
 * <p>Mutable and thread-safe, so a test can publish or move a tag while a source reads it; both the in-memory
 * fake and {@link LoopbackRegistry} serve from one instance.
 */
public final class PublishedPackages {
    private final Map<String, Published> packages = new ConcurrentHashMap<>();

    /**
     * One package as published.
     *
     * @param name the package name
     * @param versions the published version strings in publishing order, possibly invalid ones
     * @param distTags tag → version string, possibly invalid
     * @param tarballs version → the tarball's bytes, where a real one was attached
     * @param manifestFields version → extra top-level fields of its package.json (name → raw JSON value)
     */
    public record Published(
            String name,
            List<String> versions,
            Map<String, String> distTags,
            Map<String, byte[]> tarballs,
            Map<String, Map<String, String>> manifestFields) {
        public Published {
            Objects.requireNonNull(name, "name");
            versions = List.copyOf(versions);
            distTags = Collections.unmodifiableMap(new LinkedHashMap<>(distTags));
            tarballs = Map.copyOf(tarballs);
            manifestFields = Map.copyOf(manifestFields);
        }

        private Published(String name) {
            this(name, List.of(), Map.of(), Map.of(), Map.of());
        }

        /** Return the extra package.json fields of {@code version} (name → raw JSON), possibly none. */
        public Map<String, String> manifestFields(String version) {
            return manifestFields.getOrDefault(version, Map.of());
        }

        /** Return the attached tarball of {@code version}, or empty. */
        public Optional<byte[]> tarball(String version) {
            return Optional.ofNullable(tarballs.get(version)).map(byte[]::clone);
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
        packages.put(name, new Published(name, all, old.distTags(), old.tarballs(), old.manifestFields()));
        return this;
    }

    /** Point dist-tag {@code tag} of {@code name} at {@code version} (not checked) and return this. */
    public synchronized PublishedPackages tag(String name, String tag, String version) {
        Published old = packages.getOrDefault(name, new Published(name));
        Map<String, String> tags = new LinkedHashMap<>(old.distTags());
        tags.put(tag, version);
        packages.put(name, new Published(name, old.versions(), tags, old.tarballs(), old.manifestFields()));
        return this;
    }

    /**
     * Attach the real tarball of {@code name@version} (publishing the version if needed) and return this: the
     * registry then serves it and advertises its true {@code dist.integrity} and {@code dist.shasum}.
     */
    public synchronized PublishedPackages tarball(String name, String version, byte[] tgz) {
        publish(name, version);
        Published old = packages.get(name);
        Map<String, byte[]> tarballs = new LinkedHashMap<>(old.tarballs());
        tarballs.put(version, tgz.clone());
        packages.put(name, new Published(name, old.versions(), old.distTags(), tarballs, old.manifestFields()));
        return this;
    }

    /**
     * Add field {@code field} with the raw JSON {@code json} to the package.json of {@code name@version}, such as
     * {@code waiaas} → {@code {"schemaVersion":3,"minCompatibleSchemaVersion":2}}, and return this. Like npm, the
     * registry shows such fields in the full packument and the version manifest, not in the abbreviated one.
     */
    public synchronized PublishedPackages manifestField(String name, String version, String field, String json) {
        publish(name, version);
        Published old = packages.get(name);
        Map<String, Map<String, String>> all = new LinkedHashMap<>(old.manifestFields());
        Map<String, String> fields = new LinkedHashMap<>(all.getOrDefault(version, Map.of()));
        fields.put(field, json);
        all.put(version, Map.copyOf(fields));
        packages.put(name, new Published(name, old.versions(), old.distTags(), old.tarballs(), all));
        return this;
    }

    /** Return the package {@code name} as published now, or empty. */
    public Optional<Published> find(String name) {
        return Optional.ofNullable(packages.get(name));
    }
}
