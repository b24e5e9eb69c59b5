package io.waiaas.adapters.http;

import io.helidon.health.HealthCheckResponse;
import io.helidon.health.HealthCheckType;
import io.helidon.webserver.WebServer;
import io.helidon.webserver.http.HttpRouting;
import io.helidon.webserver.observe.ObserveFeature;
import io.helidon.webserver.observe.health.HealthObserver;
import io.waiaas.application.port.in.ReadMetrics;
import io.waiaas.application.port.out.DaemonSettings;
import io.waiaas.application.port.out.Endpoint;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.util.Objects;
import java.util.Optional;

/**
 * Serve the daemon's HTTP API with Helidon SE's WebServer: {@code /health}, the probes and, when metrics are on,
 * {@code /metrics}. With metrics off no meter registry and no metrics observer is ever created (Micrometer is not
 * started at all) and {@code /metrics} is not found.
 */
final class HelidonEndpoint implements Endpoint {
    private final Optional<ReadMetrics> metrics;

    HelidonEndpoint(Optional<ReadMetrics> metrics) {
        this.metrics = Objects.requireNonNull(metrics, "metrics");
    }

    @Override
    public Listening open(DaemonSettings settings, Endpoint.Served health) {
        Optional<PrometheusMetrics> prometheus = metrics.map(PrometheusMetrics::new);
        WebServer server = WebServer.builder()
                .host(settings.hostname())
                .port(settings.port())
                .shutdownHook(false) // the daemon owns the shutdown order: endpoint first, then the lock
                .featuresDiscoverServices(false)
                .addFeature(observe(health, prometheus))
                .routing(routing -> {
                    routing(routing, settings, health);
                    // After the Host guard: a refused request reads nothing.
                    prometheus.ifPresent(p -> routing.addFilter(p.refreshBeforeScrape()));
                })
                .build();
        try {
            server.start();
        } catch (RuntimeException e) {
            throw cannotListen(settings, rootMessage(e), e);
        }
        if (!server.isRunning()) {
            // Helidon logs a failed bind and returns a stopped server instead of throwing; find the reason.
            throw cannotListen(settings, bindFailure(settings), null);
        }
        return new Listening() {
            @Override
            public int port() {
                return server.port();
            }

            @Override
            public void close() {
                try {
                    server.stop();
                } finally {
                    prometheus.ifPresent(PrometheusMetrics::close);
                }
            }
        };
    }

    /** Build the routes of the API; a static function of the in-ports and settings. */
    static void routing(HttpRouting.Builder routing, DaemonSettings settings, Endpoint.Served health) {
        if (!settings.listensOnAllInterfaces()) {
            routing.addFilter(new HostGuard());
        }
        HealthRoutes.register(routing, health);
        OpenApiRoutes.register(routing, health);
    }

    private static ObserveFeature observe(Endpoint.Served health, Optional<PrometheusMetrics> prometheus) {
        HealthObserver observer = HealthObserver.builder()
                .details(true)
                .useSystemServices(false)
                .addCheck(() -> HealthCheckResponse.builder().status(true).build(), HealthCheckType.LIVENESS, "daemon")
                .addCheck(
                        () -> HealthCheckResponse.builder()
                                .status(health.ready())
                                .build(),
                        HealthCheckType.READINESS,
                        "schema")
                .build();
        var feature = ObserveFeature.builder().observersDiscoverServices(false).addObserver(observer);
        prometheus.ifPresent(p -> feature.addObserver(p.observer()));
        return feature.build();
    }

    private static HttpAdapterException cannotListen(DaemonSettings settings, String why, Throwable cause) {
        return new HttpAdapterException(
                "cannot listen on " + settings.hostname() + ":" + settings.port() + ": " + why, cause);
    }

    private static String bindFailure(DaemonSettings settings) {
        try (ServerSocket probe = new ServerSocket()) {
            probe.bind(new InetSocketAddress(settings.hostname(), settings.port()));
            return "the address could not be bound";
        } catch (IOException e) {
            return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        }
    }

    private static String rootMessage(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
        }
        return t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage();
    }
}
