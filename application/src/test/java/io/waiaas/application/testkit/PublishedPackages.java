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
     */
    public record Published(String name, List<String> versions, Map<String, String> distTags) {
        public Published {
            Objects.requireNonNull(name, "name");
            versions = List.copyOf(versions);
            distTags = Collections.unmodifiableMap(new LinkedHashMap<>(distTags));
        }
    }

    /** Publish {@code versions} of {@code name} (in this order) and return this. */
    public synchronized PublishedPackages publish(String name, String... versions) {
        Published old = packages.getOrDefault(name, new Published(name, List.of(), Map.of()));
        List<String> all = new ArrayList<>(old.versions());
        for (String v : versions) {
            if (!all.contains(v)) {
                all.add(v);
            }
        }
        packages.put(name, new Published(name, all, old.distTags()));
        return this;
    }

    /** Point dist-tag {@code tag} of {@code name} at {@code version} (not checked) and return this. */
    public synchronized PublishedPackages tag(String name, String tag, String version) {
        Published old = packages.getOrDefault(name, new Published(name, List.of(), Map.of()));
        Map<String, String> tags = new LinkedHashMap<>(old.distTags());
        tags.put(tag, version);
        packages.put(name, new Published(name, old.versions(), tags));
        return this;
    }

    /** Return the package {@code name} as published now, or empty. */
    public Optional<Published> find(String name) {
        return Optional.ofNullable(packages.get(name));
    }
}
