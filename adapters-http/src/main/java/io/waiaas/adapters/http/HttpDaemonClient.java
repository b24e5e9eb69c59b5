package io.waiaas.adapters.http;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import io.waiaas.application.port.out.DaemonClient;
import io.waiaas.domain.HealthSnapshot;
import java.io.IOException;
import java.io.InputStream;
import java.net.HttpURLConnection;
import java.net.Proxy;
import java.net.URI;
import java.net.URL;
import java.time.Duration;
import java.util.Optional;

/**
 * Ask the local daemon for {@code /health} over loopback HTTP, reading the same {@link HealthResponse}, and for its
 * readiness.
 *
 * <p>Plain {@link HttpURLConnection}, not {@code java.net.http.HttpClient}: building an {@code HttpClient} sets up
 * the default TLS context (the CA store and the crypto providers) even for plain HTTP, a few hundred milliseconds of
 * CPU in a fresh JVM, which {@code start -d} would spend while the daemon it just spawned needs the same two cores
 * to start (docs/performance.md, P2).
 */
final class HttpDaemonClient implements DaemonClient {
    private static final ObjectReader READER = new ObjectMapper()
            .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false)
            .readerFor(HealthResponse.class);
    /** No daemon answer is this big; anything longer is something else on the port. */
    private static final int MAX_BODY = 64 * 1024;

    /** Helidon observe's readiness check, DOWN while the daemon migrates or refuses its database (HLTH-B2). */
    static final String READY_PATH = "/observe/health/ready";

    @Override
    public Optional<HealthSnapshot> health(int port, Duration timeout) {
        try {
            HttpURLConnection connection = open(port, HealthRoutes.PATH, timeout);
            connection.setRequestProperty("Accept", "application/json");
            try {
                if (connection.getResponseCode() != 200) {
                    return Optional.empty();
                }
                byte[] body;
                try (InputStream in = connection.getInputStream()) {
                    body = in.readNBytes(MAX_BODY + 1);
                }
                if (body.length > MAX_BODY) {
                    return Optional.empty();
                }
                HealthResponse health = READER.readValue(body);
                return Optional.of(health.toSnapshot());
            } finally {
                connection.disconnect();
            }
        } catch (IOException | RuntimeException e) {
            // Not answering, answering garbage, or something else on the port: all mean "no daemon here".
            return Optional.empty();
        }
    }

    @Override
    public boolean ready(int port, Duration timeout) {
        try {
            HttpURLConnection connection = open(port, READY_PATH, timeout);
            try {
                // Helidon's readiness answers 200 (or 204 without details) when UP and 503 when DOWN; only the
                // status matters, so the body is never parsed.
                return connection.getResponseCode() / 100 == 2;
            } finally {
                connection.disconnect();
            }
        } catch (IOException | RuntimeException e) {
            return false;
        }
    }

    private static HttpURLConnection open(int port, String path, Duration timeout) throws IOException {
        URL url = URI.create("http://127.0.0.1:" + port + path).toURL();
        // No proxy, whatever the environment says: the daemon is on this machine's loopback.
        HttpURLConnection connection = (HttpURLConnection) url.openConnection(Proxy.NO_PROXY);
        int millis = (int) Math.max(1, Math.min(Integer.MAX_VALUE, timeout.toMillis()));
        connection.setConnectTimeout(millis);
        connection.setReadTimeout(millis);
        connection.setInstanceFollowRedirects(false);
        connection.setUseCaches(false);
        return connection;
    }
}
