package io.waiaas.adapters.npm;

import io.waiaas.application.port.out.VersionSource;
import java.net.URI;
import java.time.Duration;
import java.util.Objects;

/** Create the npm registry adapters of waiaas. */
public final class NpmRegistry {
    /** The public npm registry. */
    public static final URI DEFAULT_REGISTRY = URI.create("https://registry.npmjs.org/");
    /** The connect timeout, and the deadline of each request from connect to the last body byte (VCHK-02). */
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(5);
    /** The cap on a packument; a dist-tags document is capped at 64 KiB. */
    public static final long DEFAULT_MAX_BYTES = 10L * 1024 * 1024;

    private NpmRegistry() {
    }

    /** Create a version source asking {@code registry} with the default timeout and size cap. */
    public static VersionSource versionSource(URI registry) {
        return versionSource(registry, DEFAULT_TIMEOUT, DEFAULT_MAX_BYTES);
    }

    /**
     * Create a version source asking {@code registry}; no request is made until a method is called.
     *
     * @param registry the registry's base URL: {@code https}, or {@code http} only on a loopback host (VCHK-B3)
     * @param timeout the connect timeout, and the deadline of each request from connect to the last body byte
     * @param maxBytes the largest packument read; larger answers are refused while streaming
     * @throws NpmRegistryException when {@code registry} is not allowed
     */
    public static VersionSource versionSource(URI registry, Duration timeout, long maxBytes) {
        Objects.requireNonNull(registry, "registry");
        Objects.requireNonNull(timeout, "timeout");
        if (timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("timeout must be positive: " + timeout);
        }
        if (maxBytes <= 0) {
            throw new IllegalArgumentException("maxBytes must be positive: " + maxBytes);
        }
        return new NpmRegistryVersionSource(RegistryUrls.of(registry), new RegistryHttp(timeout), maxBytes);
    }
}
