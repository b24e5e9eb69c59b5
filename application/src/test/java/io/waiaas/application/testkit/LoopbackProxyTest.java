package io.waiaas.application.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The test proxy forwards to loopback targets, records what it saw, and refuses anything else unconnected. */
@Timeout(30)
class LoopbackProxyTest {

    @Test
    void forwardsAnAbsoluteFormRequestToALoopbackTargetAndRecordsIt() throws IOException {
        PublishedPackages published = new PublishedPackages().publish("@waiaas/cli", "1.0.0");
        try (LoopbackRegistry registry = LoopbackRegistry.serve(published);
                LoopbackProxy proxy = LoopbackProxy.start(InetAddress.getLoopbackAddress())) {
            String target = registry.uri() + "-/package/@waiaas%2fcli/dist-tags";

            String answer = ask(
                    proxy,
                    "GET " + target + " HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer t\r\n"
                            + "Proxy-Authorization: Basic eDp5\r\n\r\n");

            assertTrue(answer.startsWith("HTTP/1.1 200"), answer);
            assertEquals(List.of(new LoopbackProxy.Seen("GET", target, true, "Basic eDp5")), proxy.seen());
            assertEquals(1, registry.requests().size());
            assertTrue(
                    registry.requests().getFirst().header("Proxy-Authorization").isEmpty());
        }
    }

    @Test
    void refusesATargetOffLoopbackWithoutConnectingToIt() throws IOException {
        try (LoopbackProxy proxy = LoopbackProxy.start(InetAddress.getLoopbackAddress())) {
            // 203.0.113.0/24 is documentation space: the proxy must refuse it before any connection is tried.
            assertTrue(ask(proxy, "GET http://203.0.113.7/x HTTP/1.1\r\nHost: 203.0.113.7\r\n\r\n")
                    .startsWith("HTTP/1.1 403"));
            assertTrue(ask(proxy, "CONNECT 203.0.113.7:443 HTTP/1.1\r\nHost: 203.0.113.7\r\n\r\n")
                    .startsWith("HTTP/1.1 403"));
        }
    }

    @Test
    void listensOnLoopbackOnly() {
        assertThrows(IllegalArgumentException.class, () -> LoopbackProxy.start(InetAddress.getByAddress(new byte[4])));
    }

    private static String ask(LoopbackProxy proxy, String request) throws IOException {
        try (Socket socket = new Socket(proxy.uri().getHost(), proxy.uri().getPort())) {
            socket.setSoTimeout(10_000);
            socket.getOutputStream().write(request.getBytes(StandardCharsets.ISO_8859_1));
            socket.getOutputStream().flush();
            InputStream in = socket.getInputStream();
            return new String(in.readAllBytes(), StandardCharsets.ISO_8859_1);
        }
    }
}
