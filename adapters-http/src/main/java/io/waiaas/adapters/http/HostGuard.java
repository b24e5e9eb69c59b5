package io.waiaas.adapters.http;

import io.helidon.http.HeaderNames;
import io.helidon.http.Status;
import io.helidon.webserver.http.Filter;
import io.helidon.webserver.http.FilterChain;
import io.helidon.webserver.http.RoutingRequest;
import io.helidon.webserver.http.RoutingResponse;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * Answer only requests addressed to a loopback name (HLTH-B1).
 *
 * <p>A web page on another origin can make a browser send requests to 127.0.0.1 under a hostile DNS name
 * (DNS rebinding); the Host header is the one thing such a request cannot fake, so anything else gets 403.
 */
final class HostGuard implements Filter {
    private static final Set<String> LOOPBACK_NAMES = Set.of("127.0.0.1", "localhost", "[::1]");

    @Override
    public void filter(FilterChain chain, RoutingRequest req, RoutingResponse res) {
        Optional<String> host = req.headers().first(HeaderNames.HOST);
        if (host.isPresent() && isLoopback(host.get())) {
            chain.proceed();
            return;
        }
        res.status(Status.FORBIDDEN_403).send("forbidden: Host must be a loopback name\n");
    }

    /** Tell whether a Host header value names a loopback host, with or without a port. */
    static boolean isLoopback(String hostHeader) {
        String host = hostHeader.trim().toLowerCase(Locale.ROOT);
        if (host.startsWith("[")) {
            int end = host.indexOf(']');
            if (end < 0) {
                return false;
            }
            String rest = host.substring(end + 1);
            return LOOPBACK_NAMES.contains(host.substring(0, end + 1)) && isPortSuffix(rest);
        }
        int colon = host.indexOf(':');
        String name = colon < 0 ? host : host.substring(0, colon);
        return LOOPBACK_NAMES.contains(name) && isPortSuffix(colon < 0 ? "" : host.substring(colon));
    }

    private static boolean isPortSuffix(String rest) {
        if (rest.isEmpty()) {
            return true;
        }
        if (rest.charAt(0) != ':' || rest.length() < 2 || rest.length() > 6) {
            return false;
        }
        return rest.chars().skip(1).allMatch(Character::isDigit);
    }
}
