package io.waiaas.adapters.npm;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Proxy;
import java.net.ProxySelector;
import java.net.SocketAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Choose the HTTP proxy for a registry request as npm and curl do: {@code https_proxy}/{@code HTTPS_PROXY} for https
 * URLs (falling back, as npm does, to the http variables), {@code http_proxy}/{@code HTTP_PROXY} for http URLs, the
 * lower-case spelling first, none for a host {@code no_proxy}/{@code NO_PROXY} names; {@code [update] proxy}, when
 * set, replaces the proxy variables (not {@code NO_PROXY}).
 *
 * <p>Unlike the JDK's default selector, loopback hosts are not exempt: only {@code NO_PROXY} exempts a host.
 */
final class RegistryProxies extends ProxySelector {

    /** One proxy and where it was set, for messages; never its credentials. */
    record Route(URI proxy, String source) {
        /** Return the proxy as messages name it: scheme, host and port, no user info. */
        String display() {
            return "http://" + proxy.getHost() + ":" + RegistryUrls.port(proxy) + " (" + source + ")";
        }

        InetSocketAddress address() {
            return InetSocketAddress.createUnresolved(proxy.getHost(), RegistryUrls.port(proxy));
        }

        /**
         * Return the {@code Proxy-Authorization} of a proxy URL with user info ({@code http://user:pass@host:port}),
         * sent with every request as curl does; empty without user info.
         */
        Optional<String> authorization() {
            String userInfo = proxy.getUserInfo();
            if (userInfo == null || userInfo.isEmpty()) {
                return Optional.empty();
            }
            return Optional.of(
                    "Basic " + Base64.getEncoder().encodeToString(userInfo.getBytes(StandardCharsets.UTF_8)));
        }
    }

    /** Tell whether a proxy needs credentials, which the JDK sends to proxies only when told it may. */
    boolean anyCredentials() {
        return https.flatMap(Route::authorization).isPresent()
                || http.flatMap(Route::authorization).isPresent();
    }

    private final Optional<Route> https;
    private final Optional<Route> http;
    private final List<String> noProxy;
    private final Optional<String> problem;

    private RegistryProxies(
            Optional<Route> https, Optional<Route> http, List<String> noProxy, Optional<String> problem) {
        this.https = https;
        this.http = http;
        this.noProxy = noProxy;
        this.problem = problem;
    }

    /** Return the selector that never proxies. */
    static RegistryProxies direct() {
        return new RegistryProxies(Optional.empty(), Optional.empty(), List.of(), Optional.empty());
    }

    /** Read the proxy settings from {@code env}, with {@code configured} ({@code [update] proxy}) winning. */
    static RegistryProxies from(Map<String, String> env, Optional<URI> configured) {
        List<String> noProxy = first(env, "no_proxy", "NO_PROXY")
                .map(RegistryProxies::noProxyList)
                .orElse(List.of());
        try {
            if (configured.isPresent()) {
                Route route = route(configured.get().toString(), "[update] proxy");
                return new RegistryProxies(Optional.of(route), Optional.of(route), noProxy, Optional.empty());
            }
            Optional<Route> http = variable(env, "http_proxy", "HTTP_PROXY");
            Optional<Route> https = variable(env, "https_proxy", "HTTPS_PROXY").or(() -> http);
            return new RegistryProxies(https, http, noProxy, Optional.empty());
        } catch (IllegalArgumentException e) {
            return new RegistryProxies(Optional.empty(), Optional.empty(), noProxy, Optional.of(e.getMessage()));
        }
    }

    private static Optional<Route> variable(Map<String, String> env, String lower, String upper) {
        String name = nonEmpty(env, lower).isPresent() ? lower : upper;
        return nonEmpty(env, name).map(value -> route(value, name));
    }

    private static Optional<String> first(Map<String, String> env, String lower, String upper) {
        return nonEmpty(env, lower).or(() -> nonEmpty(env, upper));
    }

    private static Optional<String> nonEmpty(Map<String, String> env, String name) {
        return Optional.ofNullable(env.get(name)).map(String::strip).filter(v -> !v.isEmpty());
    }

    /** Parse a proxy setting as curl does: a missing scheme means http; only http proxies can be used. */
    static Route route(String value, String source) {
        String text = value.contains("://") ? value : "http://" + value;
        URI uri;
        try {
            uri = new URI(text);
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException(
                    source + " is not a proxy URL: " + OneLine.quoted(withoutUserInfo(value)));
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (uri.getHost() == null || !scheme.equals("http")) {
            throw new IllegalArgumentException(source + " must be an http:// proxy URL such as http://proxy:3128, was "
                    + OneLine.quoted(withoutUserInfo(value)));
        }
        return new Route(uri, source);
    }

    private static String withoutUserInfo(String value) {
        return value.replaceFirst("//[^/@]*@", "//");
    }

    private static List<String> noProxyList(String value) {
        List<String> entries = new ArrayList<>();
        for (String part : value.split("[,\\s]+")) {
            String entry = part.strip().toLowerCase(Locale.ROOT);
            if (entry.startsWith("*.")) {
                entry = entry.substring(1);
            }
            if (!entry.isEmpty()) {
                entries.add(entry);
            }
        }
        return List.copyOf(entries);
    }

    /** Throw the one-line reason the proxy settings cannot be used, if there is one. */
    void checkUsable() {
        problem.ifPresent(p -> {
            throw new NpmRegistryException(p);
        });
    }

    /** Return the proxy a request to {@code uri} goes through, or empty for a direct connection. */
    Optional<Route> routeFor(URI uri) {
        if (uri.getHost() == null || exempt(uri)) {
            return Optional.empty();
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        return switch (scheme) {
            case "https" -> https;
            case "http" -> http;
            default -> Optional.empty();
        };
    }

    /** Return the proxy for {@code [update] proxy}-style settings handed to npm: https's, else http's. */
    Optional<Route> httpsRoute() {
        return https;
    }

    /** Return the proxy for plain http URLs. */
    Optional<Route> httpRoute() {
        return http;
    }

    private boolean exempt(URI uri) {
        String host = uri.getHost().toLowerCase(Locale.ROOT);
        String bare = host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
        int port = RegistryUrls.port(uri);
        for (String entry : noProxy) {
            if (entry.equals("*")) {
                return true;
            }
            String name = entry;
            int entryPort = -1;
            int colon = entry.lastIndexOf(':');
            // host:port, [v6]:port; a bare IPv6 address has several colons and no brackets.
            if (colon > 0 && entry.indexOf(':') == colon || entry.startsWith("[") && entry.contains("]:")) {
                try {
                    entryPort = Integer.parseInt(entry.substring(colon + 1));
                    name = entry.substring(0, colon);
                } catch (NumberFormatException e) {
                    continue;
                }
            }
            if (name.startsWith("[") && name.endsWith("]")) {
                name = name.substring(1, name.length() - 1);
            }
            if (entryPort != -1 && entryPort != port) {
                continue;
            }
            String domain = name.startsWith(".") ? name.substring(1) : name;
            if (bare.equals(domain) || bare.endsWith("." + domain)) {
                return true;
            }
        }
        return false;
    }

    @Override
    public List<Proxy> select(URI uri) {
        return routeFor(uri)
                .map(route -> List.of(new Proxy(Proxy.Type.HTTP, route.address())))
                .orElse(List.of(Proxy.NO_PROXY));
    }

    @Override
    public void connectFailed(URI uri, SocketAddress address, IOException e) {
        // Nothing to learn: there is one proxy per scheme, and a failure is reported with the proxy named.
    }
}
