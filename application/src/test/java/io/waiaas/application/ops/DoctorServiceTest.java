package io.waiaas.application.ops;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.waiaas.application.ApplicationException;
import io.waiaas.application.port.in.Diagnosis;
import io.waiaas.application.port.in.Diagnosis.Check;
import io.waiaas.application.port.in.Diagnosis.Status;
import io.waiaas.application.port.in.SchemaReport;
import io.waiaas.application.port.out.ServiceManager;
import io.waiaas.application.testkit.FakeDaemonClient;
import io.waiaas.application.testkit.FakeDaemonControl;
import io.waiaas.application.testkit.FakePackageInstaller;
import io.waiaas.application.testkit.InMemoryBackupIntegrity;
import io.waiaas.application.testkit.InMemoryBackupStore;
import io.waiaas.application.testkit.InMemoryDiskSpace;
import io.waiaas.application.testkit.InMemoryHostInspection;
import io.waiaas.application.testkit.InMemoryKeyValueStore;
import io.waiaas.application.testkit.InMemoryServiceManager;
import io.waiaas.application.testkit.InMemoryStoredRelease;
import io.waiaas.application.testkit.InMemoryVersionSource;
import io.waiaas.application.testkit.MutableClock;
import io.waiaas.application.testkit.PublishedPackages;
import io.waiaas.application.testkit.RegistryKey;
import io.waiaas.domain.BackupManifest;
import io.waiaas.domain.BackupReason;
import io.waiaas.domain.HealthSnapshot;
import io.waiaas.domain.ReleaseChannel;
import io.waiaas.domain.SchemaCompatibility;
import io.waiaas.domain.SchemaVersion;
import io.waiaas.domain.Version;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The doctor's decisions, check by check, over the verified fakes (DOCT-01..04). */
class DoctorServiceTest {
    private static final String PKG = "@waiaas/cli";
    private static final String DATA = "/var/lib/waiaas";
    private static final int PORT = 3100;

    private final InMemoryHostInspection host = new InMemoryHostInspection(DATA);
    private final FakeDaemonControl daemon = new FakeDaemonControl();
    private final FakeDaemonClient client = new FakeDaemonClient();
    private final PublishedPackages published = new PublishedPackages().publish(PKG, "1.0.0", "1.1.0");
    private final InMemoryVersionSource registry = new InMemoryVersionSource(published);
    private final FakePackageInstaller installer = new FakePackageInstaller(published);
    private final InMemoryDiskSpace disk = new InMemoryDiskSpace(DATA, "/opt/waiaas");
    private final InMemoryKeyValueStore live = new InMemoryKeyValueStore();
    private final InMemoryBackupStore backups =
            new InMemoryBackupStore(live, new MutableClock(Instant.parse("2026-12-07T06:00:00Z")), SchemaVersion.of(2));
    private final InMemoryServiceManager service = new InMemoryServiceManager();
    private SchemaReport schema = report(Optional.of(SchemaVersion.of(2)));

    DoctorServiceTest() {
        published.tag(PKG, "latest", "1.1.0");
        host.createBackupsDir();
        backups.create(BackupReason.MANUAL, Version.parse("1.0.0"));
        host.installation("/opt/waiaas/versions/1.0.0/bin/waiaas");
        host.onPath("/opt/waiaas/versions/1.0.0/bin/waiaas");
        disk.addData(1024 * 1024);
    }

    private static SchemaReport report(Optional<SchemaVersion> database) {
        SchemaVersion min = SchemaVersion.of(1);
        SchemaVersion latest = SchemaVersion.of(2);
        return new SchemaReport(database, latest, min, SchemaCompatibility.decide(database, min, latest));
    }

    private Diagnosis diagnose() {
        return new DoctorService(
                        new DoctorService.Settings(
                                new ReleaseChannel(PKG, "latest"),
                                "https://registry.invalid/",
                                "127.0.0.1",
                                PORT,
                                DATA,
                                Optional.of(Version.parse("1.0.0"))),
                        new DoctorService.Probes(
                                () -> host,
                                () -> daemon,
                                () -> client,
                                () -> registry,
                                () -> installer,
                                () -> disk,
                                () -> () -> schema,
                                () -> backups,
                                () -> new InMemoryBackupIntegrity(backups),
                                () -> service,
                                () -> new InMemoryStoredRelease(checked)))
                .diagnose();
    }

