package io.waiaas.adapters.http;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import io.waiaas.application.port.out.Endpoint;
import io.waiaas.application.testkit.EndpointContract;
import io.waiaas.domain.HealthSnapshot;
import io.waiaas.sdk.HealthResponse;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Runs the {@link EndpointContract} against the real Helidon endpoint, asking {@code /health} over a loopback
 * socket with the JDK's HTTP client and reading the body as {@link HealthResponse}, independently of the daemon
 * client.
 */
class HelidonEndpointContractIT implements EndpointContract {
    private static final ObjectReader READER = new ObjectMapper().readerFor(HealthResponse.class);

    private final List<Endpoint.Listening> opened = new ArrayList<>();
    private final HttpClient http = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5))
            .build();

    @Override
    public Endpoint newEndpoint() {
        return HttpAdapters.endpoint(HelidonEndpointIT.METRICS);
    }

    @Override
    public List<Endpoint.Listening> opened() {
        return opened;
    }

    @Override
    public Optional<HealthSnapshot> askHealth(int port) {
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/health"))
                .timeout(Duration.ofSeconds(5))
                .GET()
                .build();
        try {
            HttpResponse<byte[]> response = http.send(request, HttpResponse.BodyHandlers.ofByteArray());
            if (response.statusCode() != 200) {
                return Optional.empty();
            }
            HealthResponse body = READER.readValue(response.body());
            return Optional.of(HealthWire.toSnapshot(body));
        } catch (IOException e) {
            return Optional.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
