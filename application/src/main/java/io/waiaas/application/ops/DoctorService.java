package io.waiaas.application.ops;

import io.waiaas.application.port.in.Diagnose;
import io.waiaas.application.port.in.Diagnosis;
import io.waiaas.application.port.in.Diagnosis.Check;
import io.waiaas.application.port.in.InspectSchema;
import io.waiaas.application.port.in.SchemaReport;
import io.waiaas.application.port.out.BackupIntegrity;
import io.waiaas.application.port.out.BackupStore;
import io.waiaas.application.port.out.DaemonClient;
import io.waiaas.application.port.out.DaemonControl;
import io.waiaas.application.port.out.DiskSpace;
import io.waiaas.application.port.out.HostInspection;
import io.waiaas.application.port.out.PackageInstaller;
import io.waiaas.application.port.out.ServiceManager;
import io.waiaas.application.port.out.StoredRelease;
import io.waiaas.application.port.out.VersionSource;
import io.waiaas.domain.BackupManifest;
import io.waiaas.domain.ErrorCode;
import io.waiaas.domain.PublishedVersion;
import io.waiaas.domain.ReleaseChannel;
import io.waiaas.domain.ReleaseVetting;
import io.waiaas.domain.SchemaCompatibility;
import io.waiaas.domain.Verification;
import io.waiaas.domain.Version;
import io.waiaas.domain.WaiaasException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Decide, check by check, whether an installation is healthy ({@code waiaas doctor}, DOCT-01..04): the probes report
 * what is, this class alone says ok, warn or fail and what to do. A check whose probe fails becomes a failed check; no
 * check stops the others.
 */
public final class DoctorService implements Diagnose {
    /** How long the daemon may take to answer {@code /health} before it counts as not answering. */
    private static final Duration HEALTH_TIMEOUT = Duration.ofSeconds(2);

    private static final long MIB = 1024L * 1024;

    private final Settings settings;
    private final Probes probes;

    /** Create the doctor of one installation and data dir. */
    public DoctorService(Settings settings, Probes probes) {
        this.settings = Objects.requireNonNull(settings, "settings");
        this.probes = Objects.requireNonNull(probes, "probes");
    }

    /**
     * What the checks compare against.
     *
     * @param channel the package and dist-tag the installation follows
     * @param registry the registry's address, as the operator configured it (no credentials)
     * @param hostname the address the daemon listens on
     * @param port the port the daemon listens on
     * @param dataDir the data dir checked, as a service unit names it
     * @param installed the version installed, whose deprecation the registry may announce; empty when not known
     */
    public record Settings(
            ReleaseChannel channel,
            String registry,
            String hostname,
            int port,
            String dataDir,
            Optional<Version> installed) {
        public Settings {
            Objects.requireNonNull(dataDir, "dataDir");
            Objects.requireNonNull(channel, "channel");
            Objects.requireNonNull(registry, "registry");
            Objects.requireNonNull(hostname, "hostname");
            Objects.requireNonNull(installed, "installed");
        }

        /** What the checks compare against, the installed version not known. */
        public Settings(ReleaseChannel channel, String registry, String hostname, int port, String dataDir) {
            this(channel, registry, hostname, port, dataDir, Optional.empty());
        }
    }

    /**
     * The out-ports (and the schema in-port) the checks read through; each is created on first use, so one that cannot
     * be built fails its own check only.
     */
    public record Probes(
            Supplier<HostInspection> host,
            Supplier<DaemonControl> daemon,
            Supplier<DaemonClient> client,
            Supplier<VersionSource> registry,
            Supplier<PackageInstaller> installer,
            Supplier<DiskSpace> disk,
            Supplier<InspectSchema> schema,
            Supplier<BackupStore> backups,
            Supplier<BackupIntegrity> integrity,
            Supplier<ServiceManager> service,
            Supplier<StoredRelease> stored) {}

