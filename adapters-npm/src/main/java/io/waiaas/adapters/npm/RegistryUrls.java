package io.waiaas.adapters.npm;

import java.net.URI;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

/** Build and police the URLs waiaas asks an npm registry for. */
final class RegistryUrls {
    // npm's rules for new package names (validate-npm-package-name); also keeps '/', '?' and '#' out of paths.
    private static final Pattern PACKAGE_NAME =
            Pattern.compile("(?:@[a-z0-9\\-*~][a-z0-9\\-*._~]*/)?[a-z0-9\\-~][a-z0-9\\-._~]*");
    private static final Pattern IPV4_LOOPBACK = Pattern.compile("127(?:\\.(?:25[0-5]|2[0-4]\\d|1?\\d?\\d)){3}");

    private final URI base;

    private RegistryUrls(URI base) {
        this.base = base;
    }

    /** Check {@code registry} (https, or http on a loopback host) and return its URL builder. */
    static RegistryUrls of(URI registry) {
        if (!registry.isAbsolute() || registry.getHost() == null || registry.isOpaque()) {
            throw new NpmRegistryException("npm registry URL must be an absolute http(s) URL with a host: " + registry);
        }
        if (registry.getRawQuery() != null || registry.getRawFragment() != null || registry.getRawUserInfo() != null) {
            throw new NpmRegistryException("npm registry URL must not carry a query, fragment or user info: "
                    + registry.getScheme() + "://" + registry.getHost()
                    + (registry.getPort() < 0 ? "" : ":" + registry.getPort()));
        }
        String scheme = registry.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("https") && !(scheme.equals("http") && isLoopback(registry.getHost()))) {
            throw new NpmRegistryException(
                    "npm registry URL must use https (plain http only for loopback hosts): " + registry);
        }
        String text = registry.toString();
        return new RegistryUrls(URI.create(text.endsWith("/") ? text : text + "/"));
    }

    /** Return the registry's base URL, ending in a slash. */
    URI base() {
        return base;
    }

    /** Return the dist-tags document's URL of {@code packageName}. */
    URI distTags(String packageName) {
        return URI.create(base + "-/package/" + encode(packageName) + "/dist-tags");
    }

    /** Return the packument's URL of {@code packageName}. */
    URI packument(String packageName) {
        return URI.create(base + encode(packageName));
    }

    /** Return the URL of the registry's signing keys. */
    URI keys() {
        return URI.create(base + "-/npm/v1/keys");
    }

    /**
     * Return why a tarball at {@code tarball} must not be downloaded from this registry, or empty when it may: only
     * the registry's own origin (scheme, host and port; https, or http on a loopback registry) is trusted (UPGR-B1).
     */
    Optional<String> tarballRefusal(URI tarball) {
        if (!tarball.isAbsolute() || tarball.isOpaque() || tarball.getHost() == null) {
            return Optional.of("the tarball URL is not an absolute http(s) URL: " + OneLine.quoted(tarball.toString()));
        }
        if (tarball.getRawUserInfo() != null) {
            return Optional.of("the tarball URL carries user info, refused");
        }
        String scheme = tarball.getScheme().toLowerCase(Locale.ROOT);
        if (!tarball.getHost().equalsIgnoreCase(base.getHost())) {
            return Optional.of("the tarball is on another host (" + OneLine.quoted(tarball.getHost())
                    + ") than the registry (" + base.getHost() + "), refused");
        }
        if (!scheme.equals(base.getScheme().toLowerCase(Locale.ROOT)) || port(tarball) != port(base)) {
            return Optional.of("the tarball is not on the registry's own origin (" + scheme + "://" + tarball.getHost()
                    + ":" + port(tarball) + "), refused");
        }
        return Optional.empty();
    }

    /** Return the port {@code uri} connects to: its own, or its scheme's default. */
    static int port(URI uri) {
        return uri.getPort() != -1 ? uri.getPort() : defaultPort(uri.getScheme());
    }

    /** Return the default port of {@code scheme}: 443 for https, 80 otherwise. */
    static int defaultPort(String scheme) {
        return scheme.equalsIgnoreCase("https") ? 443 : 80;
    }

    /** Tell whether {@code a} and {@code b} have one origin: the same scheme, host and port. */
    static boolean sameOrigin(URI a, URI b) {
        return a.getScheme() != null
                && b.getScheme() != null
                && a.getHost() != null
                && b.getHost() != null
                && a.getScheme().equalsIgnoreCase(b.getScheme())
                && a.getHost().equalsIgnoreCase(b.getHost())
                && port(a) == port(b);
    }

    /** Return {@code packageName} as it appears in a registry path: the scope's slash becomes {@code %2f}. */
    static String encode(String packageName) {
        if (packageName.length() > 214 || !PACKAGE_NAME.matcher(packageName).matches()) {
            throw new NpmRegistryException("not a valid npm package name: " + OneLine.quoted(packageName));
        }
        return packageName.replace("/", "%2f");
    }

    /** Tell whether {@code host} names this machine's loopback interface, without asking DNS. */
    static boolean isLoopback(String host) {
        String h = host.toLowerCase(Locale.ROOT);
        return h.equals("localhost")
                || h.equals("[::1]")
                || h.equals("::1")
                || IPV4_LOOPBACK.matcher(h).matches();
    }

    /** Return why a redirect from {@code from} to {@code to} must not be followed, or empty when it may. */
    static Optional<String> redirectRefusal(URI from, URI to) {
        if (!to.isAbsolute() || to.getHost() == null) {
            return Optional.of("npm registry redirected to an unusable location: " + to);
        }
        String fromScheme = from.getScheme().toLowerCase(Locale.ROOT);
        String toScheme = to.getScheme().toLowerCase(Locale.ROOT);
        if (!from.getHost().equalsIgnoreCase(to.getHost())) {
            return Optional.of("npm registry redirected to another host (" + to.getHost() + "), refused");
        }
        if (!toScheme.equals("https") && !(toScheme.equals("http") && fromScheme.equals("http"))) {
            return Optional.of("npm registry redirected from " + fromScheme + " to " + toScheme + ", refused");
        }
        return Optional.empty();
    }
}
