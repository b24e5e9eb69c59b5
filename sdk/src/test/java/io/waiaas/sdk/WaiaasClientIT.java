package io.waiaas.sdk;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/** The SDK's client against real loopback sockets: a daemon's answer, a stranger's answer, and silence. */
class WaiaasClientIT {
    private static final String BODY = "{\"status\":\"ok\",\"version\":\"1.2.0\",\"latestVersion\":null,"
            + "\"updateAvailable\":false,\"schemaVersion\":3,\"uptime\":5,\"timestamp\":1764140000}";

    @Test
    void readsTheHealthContractFromALoopbackDaemon() throws Exception {
        AtomicReference<String> request = new AtomicReference<>();
        try (OneAnswer server = new OneAnswer("200 OK", BODY, request)) {
            HealthResponse health = WaiaasClient.create(server.port()).health();
            assertEquals(new HealthResponse("ok", "1.2.0", null, false, 3, 5, 1_764_140_000L), health);
            assertTrue(request.get().startsWith("GET /health HTTP/1.1"), request.get());
        }
    }

    @Test
    void aStoppedDaemonIsOneClearLine() throws IOException {
        int port;
        try (ServerSocket free = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = free.getLocalPort();
        }
        WaiaasClientException e = assertThrows(
                WaiaasClientException.class, () -> WaiaasClient.create(port).health());
        assertEquals(
                "no waiaas daemon answers on 127.0.0.1:" + port + " (start it with: waiaas start -d)", e.getMessage());
        assertFalse(WaiaasClient.create(port).ready());
    }

    @Test
    void somethingElseOnThePortIsNamedAsSuch() throws Exception {
        try (OneAnswer server = new OneAnswer("200 OK", "<html>hello</html>", new AtomicReference<>())) {
            WaiaasClientException e = assertThrows(
                    WaiaasClientException.class,
                    () -> WaiaasClient.create(server.port()).health());
            assertEquals(
                    "127.0.0.1:" + server.port() + " answered /health with something other than waiaas's health"
                            + " response",
                    e.getMessage());
        }
        try (OneAnswer server = new OneAnswer("404 Not Found", "", new AtomicReference<>())) {
            WaiaasClientException e = assertThrows(
                    WaiaasClientException.class,
                    () -> WaiaasClient.create(server.port()).health());
            assertEquals(
                    "127.0.0.1:" + server.port() + " answered /health with HTTP 404, not a waiaas daemon's 200",
                    e.getMessage());
        }
    }

    @Test
    void aPortThatNeverAnswersTimesOut() throws Exception {
        try (ServerSocket silent = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            long t0 = System.nanoTime();
            assertThrows(
                    WaiaasClientException.class,
                    () -> WaiaasClient.create(silent.getLocalPort(), Duration.ofMillis(300))
                            .health());
            assertTrue(Duration.ofNanos(System.nanoTime() - t0).toSeconds() < 10);
        }
    }

    @Test
    void refusesPortsAndTimeoutsThatCannotBe() {
        assertThrows(IllegalArgumentException.class, () -> WaiaasClient.create(0));
        assertThrows(IllegalArgumentException.class, () -> WaiaasClient.create(65536));
        assertThrows(IllegalArgumentException.class, () -> WaiaasClient.create(3100, Duration.ZERO));
    }

    /** A loopback server that answers one HTTP request with a fixed status and body, then closes. */
    private static final class OneAnswer implements AutoCloseable {
        private final ServerSocket socket;
        private final Thread thread;

        OneAnswer(String status, String body, AtomicReference<String> request) throws IOException {
            socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
            thread = Thread.ofPlatform().daemon().start(() -> {
                try (Socket s = socket.accept()) {
                    InputStream in = s.getInputStream();
                    StringBuilder head = new StringBuilder();
                    while (!head.toString().endsWith("\r\n\r\n")) {
                        int b = in.read();
                        if (b < 0) {
                            break;
                        }
                        head.append((char) b);
                    }
                    request.set(head.toString());
                    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
                    OutputStream out = s.getOutputStream();
                    out.write(("HTTP/1.1 " + status + "\r\nContent-Type: application/json\r\nContent-Length: "
                                    + bytes.length + "\r\nConnection: close\r\n\r\n")
                            .getBytes(StandardCharsets.US_ASCII));
                    out.write(bytes);
                    out.flush();
                } catch (IOException e) {
                    // the test closed the server
                }
            });
        }

        int port() {
            return socket.getLocalPort();
        }

        @Override
        public void close() throws Exception {
            socket.close();
            thread.join(5000);
        }
    }
}
