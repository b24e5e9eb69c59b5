package io.waiaas.application.upgrade;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.waiaas.application.ApplicationException;
import io.waiaas.application.port.in.UpgradeListener;
import io.waiaas.application.port.in.UpgradeRequest;
import io.waiaas.application.port.out.BackupStore;
import io.waiaas.application.port.out.CommandResult;
import io.waiaas.application.port.out.DaemonClient;
import io.waiaas.application.port.out.InstalledVersion;
import io.waiaas.application.testkit.FakeDaemonControl;
import io.waiaas.application.testkit.FakePackageInstaller;
import io.waiaas.application.testkit.FakeVersionRunner;
import io.waiaas.application.testkit.InMemoryBackupStore;
import io.waiaas.application.testkit.InMemoryDiskSpace;
import io.waiaas.application.testkit.InMemoryKeyValueStore;
import io.waiaas.application.testkit.InMemorySchemaHistory;
import io.waiaas.application.testkit.InMemoryUpgradeJournal;
import io.waiaas.application.testkit.InMemoryUpgradeLock;
import io.waiaas.application.testkit.InMemoryVersionSource;
import io.waiaas.application.testkit.Launch;
import io.waiaas.application.testkit.MutableClock;
import io.waiaas.application.testkit.PublishedPackages;
import io.waiaas.domain.BackupId;
import io.waiaas.domain.BackupManifest;
import io.waiaas.domain.BackupPolicy;
import io.waiaas.domain.BackupReason;
import io.waiaas.domain.HealthSnapshot;
import io.waiaas.domain.ReleaseChannel;
import io.waiaas.domain.SchemaVersion;
import io.waiaas.domain.UpgradeOutcome;
import io.waiaas.domain.UpgradeStep;
import io.waiaas.domain.Version;
import io.waiaas.domain.WaiaasException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** {@link UpgradeService} plans and walks required stops (CMPT-B2) over the testkit fakes. */
class UpgradeServiceStopsTest {
    private static final String PKG = "@waiaas/cli";
    private static final Version INSTALLED = Version.parse("1.0.0");

    private final PublishedPackages published = new PublishedPackages();
    private final InMemoryVersionSource source = new InMemoryVersionSource(published);
    private final FakePackageInstaller installer = new FakePackageInstaller(published);
    private final MutableClock clock = new MutableClock(Instant.parse("2026-11-26T07:00:00Z"));
    private final InMemoryKeyValueStore live = new InMemoryKeyValueStore();
    private final InMemoryBackupStore backups = new InMemoryBackupStore(live, clock, SchemaVersion.of(2));
    private final InMemorySchemaHistory schema = new InMemorySchemaHistory(SchemaVersion.of(2));
    private final FakeDaemonControl daemon = new FakeDaemonControl();
    private final FakeVersionRunner runner =
            new FakeVersionRunner("/var/lib/waiaas", daemon).installEverywhere(this::command);
    private final InMemoryUpgradeJournal journal = new InMemoryUpgradeJournal();
    private final InMemoryUpgradeLock lock = new InMemoryUpgradeLock();
    private final InMemoryDiskSpace disk = new InMemoryDiskSpace("/var/lib/waiaas", "/opt/waiaas/versions");
    private final DaemonClient health = new DaemonClient() {
        @Override
        public Optional<HealthSnapshot> health(int port, Duration timeout) {
            return daemon.runningPid()
                    .flatMap(pid -> installer.current())
                    .map(v -> new HealthSnapshot(
                            v.version(),
                            Optional.empty(),
                            schema.current().orElseThrow(),
                            Duration.ZERO,
                            clock.instant()));
        }

        @Override
        public boolean ready(int port, Duration timeout) {
            return daemon.runningPid().isPresent();
        }
    };
    private final Map<Version, Integer> schemaOf = new HashMap<>();
    private final Set<Version> migrationFails = new HashSet<>();
    private final List<String> notes = new ArrayList<>();
    private final List<String> questions = new ArrayList<>();
    private boolean answer = true;

    private boolean withBridge = true;
    private boolean publishedYet;

    UpgradeServiceStopsTest() {
        live.putAll(Map.of("wallet", "alice"));
    }

    /** Publish the issue's example: 1.2.0 brings 3 from 1, 1.5.0 brings 5 from 3, 2.0.0 needs 5. */
    private void publish() {
        if (publishedYet) {
            return;
        }
        publishedYet = true;
        release("1.0.0", 2, 1);
        release("1.2.0", 3, 1);
        if (withBridge) {
            release("1.5.0", 5, 3);
        }
        release("2.0.0", 6, 5);
        published.tag(PKG, "latest", "2.0.0");
    }

    private void release(String version, int schemaVersion, int minCompatible) {
        published.tarball(PKG, version, (PKG + "@" + version).getBytes(StandardCharsets.UTF_8));
        published.manifestField(
                PKG,
                version,
                "waiaas",
                "{\"schemaVersion\":" + schemaVersion + ",\"minCompatibleSchemaVersion\":" + minCompatible + "}");
        schemaOf.put(Version.parse(version), schemaVersion);
    }

