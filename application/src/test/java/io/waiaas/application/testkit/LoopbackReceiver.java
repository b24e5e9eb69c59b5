package io.waiaas.application.testkit;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * Receive webhook POSTs on {@code 127.0.0.1} (a free port), for tests: records each request and answers with the
 * status set, after the delay set.
 */
public final class LoopbackReceiver implements AutoCloseable {

    /**
     * One POST as received.
     *
     * @param path the request's path and query, raw
     * @param authorization its {@code Authorization} header
     * @param contentType its {@code Content-Type} header
     * @param body its body, as UTF-8
     */
    public record Received(String path, Optional<String> authorization, Optional<String> contentType, String body) {}

    private final HttpServer server;
    private final ExecutorService executor;
    private final List<Received> received = new CopyOnWriteArrayList<>();
    private volatile int status = 204;
    private volatile Duration delay = Duration.ZERO;
    private volatile Optional<URI> location = Optional.empty();

    private LoopbackReceiver() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 50);
        executor = Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "loopback-receiver");
            t.setDaemon(true);
            return t;
        });
        server.setExecutor(executor);
        server.createContext("/", this::handle);
        server.start();
    }

    /** Start a receiver answering 204 at once. */
    public static LoopbackReceiver start() {
        try {
            return new LoopbackReceiver();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Return the URL to post to, with a path as a chat service's secret one would have. */
    public URI uri() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/hooks/T0-secret-path");
    }

    /** Answer every POST from now on with {@code code}. */
    public LoopbackReceiver answering(int code) {
        this.status = code;
        return this;
    }

    /** Answer every POST from now on only after {@code wait}. */
    public LoopbackReceiver answeringAfter(Duration wait) {
        this.delay = Objects.requireNonNull(wait, "wait");
        return this;
    }

    /** Answer every POST from now on with a redirect (307) to {@code target}. */
    public LoopbackReceiver redirectingTo(URI target) {
        this.location = Optional.of(target);
        this.status = 307;
        return this;
    }

    /** Return every POST received, in order. */
    public List<Received> received() {
        return List.copyOf(received);
    }

    /** Wait (in the test, bounded by {@code patience}) until {@code count} POSTs arrived; return them. */
    public List<Received> awaitReceived(int count, Duration patience) throws InterruptedException {
        long deadline = System.nanoTime() + patience.toNanos();
        while (received.size() < count && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        return received();
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            byte[] body = exchange.getRequestBody().readAllBytes();
            received.add(new Received(
                    exchange.getRequestURI().getRawPath()
                            + Optional.ofNullable(exchange.getRequestURI().getRawQuery())
                                    .map(q -> "?" + q)
                                    .orElse(""),
                    Optional.ofNullable(exchange.getRequestHeaders().getFirst("Authorization")),
                    Optional.ofNullable(exchange.getRequestHeaders().getFirst("Content-Type")),
                    new String(body, StandardCharsets.UTF_8)));
            Duration wait = delay;
            if (!wait.isZero()) {
                try {
                    Thread.sleep(wait.toMillis());
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
            location.ifPresent(uri -> exchange.getResponseHeaders().set("Location", uri.toString()));
            exchange.sendResponseHeaders(status, -1);
        }
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }
}
