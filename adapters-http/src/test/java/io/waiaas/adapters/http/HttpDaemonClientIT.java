package io.waiaas.adapters.http;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.waiaas.application.port.out.DaemonClient;
import io.waiaas.application.port.out.DaemonSettings;
import io.waiaas.application.port.out.Endpoint;
import io.waiaas.application.testkit.DaemonClientContract;
import io.waiaas.domain.HealthSnapshot;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Runs the {@link DaemonClientContract} against the real HTTP client: a real Helidon endpoint as the daemon, and
 * plain loopback sockets for the ports where something else, or nothing, answers.
 */
class HttpDaemonClientIT implements DaemonClientContract {
    private final List<Endpoint.Listening> daemons = new ArrayList<>();
    private final List<ServerSocket> sockets = new ArrayList<>();

    @AfterEach
    void closeEverything() throws IOException {
        daemons.forEach(Endpoint.Listening::close);
        for (ServerSocket socket : sockets) {
            socket.close();
        }
    }

    @Override
    public DaemonClient newClient() {
        return HttpAdapters.daemonClient();
    }

    @Override
    public int serving(HealthSnapshot snapshot) {
        Endpoint.Listening listening = HttpAdapters.endpoint(HelidonEndpointIT.METRICS)
                .open(new DaemonSettings("127.0.0.1", 0, Duration.ofSeconds(5)), new FixedHealth(snapshot));
        daemons.add(listening);
        return listening.port();
    }

    @Override
    public int nothingListening() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public int answeringGarbage() {
        return answering("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 9\r\n"
                + "Connection: close\r\n\r\nnot json!");
    }

    @Override
    public int acceptingButSilent() {
        // Never accepted: the kernel completes the handshake from the backlog and nothing ever answers.
        return listen().getLocalPort();
    }

    @Test
    void findsNoDaemonWhereAServerAnswersSomethingThatIsNotHttp() {
        assertEquals(Optional.empty(), newClient().health(answering("SSH-2.0-OpenSSH_9.6\r\n"), TIMEOUT));
    }

    @Test
    void findsNoDaemonWhenTheHealthIsNotOk() {
        String body = "{\"status\":\"ok\",\"version\":\"1.9.0\",\"latestVersion\":null,\"updateAvailable\":false,"
                + "\"schemaVersion\":2,\"uptime\":1,\"timestamp\":1}";
        assertEquals(
                Optional.empty(),
                newClient()
                        .health(
                                answering("HTTP/1.1 503 Service Unavailable\r\n"
                                        + "Content-Type: application/json\r\nContent-Length: " + body.length() + "\r\n"
                                        + "Connection: close\r\n\r\n" + body),
                                TIMEOUT));
    }

    @Test
    void findsNoDaemonWhenTheHealthNamesAnInvalidVersion() {
        String body = "{\"status\":\"ok\",\"version\":\"1.9\",\"latestVersion\":null,\"updateAvailable\":false,"
                + "\"schemaVersion\":2,\"uptime\":1,\"timestamp\":1}";
        assertEquals(
                Optional.empty(),
                newClient()
                        .health(
                                answering("HTTP/1.1 200 OK\r\n"
                                        + "Content-Type: application/json\r\nContent-Length: " + body.length() + "\r\n"
                                        + "Connection: close\r\n\r\n" + body),
                                TIMEOUT));
    }

    @Test
    void readsAHealthWithKeysItDoesNotKnow() {
        String body = "{\"status\":\"ok\",\"version\":\"1.9.0\",\"latestVersion\":\"1.10.0\",\"updateAvailable\":true,"
                + "\"schemaVersion\":2,\"uptime\":3600,\"timestamp\":1795672800,\"addedInANewerRelease\":[1,2]}";
        int port = answering("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: " + body.length()
                + "\r\nConnection: close\r\n\r\n" + body);
        assertEquals(Optional.of(DaemonClientContract.aSnapshot()), newClient().health(port, TIMEOUT));
    }

    private ServerSocket listen() {
        try {
            ServerSocket socket = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
            sockets.add(socket);
            return socket;
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Serve {@code reply} to every connection, after reading the request head, until the test ends. */
    private int answering(String reply) {
        ServerSocket server = listen();
        Thread.ofVirtual().start(() -> {
            while (!server.isClosed()) {
                try (Socket socket = server.accept()) {
                    socket.setSoTimeout(5_000);
                    readHead(socket.getInputStream());
                    OutputStream out = socket.getOutputStream();
                    out.write(reply.getBytes(StandardCharsets.UTF_8));
                    out.flush();
                } catch (SocketException closed) {
                    return;
                } catch (IOException e) {
                    // A client that gave up; serve the next one.
                }
            }
        });
        return server.getLocalPort();
    }

    private static void readHead(InputStream in) throws IOException {
        int matched = 0;
        byte[] end = {'\r', '\n', '\r', '\n'};
        while (matched < end.length) {
            int b = in.read();
            if (b < 0) {
                return;
            }
            matched = b == end[matched] ? matched + 1 : (b == '\r' ? 1 : 0);
        }
    }

    private record FixedHealth(HealthSnapshot snapshot) implements Endpoint.Served {
        @Override
        public HealthSnapshot health() {
            return snapshot;
        }

        @Override
        public boolean ready() {
            return true;
        }
    }
}