    private UpgradeService service() {
        return service(backups);
    }

    private UpgradeService service(BackupStore store) {
        publish();
        UpgradeSettings settings = new UpgradeSettings(
                new ReleaseChannel(PKG, "latest"),
                BackupPolicy.keepNewest(5),
                3100,
                Duration.ofSeconds(2),
                Duration.ofSeconds(10),
                false);
        return new UpgradeService(
                INSTALLED, settings, source, installer, store, schema, daemon, health, runner, journal, lock, disk,
                clock);
    }

    /** Run every installed version as the published one would: it knows its version and migrates to its schema. */
    private Optional<CommandResult> command(InstalledVersion version, List<String> arguments) {
        if (arguments.subList(2, arguments.size()).equals(List.of("--version"))) {
            return Optional.of(new CommandResult(0, version.version() + "\n", ""));
        }
        if (migrationFails.contains(version.version())) {
            return Optional.of(new CommandResult(1, "", "injected migration failure"));
        }
        schema.moveTo(SchemaVersion.of(schemaOf.get(version.version())));
        return Optional.of(new CommandResult(0, "", ""));
    }

    private final UpgradeListener listener = new UpgradeListener() {
        @Override
        public void note(String message) {
            notes.add(message);
        }

        @Override
        public boolean confirm(String question) {
            questions.add(question);
            return answer;
        }
    };

    private UpgradeOutcome upgrade(boolean dryRun) {
        publish();
        return service().upgrade(new UpgradeRequest(Optional.empty(), false, false, dryRun), listener);
    }

    /** Return the versions whose {@code db migrate} ran on the data dir, in order: each launcher's version dir. */
    private List<String> migratedVersions() {
        return runner.runs().stream()
                .filter(line ->
                        line.subList(1, line.size()).equals(List.of("--data-dir", "/var/lib/waiaas", "db", "migrate")))
                .map(line -> Path.of(line.getFirst())
                        .getParent()
                        .getParent()
                        .getFileName()
                        .toString())
                .toList();
    }

    private long preUpgradeBackups() {
        return backups.list().stream()
                .filter(b -> b.reason() == BackupReason.PRE_UPGRADE)
                .count();
    }

    @Test
    void aDryRunShowsTheRouteThroughTwoStopsAndChangesNothing() {
        UpgradeOutcome.Planned plan = assertInstanceOf(UpgradeOutcome.Planned.class, upgrade(true));
        assertEquals(
                List.of("1.2.0", "1.5.0", "2.0.0"),
                plan.route().stream().map(Version::toString).toList());
        assertTrue(plan.hasStops());
        assertTrue(
                notes.stream().anyMatch(n -> n.contains("required stops: 1.2.0 \u2192 1.5.0 \u2192 2.0.0")),
                notes.toString());
        assertEquals(List.of(), installer.log());
        assertEquals(0, preUpgradeBackups());
        assertEquals(Optional.of(SchemaVersion.of(2)), schema.current());
        assertTrue(questions.isEmpty());
    }

    @Test
    void walksEveryStopWithItsOwnBackupAndEndsOnTheTarget() {
        UpgradeOutcome.Upgraded done = assertInstanceOf(UpgradeOutcome.Upgraded.class, upgrade(false));
        assertEquals(INSTALLED, done.from());
        assertEquals(Version.parse("2.0.0"), done.to());
        assertEquals(Optional.of(Version.parse("2.0.0")), installer.current().map(InstalledVersion::version));
        assertEquals(Optional.of(SchemaVersion.of(6)), schema.current());
        assertEquals(3, preUpgradeBackups());
        assertEquals(Map.of("wallet", "alice"), live.snapshot());
        assertEquals(1, questions.size());
        assertTrue(questions.getFirst().contains("1.2.0 \u2192 1.5.0 \u2192 2.0.0"), questions.getFirst());
        assertEquals(List.of("1.2.0", "1.5.0", "2.0.0"), migratedVersions());
        assertEquals(Optional.empty(), journal.read(), "the walk left an upgrade under way");
        assertFalse(lock.held(), "the walk kept the upgrade lock");
    }

    @Test
    void aFailureAtTheSecondStopLeavesTheFirstStopCurrentWithItsData() {
        migrationFails.add(Version.parse("1.5.0"));
        UpgradeOutcome.RolledBack failed = assertInstanceOf(UpgradeOutcome.RolledBack.class, upgrade(false));
        assertEquals(UpgradeStep.MIGRATE, failed.step());
        assertEquals(Version.parse("1.2.0"), failed.restored());
        assertTrue(failed.cause().startsWith("stop 2 of 3 (1.2.0 \u2192 1.5.0)"), failed.cause());
        assertTrue(failed.cause().contains("stopped at the last good stop 1.2.0"), failed.cause());
        assertEquals(Optional.of(Version.parse("1.2.0")), installer.current().map(InstalledVersion::version));
        assertEquals(Optional.of(SchemaVersion.of(3)), schema.current());
        assertEquals(Map.of("wallet", "alice"), live.snapshot());
        assertEquals(2, preUpgradeBackups());
        assertEquals(3, failed.exitCode());
        assertEquals(Optional.empty(), journal.read(), "the rollback left an upgrade under way");
        assertFalse(lock.held(), "the rollback kept the upgrade lock");
    }