    /** What the daemon's version check stored. */
    private final InMemoryKeyValueStore checked = new InMemoryKeyValueStore();

    @Test
    void registryMetadataWarnsOfADeprecatedInstalledVersionAndOfWhatTheDaemonsCheckFound() {
        assertCheck(Status.OK, "no rollback", check("registry-metadata"));
        published.deprecate(PKG, "1.0.0", "loses webhooks; use 1.1.0");
        assertCheck(
                Status.WARN,
                "the installed version 1.0.0 is deprecated by the registry: loses webhooks; use 1.1.0",
                check("registry-metadata"));
        checked.putAll(java.util.Map.of(
                io.waiaas.application.port.out.StoredRelease.WARNINGS_KEY,
                "the registry no longer lists 1.2.0 that it listed before\nthe installed version 1.0.0 is deprecated by"
                        + " the registry: loses webhooks; use 1.1.0"));
        Check both = check("registry-metadata");
        assertCheck(Status.WARN, "no longer lists 1.2.0", both);
        assertEquals(1, both.message().split("is deprecated", -1).length - 1, "said once: " + both.message());
        assertTrue(!diagnose().failed(), "a warning, not a failure");
    }

    private Check check(String name) {
        return diagnose().checks().stream()
                .filter(c -> c.name().equals(name))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no check " + name + " in " + diagnose()));
    }

    private static void assertCheck(Status status, String fragment, Check check) {
        assertEquals(status, check.status(), check.toString());
        assertTrue(check.message().contains(fragment), check.message() + " lacks " + fragment);
    }

    @Test
    void aHealthyInstallationPassesEveryCheckInOrderAndDoesNotFail() {
        Diagnosis diagnosis = diagnose();
        assertEquals(
                List.of(
                        "data-dir",
                        "backups-dir",
                        "port",
                        "registry",
                        "registry-metadata",
                        "signing-keys",
                        "disk-space",
                        "schema",
                        "locks",
                        "last-backup",
                        "path",
                        "systemd"),
                diagnosis.checks().stream().map(Check::name).toList());
        // The registry publishes no keys here: a warning, not a failure.
        assertEquals(
                List.of("signing-keys"),
                diagnosis.checks().stream()
                        .filter(c -> c.status() != Status.OK)
                        .map(Check::name)
                        .toList(),
                diagnosis.toString());
        assertFalse(diagnosis.failed());
    }

    @Test
    void directories() {
        assertCheck(Status.OK, "writable and owner-only", check("data-dir"));
        host.openDataDirToOthers();
        assertCheck(Status.WARN, "chmod 700 " + DATA, check("data-dir"));
        host.blockBackupsDir();
        assertCheck(Status.FAIL, "not writable", check("backups-dir"));
        assertTrue(diagnose().failed());
    }

    @Test
    void aMissingBackupsDirIsFine() {
        InMemoryHostInspection fresh = new InMemoryHostInspection(DATA);
        assertCheck(
                Status.OK,
                "does not exist yet",
                DoctorService.directory(fresh.directories().get(1)));
    }

    @Test
    void portFreeOursOrTaken() {
        assertCheck(Status.OK, "127.0.0.1:3100 is free", check("port"));
        host.occupy(PORT);
        assertCheck(Status.FAIL, "[daemon] port", check("port"));
        long pid = daemon.holdDataDir();
        client.serve(
                PORT,
                new HealthSnapshot(
                        Version.parse("1.0.0"),
                        Optional.empty(),
                        SchemaVersion.of(2),
                        Duration.ZERO,
                        Instant.parse("2026-12-07T06:00:00Z")));
        assertCheck(Status.OK, "served by this data dir's daemon (pid " + pid, check("port"));
        client.stopServing(PORT);
        assertCheck(Status.WARN, "does not answer", check("port"));
    }

    @Test
    void registryReachableOrNot() {
        assertCheck(Status.OK, PKG + "@latest is 1.1.0", check("registry"));
        registry.failWith(ApplicationException.failed("connection refused by proxy 127.0.0.1:9"));
        assertCheck(Status.FAIL, "connection refused by proxy", check("registry"));
        assertCheck(Status.WARN, "not checked", check("signing-keys"));
    }

    @Test
    void signingKeys() {
        assertCheck(Status.WARN, "publishes no signing keys", check("signing-keys"));
        RegistryKey key = RegistryKey.generate("SHA256:doctor");
        published.keys(key);
        assertCheck(Status.FAIL, "would be refused", check("signing-keys"));
        published.sign(PKG, "1.1.0", key);
        assertCheck(Status.OK, "SHA256:doctor", check("signing-keys"));
    }

