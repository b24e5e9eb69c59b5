package io.waiaas.application.upgrade;

import io.waiaas.application.port.in.UpgradeListener;
import io.waiaas.application.port.in.UpgradeRequest;
import io.waiaas.application.port.out.CommandResult;
import io.waiaas.application.port.out.InstalledVersion;
import io.waiaas.application.testkit.FakeDaemonClient;
import io.waiaas.application.testkit.FakeDaemonControl;
import io.waiaas.application.testkit.FakePackageInstaller;
import io.waiaas.application.testkit.FakeVersionRunner;
import io.waiaas.application.testkit.InMemoryBackupStore;
import io.waiaas.application.testkit.InMemoryDiskSpace;
import io.waiaas.application.testkit.InMemoryKeyValueStore;
import io.waiaas.application.testkit.InMemorySchemaHistory;
import io.waiaas.application.testkit.InMemoryUpgradeHistory;
import io.waiaas.application.testkit.InMemoryUpgradeJournal;
import io.waiaas.application.testkit.InMemoryUpgradeLock;
import io.waiaas.application.testkit.InMemoryVersionSource;
import io.waiaas.application.testkit.Launch;
import io.waiaas.application.testkit.ManualPause;
import io.waiaas.application.testkit.MutableClock;
import io.waiaas.application.testkit.PublishedPackages;
import io.waiaas.domain.BackupManifest;
import io.waiaas.domain.BackupPolicy;
import io.waiaas.domain.BackupReason;
import io.waiaas.domain.HealthSnapshot;
import io.waiaas.domain.JournalEntry;
import io.waiaas.domain.ReleaseChannel;
import io.waiaas.domain.SchemaVersion;
import io.waiaas.domain.UpgradeOutcome;
import io.waiaas.domain.UpgradeStep;
import io.waiaas.domain.Version;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;

/**
 * One data dir and one installation, played by the verified testkit fakes, for the upgrade's unit tests: published
 * releases with schema blocks, an installer, a database (rows and schema) with its backups, the daemon process and
 * what it answers on {@code /health}, the installed versions' command lines, the journal and the lock.
 *
 * <p>Time passes only through the {@link ManualPause}; at each pause the daemon that holds the data dir answers
 * {@code /health} as the current version (unless that version is made unhealthy), as the real one would once up.
 */
final class UpgradeWorld {
    static final String PKG = "@waiaas/cli";
    static final String DATA_DIR = "/var/lib/waiaas";
    static final int PORT = 3100;
    static final Duration HEALTH_TIMEOUT = Duration.ofSeconds(5);

    final Version build;
    final PublishedPackages published = new PublishedPackages();
    final InMemoryVersionSource source = new InMemoryVersionSource(published);
    final FakePackageInstaller installer;
    final MutableClock clock = new MutableClock(Instant.parse("2026-12-07T07:00:00Z"));
    final ManualPause pause = new ManualPause(clock);
    final InMemoryKeyValueStore data = new InMemoryKeyValueStore();
    final InMemorySchemaHistory schema;
    final InMemoryBackupStore backups;
    final FakeDaemonControl daemon = new FakeDaemonControl();
    final FakeDaemonClient health = new FakeDaemonClient();
    final FakeVersionRunner runner = new FakeVersionRunner(DATA_DIR, daemon).installEverywhere(this::command);
    final InMemoryUpgradeJournal journal = new InMemoryUpgradeJournal();
    final InMemoryUpgradeLock lock = new InMemoryUpgradeLock();
    final InMemoryUpgradeHistory history = new InMemoryUpgradeHistory();
    final InMemoryDiskSpace disk = new InMemoryDiskSpace(DATA_DIR, FakePackageInstaller.ROOT + "/versions");
    final Map<Version, Integer> schemaOf = new HashMap<>();
    final Set<Version> migrationFails = new HashSet<>();
    /** The versions whose migrations have down scripts: their {@code db downgrade} migrates down (UPGR-B9). */
    final Set<Version> reversible = new HashSet<>();