    @Override
    public Diagnosis diagnose() {
        List<Check> checks = new ArrayList<>();
        List<HostInspection.Directory> dirs =
                attempt("data-dir", () -> probes.host().get().directories(), checks);
        if (dirs != null) {
            dirs.forEach(d -> checks.add(directory(d)));
        }
        checks.add(check("port", this::port));
        Optional<Version> latest = Optional.empty();
        try {
            latest = Optional.of(probes.registry()
                    .get()
                    .distTag(
                            settings.channel().packageName(), settings.channel().distTag()));
            checks.add(Check.ok(
                    "registry",
                    settings.registry() + " answers: " + settings.channel().packageName() + "@"
                            + settings.channel().distTag() + " is " + latest.get()));
        } catch (RuntimeException e) {
            checks.add(Check.fail(
                    "registry",
                    "cannot reach " + settings.registry() + ": " + message(e)
                            + "; check [update] registry, [update] proxy and the registry token"));
        }
        Optional<Version> target = latest;
        checks.add(check("registry-metadata", n -> registryMetadata(target.isPresent())));
        checks.add(check("signing-keys", n -> signingKeys(target)));
        checks.add(check("disk-space", this::diskSpace));
        checks.add(check("schema", this::schema));
        checks.add(check("locks", this::locks));
        checks.add(check("last-backup", this::lastBackup));
        checks.add(check("path", this::path));
        checks.add(check("systemd", this::systemd));
        return new Diagnosis(checks);
    }

    private static <T> T attempt(String name, Supplier<T> probe, List<Check> checks) {
        try {
            return probe.get();
        } catch (RuntimeException e) {
            checks.add(Check.fail(name, "cannot be checked: " + message(e)));
            return null;
        }
    }

    private static Check check(String name, java.util.function.Function<String, Check> decide) {
        try {
            return decide.apply(name);
        } catch (RuntimeException e) {
            return Check.fail(name, "cannot be checked: " + message(e));
        }
    }

    private static String message(RuntimeException e) {
        return Optional.ofNullable(e.getMessage()).orElse(e.getClass().getSimpleName());
    }

    static Check directory(HostInspection.Directory dir) {
        String name = dir.role().replace(' ', '-');
        if (!dir.exists()) {
            return Check.ok(
                    name, dir.path() + " does not exist yet; waiaas creates it (owner-only) when it first needs it");
        }
        if (!dir.writable()) {
            return Check.fail(
                    name,
                    dir.path() + " is not writable by this user; run waiaas as its owner, or give it back: chown -R"
                            + " <user> " + dir.path());
        }
        if (!dir.ownerOnly()) {
            return Check.warn(
                    name,
                    dir.path() + " is open to other users (" + dir.mode().orElse("?") + "); run: chmod 700 "
                            + dir.path());
        }
        return Check.ok(name, dir.path() + " is writable and owner-only");
    }

    private Check port(String name) {
        String address = settings.hostname() + ":" + settings.port();
        Optional<Long> pid = probes.daemon().get().runningPid();
        if (pid.isPresent()) {
            return probes.client()
                    .get()
                    .health(settings.port(), HEALTH_TIMEOUT)
                    .map(h -> Check.ok(
                            name,
                            address + " is served by this data dir's daemon (pid " + pid.get() + ", version "
                                    + h.version() + ")"))
                    .orElseGet(() -> Check.warn(
                            name,
                            "this data dir's daemon (pid " + pid.get() + ") runs but does not answer on " + address
                                    + "; see its log, or restart it: waiaas stop && waiaas start -d"));
        }
        if (probes.host().get().portFree(settings.hostname(), settings.port())) {
            return Check.ok(name, address + " is free for the daemon");
        }
        return Check.fail(
                name,
                address + " is taken by another process while this data dir's daemon is stopped; stop that process"
                        + " or set [daemon] port in config.toml");
    }

