package io.waiaas.adapters.http;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import io.waiaas.application.HealthSnapshot;
import io.waiaas.application.port.out.DaemonClient;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Optional;

/**
 * Ask the local daemon for {@code /health} over loopback HTTP, reading the same {@link HealthResponse}, and for its
 * readiness.
 */
final class HttpDaemonClient implements DaemonClient {
    private static final ObjectReader READER = new ObjectMapper()
            .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false)
            .readerFor(HealthResponse.class);

    /** Helidon observe's readiness check, DOWN while the daemon migrates or refuses its database (HLTH-B2). */
    static final String READY_PATH = "/observe/health/ready";

    private volatile HttpClient client;

    @Override
    public Optional<HealthSnapshot> health(int port, Duration timeout) {
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + HealthRoutes.PATH))
                .timeout(timeout)
                .header("Accept", "application/json")
                .GET()
                .build();
        try {
            HttpResponse<byte[]> response = client(timeout).send(request, HttpResponse.BodyHandlers.ofByteArray());
            if (response.statusCode() != 200) {
                return Optional.empty();
            }
            HealthResponse body = READER.readValue(response.body());
            return Optional.of(body.toSnapshot());
        } catch (IOException | RuntimeException e) {
            // Not answering, answering garbage, or something else on the port: all mean "no daemon here".
            return Optional.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.empty();
        }
    }

    @Override
    public boolean ready(int port, Duration timeout) {
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + READY_PATH))
                .timeout(timeout)
                .GET()
                .build();
        try {
            // Helidon's readiness answers 200 (or 204 without details) when UP and 503 when DOWN; only the status
            // matters, so the body is never parsed.
            int status = client(timeout).send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
            return status / 100 == 2;
        } catch (IOException | RuntimeException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private HttpClient client(Duration connectTimeout) {
        HttpClient c = client;
        if (c == null) {
            // Built on first use: CLI commands that never talk to the daemon should not pay for it.
            c = HttpClient.newBuilder()
                    .version(HttpClient.Version.HTTP_1_1)
                    .connectTimeout(connectTimeout)
                    .followRedirects(HttpClient.Redirect.NEVER)
                    .build();
            client = c;
        }
        return c;
    }
}