    final Set<Version> downgradeFails = new HashSet<>();
    final Set<Version> reportsWrongVersion = new HashSet<>();
    final Set<Version> unhealthy = new HashSet<>();
    final List<String> notes = new ArrayList<>();
    final List<UpgradeStep> started = new ArrayList<>();
    boolean inContainer;

    final UpgradeListener listener = new UpgradeListener() {
        @Override
        public void stepStarted(UpgradeStep step, String description) {
            started.add(step);
        }

        @Override
        public void note(String message) {
            notes.add(message);
        }
    };

    /** Create the world of an installation of {@code build} whose database is at {@code schema}. */
    UpgradeWorld(Version build, int schemaVersion, FakePackageInstaller.Mode mode) {
        this.build = build;
        this.installer = new FakePackageInstaller(published, mode);
        this.schema = new InMemorySchemaHistory(SchemaVersion.of(schemaVersion));
        this.backups = new InMemoryBackupStore(data, schema, clock);
        data.putAll(Map.of("wallet", "alice", "ledger", "42"));
        daemon.launches(Launch.keepsRunning());
        daemon.spawnedDaemonHoldsTheDataDir();
        pause.whilePausing(d -> answerHealth());
    }

    /**
     * Return the world most tests start from: 1.0.0 installed and serving at schema 2, 1.1.0 (schema 3) published
     * as {@code latest}.
     */
    static UpgradeWorld standard() {
        return new UpgradeWorld(Version.parse("1.0.0"), 2, FakePackageInstaller.Mode.SIDE_BY_SIDE)
                .release("1.0.0", 2, 1)
                .release("1.1.0", 3, 1)
                .latest("1.1.0")
                .serving();
    }

    /**
     * Return the standard world inside npm's global install: 1.0.0 installed with npm and serving at schema 2, 1.1.0
     * (schema 3) published as {@code latest}.
     */
    static UpgradeWorld npmGlobal() {
        Version n = Version.parse("1.0.0");
        UpgradeWorld npm = new UpgradeWorld(n, 2, FakePackageInstaller.Mode.NPM_GLOBAL)
                .release("1.0.0", 2, 1)
                .release("1.1.0", 3, 1)
                .latest("1.1.0");
        npm.installer.install(npm.source.release(PKG, n), (received, total) -> {});
        return npm.serving();
    }

    /**
     * Run an upgrade that dies (SIGKILL) right after the first journal record {@code at} accepts, and return that
     * record. A daemon it had started but not let go exits, as the real one does when its pipe ends.
     */
    JournalEntry dieAfter(Predicate<JournalEntry> at) {
        journal.crashAfterRecording(at);
        try {
            upgrade();
            throw new AssertionError("the upgrade never recorded what it was to die after");
        } catch (InMemoryUpgradeJournal.Crash expected) {
            daemon.abandonHeld();
            return journal.read().orElseThrow();
        }
    }

    /** Publish {@code version} with its schema block, under the {@code latest} tag when {@code latest}. */
    UpgradeWorld release(String version, int schemaVersion, int minCompatible) {
        published.tarball(PKG, version, (PKG + "@" + version).getBytes(StandardCharsets.UTF_8));
        published.manifestField(
                PKG,
                version,
                "waiaas",
                "{\"schemaVersion\":" + schemaVersion + ",\"minCompatibleSchemaVersion\":" + minCompatible + "}");
        schemaOf.put(Version.parse(version), schemaVersion);
        return this;
    }

    UpgradeWorld latest(String version) {
        published.tag(PKG, "latest", version);
        return this;
    }

    /** Let the installed build's daemon run and answer, as before an upgrade. */
    UpgradeWorld serving() {
        installer.adopt(build);
        daemon.holdDataDir();
        answerHealth();
        return this;
    }

    UpgradeSettings settings() {
        return new UpgradeSettings(
                new ReleaseChannel(PKG, "latest"),
                BackupPolicy.keepNewest(5),
                PORT,
                HEALTH_TIMEOUT,
                Duration.ofMinutes(1),
                inContainer);
    }

    UpgradePorts ports() {
        return new UpgradePorts(
                source, installer, backups, schema, daemon, health, runner, journal, lock, history, disk, clock, pause);
    }

