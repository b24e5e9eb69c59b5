package io.waiaas.adapters.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.waiaas.application.port.in.MetricsSnapshot;
import io.waiaas.application.port.in.ReadMetrics;
import io.waiaas.application.port.out.DaemonSettings;
import io.waiaas.application.port.out.Endpoint;
import io.waiaas.application.testkit.ReliabilityLedger;
import io.waiaas.domain.HealthSnapshot;
import io.waiaas.domain.SchemaVersion;
import io.waiaas.domain.Version;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Drives the real Helidon endpoint over a loopback socket. */
class HelidonEndpointIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    /** The metrics of a daemon that knows only its own version (PrometheusMetricsIT reads the rest). */
    static final ReadMetrics METRICS = () -> new MetricsSnapshot(
            Version.parse("1.2.3"),
            Optional.empty(),
            Optional.empty(),
            Optional.empty(),
            Optional.empty(),
            Optional.empty());

    private final FixedHealth health = new FixedHealth();
    private final List<Endpoint.Listening> open = new ArrayList<>();

    @AfterEach
    void closeAll() {
        open.forEach(Endpoint.Listening::close);
    }

    @Test
    void healthHasTheSevenKeysInOrderWithTheirJsonTypes() throws IOException {
        int port = open("127.0.0.1");
        Reply reply = get(port, "/health", "127.0.0.1:" + port);
        assertEquals(200, reply.status());
        assertTrue(reply.headers().toLowerCase().contains("content-type: application/json"), reply.headers());
        JsonNode body = JSON.readTree(reply.body());
        List<String> keys = new ArrayList<>();
        body.fieldNames().forEachRemaining(keys::add);
        assertEquals(
                List.of(
                        "status",
                        "version",
                        "latestVersion",
                        "updateAvailable",
                        "schemaVersion",
                        "uptime",
                        "timestamp"),
                keys);
        assertEquals("ok", body.get("status").textValue());
        assertEquals("1.2.3", body.get("version").textValue());
        assertTrue(body.get("latestVersion").isNull());
        assertTrue(body.get("updateAvailable").isBoolean());
        assertFalse(body.get("updateAvailable").booleanValue());
        assertTrue(body.get("schemaVersion").isInt());
        assertEquals(2, body.get("schemaVersion").intValue());
        assertTrue(body.get("uptime").canConvertToLong() && body.get("uptime").isIntegralNumber());
        assertEquals(42, body.get("uptime").longValue());
        assertEquals(1_700_000_000L, body.get("timestamp").longValue());
    }

    @Test
    void healthReportsANewerReleaseAsAnUpdate() throws IOException {
        health.latest = Optional.of(Version.parse("1.10.0"));
        int port = open("127.0.0.1");
        JsonNode body = JSON.readTree(get(port, "/health", "localhost:" + port).body());
        assertEquals("1.10.0", body.get("latestVersion").textValue());
        assertTrue(body.get("updateAvailable").booleanValue());
    }

    @Test
    void servesTheGeneratedOpenApiDocumentBehindTheHostGuard() throws IOException {
        int port = open("127.0.0.1");
        Reply reply = get(port, "/openapi.json", "127.0.0.1:" + port);
        assertEquals(200, reply.status());
        JsonNode doc = JSON.readTree(reply.body());
        assertEquals("1.2.3", doc.at("/info/version").textValue());
        assertEquals(OpenApiDocument.document("1.2.3"), doc);
        assertEquals(403, get(port, "/openapi.json", "evil.example").status());
    }

    @Test
    void refusesAForeignHostHeaderOnEveryRoute() throws IOException {
        int port = open("127.0.0.1");
        for (String path :
                List.of("/health", "/metrics", "/observe/health", "/observe/health/ready", "/nothing-here")) {
            assertEquals(403, get(port, path, "evil.example").status(), path);
            assertEquals(403, get(port, path, "evil.example:" + port).status(), path);
        }
        assertEquals(200, get(port, "/health", "[::1]:" + port).status());
    }

    /** Every route the daemon serves, and paths that only look like one. */
    private static final List<String> ROUTES = List.of(
            "/health",
            "/openapi.json",
            "/metrics",
            "/observe/health",
            "/observe/health/live",
            "/observe/health/ready",
            "/nothing-here",
            "/health/../openapi.json",
            "/health?x=1");

    /** Host headers a DNS-rebinding page (or a confused proxy) would send; {@code PORT} is the daemon's port. */
    private static final List<String> FOREIGN_HOSTS = List.of(
            "evil.example",
            "evil.example:PORT",
            "127.0.0.1.evil.example",
            "127.0.0.1.evil.example:PORT",
            "localhost.evil.example",
            "localhost.:PORT",
            "127.0.0.1.nip.io",
            "0.0.0.0:PORT",
            "127.0.0.2:PORT",
            "[::2]:PORT",
            "[::1].evil.example",
            "localhost@evil.example",
            "evil.example#localhost",
            "LOCALHOST.EVIL.EXAMPLE",
            "");

    static Stream<String> foreignHosts() {
        return FOREIGN_HOSTS.stream();
    }

    @ParameterizedTest(name = "Host: \"{0}\"")
    @MethodSource("foreignHosts")
    void refusesAForeignHostOnEveryRouteAndMethod(String host) throws IOException {
        String header = host.replace("PORT", Integer.toString(sharedPort));
        ReliabilityLedger.hostileInputOfCallingTest("Host: " + header);
        for (String route : ROUTES) {
            for (String method : List.of("GET", "POST", "HEAD")) {
                Reply reply = send(
                        sharedPort,
                        method + " " + route + " HTTP/1.1\r\nHost: " + header
                                + "\r\nContent-Length: 0\r\nConnection: close\r\n\r\n");
                assertTrue(
                        reply.status() == 403 || reply.status() == 400,
                        reply.status() + " for " + method + " " + route + " Host: " + header);
                assertNoPathOrSecret(reply.headers() + reply.body());
            }
        }
    }

    @Test
    void refusesARequestWithoutAHostHeader() throws IOException {
        int port = open("127.0.0.1");
        // HTTP/1.0 needs no Host header: the server refuses the version itself (505) or the guard does (403).
        Reply reply = send(port, "GET /health HTTP/1.0\r\n\r\n");
        assertTrue(reply.status() == 403 || reply.status() == 505, Integer.toString(reply.status()));
        Reply noHost11 = send(port, "GET /health HTTP/1.1\r\nConnection: close\r\n\r\n");
        assertTrue(noHost11.status() == 403 || noHost11.status() == 400, Integer.toString(noHost11.status()));
    }

    /** Malformed or unexpected requests from a loopback client: each answer names no path and leaks nothing. */
    static Stream<String> oddRequests() {
        return Stream.of(
                "GET /%zz HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n",
                "GET /../../../etc/passwd HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n",
                "GET /health%00.json HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n",
                "DELETE /health HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n",
                "POST /health HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
                        + "Content-Length: 5\r\nConnection: close\r\n\r\n{bad!",
                "GET /" + "a".repeat(20_000) + " HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n",
                "GET /health HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Big: " + "b".repeat(20_000)
                        + "\r\nConnection: close\r\n\r\n",
                "GET /health HTTP/9.9\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n",
                "BREW /health HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n");
    }

    @ParameterizedTest
    @MethodSource("oddRequests")
    void answersOddRequestsWithoutAPathOrAStackTrace(String request) throws IOException {
        int port = sharedPort;
        ReliabilityLedger.hostileInputOfCallingTest(
                request.lines().findFirst().orElse("").replaceAll("(.)\\1{50,}", "$1..."));
        Reply reply;
        try {
            reply = send(port, request);
        } catch (IOException e) {
            // Closing the connection on garbage is an answer too: it says nothing at all.
            return;
        }
        assertFalse(reply.status() == 200 && !request.startsWith("GET /health HTTP/1.1"), reply.headers());
        assertNoPathOrSecret(reply.headers() + reply.body());
    }

    @Test
    void healthAndItsDocumentNameNoPath() throws IOException {
        int port = sharedPort;
        for (String route : List.of("/health", "/openapi.json", "/metrics", "/observe/health")) {
            Reply reply = get(port, route, "127.0.0.1:" + port);
            assertTrue(reply.status() / 100 == 2, route + ": " + reply.status());
            assertNoPathOrSecret(reply.headers() + reply.body());
        }
    }

    /** Assert that {@code text} holds no filesystem path of this machine and no stack trace. */
    static void assertNoPathOrSecret(String text) {
        for (String property : List.of("user.dir", "user.home", "java.home", "java.io.tmpdir")) {
            String path = System.getProperty(property);
            if (path != null && path.length() > 1) {
                assertFalse(text.contains(path), property + " (" + path + ") in: " + text);
            }
        }
        assertFalse(PATH_LIKE.matcher(text).find(), "a filesystem path in: " + text);
        assertFalse(text.contains("Exception") || text.contains("\tat "), "a stack trace in: " + text);
    }

    private static final Pattern PATH_LIKE =
            Pattern.compile("(?<![\\w.])/(?:tmp|home|root|usr|var|opt|proc|work|srv|nix|private)/");

    private static Endpoint.Listening shared;
    private static int sharedPort;

    /** One endpoint on 127.0.0.1 for the tables of hostile requests, which change nothing in it. */
    @BeforeAll
    static void openShared() {
        shared = HttpAdapters.endpoint(METRICS)
                .open(new DaemonSettings("127.0.0.1", 0, Duration.ofSeconds(5)), new FixedHealth());
        sharedPort = shared.port();
    }

    @AfterAll
    static void closeShared() {
        shared.close();
    }

    @Test
    void allInterfacesLiftTheHostGuard() throws IOException {
        int port = open("0.0.0.0");
        assertEquals(200, get(port, "/health", "waiaas.internal:" + port).status());
    }

    @Test
    void readinessFollowsTheApplication() throws IOException {
        int port = open("127.0.0.1");
        String host = "127.0.0.1:" + port;
        assertTrue(get(port, "/observe/health/ready", host).status() / 100 == 2);
        health.ready = false;
        assertEquals(503, get(port, "/observe/health/ready", host).status());
        assertTrue(get(port, "/observe/health/live", host).status() / 100 == 2);
    }

    @Test
    void theDaemonClientReadsWhatTheServerWrites() {
        health.latest = Optional.of(Version.parse("2.0.0-rc.1"));
        int port = open("127.0.0.1");
        HealthSnapshot seen =
                HttpAdapters.daemonClient().health(port, Duration.ofSeconds(2)).orElseThrow();
        assertEquals(health.health(), seen);
    }

    @Test
    void theDaemonClientSaysNothingWhenNoDaemonListens() throws IOException {
        int port;
        try (var socket = new java.net.ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        assertEquals(Optional.empty(), HttpAdapters.daemonClient().health(port, Duration.ofMillis(500)));
        assertFalse(HttpAdapters.daemonClient().ready(port, Duration.ofMillis(500)));
    }

    @Test
    void theDaemonClientSeesReadinessGoDownWhileHealthKeepsAnswering() {
        int port = open("127.0.0.1");
        var client = HttpAdapters.daemonClient();
        assertTrue(client.ready(port, Duration.ofSeconds(2)));
        health.ready = false;
        assertFalse(client.ready(port, Duration.ofSeconds(2)));
        assertEquals(health.health(), client.health(port, Duration.ofSeconds(2)).orElseThrow());
        health.ready = true;
        assertTrue(client.ready(port, Duration.ofSeconds(2)));
    }

    @Test
    void aTakenPortIsOneClearError() {
        int port = open("127.0.0.1");
        HttpAdapterException e = assertThrows(HttpAdapterException.class, () -> open("127.0.0.1", port));
        assertTrue(e.getMessage().startsWith("cannot listen on 127.0.0.1:" + port), e.getMessage());
    }

    private int open(String hostname) {
        return open(hostname, 0);
    }

    private int open(String hostname, int port) {
        Endpoint.Listening listening =
                HttpAdapters.endpoint(METRICS).open(new DaemonSettings(hostname, port, Duration.ofSeconds(5)), health);
        open.add(listening);
        return listening.port();
    }

    /** Send a GET of {@code path} with {@code host} as the Host header over a raw socket and read the reply. */
    static Reply get(int port, String path, String host) throws IOException {
        return send(port, "GET " + path + " HTTP/1.1\r\nHost: " + host + "\r\nConnection: close\r\n\r\n");
    }

    /** Send {@code request} as is and read one response (by Content-Length, else to the end of the stream). */
    private static Reply send(int port, String request) throws IOException {
        try (Socket socket = new Socket("127.0.0.1", port)) {
            socket.setSoTimeout(5_000);
            OutputStream out = socket.getOutputStream();
            out.write(request.getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
            InputStream in = socket.getInputStream();
            StringBuilder head = new StringBuilder();
            while (!head.toString().endsWith("\r\n\r\n")) {
                int b = in.read();
                if (b < 0) {
                    throw new IOException("connection closed in the response head: " + head);
                }
                head.append((char) b);
            }
            int length = -1;
            for (String line : head.toString().split("\r\n")) {
                if (line.toLowerCase().startsWith("content-length:")) {
                    length = Integer.parseInt(line.substring(15).trim());
                }
            }
            boolean chunked = head.toString().toLowerCase().contains("transfer-encoding: chunked");
            byte[] body = length >= 0 ? in.readNBytes(length) : chunked ? readChunks(in) : readToEnd(in);
            return new Reply(
                    Integer.parseInt(head.substring(9, 12)), head.toString(), new String(body, StandardCharsets.UTF_8));
        }
    }

    private static byte[] readChunks(InputStream in) throws IOException {
        java.io.ByteArrayOutputStream body = new java.io.ByteArrayOutputStream();
        while (true) {
            StringBuilder line = new StringBuilder();
            for (int b; (b = in.read()) != '\n'; ) {
                if (b < 0) {
                    return body.toByteArray();
                }
                line.append((char) b);
            }
            int size = Integer.parseInt(line.toString().strip().split(";")[0], 16);
            if (size == 0) {
                return body.toByteArray();
            }
            body.write(in.readNBytes(size));
            in.readNBytes(2);
        }
    }

    private static byte[] readToEnd(InputStream in) throws IOException {
        try {
            return in.readAllBytes();
        } catch (java.net.SocketTimeoutException e) {
            return new byte[0];
        }
    }

    record Reply(int status, String headers, String body) {}

    /** A health of version 1.2.3, ready; PrometheusMetricsIT serves it too. */
    static final class FixedHealth implements Endpoint.Served {
        volatile Optional<Version> latest = Optional.empty();
        volatile boolean ready = true;

        @Override
        public HealthSnapshot health() {
            return new HealthSnapshot(
                    Version.parse("1.2.3"),
                    latest,
                    SchemaVersion.of(2),
                    Duration.ofSeconds(42),
                    Instant.ofEpochSecond(1_700_000_000L));
        }

        @Override
        public boolean ready() {
            return ready;
        }
    }
}
