package io.waiaas.application.testkit;

import com.sun.net.httpserver.Filter;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import io.waiaas.application.port.out.PackageSignature;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;
import javax.net.ssl.SSLContext;

/**
 * Serve {@link PublishedPackages} as an npm registry on {@code 127.0.0.1} (a free port), for tests.
 *
 * <p>Serves the dist-tags document ({@code GET /-/package/{name}/dist-tags}, with an ETag and 304 answers to a
 * matching {@code If-None-Match}), the abbreviated packument ({@code Accept: application/vnd.npm.install-v1+json})
 * and the full packument ({@code GET /{name}}), with scoped names URL-encoded as npm sends them
 * ({@code /@waiaas%2fcli}); the version manifest ({@code GET /{name}/{version}}) with extra package.json fields
 * such as the {@code waiaas} schema block; and attached tarballs at npm's tarball paths with their true
 * integrity, signatures ({@code dist.signatures}) and publish times, and the registry's signing keys at
 * {@code /-/npm/v1/keys} when {@link PublishedPackages#keys} were given (404 otherwise), so a real
 * {@code npm install --registry} works against it. Any path can be given a hostile
 * {@link Responder} instead. Counts requests, the response bytes it sent (status line, headers and body; chunk
 * framing excluded) and the responses cut short because the client hung up.
 */
public final class LoopbackRegistry implements AutoCloseable {
    /** The media type of npm's abbreviated packument. */
    public static final String ABBREVIATED = "application/vnd.npm.install-v1+json";

    /** Answer one request, possibly with hostile behaviour. */
    @FunctionalInterface
    public interface Responder {
        /** Answer {@code exchange} fully (status, headers, body). */
        void respond(HttpExchange exchange) throws IOException;
    }

    /**
     * One request as received.
     *
     * @param clientPort the port of the connection it came on: a proxy's outgoing one when it came through a proxy
     */
    public record Request(String method, String rawPath, Map<String, List<String>> headers, int clientPort) {
        /** Return the first value of request header {@code name}, or empty. */
        public Optional<String> header(String name) {
            return headers.entrySet().stream()
                    .filter(e ->
                            e.getKey().equalsIgnoreCase(name) && !e.getValue().isEmpty())
                    .map(e -> e.getValue().get(0))
                    .findFirst();
        }
    }

    private final PublishedPackages published;
    private final HttpServer server;
    private final ExecutorService executor;
    private final Map<String, Responder> overrides = new ConcurrentHashMap<>();
    private final List<Request> requests = new CopyOnWriteArrayList<>();
    private final AtomicLong responseBytes = new AtomicLong();
    private final AtomicLong hangUps = new AtomicLong();
    private volatile Optional<Integer> distTagsEndpointStatus = Optional.empty();