    /** Return a new service, as each command builds one, over this same data dir. */
    UpgradeService service() {
        return new UpgradeService(build, settings(), ports());
    }

    /** Plan and carry out the upgrade to the latest release, as {@code waiaas upgrade --yes} does. */
    UpgradeOutcome upgrade() {
        return upgrade(new UpgradeRequest(Optional.empty(), false, false));
    }

    UpgradeOutcome upgrade(UpgradeRequest request) {
        UpgradeService service = service();
        UpgradeOutcome planned = service.plan(request, listener);
        return planned instanceof UpgradeOutcome.Planned plan ? service.execute(plan, listener) : planned;
    }

    /** Return the version the daemon that serves answers as, or empty when none answers. */
    Optional<Version> serves() {
        answerHealth();
        return health.health(PORT, Duration.ofMillis(1)).map(HealthSnapshot::version);
    }

    Optional<Version> current() {
        return installer.current().map(InstalledVersion::version);
    }

    List<BackupManifest> backups(BackupReason reason) {
        return backups.list().stream().filter(b -> b.reason() == reason).toList();
    }

    /** The rows the database holds before any upgrade. */
    static Map<String, String> rows() {
        return Map.of("wallet", "alice", "ledger", "42");
    }

    /** Answer {@code /health} as the version current now, while a daemon holds the data dir. */
    private void answerHealth() {
        Optional<Version> running = daemon.runningPid().flatMap(pid -> current().or(() -> Optional.of(build)));
        if (running.isEmpty() || unhealthy.contains(running.get())) {
            health.stopServing(PORT);
            return;
        }
        health.serve(
                PORT,
                new HealthSnapshot(
                        running.get(),
                        Optional.empty(),
                        schema.current().orElse(SchemaVersion.of(1)),
                        Duration.ZERO,
                        clock.instant()));
    }

    /** Run an installed version's command line as the published one would: it knows its version and migrates. */
    private Optional<CommandResult> command(InstalledVersion version, List<String> arguments) {
        List<String> args = arguments.subList(2, arguments.size());
        if (args.equals(List.of("--version"))) {
            String reported = reportsWrongVersion.contains(version.version())
                    ? "0.0.0"
                    : version.version().toString();
            return Optional.of(new CommandResult(0, reported + "\n", ""));
        }
        if (args.equals(List.of("db", "migrate"))) {
            if (migrationFails.contains(version.version())) {
                return Optional.of(new CommandResult(1, "", "waiaas: injected migration failure"));
            }
            schema.moveTo(SchemaVersion.of(schemaOf.get(version.version())));
            data.putAll(Map.of("migrated-by", version.version().toString()));
            return Optional.of(new CommandResult(0, "", ""));
        }
        if (args.size() >= 4 && args.subList(0, 3).equals(List.of("db", "downgrade", "--to"))) {
            return Optional.of(
                    downgrade(version, SchemaVersion.of(Integer.parseInt(args.get(3))), args.contains("--check")));
        }
        return Optional.of(new CommandResult(2, "", "waiaas: unknown command " + args));
    }

    /** {@code db downgrade --to S [--check]} of {@code version}: moves the schema, keeps every row. */
    private CommandResult downgrade(InstalledVersion version, SchemaVersion to, boolean check) {
        SchemaVersion from = schema.current().orElseThrow();
        if (!reversible.contains(version.version())) {
            return new CommandResult(
                    5,
                    "",
                    "waiaas: cannot migrate the database down from schema " + from + " to " + to + ": migration " + from
                            + " is irreversible (it has no down script); nothing was changed");
        }
        if (check) {
            return new CommandResult(0, "would migrate the database down from schema " + from + " to " + to + "\n", "");
        }
        if (downgradeFails.contains(version.version())) {
            return new CommandResult(
                    1,
                    "",
                    "waiaas: the down script of migration " + from + " failed: disk I/O error;"
                            + " nothing was changed");
        }
        schema.moveTo(to);
        return new CommandResult(0, "migrated the database down from schema " + from + " to " + to + "\n", "");
    }
}
