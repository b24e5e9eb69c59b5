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
import io.waiaas.domain.LastCheck;
import io.waiaas.domain.SchemaVersion;
import io.waiaas.domain.UpgradeRecord;
import io.waiaas.domain.UpgradeTally;
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
    private volatile MetricsSnapshot snapshot = withUpgrades(Optional.empty());
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
                Optional.of(UpgradeTally.of(history(
                        "upgrade:started",
                        "upgrade:upgraded",
                        "upgrade:started",
                        "upgrade:rolled-back",
                        "upgrade:started",
                        "recovery:rollback-failed",
                        "rollback:reverted",
                        "upgrade:refused"))),
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
            assertEquals(3.0, scrape.value("waiaas_upgrades_started_total", SCOPE), accept);
            assertEquals(1.0, scrape.value("waiaas_upgrades_total", outcome("upgraded")), accept);
            assertEquals(1.0, scrape.value("waiaas_upgrades_total", outcome("rolled-back")), accept);
            assertEquals(1.0, scrape.value("waiaas_upgrades_total", outcome("refused")), accept);
            assertEquals(0.0, scrape.value("waiaas_upgrades_total", outcome("rollback-failed")), accept);
            assertEquals(1.0, scrape.value("waiaas_recoveries_total", outcome("rollback-failed")), accept);
            assertEquals(0.0, scrape.value("waiaas_recoveries_total", outcome("upgraded")), accept);
            assertEquals(1.0, scrape.value("waiaas_rollbacks_total", outcome("reverted")), accept);
            for (String family :
                    List.of("waiaas_upgrades_started", "waiaas_upgrades", "waiaas_rollbacks", "waiaas_recoveries")) {
                assertEquals("counter", scrape.families().get(family), family + ", " + accept);
            }
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
    void countsTheUpgradeHistoryFromScrapeToScrapeAndLeavesItOutWhenUnreadable() throws Exception {
        snapshot = withUpgrades(Optional.of(UpgradeTally.of(List.of())));
        int port = open();
        Scrape none = scrape(port, PROMETHEUS_ACCEPT);
        assertEquals(0.0, none.value("waiaas_upgrades_started_total", SCOPE), "an empty history counts zero");
        assertEquals(0.0, none.value("waiaas_rollbacks_total", outcome("reverted")));

        snapshot = withUpgrades(
                Optional.of(UpgradeTally.of(history("upgrade:started", "upgrade:rolled-back", "rollback:reverted"))));
        // The counters read this endpoint's own state, which Micrometer holds weakly: it must outlive a collection.
        System.gc();
        Scrape later = scrape(port, "text/plain");
        assertEquals(1.0, later.value("waiaas_upgrades_started_total", SCOPE));
        assertEquals(1.0, later.value("waiaas_upgrades_total", outcome("rolled-back")));
        assertEquals(1.0, later.value("waiaas_rollbacks_total", outcome("reverted")));

        snapshot = withUpgrades(Optional.empty());
        Scrape unreadable = scrape(port, PROMETHEUS_ACCEPT);
        assertFalse(
                unreadable.samples().keySet().stream()
                        .anyMatch(name -> name.startsWith("waiaas_upgrades")
                                || name.startsWith("waiaas_rollbacks")
                                || name.startsWith("waiaas_recoveries")),
                "a history that cannot be read is left out, not shown as zero: "
                        + unreadable.samples().keySet());

        snapshot = withUpgrades(Optional.of(UpgradeTally.of(history("upgrade:started", "upgrade:upgraded"))));
        Scrape back = scrape(port, "text/plain");
        assertEquals(1.0, back.value("waiaas_upgrades_total", outcome("upgraded")), "back once readable again");
    }

    @Test
    void withMetricsOffThereIsNoMetricsRoute() throws Exception {
        listening = HttpAdapters.endpoint()
                .open(new DaemonSettings("127.0.0.1", 0, Duration.ofSeconds(5)), new HelidonEndpointIT.FixedHealth());
        int port = listening.port();

        HelidonEndpointIT.Reply reply = HelidonEndpointIT.get(port, "/metrics", "127.0.0.1:" + port);
        assertEquals(404, reply.status(), reply.body());
        assertFalse(reply.body().contains("waiaas_"), reply.body());
        assertEquals(
                200, HelidonEndpointIT.get(port, "/health", "127.0.0.1:" + port).status());
        assertEquals(
                403, HelidonEndpointIT.get(port, "/metrics", "evil.example").status());
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

    private static String outcome(String code) {
        return "outcome=\"" + code + "\"," + SCOPE;
    }

    /** Return records written as {@code action:result} codes, oldest first. */
    private static List<UpgradeRecord> history(String... entries) {
        return List.of(entries).stream()
                .map(entry -> new UpgradeRecord(
                        Instant.ofEpochSecond(1_765_000_000L),
                        UpgradeRecord.Action.fromCode(entry.split(":")[0]).orElseThrow(),
                        UpgradeRecord.Result.fromCode(entry.split(":")[1]).orElseThrow(),
                        Optional.of(Version.parse("1.2.3")),
                        Optional.of(Version.parse("1.3.0")),
                        Optional.empty()))
                .toList();
    }

    private static MetricsSnapshot withUpgrades(Optional<UpgradeTally> upgrades) {
        return new MetricsSnapshot(
                Version.parse("1.2.3"),
                Optional.empty(),
                Optional.empty(),
                upgrades,
                Optional.empty(),
                Optional.empty());
    }

    private int open() {
        ReadMetrics metrics = () -> {
            reads.incrementAndGet();
            return snapshot;
        };
        listening = HttpAdapters.endpoint(metrics)
                .open(new DaemonSettings("127.0.0.1", 0, Duration.ofSeconds(5)), new HelidonEndpointIT.FixedHealth());
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
}