    /**
     * Say what is wrong with the registry's metadata (TRST-01..TRST-04): the installed version deprecated (asked now),
     * and what the daemon's last check found (a rollback, a removed version, publication time going back, metadata
     * older than {@code max_metadata_age}).
     */
    private Check registryMetadata(boolean reachable) {
        String name = "registry-metadata";
        List<String> found = new ArrayList<>();
        if (reachable && settings.installed().isPresent()) {
            ReleaseVetting.find(
                            probes.registry().get().catalogue(settings.channel().packageName()),
                            settings.installed().get())
                    .filter(PublishedVersion::isDeprecated)
                    .ifPresent(v -> found.add("the installed version " + ReleaseVetting.deprecation(v)));
        }
        found.addAll(probes.stored().get().warnings());
        List<String> distinct = found.stream().distinct().toList();
        if (distinct.isEmpty()) {
            return Check.ok(
                    name,
                    "no rollback, removed version, frozen metadata or deprecated installed version seen"
                            + (reachable ? "" : " (the registry was not asked: see registry)"));
        }
        return Check.warn(
                name, String.join("; ", distinct) + "; see docs/security.md (Registry metadata) before upgrading");
    }

    private Check signingKeys(Optional<Version> latest) {
        String name = "signing-keys";
        if (latest.isEmpty()) {
            return Check.warn(name, "not checked: the registry cannot be reached (see registry)");
        }
        Version version = latest.get();
        try {
            Verification verification = probes.installer()
                    .get()
                    .verify(probes.registry().get().release(settings.channel().packageName(), version));
            return switch (verification) {
                case Verification.Signed signed ->
                    Check.ok(
                            name,
                            "the registry publishes signing keys and " + version + " verifies with key "
                                    + String.join(", ", signed.keyIds()));
                case Verification.Unsigned unsigned ->
                    Check.warn(
                            name,
                            "the registry publishes no signing keys: upgrades check sha512 integrity only; set"
                                    + " [update] require_signatures = true to refuse unsigned releases");
                // Only a package file (upgrade --from) verifies so; the registry's installer never does.
                case Verification.Digest digest -> Check.ok(name, verification.describe());
                case Verification.Unverified unverified -> Check.warn(name, verification.describe());
            };
        } catch (WaiaasException e) {
            return Check.fail(
                    name,
                    (e.code() == ErrorCode.REFUSED ? version + " would be refused: " : "cannot check signatures: ")
                            + e.getMessage());
        }
    }

    private Check diskSpace(String name) {
        DiskSpace disk = probes.disk().get();
        Optional<String> unwritable = disk.unwritable();
        if (unwritable.isPresent()) {
            return Check.fail(name, unwritable.get() + " is not writable: an upgrade would be refused");
        }
        long backupFree = disk.backupFree();
        long backupNeed = disk.backupNeed();
        long installFree = disk.installFree();
        long installNeed = disk.installNeed();
        String room = mib(backupFree) + " free for a backup (" + mib(backupNeed) + " needed), " + mib(installFree)
                + " free for a new version (" + mib(installNeed) + " needed)";
        if (backupFree < backupNeed || installFree < installNeed) {
            return Check.fail(name, room + ": an upgrade would be refused; free some space");
        }
        if (backupFree < 2 * backupNeed || installFree < 2 * installNeed) {
            return Check.warn(name, room + ": room for one upgrade, not much more");
        }
        return Check.ok(name, room);
    }

    private static String mib(long bytes) {
        return ((bytes + MIB - 1) / MIB) + " MiB";
    }

    private Check schema(String name) {
        SchemaReport report = probes.schema().get().status();
        return switch (report.decision()) {
            case SchemaCompatibility.Fresh f ->
                Check.ok(name, "no database yet; the daemon creates it at schema " + report.latest());
            case SchemaCompatibility.UpToDate u ->
                Check.ok(name, "the database is at schema " + report.latest() + ", this build's newest");
            case SchemaCompatibility.MigrationRequired m ->
                Check.warn(
                        name,
                        "the database is at schema " + m.from() + ", this build's is " + m.to()
                                + ": pending; the daemon migrates at start (or run: waiaas db migrate)");
            case SchemaCompatibility.DatabaseAhead ahead ->
                Check.fail(
                        name,
                        "the database (schema " + ahead.database() + ") is newer than this build (schema "
                                + ahead.latest() + "): too new; run: waiaas upgrade");
            case SchemaCompatibility.DatabaseTooOld old ->
                Check.fail(
                        name,
                        "the database (schema " + old.database() + ") is older than this build can migrate (from "
                                + old.minCompatible() + "); upgrade through an intermediate version first");
        };
    }