    @Test
    void withTheDaemonRunningEachStopRestartsItAndAFailedSecondStopLeavesTheFirstStopServing() {
        daemon.launches(Launch.keepsRunning());
        daemon.spawnedDaemonHoldsTheDataDir();
        daemon.holdDataDir();
        installer.adopt(INSTALLED);
        migrationFails.add(Version.parse("1.5.0"));
        UpgradeOutcome.RolledBack failed = assertInstanceOf(UpgradeOutcome.RolledBack.class, upgrade(false));
        assertEquals(Version.parse("1.2.0"), failed.restored());
        assertTrue(daemon.runningPid().isPresent(), "no daemon serves after the rollback");
        assertEquals(
                Optional.of(Version.parse("1.2.0")),
                health.health(3100, Duration.ofMillis(1)).map(HealthSnapshot::version));
        assertEquals(Map.of("wallet", "alice"), live.snapshot());
        assertEquals(2, preUpgradeBackups());
        assertEquals(2, daemon.spawns(), "1.2.0 started after its stop, and again after the rollback");
    }

    @Test
    void withTheDaemonRunningTheWalkEndsWithTheTargetServing() {
        daemon.launches(Launch.keepsRunning());
        daemon.spawnedDaemonHoldsTheDataDir();
        daemon.holdDataDir();
        installer.adopt(INSTALLED);
        assertInstanceOf(UpgradeOutcome.Upgraded.class, upgrade(false));
        assertEquals(
                Optional.of(Version.parse("2.0.0")),
                health.health(3100, Duration.ofMillis(1)).map(HealthSnapshot::version));
        assertEquals(3, preUpgradeBackups());
        assertEquals(Map.of("wallet", "alice"), live.snapshot());
        assertEquals(3, daemon.spawns(), "one restart per stop");
    }

    @Test
    void aBackupThatFailsAtTheSecondStopSaysWhereTheWalkStopped() {
        FailingSecondBackup failing = new FailingSecondBackup();
        WaiaasException e = assertThrows(
                WaiaasException.class,
                () -> service(failing).upgrade(new UpgradeRequest(Optional.empty(), false, false, false), listener));
        assertEquals(
                "stop 2 of 3 (1.2.0 \u2192 1.5.0): disk full; stopped at the last good stop 1.2.0", e.getMessage());
        assertEquals(Optional.of(Version.parse("1.2.0")), installer.current().map(InstalledVersion::version));
        assertEquals(Optional.of(SchemaVersion.of(3)), schema.current());
    }

    /** A backup store whose second backup fails, as a full disk would. */
    private final class FailingSecondBackup implements BackupStore {
        private int creates;

        @Override
        public BackupManifest create(BackupReason reason, Version fromVersion) {
            if (++creates == 2) {
                throw ApplicationException.failed("disk full");
            }
            return backups.create(reason, fromVersion);
        }

        @Override
        public List<BackupManifest> list() {
            return backups.list();
        }

        @Override
        public Optional<BackupManifest> find(BackupId id) {
            return backups.find(id);
        }

        @Override
        public Optional<BackupManifest> restore(BackupId id, Version replacedVersion) {
            return backups.restore(id, replacedVersion);
        }

        @Override
        public List<BackupId> prune(BackupPolicy policy) {
            return backups.prune(policy);
        }
    }

    @Test
    void refusesWithTheReasonWhenTheNeededIntermediateIsNotPublished() {
        withBridge = false;
        UpgradeOutcome.Refused refused = assertInstanceOf(UpgradeOutcome.Refused.class, upgrade(false));
        assertTrue(refused.reason().contains("no version bridges schema 3 to 5"), refused.reason());
        assertEquals(5, refused.exitCode());
        assertEquals(List.of(), installer.log());
        assertEquals(0, preUpgradeBackups());
        assertEquals(Optional.of(SchemaVersion.of(2)), schema.current());
        assertTrue(questions.isEmpty());
    }

    @Test
    void refusesAndChangesNothingWhenTheRouteIsNotConfirmed() {
        answer = false;
        UpgradeOutcome.Refused refused = assertInstanceOf(UpgradeOutcome.Refused.class, upgrade(false));
        assertTrue(refused.reason().contains("--yes"), refused.reason());
        assertEquals(List.of(), installer.log());
        assertEquals(0, preUpgradeBackups());
    }

    @Test
    void goesStraightToATargetThatCanMigrateTheDatabase() {
        schema.moveTo(SchemaVersion.of(5));
        UpgradeOutcome.Planned plan = assertInstanceOf(UpgradeOutcome.Planned.class, upgrade(true));
        assertEquals(List.of(Version.parse("2.0.0")), plan.route());
    }
}
