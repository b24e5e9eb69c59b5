package io.waiaas.adapters.http;

import io.helidon.http.Method;
import io.helidon.metrics.api.FunctionalCounter;
import io.helidon.metrics.api.Gauge;
import io.helidon.metrics.api.Meter;
import io.helidon.metrics.api.MeterRegistry;
import io.helidon.metrics.api.MetricsConfig;
import io.helidon.metrics.api.Tag;
import io.helidon.webserver.http.Filter;
import io.helidon.webserver.http.FilterChain;
import io.helidon.webserver.http.RoutingRequest;
import io.helidon.webserver.http.RoutingResponse;
import io.helidon.webserver.observe.metrics.MetricsObserver;
import io.waiaas.application.port.in.MetricsSnapshot;
import io.waiaas.application.port.in.ReadMetrics;
import io.waiaas.domain.LastCheck;
import io.waiaas.domain.UpgradeRecord;
import io.waiaas.domain.UpgradeTally;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;

/**
 * Serve {@code GET /metrics} in the Prometheus text format through Helidon's metrics observer (OPS-02).
 *
 * <p>The values are the {@link ReadMetrics} in-port's, read once per scrape just before Helidon renders its meter
 * registry: a filter refreshes the snapshot the meters read, registers the series whose value is known and removes
 * those whose value is not (an unknown value is left out, never shown as zero). The registry is this endpoint's own,
 * not Helidon's global one, so nothing but waiaas's series is exported.
 *
 * <p>The upgrade history's counts are counters ({@code waiaas_upgrades_total{outcome}}, {@code
 * waiaas_rollbacks_total{outcome}}, {@code waiaas_recoveries_total{outcome}}, {@code waiaas_upgrades_started_total}).
 * Micrometer holds a function counter's state object weakly; theirs is this object, which the endpoint's routing
 * and its {@code Listening} hold for as long as the server runs.
 */
final class PrometheusMetrics {
    static final String PATH = "/metrics";

    /** Meters of the "vendor" scope (Helidon's request counters) are off: only waiaas's own series are exported. */
    private static final MetricsConfig CONFIG = MetricsConfig.builder()
            .scoping(scoping ->
                    scoping.putScope("vendor", scope -> scope.name("vendor").enabled(false)))
            .build();

    private static final String VERSION_INFO = "waiaas_version_info";

    /** The series that are there only while their value is known. */
    private static final List<Series> OPTIONAL = List.of(
            new Series(
                    "waiaas_update_check_timestamp_seconds",
                    "When the last version check ended, in seconds since the epoch",
                    s -> s.lastCheck().map(check -> check.at().getEpochSecond())),
            new Series(
                    "waiaas_update_check_success",
                    "1 if the last version check got a release from the registry, 0 if it failed",
                    s -> s.lastCheck().map(check -> check.result() == LastCheck.Result.OK ? 1 : 0)),
            new Series(
                    "waiaas_last_backup_timestamp_seconds",
                    "When the newest complete backup was taken, in seconds since the epoch",
                    s -> s.lastBackup().map(backup -> backup.at().getEpochSecond())),
            new Series(
                    "waiaas_last_backup_size_bytes",
                    "Size of the files of the newest complete backup, in bytes",
                    s -> s.lastBackup().map(MetricsSnapshot.LastBackup::sizeBytes)),
            new Series(
                    "waiaas_registry_metadata_warnings",
                    "What the last version check found wrong with the registry's metadata (a rollback, a removed"
                            + " version, frozen metadata, the installed version deprecated), counted",
                    // Unknown until a check has run: left out, not shown as zero.
                    s -> s.lastCheck().map(check -> s.registryWarnings())),
            new Series(
                    "waiaas_schema_version",
                    "Schema version the database is at",
                    s -> s.schema().map(schema -> schema.value())));

    /** The counter family of each action of the upgrade history; its {@code outcome} label is the result's code. */
    private static final Map<UpgradeRecord.Action, String> ACTION_COUNTERS = Map.of(
            UpgradeRecord.Action.UPGRADE, "waiaas_upgrades",
            UpgradeRecord.Action.ROLLBACK, "waiaas_rollbacks",
            UpgradeRecord.Action.RECOVERY, "waiaas_recoveries");

    private static final Map<UpgradeRecord.Action, String> ACTION_HELP = Map.of(
            UpgradeRecord.Action.UPGRADE, "Upgrades by how they ended",
            UpgradeRecord.Action.ROLLBACK, "Rollbacks (upgrade --rollback) by how they ended",
            UpgradeRecord.Action.RECOVERY, "Recoveries of an interrupted upgrade or rollback by how they ended");