    private Check locks(String name) {
        List<HostInspection.StaleLock> stale = probes.host().get().staleLocks();
        if (stale.isEmpty()) {
            return Check.ok(name, "no stale lock");
        }
        List<String> found = new ArrayList<>();
        for (HostInspection.StaleLock lock : stale) {
            found.add(
                    switch (lock.kind()) {
                        case DAEMON_PID ->
                            lock.file() + " names "
                                    + lock.holder().map(p -> "pid " + p).orElse("a process")
                                    + ", which is gone; run: waiaas stop (it removes a stale pid file)";
                        case UPGRADE_JOURNAL ->
                            lock.file() + " is left by an upgrade whose process is gone; run: waiaas upgrade (or waiaas"
                                    + " start), which finishes or rolls it back";
                    });
        }
        return Check.fail(name, String.join("; ", found));
    }

    private Check lastBackup(String name) {
        List<BackupManifest> backups = probes.backups().get().list();
        if (backups.isEmpty()) {
            return Check.warn(name, "no backup yet; take one: waiaas backup create");
        }
        BackupManifest newest = backups.getFirst();
        Optional<String> damage = probes.integrity().get().damage(newest);
        if (damage.isPresent()) {
            return Check.fail(
                    name,
                    "the newest backup " + newest.id() + " does not verify: " + damage.get()
                            + "; take a new one: waiaas backup create");
        }
        return Check.ok(
                name,
                "the newest backup " + newest.id() + " (" + newest.createdAt() + ") verifies: "
                        + newest.files().size() + " file(s) match their SHA-256");
    }

    private Check path(String name) {
        HostInspection.CommandLookup lookup = probes.host().get().lookUp("waiaas");
        if (lookup.resolved().isEmpty()) {
            return Check.warn(
                    name,
                    "PATH does not find waiaas"
                            + lookup.installation()
                                    .map(i -> "; add the folder of this installation's launcher, " + i)
                                    .orElse(""));
        }
        String resolved = lookup.resolved().get();
        if (lookup.installation().isEmpty()) {
            return Check.ok(name, "PATH runs " + resolved);
        }
        if (lookup.installation().get().equals(resolved)) {
            return Check.ok(name, "PATH runs " + resolved + ", this installation's current version");
        }
        return Check.warn(
                name,
                "PATH runs " + resolved + ", not this installation's "
                        + lookup.installation().get() + "; put the installation's bin folder first on PATH");
    }

    private Check systemd(String name) {
        return switch (probes.service().get().state()) {
            case ServiceManager.UnitState.Unavailable u -> Check.ok(name, "not available here (" + u.why() + ")");
            case ServiceManager.UnitState.NotInstalled n ->
                Check.ok(name, "no unit installed (optional: waiaas service install [--user])");
            case ServiceManager.UnitState.Installed unit -> installed(name, unit);
        };
    }

    private Check installed(String name, ServiceManager.UnitState.Installed unit) {
        String what = (unit.user() ? "user unit " : "system unit ") + unit.file();
        String states = (unit.enabled() ? "enabled" : "disabled") + ", " + (unit.active() ? "active" : "inactive");
        if (unit.dataDir().isEmpty() || !unit.dataDir().get().equals(settings.dataDir())) {
            return Check.warn(
                    name,
                    what + " (" + states + ") serves " + unit.dataDir().orElse("no --data-dir")
                            + ", not this data dir");
        }
        if (!unit.enabled()) {
            return Check.warn(
                    name,
                    what + " (" + states + ") does not start at boot; run: systemctl " + (unit.user() ? "--user " : "")
                            + "enable waiaas");
        }
        return Check.ok(name, what + " (" + states + ")");
    }
}
