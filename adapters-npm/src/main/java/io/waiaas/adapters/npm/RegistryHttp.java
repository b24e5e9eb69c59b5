package io.waiaas.adapters.npm;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.ConnectException;
import java.net.URI;
import java.net.UnknownHostException;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.channels.UnresolvedAddressException;
import java.time.Duration;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;
import java.util.zip.GZIPInputStream;
import javax.net.ssl.SSLException;

/**
 * Make bounded GET requests to one npm registry: a deadline per request, a size cap while streaming, gzip, and
 * redirects followed by hand only within the registry's host; and stream tarballs to a sink under a total
 * deadline and a stall timeout.
 */
final class RegistryHttp {
    private static final int MAX_REDIRECTS = 5;
    /** How often a streaming download looks at its deadline and stall clock. */
    private static final Duration POLL = Duration.ofMillis(200);

    /** One answer after redirects: its status, ETag and (for 200 only) decoded body. */
    record Response(int status, URI uri, Optional<String> etag, byte[] body) {}

    private final Duration timeout;
    private final RegistryAccess access;
    private final Object lock = new Object();
    private volatile HttpClient client;

    RegistryHttp(Duration timeout, RegistryAccess access) {
        this.timeout = timeout;
        this.access = access;
    }

    /** Return how the registry is reached: its credentials and proxies. */
    RegistryAccess access() {
        return access;
    }

    /** Return the deadline of one request: connect, headers and body together. */
    Duration timeout() {
        return timeout;
    }

    /** Tell whether the HTTP client was built (it is built at the first request, not at start-up). */
    boolean clientBuilt() {
        return client != null;
    }

    /** Return the HTTP client, building it on first use. */
    HttpClient client() {
        HttpClient c = client;
        if (c == null) {
            synchronized (lock) {
                c = client;
                if (c == null) {
                    if (access.proxies().anyCredentials()) {
                        // The JDK drops Basic credentials meant for a proxy unless told otherwise (net.properties);
                        // read once, when its HTTP client is first used, which is here.
                        System.setProperty("jdk.http.auth.tunneling.disabledSchemes", "");
                        System.setProperty("jdk.http.auth.proxying.disabledSchemes", "");
                    }
                    // Built lazily: commands that never ask the registry should not pay for it at start-up.
                    c = HttpClient.newBuilder()
                            .connectTimeout(timeout)
                            // Redirects are followed by hand so that every hop is checked against the host rule.
                            .followRedirects(HttpClient.Redirect.NEVER)
                            .version(HttpClient.Version.HTTP_1_1)
                            // npm's and curl's proxy variables, not the JDK's system properties (RegistryProxies).
                            .proxy(access.proxies())
                            .build();
                    client = c;
                }
            }
        }
        return c;
    }

    /**
     * GET {@code uri}, sending {@code If-None-Match} when {@code etag} is present, reading at most {@code max}
     * body bytes (compressed and decompressed), all within the deadline.
     */
    Response get(URI uri, String accept, Optional<String> etag, long max) {
        long deadline = System.nanoTime() + timeout.toNanos();
        URI current = uri;
        for (int hop = 0; ; hop++) {
            HttpResponse<byte[]> response = send(current, accept, etag, max, deadline);
            Optional<URI> next = redirect(uri, current, response, hop, false);
            if (next.isPresent()) {
                current = next.get();
                continue;
            }
            int status = response.statusCode();
            Optional<String> newEtag = response.headers().firstValue("ETag");
            byte[] body = status == 200 ? decode(response, max, current) : new byte[0];
            return new Response(status, current, newEtag, body);
        }
    }

    /**
     * GET {@code uri} and stream a 200 body of at most {@code max} bytes into {@code sink} as it arrives, following
     * redirects within the registry's host to where {@code hopRefusal} finds no reason to refuse, all within
     * {@code total} and with no pause longer than {@code stall}.
     *
     * @throws NpmRegistryException for any other status, a redirect elsewhere, a body over the cap, a deadline or
     *     stall, or a failure of the sink (rethrown as is when it is an {@link NpmRegistryException})
     */
    void download(
            URI uri,
            long max,
            Duration total,
            Duration stall,
            Function<URI, Optional<String>> hopRefusal,
            StreamingBody.Sink sink) {
        long deadline = System.nanoTime() + total.toNanos();
        URI current = uri;
        for (int hop = 0; ; hop++) {
            HttpResponse<Void> response = stream(current, max, deadline, total, stall, sink);
            // A tarball sent elsewhere is a supply-chain refusal (UPGR-B1), not a mere registry failure.
            Optional<URI> next = redirect(uri, current, response, hop, true);
            if (next.isPresent()) {
                // Every hop must be a place the tarball's own URL could have named: a redirect is no way around
                // the origin rule (another port of the registry's host included).
                URI to = next.get();
                hopRefusal.apply(to).ifPresent(reason -> {
                    throw NpmRegistryException.refused(
                            "npm registry redirected the tarball off its origin: " + reason + " (GET " + uri + ")");
                });
                current = to;
                continue;
            }
            if (response.statusCode() != 200) {
                throw statusFailure(response.statusCode(), current, "");
            }
            return;
        }
    }