    private static final String STARTED = "waiaas_upgrades_started";

    private final ReadMetrics source;
    private final MeterRegistry registry;
    private final Map<String, Meter> registered = new HashMap<>();
    private volatile MetricsSnapshot current;
    private final List<Meter> upgradeCounters = new ArrayList<>();
    private Meter versionInfo;
    private List<String> versionLabels = List.of();

    PrometheusMetrics(ReadMetrics source) {
        this.source = Objects.requireNonNull(source, "source");
        this.registry = MeterRegistry.create(CONFIG);
        registry.getOrCreate(
                Gauge.builder("waiaas_update_available", () -> current().updateAvailable() ? 1 : 0)
                        .description("1 if a release newer than the installed version is known, else 0"));
    }

    /** Return the observer that renders this endpoint's registry at {@value #PATH}. */
    MetricsObserver observer() {
        return MetricsObserver.builder()
                .endpoint(PATH)
                .metricsConfig(CONFIG)
                .meterRegistry(registry)
                .build();
    }

    /** Return the filter that reads the values before a scrape is rendered; add it after the Host guard. */
    Filter refreshBeforeScrape() {
        return (FilterChain chain, RoutingRequest req, RoutingResponse res) -> {
            if (req.prologue().method().equals(Method.GET)
                    && isMetricsPath(req.path().path())) {
                refresh();
            }
            chain.proceed();
        };
    }

    /** Stop exporting: release the registry's meters. */
    void close() {
        registry.close();
    }

    /** Read the values and bring the registry's series in line with them. */
    synchronized void refresh() {
        MetricsSnapshot snapshot = source.read();
        current = snapshot;
        String installed = snapshot.installed().toString();
        String latest = snapshot.latest().map(Object::toString).orElse("");
        List<String> versions = List.of(installed, latest);
        if (versionInfo == null || !versions.equals(versionLabels)) {
            if (versionInfo != null) {
                registry.remove(versionInfo);
            }
            versionInfo = registry.getOrCreate(Gauge.builder(VERSION_INFO, () -> 1)
                    .tags(List.of(Tag.create("installed", installed), Tag.create("latest", latest)))
                    .description("Always 1; the labels name the installed version and the latest one known"
                            + " (empty when never checked)"));
            versionLabels = versions;
        }
        for (Series series : OPTIONAL) {
            boolean known = series.value().apply(snapshot).isPresent();
            Meter meter = registered.get(series.name());
            if (known && meter == null) {
                registered.put(
                        series.name(),
                        registry.getOrCreate(Gauge.builder(
                                        series.name(),
                                        () -> series.value()
                                                .apply(current())
                                                .map(Number::doubleValue)
                                                .orElse(Double.NaN))
                                .description(series.help())));
            } else if (!known && meter != null) {
                registry.remove(meter);
                registered.remove(series.name());
            }
        }
        boolean counted = snapshot.upgrades().isPresent();
        if (counted && upgradeCounters.isEmpty()) {
            registerUpgradeCounters();
        } else if (!counted && !upgradeCounters.isEmpty()) {
            upgradeCounters.forEach(registry::remove);
            upgradeCounters.clear();
        }
    }

    /** Register the counters of the upgrade history, each read from the current snapshot when rendered. */
    private void registerUpgradeCounters() {
        upgradeCounters.add(registry.getOrCreate(
                FunctionalCounter.builder(STARTED, this, metrics -> metrics.tally(tally -> tally.started()))
                        .description("Upgrades that started (past their checks, before anything was stopped)")));
        for (UpgradeRecord.Action action : UpgradeRecord.Action.values()) {
            for (UpgradeRecord.Result result : UpgradeTally.endings()) {
                upgradeCounters.add(registry.getOrCreate(FunctionalCounter.builder(
                                ACTION_COUNTERS.get(action),
                                this,
                                metrics -> metrics.tally(tally -> tally.count(action, result)))
                        .tags(List.of(Tag.create("outcome", result.code())))
                        .description(ACTION_HELP.get(action))));
            }
        }
    }

    /** Return {@code count} of the current snapshot's tally, 0 when it has none (its counters are then removed). */
    private long tally(Function<UpgradeTally, Long> count) {
        return current().upgrades().map(count).orElse(0L);
    }

    private MetricsSnapshot current() {
        MetricsSnapshot snapshot = current;
        if (snapshot == null) {
            refresh();
            return current;
        }
        return snapshot;
    }

    private static boolean isMetricsPath(String path) {
        return path.equals(PATH) || path.startsWith(PATH + "/");
    }

    /** One series whose value may be unknown. */
    private record Series(String name, String help, Function<MetricsSnapshot, Optional<? extends Number>> value) {}
}
