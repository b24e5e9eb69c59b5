package io.waiaas.adapters.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.waiaas.application.DaemonSettings;
import io.waiaas.application.HealthSnapshot;
import io.waiaas.application.port.in.ReportHealth;
import io.waiaas.application.port.out.Endpoint;
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
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Drives the real Helidon endpoint over a loopback socket. */
class HelidonEndpointIT {
    private static final ObjectMapper JSON = new ObjectMapper();

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
        assertEquals(List.of("status", "version", "latestVersion", "updateAvailable", "schemaVersion", "uptime",
                "timestamp"), keys);
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
        for (String path : List.of("/health", "/observe/health", "/observe/health/ready", "/nothing-here")) {
            assertEquals(403, get(port, path, "evil.example").status(), path);
            assertEquals(403, get(port, path, "evil.example:" + port).status(), path);
        }
        assertEquals(200, get(port, "/health", "[::1]:" + port).status());
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
        HealthSnapshot seen = HttpAdapters.daemonClient().health(port, Duration.ofSeconds(2)).orElseThrow();
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
        Endpoint.Listening listening = HttpAdapters.endpoint()
                .open(new DaemonSettings(hostname, port, Duration.ofSeconds(5)), health);
        open.add(listening);
        return listening.port();
    }

    private static Reply get(int port, String path, String host) throws IOException {
        try (Socket socket = new Socket("127.0.0.1", port)) {
            socket.setSoTimeout(5_000);
            OutputStream out = socket.getOutputStream();
            out.write(("GET " + path + " HTTP/1.1\r\nHost: " + host + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
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
            int length = 0;
            for (String line : head.toString().split("\r\n")) {
                if (line.toLowerCase().startsWith("content-length:")) {
                    length = Integer.parseInt(line.substring(15).trim());
                }
            }
            String body = new String(in.readNBytes(length), StandardCharsets.UTF_8);
            return new Reply(Integer.parseInt(head.substring(9, 12)), head.toString(), body);
        }
    }

    private record Reply(int status, String headers, String body) {}

    private static final class FixedHealth implements ReportHealth {
        volatile Optional<Version> latest = Optional.empty();
        volatile boolean ready = true;

        @Override
        public HealthSnapshot health() {
            return new HealthSnapshot(Version.parse("1.2.3"), latest, SchemaVersion.of(2), Duration.ofSeconds(42),
                    Instant.ofEpochSecond(1_700_000_000L));
        }

        @Override
        public boolean ready() {
            return ready;
        }
    }
}
