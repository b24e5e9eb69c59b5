package io.waiaas.application.testkit;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * A forward HTTP proxy on a loopback port, for proxy tests: it forwards absolute-form requests
 * ({@code GET http://host:port/path}) and tunnels {@code CONNECT host:port}, only ever to loopback addresses, and
 * records every request it sees. Anything aimed elsewhere is answered 403 and never connected to.
 */
public final class LoopbackProxy implements AutoCloseable {
    private static final int TIMEOUT_MILLIS = 30_000;

    /**
     * One request the proxy saw: its method, its target ({@code http://…} or {@code host:port}), whether it carried
     * an {@code Authorization} for the origin, and its {@code Proxy-Authorization} (empty when none).
     */
    public record Seen(String method, String target, boolean authorized, String proxyAuthorization) {}

    private final ServerSocket server;
    private final ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor();
    private final List<Seen> seen = new CopyOnWriteArrayList<>();
    private final List<Integer> upstreamPorts = new CopyOnWriteArrayList<>();

    private LoopbackProxy(ServerSocket server) {
        this.server = server;
        threads.submit(this::acceptLoop);
    }

    /** Start a proxy on {@code address} (a loopback address), on a free port. */
    public static LoopbackProxy start(InetAddress address) {
        if (!address.isLoopbackAddress()) {
            throw new IllegalArgumentException("a test proxy listens on loopback only: " + address);
        }
        try {
            ServerSocket server = new ServerSocket();
            server.bind(new InetSocketAddress(address, 0), 50);
            return new LoopbackProxy(server);
        } catch (IOException e) {
            throw new IllegalStateException("could not start the test proxy", e);
        }
    }

    /** Return the proxy's URL, {@code http://address:port}. */
    public URI uri() {
        String host = server.getInetAddress().getHostAddress();
        return URI.create("http://" + (host.contains(":") ? "[" + host + "]" : host) + ":" + server.getLocalPort());
    }

    /** Return every request seen so far, in order. */
    public List<Seen> seen() {
        return List.copyOf(seen);
    }

    /**
     * Return the local ports of every connection the proxy opened to a server (a tunnel's or a forwarded request's):
     * a request a server received from another port did not come through this proxy.
     */
    public List<Integer> upstreamPorts() {
        return List.copyOf(upstreamPorts);
    }

    private void acceptLoop() {
        while (!server.isClosed()) {
            try {
                Socket client = server.accept();
                threads.submit(() -> serve(client));
            } catch (IOException e) {
                return;
            }
        }
    }

    private void serve(Socket client) {
        try (client) {
            client.setSoTimeout(TIMEOUT_MILLIS);
            InputStream in = client.getInputStream();
            OutputStream out = client.getOutputStream();
            String head = readHead(in);
            if (head.isEmpty()) {
                return;
            }
            String[] lines = head.split("\r\n");
            String[] requestLine = lines[0].split(" ");
            if (requestLine.length != 3) {
                respond(out, 400);
                return;
            }
            String method = requestLine[0];
            String target = requestLine[1];
            boolean authorized = false;
            String proxyAuthorization = "";
            List<String> headers = new ArrayList<>();
            for (int i = 1; i < lines.length; i++) {
                String lower = lines[i].toLowerCase(Locale.ROOT);
                if (lower.startsWith("authorization:")) {
                    authorized = true;
                }
                if (lower.startsWith("proxy-authorization:")) {
                    proxyAuthorization =
                            lines[i].substring(lines[i].indexOf(':') + 1).strip();
                }
                if (!lower.startsWith("connection:")
                        && !lower.startsWith("proxy-connection:")
                        && !lower.startsWith("proxy-authorization:")) {
                    headers.add(lines[i]);
                }
            }
            seen.add(new Seen(method, target, authorized, proxyAuthorization));
            if (method.equals("CONNECT")) {
                tunnel(client, out, target);
            } else {
                forward(in, out, method, URI.create(target), headers);
            }
        } catch (IOException | RuntimeException e) {
            // The client went away, or sent something this small proxy does not speak.
        }
    }

    private void tunnel(Socket client, OutputStream out, String target) throws IOException {
        int colon = target.lastIndexOf(':');
        InetAddress address = InetAddress.getByName(
                target.substring(0, colon).replace("[", "").replace("]", ""));
        if (!address.isLoopbackAddress()) {
            respond(out, 403);
            return;
        }
        try (Socket upstream = new Socket(address, Integer.parseInt(target.substring(colon + 1)))) {
            upstreamPorts.add(upstream.getLocalPort());
            out.write("HTTP/1.1 200 Connection established\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            out.flush();
            var up = threads.submit(() -> pipe(client.getInputStream(), upstream.getOutputStream()));
            pipe(upstream.getInputStream(), out);
            up.cancel(true);
        }
    }

    private void forward(InputStream in, OutputStream out, String method, URI target, List<String> headers)
            throws IOException {
        if (!"http".equalsIgnoreCase(target.getScheme()) || target.getHost() == null) {
            respond(out, 400);
            return;
        }
        InetAddress address =
                InetAddress.getByName(target.getHost().replace("[", "").replace("]", ""));
        if (!address.isLoopbackAddress()) {
            respond(out, 403);
            return;
        }
        int port = target.getPort() == -1 ? 80 : target.getPort();
        try (Socket upstream = new Socket(address, port)) {
            upstreamPorts.add(upstream.getLocalPort());
            upstream.setSoTimeout(TIMEOUT_MILLIS);
            StringBuilder request = new StringBuilder()
                    .append(method)
                    .append(' ')
                    .append(target.getRawPath().isEmpty() ? "/" : target.getRawPath())
                    .append(target.getRawQuery() == null ? "" : "?" + target.getRawQuery())
                    .append(" HTTP/1.1\r\n");
            headers.forEach(h -> request.append(h).append("\r\n"));
            // One request per connection keeps this proxy simple: the answer ends when the server closes.
            request.append("Connection: close\r\n\r\n");
            upstream.getOutputStream().write(request.toString().getBytes(StandardCharsets.ISO_8859_1));
            upstream.getOutputStream().flush();
            pipe(upstream.getInputStream(), out);
        }
    }

    private static Void pipe(InputStream from, OutputStream to) {
        byte[] buffer = new byte[64 * 1024];
        try {
            for (int n; (n = from.read(buffer)) != -1; ) {
                to.write(buffer, 0, n);
                to.flush();
            }
        } catch (IOException e) {
            // One side closed.
        }
        return null;
    }

    private static String readHead(InputStream in) throws IOException {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        int matched = 0;
        byte[] end = {'\r', '\n', '\r', '\n'};
        for (int b; (b = in.read()) != -1; ) {
            head.write(b);
            matched = b == end[matched] ? matched + 1 : (b == '\r' ? 1 : 0);
            if (matched == 4) {
                break;
            }
            if (head.size() > 64 * 1024) {
                return "";
            }
        }
        String text = head.toString(StandardCharsets.ISO_8859_1);
        return text.endsWith("\r\n\r\n") ? text.substring(0, text.length() - 4) : "";
    }

    private static void respond(OutputStream out, int status) throws IOException {
        out.write(("HTTP/1.1 " + status + " Refused\r\nContent-Length: 0\r\nConnection: close\r\n\r\n")
                .getBytes(StandardCharsets.US_ASCII));
        out.flush();
    }

    @Override
    public void close() {
        try {
            server.close();
        } catch (IOException e) {
            // Closing is best effort.
        }
        threads.shutdownNow();
    }
}