    private HttpResponse<Void> stream(
            URI uri, long max, long deadline, Duration total, Duration stall, StreamingBody.Sink sink) {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri)
                .GET()
                // The stall clock below covers a silent server, before and after the headers; this covers the rest.
                .timeout(Duration.ofNanos(Math.max(1, deadline - System.nanoTime())))
                .header("Accept", "application/octet-stream")
                .header("User-Agent", "waiaas");
        authorize(request, uri);
        long started = System.nanoTime();
        AtomicReference<StreamingBody> subscriber = new AtomicReference<>();
        CompletableFuture<HttpResponse<Void>> future = client().sendAsync(request.build(), info -> {
            StreamingBody body = StreamingBody.forResponse(info, max, sink);
            subscriber.set(body);
            return body;
        });
        while (true) {
            long now = System.nanoTime();
            StreamingBody body = subscriber.get();
            long idleSince = body == null ? started : body.lastActivity();
            if (now - deadline >= 0) {
                abortStream(future, body);
                throw new NpmRegistryException(
                        "npm registry did not deliver the tarball within " + human(total) + " (GET " + uri + ")");
            }
            if (now - idleSince >= stall.toNanos()) {
                abortStream(future, body);
                throw new NpmRegistryException("npm registry sent nothing for " + human(stall)
                        + " while delivering the tarball (GET " + uri + ")");
            }
            long wait = Math.min(deadline - now, Math.min(idleSince + stall.toNanos() - now, POLL.toNanos()));
            try {
                return future.get(Math.max(1, wait), TimeUnit.NANOSECONDS);
            } catch (TimeoutException e) {
                // Not done yet: look at the deadline and the stall clock again.
            } catch (InterruptedException e) {
                abortStream(future, subscriber.get());
                Thread.currentThread().interrupt();
                throw new NpmRegistryException(
                        "interrupted while downloading from the npm registry (GET " + uri + ")", e);
            } catch (ExecutionException e) {
                Throwable cause = e.getCause() == null ? e : e.getCause();
                for (Throwable t = cause; t != null; t = t.getCause()) {
                    if (t instanceof StreamingBody.SinkFailed failed) {
                        if (failed.getCause() instanceof NpmRegistryException own) {
                            throw own;
                        }
                        throw new NpmRegistryException("could not save the tarball: " + failed.getMessage(), failed);
                    }
                }
                if (cause instanceof HttpTimeoutException && !(cause instanceof HttpConnectTimeoutException)) {
                    throw new NpmRegistryException(
                            "npm registry did not deliver the tarball within " + human(total) + " (GET " + uri + ")",
                            cause);
                }
                throw failure(uri, cause, max);
            }
        }
    }

    private static void abortStream(CompletableFuture<?> future, StreamingBody body) {
        // As for small answers: cancelling both the exchange and the subscription closes the connection.
        future.cancel(true);
        if (body != null) {
            body.cancel();
        }
    }

    /**
     * Return where a redirect in {@code response} leads, checked against the host rule, or empty for no redirect;
     * a redirect the rule forbids is a refusal when {@code refuse}, else a failure.
     */
    private static Optional<URI> redirect(
            URI original, URI current, HttpResponse<?> response, int hop, boolean refuse) {
        int status = response.statusCode();
        if (status != 301 && status != 302 && status != 303 && status != 307 && status != 308) {
            return Optional.empty();
        }
        if (hop == MAX_REDIRECTS) {
            throw new NpmRegistryException(
                    "npm registry redirected more than " + MAX_REDIRECTS + " times (GET " + original + ")");
        }
        URI next = response.headers()
                .firstValue("Location")
                .map(location -> resolve(current, location))
                .orElseThrow(() -> new NpmRegistryException(
                        "npm registry answered HTTP " + status + " without a Location (GET " + current + ")"));
        RegistryUrls.redirectRefusal(current, next).ifPresent(reason -> {
            String message = reason + " (GET " + original + ")";
            throw refuse ? NpmRegistryException.refused(message) : new NpmRegistryException(message);
        });
        return Optional.of(next);
    }

    private HttpResponse<byte[]> send(URI uri, String accept, Optional<String> etag, long max, long deadline) {
        long remaining = deadline - System.nanoTime();
        if (remaining <= 0) {
            throw timedOut(uri);
        }
        HttpRequest.Builder request = HttpRequest.newBuilder(uri)
                .GET()
                .timeout(Duration.ofNanos(remaining))
                .header("Accept", accept)
                .header("Accept-Encoding", "gzip")
                .header("User-Agent", "waiaas");
        etag.ifPresent(tag -> request.header("If-None-Match", tag));
        authorize(request, uri);
        AtomicReference<CappedBody> subscriber = new AtomicReference<>();
        CompletableFuture<HttpResponse<byte[]>> future = client().sendAsync(request.build(), info -> {
            CappedBody body = CappedBody.forResponse(info, max);
            subscriber.set(body);
            return body;
        });
        try {
            return future.get(remaining, TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            abort(future, subscriber);
            throw timedOut(uri);
        } catch (InterruptedException e) {
            abort(future, subscriber);
            Thread.currentThread().interrupt();
            throw new NpmRegistryException("interrupted while asking the npm registry (GET " + uri + ")", e);
        } catch (ExecutionException e) {
            throw failure(uri, e.getCause() == null ? e : e.getCause(), max);
        }
    }

    private static void abort(CompletableFuture<?> future, AtomicReference<CappedBody> subscriber) {
        // Cancelling both the exchange and the body subscription closes the connection: a slow-drip registry
        // cannot keep a socket (or a thread) of ours busy after the deadline.
        future.cancel(true);
        CappedBody body = subscriber.get();
        if (body != null) {
            body.cancel();
        }
    }

    private NpmRegistryException timedOut(URI uri) {
        return new NpmRegistryException("npm registry did not answer within " + human(timeout) + " (GET " + uri + ")");
    }

    /** Add the registry's credentials to a request for {@code uri}, when it goes to the registry's own origin. */
    private void authorize(HttpRequest.Builder request, URI uri) {
        access.proxies().checkUsable();
        access.credentials().authorizationFor(uri).ifPresent(value -> request.header("Authorization", value));
        access.proxies()
                .routeFor(uri)
                .flatMap(RegistryProxies.Route::authorization)
                .ifPresent(value -> request.header("Proxy-Authorization", value));
    }

    /**
     * Return the failure for an answer with {@code status} other than the expected one; a 401 or 403 says which
     * registry refused and how to give it a token. {@code what} names what was asked for (may be empty).
     */
    NpmRegistryException statusFailure(int status, URI uri, String what) {
        if (status == 401 || status == 403) {
            return new NpmRegistryException(access.credentials().refusal(status, uri));
        }
        Optional<RegistryProxies.Route> proxy = access.proxies().routeFor(uri);
        if (status == 407 && proxy.isPresent()) {
            return new NpmRegistryException("the proxy " + proxy.get().display() + " refused "
                    + (proxy.get().authorization().isPresent() ? "its credentials" : "to forward without credentials")
                    + " (HTTP 407, GET " + uri + "): give them as http://user:password@host:port in "
                    + proxy.get().source());
        }
        return new NpmRegistryException(
                "npm registry answered HTTP " + status + what + " (GET " + uri + ")" + via(uri));
    }

    /** Return " through the proxy …" when requests to {@code uri} go through a proxy, else nothing. */
    private String via(URI uri) {
        return access.proxies()
                .routeFor(uri)
                .map(r -> " through the proxy " + r.display())
                .orElse("");
    }

    private NpmRegistryException failure(URI uri, Throwable cause, long max) {
        for (Throwable t = cause; t != null; t = t.getCause()) {
            if (t instanceof CappedBody.TooLarge) {
                return new NpmRegistryException(
                        "npm registry answer is larger than the " + max + "-byte cap (GET " + uri + ")", cause);
            }
        }
        Optional<RegistryProxies.Route> proxy = access.proxies().routeFor(uri);
        if (proxy.isPresent()) {
            return proxyFailure(uri, cause, proxy.get());
        }
        for (Throwable t = cause; t != null; t = t.getCause()) {
            if (t instanceof HttpConnectTimeoutException) {
                return new NpmRegistryException(
                        "could not connect to the npm registry at " + authority(uri) + " within " + human(timeout),
                        cause);
            }
            if (t instanceof HttpTimeoutException) {
                return timedOut(uri);
            }
            if (t instanceof ConnectException) {
                return new NpmRegistryException(
                        "could not connect to the npm registry at " + authority(uri) + " (connection refused)", cause);
            }
            if (t instanceof UnresolvedAddressException || t instanceof UnknownHostException) {
                return new NpmRegistryException("unknown npm registry host " + uri.getHost(), cause);
            }
            if (t instanceof SSLException) {
                return new NpmRegistryException(
                        "TLS failure talking to the npm registry at " + authority(uri) + ": " + t.getMessage(), cause);
            }
        }
        String detail = cause.getMessage() == null ? cause.getClass().getSimpleName() : cause.getMessage();
        return new NpmRegistryException("could not read from the npm registry (GET " + uri + "): " + detail, cause);
    }

    /** Name the proxy in a failure of a request that went through it: the proxy may be what failed. */
    private NpmRegistryException proxyFailure(URI uri, Throwable cause, RegistryProxies.Route proxy) {
        String target = "the npm registry at " + authority(uri);
        for (Throwable t = cause; t != null; t = t.getCause()) {
            if (t instanceof HttpConnectTimeoutException) {
                return new NpmRegistryException(
                        "could not connect to the proxy " + proxy.display() + " for " + target + " within "
                                + human(timeout),
                        cause);
            }
            if (t instanceof HttpTimeoutException) {
                return new NpmRegistryException(
                        "npm registry did not answer within " + human(timeout) + " (GET " + uri + ") through the proxy "
                                + proxy.display(),
                        cause);
            }
            if (t instanceof ConnectException) {
                return new NpmRegistryException(
                        "could not connect to the proxy " + proxy.display() + " for " + target
                                + " (connection refused)",
                        cause);
            }
            if (t instanceof UnresolvedAddressException || t instanceof UnknownHostException) {
                return new NpmRegistryException(
                        "unknown proxy host " + proxy.proxy().getHost() + " (" + proxy.source() + ")", cause);
            }
        }
        String detail = cause.getMessage() == null ? cause.getClass().getSimpleName() : cause.getMessage();
        return new NpmRegistryException(
                "could not reach " + target + " through the proxy " + proxy.display() + " (GET " + uri + "): " + detail,
                cause);
    }

    private static byte[] decode(HttpResponse<byte[]> response, long max, URI uri) {
        String encoding = response.headers()
                .firstValue("Content-Encoding")
                .orElse("identity")
                .strip()
                .toLowerCase(Locale.ROOT);
        if (encoding.equals("identity")) {
            return response.body();
        }
        if (!encoding.equals("gzip")) {
            throw new NpmRegistryException("npm registry answered with unsupported Content-Encoding "
                    + OneLine.quoted(encoding) + " (GET " + uri + ")");
        }
        // The cap applies to the decompressed size too: a small gzip bomb must not expand without bound.
        try (InputStream in = new GZIPInputStream(new ByteArrayInputStream(response.body()))) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            byte[] chunk = new byte[16 * 1024];
            for (int n; (n = in.read(chunk)) != -1; ) {
                if (out.size() + (long) n > max) {
                    throw new NpmRegistryException("npm registry answer is larger than the " + max
                            + "-byte cap once decompressed (GET " + uri + ")");
                }
                out.write(chunk, 0, n);
            }
            return out.toByteArray();
        } catch (IOException e) {
            throw new NpmRegistryException("npm registry sent a corrupt gzip body (GET " + uri + ")", e);
        }
    }

    private static URI resolve(URI from, String location) {
        try {
            return from.resolve(location.strip());
        } catch (IllegalArgumentException e) {
            throw new NpmRegistryException(
                    "npm registry redirected to an invalid location " + OneLine.quoted(location) + " (GET " + from
                            + ")",
                    e);
        }
    }

    private static String authority(URI uri) {
        return uri.getHost() + (uri.getPort() == -1 ? "" : ":" + uri.getPort());
    }

    static String human(Duration d) {
        return d.toMillis() % 1000 == 0 ? d.toSeconds() + " s" : d.toMillis() + " ms";
    }
}
