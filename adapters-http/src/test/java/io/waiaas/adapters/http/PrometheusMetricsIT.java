package io.waiaas.adapters.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.waiaas.application.port.in.MetricsSnapshot;
import io.waiaas.application.port.in.ReadMetrics;
import io.waiaas.application.port.out.DaemonSettings;
import io.waiaas.application.port.out.Endpoint;
import io.waiaas.application.testkit.PrometheusParser;
import io.waiaas.application.testkit.PrometheusParser.Scrape;
import io.waiaas.domain.HealthSnapshot;
import io.waiaas.domain.LastCheck;
import io.waiaas.domain.SchemaVersion;
import io.waiaas.domain.Version;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Scrapes {@code /metrics} of the real Helidon endpoint on 127.0.0.1 and reads it with a real parser of the exposition
 * formats (prometheus_client), as Prometheus asks for it (OpenMetrics first) and as a plain client does (text 0.0.4).
 */
class PrometheusMetricsIT {
    /** The Accept header Prometheus 2.x/3.x sends when scraping. */
    private static final String PROMETHEUS_ACCEPT = "application/openmetrics-text;version=1.0.0,"
            + "application/openmetrics-text;version=0.0.1;q=0.75,text/plain;version=0.0.4;q=0.5,*/*;q=0.1";

    private static final String SCOPE = "scope=\"application\"";

    private final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final AtomicInteger reads = new AtomicInteger();
    private volatile MetricsSnapshot snapshot = new MetricsSnapshot(
            Version.parse("1.2.3"), Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty());
    private Endpoint.Listening listening;

    @AfterEach
    void close() {
        if (listening != null) {
            listening.close();
        }
    }

    @Test
    void exportsEveryKnownValueInBothFormats() throws Exception {
        snapshot = new MetricsSnapshot(
                Version.parse("1.2.3"),
                Optional.of(Version.parse("1.3.0-rc.1")),
                Optional.of(new LastCheck(Instant.ofEpochSecond(1_765_000_000L), LastCheck.Result.FAILED)),
                Optional.of(new MetricsSnapshot.LastBackup(Instant.ofEpochSecond(1_764_990_000L), 12_345_678_901L)),
                Optional.of(SchemaVersion.of(4)));
        int port = open();

        for (String accept : List.of(PROMETHEUS_ACCEPT, "text/plain;version=0.0.4", "*/*")) {
            Scrape scrape = scrape(port, accept);
            assertEquals(1.0, scrape.value("waiaas_update_available", SCOPE), accept);
            assertEquals(
                    1.0,
                    scrape.value("waiaas_version_info", "installed=\"1.2.3\",latest=\"1.3.0-rc.1\"," + SCOPE),
                    accept);
            assertEquals(1_765_000_000.0, scrape.value("waiaas_update_check_timestamp_seconds", SCOPE), accept);
            assertEquals(0.0, scrape.value("waiaas_update_check_success", SCOPE), accept);
            assertEquals(1_764_990_000.0, scrape.value("waiaas_last_backup_timestamp_seconds", SCOPE), accept);
            assertEquals(12_345_678_901.0, scrape.value("waiaas_last_backup_size_bytes", SCOPE), accept);
            assertEquals(4.0, scrape.value("waiaas_schema_version", SCOPE), accept);
            assertEquals("gauge", scrape.families().get("waiaas_update_available"), accept);
            assertTrue(
                    scrape.samples().keySet().stream().allMatch(name -> name.startsWith("waiaas_")),
                    "only waiaas's own series: " + scrape.samples().keySet());
        }
    }