    @Test
    void diskSpace() {
        assertCheck(Status.OK, "free for a backup", check("disk-space"));
        disk.backupFree(disk.backupNeed() + 1);
        assertCheck(Status.WARN, "not much more", check("disk-space"));
        disk.backupFree(0);
        assertCheck(Status.FAIL, "free some space", check("disk-space"));
        disk.blockDataDir();
        assertCheck(Status.FAIL, "not writable", check("disk-space"));
    }

    @Test
    void schemaCurrentPendingTooNew() {
        assertCheck(Status.OK, "schema 2", check("schema"));
        schema = report(Optional.empty());
        assertCheck(Status.OK, "no database yet", check("schema"));
        schema = report(Optional.of(SchemaVersion.of(1)));
        assertCheck(Status.WARN, "pending", check("schema"));
        schema = report(Optional.of(SchemaVersion.of(3)));
        assertCheck(Status.FAIL, "waiaas upgrade", check("schema"));
    }

    @Test
    void staleLocksFail() {
        assertCheck(Status.OK, "no stale lock", check("locks"));
        long pid = host.leaveStalePidFile();
        assertCheck(Status.FAIL, "pid " + pid + ", which is gone; run: waiaas stop", check("locks"));
        host.leaveUpgradeJournal();
        assertCheck(Status.FAIL, "run: waiaas upgrade", check("locks"));
    }

    @Test
    void lastBackupVerifiesOrNot() {
        BackupManifest newest = backups.create(BackupReason.MANUAL, Version.parse("1.0.0"));
        assertCheck(Status.OK, newest.id() + " (", check("last-backup"));
        backups.damage(newest.id());
        assertCheck(Status.FAIL, "does not verify", check("last-backup"));
    }

    @Test
    void noBackupYetIsAWarning() {
        backups.list().forEach(b -> backups.delete(b.id()));
        assertCheck(Status.WARN, "waiaas backup create", check("last-backup"));
    }

    @Test
    void pathResolution() {
        assertCheck(Status.OK, "this installation's current version", check("path"));
        host.onPath("/usr/local/bin/waiaas");
        assertCheck(Status.WARN, "not this installation's", check("path"));
        InMemoryHostInspection none = new InMemoryHostInspection(DATA);
        none.installation("/opt/waiaas/versions/1.0.0/bin/waiaas");
        assertEquals(Status.WARN, pathOf(none).status());
    }

    private Check pathOf(InMemoryHostInspection other) {
        return new DoctorService(
                        new DoctorService.Settings(
                                new ReleaseChannel(PKG, "latest"),
                                "https://registry.invalid/",
                                "127.0.0.1",
                                PORT,
                                DATA),
                        new DoctorService.Probes(
                                () -> other,
                                () -> daemon,
                                () -> client,
                                () -> registry,
                                () -> installer,
                                () -> disk,
                                () -> () -> schema,
                                () -> backups,
                                () -> new InMemoryBackupIntegrity(backups),
                                () -> service,
                                InMemoryStoredRelease::new))
                .diagnose().checks().stream()
                        .filter(c -> c.name().equals("path"))
                        .findFirst()
                        .orElseThrow();
    }

    @Test
    void systemdNotInstalledIsFineAndAUnitForThisDataDirIsReported() {
        assertCheck(Status.OK, "no unit installed", check("systemd"));
        service.install(new ServiceManager.UnitSpec(true, "/opt/waiaas/bin/waiaas", DATA, Optional.empty(), 60));
        assertCheck(Status.OK, "enabled, inactive", check("systemd"));
        service.uninstall(true);
        service.install(
                new ServiceManager.UnitSpec(true, "/opt/waiaas/bin/waiaas", "/elsewhere", Optional.empty(), 60));
        assertCheck(Status.WARN, "not this data dir", check("systemd"));
        service.unavailable("no systemctl on PATH");
        assertCheck(Status.OK, "not available here", check("systemd"));
    }

    @Test
    void aProbeThatThrowsFailsItsOwnCheckOnly() {
        daemon.failWith(ApplicationException.failed("daemon.lock cannot be read"));
        Diagnosis diagnosis = diagnose();
        assertCheck(Status.FAIL, "daemon.lock cannot be read", check("port"));
        assertEquals(12, diagnosis.checks().size());
    }
}