    private LoopbackRegistry(PublishedPackages published, Optional<SSLContext> tls) throws IOException {
        this.published = Objects.requireNonNull(published, "published");
        InetSocketAddress loopback = new InetSocketAddress(InetAddress.getLoopbackAddress(), 0);
        if (tls.isPresent()) {
            HttpsServer https = HttpsServer.create(loopback, 50);
            https.setHttpsConfigurator(new HttpsConfigurator(tls.get()));
            this.server = https;
        } else {
            this.server = HttpServer.create(loopback, 50);
        }
        this.executor = Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "loopback-registry");
            t.setDaemon(true);
            return t;
        });
        server.setExecutor(executor);
        server.createContext("/", this::handle).getFilters().add(new Counting());
        server.start();
    }

    /** Start a registry serving {@code published} on a free loopback port. */
    public static LoopbackRegistry serve(PublishedPackages published) {
        try {
            return new LoopbackRegistry(published, Optional.empty());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Start a registry serving {@code published} over https on a free loopback port, presenting {@code tls}. */
    public static LoopbackRegistry serveTls(PublishedPackages published, SSLContext tls) {
        try {
            return new LoopbackRegistry(published, Optional.of(tls));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Return a loopback URI on which nothing listens (a registry that is down). */
    public static URI closedPortUri() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return URI.create("http://127.0.0.1:" + socket.getLocalPort() + "/");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Return the registry's base URI, such as {@code http://127.0.0.1:41234/} (https when it serves TLS). */
    public URI uri() {
        String scheme = server instanceof HttpsServer ? "https" : "http";
        return URI.create(scheme + "://127.0.0.1:" + server.getAddress().getPort() + "/");
    }

    /** Return the port the registry listens on. */
    public int port() {
        return server.getAddress().getPort();
    }

    /** Answer the dist-tags endpoint with {@code status} (404 or 405), as registries without it do. */
    public LoopbackRegistry withoutDistTagsEndpoint(int status) {
        distTagsEndpointStatus = Optional.of(status);
        return this;
    }

    /** Answer requests for the raw path {@code rawPath} (such as {@code /@waiaas%2fcli}) with {@code responder}. */
    public LoopbackRegistry override(String rawPath, Responder responder) {
        overrides.put(rawPath, Objects.requireNonNull(responder, "responder"));
        return this;
    }

    /** Serve {@code body} at {@code rawPath}, such as a tarball. */
    public LoopbackRegistry putFile(String rawPath, byte[] body, String contentType) {
        byte[] copy = body.clone();
        return override(rawPath, exchange -> send(exchange, 200, contentType, copy));
    }

    /** Return the raw path of the dist-tags document of {@code packageName}. */
    public static String distTagsPath(String packageName) {
        return "/-/package/" + encode(packageName) + "/dist-tags";
    }

    /** The raw path of the registry's signing keys. */
    public static final String KEYS_PATH = "/-/npm/v1/keys";

    /** Return the raw path of the packument of {@code packageName}. */
    public static String packumentPath(String packageName) {
        return "/" + encode(packageName);
    }

    /** Return every request received so far, oldest first. */
    public List<Request> requests() {
        return List.copyOf(requests);
    }

    /** Return how many requests asked for {@code rawPath}. */
    public long requestsTo(String rawPath) {
        return requests.stream().filter(r -> r.rawPath().equals(rawPath)).count();
    }

    /** Return the response bytes sent so far: status lines, headers and bodies. */
    public long responseBytes() {
        return responseBytes.get();
    }

    /** Return how many responses could not be written to the end because the client hung up. */
    public long clientHangUps() {
        return hangUps.get();
    }

    /**
     * Wait until at least {@code count} responses were cut short by the client hanging up, or {@code timeout} passed;
     * tell whether they were.
     */
    public boolean awaitHangUps(long count, Duration timeout) {
        long end = System.nanoTime() + timeout.toNanos();
        while (hangUps.get() < count && System.nanoTime() - end < 0) {
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }
        return hangUps.get() >= count;
    }

    /** Forget the requests, bytes and hang-ups counted so far. */
    public void resetCounters() {
        requests.clear();
        responseBytes.set(0);
        hangUps.set(0);
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }

    // ---- canned responders for hostile registries ----

    /** Answer with {@code status} and a short text body. */
    public static Responder status(int status) {
        return exchange -> send(exchange, status, "text/plain", ("status " + status).getBytes(StandardCharsets.UTF_8));
    }

    /** Answer 200 with {@code body} of type {@code contentType}. */
    public static Responder body(String contentType, String body) {
        return exchange -> send(exchange, 200, contentType, body.getBytes(StandardCharsets.UTF_8));
    }

    /** Answer {@code status} with a {@code Location} header. */
    public static Responder redirect(int status, String location) {
        return exchange -> {
            exchange.getResponseHeaders().add("Location", location);
            exchange.sendResponseHeaders(status, -1);
            exchange.close();
        };
    }

    /** Accept the request and send nothing for {@code stall}. */
    public static Responder stallBeforeHeaders(Duration stall) {
        return exchange -> {
            sleep(stall);
            exchange.close();
        };
    }

    /** Send headers at once, then one body byte every {@code every} until {@code total} has passed. */
    public static Responder dripBody(Duration every, Duration total) {
        return exchange -> {
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, 0);
            long end = System.nanoTime() + total.toNanos();
            try (OutputStream out = exchange.getResponseBody()) {
                out.write('{');
                out.flush();
                while (System.nanoTime() < end && !Thread.currentThread().isInterrupted()) {
                    sleep(every);
                    out.write(' ');
                    out.flush();
                }
            } catch (IOException e) {
                // the client gave up: that is what the test wants
            }
        };
    }

    /** Send a JSON-looking body of {@code size} bytes, declaring its length or chunked. */
    public static Responder hugeBody(long size, boolean declareLength) {
        return exchange -> {
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, declareLength ? size : 0);
            byte[] chunk = new byte[64 * 1024];
            Arrays.fill(chunk, (byte) ' ');
            chunk[0] = '[';
            try (OutputStream out = exchange.getResponseBody()) {
                for (long sent = 0; sent < size; sent += chunk.length) {
                    out.write(chunk, 0, (int) Math.min(chunk.length, size - sent));
                    chunk[0] = ' ';
                }
            } catch (IOException e) {
                // the client hung up after its cap: that is what the test wants
            }
        };
    }

    // ---- the registry itself ----

    private void handle(HttpExchange exchange) throws IOException {
        String path = exchange.getRequestURI().getRawPath();
        Responder override = overrides.get(path);
        if (override != null) {
            override.respond(exchange);
            return;
        }
        if (!exchange.getRequestMethod().equals("GET")) {
            send(exchange, 405, "text/plain", bytes("method not allowed"));
            return;
        }
        if (path.startsWith("/-/package/") && path.endsWith("/dist-tags")) {
            if (distTagsEndpointStatus.isPresent()) {
                send(exchange, distTagsEndpointStatus.get(), "application/json", bytes("{\"error\":\"not found\"}"));
                return;
            }
            String name = decode(path.substring("/-/package/".length(), path.length() - "/dist-tags".length()));
            Optional<PublishedPackages.Published> pkg = published.find(name);
            if (pkg.isEmpty()) {
                send(exchange, 404, "application/json", bytes("{\"error\":\"Not found\"}"));
                return;
            }
            sendConditional(
                    exchange, "application/json", bytes(stringMap(pkg.get().distTags())));
            return;
        }
        if (path.equals(KEYS_PATH)) {
            Optional<List<RegistryKey>> keys = published.keys();
            if (keys.isEmpty()) {
                send(exchange, 404, "application/json", bytes("{\"error\":\"Not found\"}"));
            } else {
                StringBuilder json = new StringBuilder("{\"keys\":[");
                for (int i = 0; i < keys.get().size(); i++) {
                    json.append(i == 0 ? "" : ",").append(keys.get().get(i).json());
                }
                send(exchange, 200, "application/json", bytes(json.append("]}").toString()));
            }
            return;
        }
        if (path.contains("/-/") && path.endsWith(".tgz")) {
            String name = path.substring(1, path.indexOf("/-/"));
            String file = path.substring(path.indexOf("/-/") + 3);
            String shortName = name.substring(name.indexOf('/') + 1);
            String version = file.startsWith(shortName + "-")
                    ? file.substring(shortName.length() + 1, file.length() - ".tgz".length())
                    : "";
            Optional<byte[]> tarball = published
                    .find(name)
                    .flatMap(p -> p.servedTarball(version))
                    .filter(t -> path.equals(tarballPath(name, version)));
            if (tarball.isPresent()) {
                send(exchange, 200, "application/octet-stream", tarball.get());
            } else {
                send(exchange, 404, "application/json", bytes("{\"error\":\"Not found\"}"));
            }
            return;
        }
        String[] parts = path.substring(1).split("/", -1);
        Optional<PublishedPackages.Published> pkg = published.find(decode(parts[0]));
        if (parts.length == 2 && pkg.isPresent() && pkg.get().versions().contains(parts[1])) {
            // The version manifest, with every package.json field (such as the waiaas schema block).
            send(exchange, 200, "application/json", bytes(versionDoc(pkg.get(), parts[1], false)));
            return;
        }
        if (pkg.isEmpty() || parts.length != 1) {
            send(exchange, 404, "application/json", bytes("{\"error\":\"Not found\"}"));
            return;
        }
        boolean abbreviated = Optional.ofNullable(exchange.getRequestHeaders().getFirst("Accept"))
                .map(a -> a.contains(ABBREVIATED))
                .orElse(false);
        sendConditional(
                exchange, abbreviated ? ABBREVIATED : "application/json", bytes(packument(pkg.get(), abbreviated)));
    }

    private void sendConditional(HttpExchange exchange, String contentType, byte[] body) throws IOException {
        String etag = "\"" + HexFormat.of().formatHex(digest("SHA-256", body), 0, 16) + "\"";
        exchange.getResponseHeaders().add("ETag", etag);
        exchange.getResponseHeaders().add("Cache-Control", "public, max-age=300");
        if (etag.equals(exchange.getRequestHeaders().getFirst("If-None-Match"))) {
            exchange.sendResponseHeaders(304, -1);
            exchange.close();
            return;
        }
        send(exchange, 200, contentType, body);
    }

    private static void send(HttpExchange exchange, int status, String contentType, byte[] body) throws IOException {
        exchange.getResponseHeaders().add("Content-Type", contentType);
        exchange.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
        }
    }

    private String packument(PublishedPackages.Published pkg, boolean abbreviated) {
        StringBuilder json = new StringBuilder("{");
        json.append("\"name\":").append(quote(pkg.name()));
        json.append(",\"dist-tags\":").append(stringMap(pkg.distTags()));
        json.append(",\"versions\":{");
        for (int i = 0; i < pkg.versions().size(); i++) {
            String v = pkg.versions().get(i);
            json.append(i == 0 ? "" : ",").append(quote(v)).append(':').append(versionDoc(pkg, v, abbreviated));
        }
        json.append('}');
        if (!abbreviated) {
            json.append(",\"time\":{");
            for (int i = 0; i < pkg.versions().size(); i++) {
                String v = pkg.versions().get(i);
                json.append(i == 0 ? "" : ",").append(quote(v)).append(':').append(quote(npmTime(pkg.publishedAt(v))));
            }
            json.append("},\"readme\":").append(quote("# waiaas\n\n" + "A self-hosted daemon. ".repeat(100)));
        } else {
            json.append(",\"modified\":\"2026-11-26T00:00:00.000Z\"");
        }
        return json.append('}').toString();
    }

    /** Return the URL npm uses for the tarball of {@code name@version} (scope slash not encoded). */
    public String tarballUrl(String packageName, String version) {
        return uri() + tarballPath(packageName, version).substring(1);
    }

    /** Return the raw path of the tarball of {@code name@version}. */
    public static String tarballPath(String packageName, String version) {
        String shortName = packageName.substring(packageName.indexOf('/') + 1);
        return "/" + packageName + "/-/" + shortName + "-" + version + ".tgz";
    }

    private String versionDoc(PublishedPackages.Published pkg, String v, boolean abbreviated) {
        String shasum = pkg.shasum(v);
        StringBuilder json = new StringBuilder("{")
                .append("\"name\":")
                .append(quote(pkg.name()))
                .append(",\"version\":")
                .append(quote(v))
                .append(",\"dependencies\":{}")
                .append(",\"bin\":{\"waiaas\":\"bin/waiaas\"}")
                .append(",\"engines\":{\"node\":\">=20\"}")
                .append(",\"dist\":{\"integrity\":")
                .append(quote(pkg.integrity(v)))
                .append(",\"shasum\":")
                .append(quote(shasum))
                .append(",\"tarball\":")
                .append(quote(pkg.tarballUrl(v).orElse(tarballUrl(pkg.name(), v))))
                .append(",\"fileCount\":42,\"unpackedSize\":31415926");
        List<PackageSignature> signatures = pkg.signatures(v);
        if (!signatures.isEmpty()) {
            json.append(",\"signatures\":[");
            for (int i = 0; i < signatures.size(); i++) {
                json.append(i == 0 ? "" : ",")
                        .append("{\"keyid\":")
                        .append(quote(signatures.get(i).keyId()))
                        .append(",\"sig\":")
                        .append(quote(signatures.get(i).signature()))
                        .append('}');
            }
            json.append(']');
        }
        json.append('}');
        if (!abbreviated) {
            json.append(",\"description\":\"Self-hosted daemon with a self-updating CLI\"")
                    .append(",\"license\":\"Apache-2.0\"")
                    .append(",\"repository\":{\"type\":\"git\",\"url\":\"git+https://github.com/waiaas/waiaas.git\"}")
                    .append(",\"gitHead\":")
                    .append(quote(shasum))
                    .append(",\"_id\":")
                    .append(quote(pkg.name() + "@" + v))
                    .append(",\"_nodeVersion\":\"20.18.0\",\"_npmVersion\":\"10.8.2\"")
                    .append(",\"_npmUser\":{\"name\":\"waiaas-bot\",\"email\":\"bot@waiaas.invalid\"}")
                    .append(",\"maintainers\":[{\"name\":\"waiaas-bot\",\"email\":\"bot@waiaas.invalid\"}]");
            if (!pkg.tarballs().containsKey(v)) {
                // Bulk typical of a real manifest; left out where a real tarball is attached, because a real
                // npm install would run this script, which that package does not have.
                json.append(",\"scripts\":{\"postinstall\":\"node scripts/check-java.js\"}");
            }
            pkg.manifestFields(v)
                    .forEach((field, raw) ->
                            json.append(',').append(quote(field)).append(':').append(raw));
        }
        return json.append('}').toString();
    }

    /** Format {@code instant} as npm's packument {@code time} does: UTC with milliseconds. */
    private static String npmTime(Instant instant) {
        return DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSS'Z'", Locale.ROOT)
                .withZone(ZoneOffset.UTC)
                .format(instant);
    }

    private static String stringMap(Map<String, String> map) {
        StringBuilder json = new StringBuilder("{");
        map.forEach((k, v) -> json.append(json.length() == 1 ? "" : ",")
                .append(quote(k))
                .append(':')
                .append(quote(v)));
        return json.append('}').toString();
    }

    private static String quote(String text) {
        StringBuilder out = new StringBuilder("\"");
        for (char c : text.toCharArray()) {
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                default -> {
                    if (c < 0x20) {
                        out.append(String.format(Locale.ROOT, "\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        return out.append('"').toString();
    }

    private static String encode(String packageName) {
        return packageName.replace("/", "%2f");
    }

    private static String decode(String rawName) {
        return rawName.replace("%2f", "/").replace("%2F", "/");
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    private static byte[] digest(String algorithm, byte[] data) {
        try {
            return MessageDigest.getInstance(algorithm).digest(data);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void sleep(Duration duration) {
        try {
            Thread.sleep(duration);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Count requests and response bytes around every handler. */
    private final class Counting extends Filter {
        @Override
        public void doFilter(HttpExchange exchange, Chain chain) throws IOException {
            requests.add(new Request(
                    exchange.getRequestMethod(),
                    exchange.getRequestURI().getRawPath(),
                    Map.copyOf(exchange.getRequestHeaders()),
                    exchange.getRemoteAddress().getPort()));
            exchange.setStreams(null, new FilterOutputStream(exchange.getResponseBody()) {
                private boolean hungUp;

                @Override
                public void write(int b) throws IOException {
                    write(new byte[] {(byte) b}, 0, 1);
                }

                @Override
                public void write(byte[] b, int off, int len) throws IOException {
                    try {
                        out.write(b, off, len);
                    } catch (IOException e) {
                        hangUp();
                        throw e;
                    }
                    responseBytes.addAndGet(len);
                }

                @Override
                public void flush() throws IOException {
                    try {
                        out.flush();
                    } catch (IOException e) {
                        hangUp();
                        throw e;
                    }
                }

                private void hangUp() {
                    if (!hungUp) {
                        hungUp = true;
                        hangUps.incrementAndGet();
                    }
                }
            });
            try {
                chain.doFilter(exchange);
            } finally {
                int status = exchange.getResponseCode();
                if (status > 0) {
                    long head = ("HTTP/1.1 " + status + " XX\r\n\r\n").length();
                    for (Map.Entry<String, List<String>> h :
                            new ArrayList<>(exchange.getResponseHeaders().entrySet())) {
                        for (String value : h.getValue()) {
                            head += h.getKey().length() + 2 + value.length() + 2;
                        }
                    }
                    responseBytes.addAndGet(head);
                }
            }
        }

        @Override
        public String description() {
            return "counts requests and response bytes";
        }
    }
}