    @Test
    void leavesOutWhatIsUnknownAndFollowsTheValuesFromScrapeToScrape() throws Exception {
        int port = open();
        Scrape fresh = scrape(port, PROMETHEUS_ACCEPT);
        assertEquals(0.0, fresh.value("waiaas_update_available", SCOPE));
        assertEquals(1.0, fresh.value("waiaas_version_info", "installed=\"1.2.3\",latest=\"\"," + SCOPE));
        assertEquals(
                List.of("waiaas_update_available", "waiaas_version_info"),
                fresh.samples().keySet().stream()
                        .map(name -> name.substring(0, name.indexOf('{')))
                        .sorted()
                        .toList(),
                "an unknown value is left out, not shown as zero");

        snapshot = new MetricsSnapshot(
                Version.parse("1.2.3"),
                Optional.of(Version.parse("1.4.0")),
                Optional.of(new LastCheck(Instant.ofEpochSecond(1_765_000_600L), LastCheck.Result.OK)),
                Optional.empty(),
                Optional.of(SchemaVersion.of(5)));
        Scrape later = scrape(port, "text/plain");
        assertEquals(1.0, later.value("waiaas_update_available", SCOPE));
        assertEquals(1.0, later.value("waiaas_version_info", "installed=\"1.2.3\",latest=\"1.4.0\"," + SCOPE));
        assertFalse(
                later.samples().containsKey("waiaas_version_info{installed=\"1.2.3\",latest=\"\"," + SCOPE + "}"),
                "the old version labels are gone: " + later.samples().keySet());
        assertEquals(1.0, later.value("waiaas_update_check_success", SCOPE));
        assertEquals(5.0, later.value("waiaas_schema_version", SCOPE));
        assertFalse(later.samples().keySet().stream().anyMatch(name -> name.startsWith("waiaas_last_backup")));
    }

    @Test
    void readsTheValuesOncePerScrapeAndNotForHealth() throws Exception {
        int port = open();
        int before = reads.get();
        scrape(port, PROMETHEUS_ACCEPT);
        assertEquals(before + 1, reads.get(), "one read of the in-port per scrape");
        assertEquals(
                200, HelidonEndpointIT.get(port, "/health", "127.0.0.1:" + port).status());
        assertEquals(before + 1, reads.get(), "/health reads no metrics");
    }

    @Test
    void refusesAForeignHostWithoutReadingAnything() throws Exception {
        int port = open();
        int before = reads.get();
        for (String host : List.of("evil.example", "evil.example:" + port, "127.0.0.1.evil.example")) {
            HelidonEndpointIT.Reply reply = HelidonEndpointIT.get(port, "/metrics", host);
            assertEquals(403, reply.status(), host);
            assertFalse(reply.body().contains("waiaas_"), reply.body());
        }
        assertEquals(before, reads.get(), "a refused request reads nothing");
    }

    @Test
    void theParserRefusesAMalformedScrape() {
        // The check is only as good as the parser: show that it fails on what a broken exporter would write.
        assertThrows(
                AssertionError.class,
                () -> PrometheusParser.parse("waiaas_update_available{scope=\"application\" 1.0\n", "text/plain"));
        assertThrows(
                AssertionError.class,
                () -> PrometheusParser.parse("# TYPE waiaas_x gauge\nwaiaas_x 1.0\n", "application/openmetrics-text"),
                "OpenMetrics without # EOF");
    }

    private int open() {
        ReadMetrics metrics = () -> {
            reads.incrementAndGet();
            return snapshot;
        };
        listening = HttpAdapters.endpoint(metrics)
                .open(new DaemonSettings("127.0.0.1", 0, Duration.ofSeconds(5)), new Health());
        return listening.port();
    }

    private Scrape scrape(int port, String accept) throws IOException, InterruptedException {
        HttpResponse<String> reply = http.send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/metrics"))
                        .header("Accept", accept)
                        .timeout(Duration.ofSeconds(10))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(200, reply.statusCode(), reply.body());
        String contentType = reply.headers().firstValue("Content-Type").orElseThrow();
        if (accept.startsWith("application/openmetrics-text")) {
            assertTrue(contentType.startsWith("application/openmetrics-text"), contentType);
        } else {
            assertTrue(contentType.startsWith("text/plain"), contentType);
        }
        return PrometheusParser.parse(reply.body(), contentType);
    }

    private static final class Health implements Endpoint.Served {
        @Override
        public HealthSnapshot health() {
            return new HealthSnapshot(
                    Version.parse("1.2.3"),
                    Optional.empty(),
                    SchemaVersion.of(2),
                    Duration.ofSeconds(1),
                    Instant.ofEpochSecond(1_700_000_000L));
        }

        @Override
        public boolean ready() {
            return true;
        }
    }
}
