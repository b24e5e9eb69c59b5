package io.waiaas.sdk;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import java.io.IOException;
import java.io.InputStream;
import java.net.HttpURLConnection;
import java.net.Proxy;
import java.net.URI;
import java.net.URL;
import java.time.Duration;
import java.util.Objects;

/**
 * Ask a waiaas daemon on this machine how it is, over loopback HTTP: {@code WaiaasClient.create(3100).health()}.
 *
 * <p>Plain {@link HttpURLConnection}, not {@code java.net.http.HttpClient}: building an {@code HttpClient} sets up the
 * default TLS context (the CA store and the crypto providers) even for plain HTTP, a few hundred milliseconds of CPU
 * in a fresh JVM, which the CLI's {@code start -d} would spend while the daemon it just spawned needs the same cores
 * to start (docs/performance.md, P2). Instances are immutable and safe to share.
 */
public final class WaiaasClient {
    /** The port a daemon listens on unless {@code [daemon] port} says otherwise. */
    public static final int DEFAULT_PORT = 3100;

    /** The path of the health contract. */
    public static final String HEALTH_PATH = "/health";

    /** Helidon observe's readiness check, DOWN while the daemon migrates or refuses its database (HLTH-B2). */
    public static final String READY_PATH = "/observe/health/ready";

    private static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(5);
    /** No daemon answer is this big; anything longer is something else on the port. */
    private static final int MAX_BODY = 64 * 1024;

    private static final ObjectReader READER = new ObjectMapper()
            .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false)
            .readerFor(HealthResponse.class);

    private final int port;
    private final Duration timeout;

    private WaiaasClient(int port, Duration timeout) {
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("port " + port + " is not between 1 and 65535");
        }
        Objects.requireNonNull(timeout, "timeout");
        if (timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("timeout " + timeout + " is not positive");
        }
        this.port = port;
        this.timeout = timeout;
    }

    /** Return a client of the daemon on {@code 127.0.0.1:port}, waiting up to 5 s for each answer. */
    public static WaiaasClient create(int port) {
        return new WaiaasClient(port, DEFAULT_TIMEOUT);
    }

    /** Return a client of the daemon on {@code 127.0.0.1:port}, waiting up to {@code timeout} for each answer. */
    public static WaiaasClient create(int port, Duration timeout) {
        return new WaiaasClient(port, timeout);
    }

    /** Return the port this client asks. */
    public int port() {
        return port;
    }

    /**
     * Ask {@code GET /health}.
     *
     * @throws WaiaasClientException when nothing answers in time, or the answer is not the health contract
     */
    public HealthResponse health() {
        try {
            HttpURLConnection connection = open(HEALTH_PATH);
            connection.setRequestProperty("Accept", "application/json");
            try {
                int status = connection.getResponseCode();
                if (status != 200) {
                    throw new WaiaasClientException(
                            where() + " answered /health with HTTP " + status + ", not a waiaas daemon's 200");
                }
                byte[] body;
                try (InputStream in = connection.getInputStream()) {
                    body = in.readNBytes(MAX_BODY + 1);
                }
                if (body.length > MAX_BODY) {
                    throw new WaiaasClientException(where() + " answered /health with more than 64 KiB, not a"
                            + " waiaas daemon's health response");
                }
                return READER.readValue(body);
            } finally {
                connection.disconnect();
            }
        } catch (WaiaasClientException e) {
            throw e;
        } catch (JacksonException | RuntimeException e) {
            throw new WaiaasClientException(
                    where() + " answered /health with something other than waiaas's health response", e);
        } catch (IOException e) {
            throw new WaiaasClientException(
                    "no waiaas daemon answers on " + where() + " (start it with: waiaas start -d)", e);
        }
    }

    /** Tell whether the daemon reports ready (its database migrated); {@code false} when nothing answers. */
    public boolean ready() {
        try {
            HttpURLConnection connection = open(READY_PATH);
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

    private String where() {
        return "127.0.0.1:" + port;
    }

    private HttpURLConnection open(String path) throws IOException {
        URL url = URI.create("http://" + where() + path).toURL();
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
