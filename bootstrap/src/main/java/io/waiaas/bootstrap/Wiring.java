package io.waiaas.bootstrap;

import io.waiaas.adapters.cli.DaemonLog;
import io.waiaas.adapters.cli.GlobalOptions;
import io.waiaas.adapters.cli.InPorts;
import io.waiaas.adapters.cli.StdioServer;
import io.waiaas.adapters.host.DaemonFiles;
import io.waiaas.adapters.host.FileDeliveryCursor;
import io.waiaas.adapters.host.FileInstanceLock;
import io.waiaas.adapters.host.FileNoticeMarker;
import io.waiaas.adapters.host.FileSystemDiskSpace;
import io.waiaas.adapters.host.FileUpgradeHistory;
import io.waiaas.adapters.host.FileUpgradeJournal;
import io.waiaas.adapters.host.FileUpgradeLock;
import io.waiaas.adapters.host.HelidonWorkers;
import io.waiaas.adapters.host.JulOperatorLog;
import io.waiaas.adapters.host.LocalHostInspection;
import io.waiaas.adapters.host.LogTail;
import io.waiaas.adapters.host.ProcessDaemonControl;
import io.waiaas.adapters.host.ProcessUpgradeStarter;
import io.waiaas.adapters.host.ProcessVersionRunner;
import io.waiaas.adapters.host.SystemdDaemonControl;
import io.waiaas.adapters.host.SystemdServiceManager;
import io.waiaas.adapters.host.ThreadPause;
import io.waiaas.adapters.http.HttpAdapters;
import io.waiaas.adapters.mcp.McpPorts;
import io.waiaas.adapters.mcp.McpSettings;
import io.waiaas.adapters.mcp.WaiaasMcpServer;
import io.waiaas.adapters.npm.NpmRegistry;
import io.waiaas.adapters.sqlite.SqliteStorage;
import io.waiaas.application.backup.BackupService;
import io.waiaas.application.daemon.BackgroundJob;
import io.waiaas.application.daemon.DaemonControlService;
import io.waiaas.application.daemon.DaemonService;
import io.waiaas.application.daemon.KnownRelease;
import io.waiaas.application.metrics.MetricsService;
import io.waiaas.application.notify.WebhookJob;
import io.waiaas.application.notify.WebhookService;
import io.waiaas.application.notify.WebhookSettings;
import io.waiaas.application.ops.DoctorService;
import io.waiaas.application.ops.ServiceSetup;
import io.waiaas.application.port.in.CheckForUpdates;
import io.waiaas.application.port.in.ControlDaemon;
import io.waiaas.application.port.in.DescribeRelease;
import io.waiaas.application.port.in.DescribeUpdates;
import io.waiaas.application.port.in.Diagnose;
import io.waiaas.application.port.in.InspectSchema;
import io.waiaas.application.port.in.ManageBackups;
import io.waiaas.application.port.in.ManageService;
import io.waiaas.application.port.in.MigrateSchema;
import io.waiaas.application.port.in.NotifyUpdates;
import io.waiaas.application.port.in.PerformUpgrade;
import io.waiaas.application.port.in.RecoverBeforeStart;
import io.waiaas.application.port.in.ReportWebhooks;
import io.waiaas.application.port.in.RunDaemon;
import io.waiaas.application.port.in.StartClearance;
import io.waiaas.application.port.in.WebhookReport;
import io.waiaas.application.port.out.AuditLog;
import io.waiaas.application.port.out.DaemonControl;
import io.waiaas.application.port.out.PackageInstaller;
import io.waiaas.application.port.out.VersionSource;
import io.waiaas.application.schema.RegistryStopAdvisor;
import io.waiaas.application.schema.SchemaGate;
import io.waiaas.application.schema.SchemaService;
import io.waiaas.application.update.AutoUpdateJob;
import io.waiaas.application.update.ReleaseDescriber;
import io.waiaas.application.update.UpdateNoticeService;
import io.waiaas.application.update.UpdatesReport;
import io.waiaas.application.update.VersionCheckJob;
import io.waiaas.application.update.VersionCheckService;
import io.waiaas.application.update.VettedVersionSource;
import io.waiaas.application.upgrade.StartRecovery;
import io.waiaas.application.upgrade.UpgradePorts;
import io.waiaas.application.upgrade.UpgradeService;
import io.waiaas.application.upgrade.UpgradeSettings;
import io.waiaas.bootstrap.config.ConfigLoader;
import io.waiaas.bootstrap.config.DataDir;
import io.waiaas.bootstrap.config.WaiaasConfig;
import io.waiaas.domain.AutoApply;
import io.waiaas.domain.BackupPolicy;
import io.waiaas.domain.ReleaseChannel;
import io.waiaas.domain.ReleaseVetting;
import io.waiaas.domain.UpdatePath;
import io.waiaas.platform.HeldLocks;
import io.waiaas.platform.Layout;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.InstantSource;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.function.Consumer;

/**
 * Wire the application for one invocation of the command line: the only place that knows every adapter.
 *
 * <p>Everything is created on first use, so {@code waiaas --help} never reads the configuration and
 * {@code waiaas stop} never opens the database.
 */
final class Wiring implements InPorts {
    /** How long {@code start -d} waits for the background daemon's first {@code /health} answer. */
    private static final Duration DETACHED_START_TIMEOUT = Duration.ofSeconds(60);
    /** How long a start refused for a too-old database waits for the registry to name the stops (CMPT-03). */
    private static final Duration STOP_ADVICE_BUDGET = Duration.ofSeconds(3);
    /** How long the update notice waits for a daemon that accepts connections but does not answer. */
    private static final Duration NOTICE_DAEMON_TIMEOUT = Duration.ofMillis(150);
    /** How long one command of the new version (its migration, its version check) may take during an upgrade. */
    private static final Duration UPGRADE_STEP_TIMEOUT = Duration.ofMinutes(10);
    /** How long it then waits for readiness: a pre-migration backup of a large database takes a while. */
    private static final Duration DETACHED_READY_TIMEOUT = Duration.ofMinutes(30);

    private static final String MAIN = "io.waiaas.bootstrap/io.waiaas.bootstrap.Main";
    /** How often {@code waiaas logs -f} looks for new lines. */
    private static final Duration FOLLOW_POLL = Duration.ofMillis(200);

    private final GlobalOptions options;
    private final Map<String, String> env;
    private final Path userHome;
    private final InstantSource clock = InstantSource.system();
    private Path dataDir;
    private WaiaasConfig config;
    private SqliteStorage storage;
    private NpmRegistry.Access registryAccess;
    private Optional<DaemonControl> unitControl;

    Wiring(GlobalOptions options, Map<String, String> env, Path userHome) {
        this.options = options;
        this.env = env;
        this.userHome = userHome;
    }

    @Override
    public RunDaemon runDaemon() {
        WaiaasConfig cfg = config();
        DataDir.ensure(dataDir());
        Logging.toFile(
                Layout.daemonLog(dataDir()), cfg.log().maxSize(), cfg.log().keep());
        SqliteStorage storage = storage();
        KnownRelease knownRelease = new KnownRelease();
        List<BackgroundJob> jobs = new ArrayList<>();
        if (cfg.update().check()) {
            jobs.add(new VersionCheckJob(
                    versionChecks(storage, knownRelease),
                    cfg.update().checkInterval(),
                    new JulOperatorLog(),
                    UpdatePath.of(inContainer())));
        }
        if (cfg.update().autoApply() != AutoApply.OFF) {
            if (!cfg.update().check()) {
                new JulOperatorLog()
                        .warn("unattended update: [update] auto_apply needs [update] check = true to learn of"
                                + " releases; none will be applied");
            }
            jobs.add(new AutoUpdateJob(
                    new AutoUpdateJob.Settings(
                            cfg.update().autoApply(), cfg.update().windows(), ZoneId.systemDefault(), inContainer()),
                    BuildInfo.version(),
                    knownRelease,
                    new FileUpgradeHistory(dataDir()),
                    new ProcessUpgradeStarter(dataDir(), daemonLaunchCommand()),
                    storage.auditLog(),
                    new JulOperatorLog(),
                    clock));
        }
        webhooks(Optional.of(storage.auditLog())).map(WebhookJob::new).ifPresent(jobs::add);
        return new DaemonService(
                BuildInfo.version(),
                cfg.daemon().settings(),
                new FileInstanceLock(files()),
                schemaGate().restoringOnDowngrade(cfg.daemon().restoreOnDowngrade()),
                cfg.daemon().metrics()
                        ? HttpAdapters.endpoint(new MetricsService(
                                BuildInfo.version(),
                                knownRelease,
                                storage.keyValueStore(),
                                new FileUpgradeHistory(dataDir()),
                                storage.backupStore(dataDir()),
                                storage.schemaHistory()))
                        : HttpAdapters.endpoint(),
                knownRelease,
                clock,
                () -> new HelidonWorkers(cfg.daemon().shutdownTimeout()),
                jobs,
                new JulOperatorLog());
    }

    @Override
    public ManageBackups manageBackups() {
        DataDir.ensure(dataDir());
        return new BackupService(
                BuildInfo.version(),
                storage().backupStore(dataDir()),
                backupPolicy(),
                daemonControl(),
                new FileInstanceLock(files()));
    }

    @Override
    public InspectSchema inspectSchema() {
        return new SchemaService(schemaGate(), daemonControl(), new FileInstanceLock(files()));
    }

    @Override
    public MigrateSchema migrateSchema() {
        DataDir.ensure(dataDir());
        return new SchemaService(schemaGate(), daemonControl(), new FileInstanceLock(files()));
    }

    /** Return the one schema gate behind start, {@code db status} and {@code db migrate} (CMPT-B1). */
    private SchemaGate schemaGate() {
        SqliteStorage storage = storage();
        WaiaasConfig.Update update = config().update();
        return new SchemaGate(
                storage.schemaHistory(),
                storage.schemaMigrator(),
                storage.backupStore(dataDir()),
                backupPolicy(),
                BuildInfo.version(),
                new JulOperatorLog(),
                // Built only when refusing a too-old database, so a normal start never touches the registry.
                (database, build, latest, min) -> new RegistryStopAdvisor(
                                NpmRegistry.versionSource(registryAccess()), update.packageName(), STOP_ADVICE_BUDGET)
                        .route(database, build, latest, min));
    }

    private BackupPolicy backupPolicy() {
        return BackupPolicy.keepNewest(config().backup().keep());
    }

    /** Return the storage on the configured database; opening it touches nothing on disk. */
    private SqliteStorage storage() {
        if (storage == null) {
            storage = SqliteStorage.open(config().database().path(), clock);
        }
        return storage;
    }

    private VersionCheckService versionChecks(SqliteStorage storage, KnownRelease knownRelease) {
        WaiaasConfig.Update update = config().update();
        return new VersionCheckService(
                BuildInfo.version(),
                new ReleaseChannel(update.packageName(), update.channel()),
                NpmRegistry.versionSource(registryAccess()),
                storage.keyValueStore(),
                storage.auditLog(),
                knownRelease,
                clock,
                new VersionCheckService.Trust(new ReleaseVetting(update.minReleaseAge()), update.maxMetadataAge()));
    }

    @Override
    public NotifyUpdates notifyUpdates() {
        WaiaasConfig cfg = config();
        return new UpdateNoticeService(
                BuildInfo.version(),
                cfg.daemon().port(),
                NOTICE_DAEMON_TIMEOUT,
                // It only looks for the daemon's pid: asking systemctl would slow every command's notice.
                processControl(),
                HttpAdapters.daemonClient(),
                SqliteStorage.open(cfg.database().path(), clock).storedRelease(),
                new FileNoticeMarker(dataDir()),
                clock);
    }

    @Override
    public CheckForUpdates checkForUpdates() {
        return versionChecks(SqliteStorage.open(config().database().path(), clock), new KnownRelease());
    }

    @Override
    public DescribeRelease describeRelease() {
        return new ReleaseDescriber(
                NpmRegistry.versionSource(registryAccess()),
                config().update().packageName(),
                SqliteStorage.open(config().database().path(), clock).schemaHistory());
    }

    @Override
    public UpgradeFrom upgradeFrom(Path file, Optional<String> integrity, boolean allowUnverified) {
        WaiaasConfig cfg = config();
        NpmRegistry.Offline offline = NpmRegistry.packageFile(
                file,
                cfg.update().packageName(),
                integrity,
                allowUnverified,
                installRoot(),
                runningImage(),
                env,
                cfg.install().aotCaches());
        return new UpgradeFrom(
                delivering(upgradeService(offline.releases(), offline.installer())),
                new ReleaseDescriber(
                        offline.releases(),
                        cfg.update().packageName(),
                        SqliteStorage.open(cfg.database().path(), clock).schemaHistory()));
    }

    @Override
    public PerformUpgrade performUpgrade() {
        return performUpgrade(false);
    }

    @Override
    public PerformUpgrade performUpgrade(boolean allowDeprecated) {
        return delivering(upgradeService(allowDeprecated));
    }

    /**
     * Return the upgrade service of the configured registry: what completes or rolls back an interrupted upgrade
     * (which never needs the registry side by side, so one from a file too); a release deprecated since it started
     * does not stop it.
     */
    private PerformUpgrade upgradeService() {
        return upgradeService(true);
    }

    /**
     * Return the upgrade service of the configured registry, seen through the release rules of {@code [update]}
     * (TRST-03, TRST-04): what {@code upgrade} runs.
     */
    private PerformUpgrade upgradeService(boolean allowDeprecated) {
        return upgradeService(
                new VettedVersionSource(
                        NpmRegistry.versionSource(registryAccess()),
                        new ReleaseVetting(config().update().minReleaseAge()),
                        allowDeprecated,
                        clock),
                NpmRegistry.packageInstaller(
                        registryAccess().requiringSignatures(config().update().requireSignatures()),
                        installRoot(),
                        runningImage(),
                        env,
                        config().install().aotCaches()));
    }

    private PerformUpgrade delivering(PerformUpgrade upgrade) {
        // The upgrade's own process delivers its events at its end, without opening the database.
        return webhooks(Optional.empty())
                .<PerformUpgrade>map(webhooks -> new DeliveringUpgrade(upgrade, webhooks))
                .orElse(upgrade);
    }

    @Override
    public ReportWebhooks reportWebhooks() {
        return () -> webhooks(Optional.empty()).map(WebhookService::report).orElseGet(WebhookReport::off);
    }

    /**
     * Return the webhook delivery of {@code [notify]}, empty when no {@code webhook_url} is set; {@code announcements}
     * is the audit log whose {@code UPDATE_AVAILABLE} events are posted (the daemon's), empty where the database is
     * not to be opened.
     */
    private Optional<WebhookService> webhooks(Optional<AuditLog> announcements) {
        WaiaasConfig.Notify notify = config().notifications();
        return notify.webhookUrl()
                .map(url -> new WebhookService(
                        WebhookSettings.of(HostName.of(env), HttpAdapters.webhookOrigin(url))
                                .updatedBy(UpdatePath.of(inContainer())),
                        new FileUpgradeHistory(dataDir()),
                        announcements,
                        new FileDeliveryCursor(dataDir()),
                        HttpAdapters.webhook(url, notify.webhookTokenFile()),
                        clock,
                        new ThreadPause(),
                        new JulOperatorLog()));
    }

    @Override
    public RecoverBeforeStart recoverBeforeStart() {
        if (env.containsKey("INVOCATION_ID")) {
            if (upgradeRunning()) {
                // The unit's daemon started by `systemctl start` from a running upgrade (its restart step, SYSD-02):
                // what WAIAAS_UPGRADE_CHILD tells a daemon the upgrade spawns itself, which a unit cannot be given.
                return (detached, listener) -> new StartClearance.Go();
            }
            // This is a systemd unit's own `waiaas start`, about to become its daemon: a recovery must not start the
            // unit (its start job is this very process) nor stop it through systemctl; it works on the process.
            synchronized (this) {
                unitControl = Optional.empty();
            }
        }
        // Built only when the journal shows an interrupted upgrade: opening the database and setting up the registry
        // client would slow every start for nothing (docs/performance.md, P2).
        return new StartRecovery(
                BuildInfo.version(),
                config().daemon().port(),
                new FileUpgradeJournal(dataDir()),
                this::upgradeService,
                daemonControl(),
                HttpAdapters.daemonClient(),
                clock,
                new ThreadPause(),
                DETACHED_START_TIMEOUT);
    }

    /** Tell whether an upgrade holds this data dir's upgrade lock with its journal written, now. */
    private boolean upgradeRunning() {
        try {
            return Files.exists(Layout.upgradeJournal(dataDir())) && HeldLocks.isLocked(Layout.upgradeLock(dataDir()));
        } catch (IOException e) {
            return false;
        }
    }

    private PerformUpgrade upgradeService(VersionSource releases, PackageInstaller installer) {
        WaiaasConfig cfg = config();
        DataDir.ensure(dataDir());
        SqliteStorage storage = SqliteStorage.open(cfg.database().path(), clock);
        Optional<Path> image = runningImage();
        Path installRoot = installRoot();
        Path database = cfg.database().path();
        return new UpgradeService(
                BuildInfo.version(),
                new UpgradeSettings(
                        new ReleaseChannel(
                                cfg.update().packageName(), cfg.update().channel()),
                        BackupPolicy.keepNewest(cfg.backup().keep()),
                        cfg.daemon().port(),
                        cfg.install().healthTimeout(),
                        UPGRADE_STEP_TIMEOUT,
                        inContainer()),
                new UpgradePorts(
                        releases,
                        installer,
                        storage.backupStore(dataDir()),
                        storage.schemaHistory(),
                        // Under systemd the unit stops and starts the daemon (SYSD-02); otherwise the daemon an upgrade
                        // starts again must not wait for that upgrade's journal.
                        unitControl()
                                .orElseGet(() -> new ProcessDaemonControl(
                                        files(),
                                        launchCommand(env),
                                        Map.of(Layout.Env.UPGRADE_CHILD, "1", Layout.Env.NO_UPDATE_NOTIFY, "1"))),
                        HttpAdapters.daemonClient(),
                        new ProcessVersionRunner(dataDir(), unitControl()),
                        new FileUpgradeJournal(dataDir()),
                        new FileUpgradeLock(dataDir()),
                        new FileUpgradeHistory(dataDir()),
                        new FileSystemDiskSpace(
                                dataDir(),
                                List.of(database, Path.of(database + "-wal"), ConfigLoader.configFile(dataDir())),
                                installRoot,
                                image),
                        clock,
                        new ThreadPause()));
    }

    @Override
    public OptionalInt handOver(List<String> args) {
        Optional<Path> target;
        try {
            target = Handover.target(runningImage(), installRoot(), env);
        } catch (RuntimeException e) {
            return OptionalInt.empty(); // a configuration that cannot be read is the command's own to report
        }
        return target.map(launcher -> OptionalInt.of(Handover.run(launcher, args, env.get(Layout.Env.LAUNCHER))))
                .orElse(OptionalInt.empty());
    }

    @Override
    public Optional<String> commandFromNowOn() {
        try {
            Path launcher = Handover.launcher(installRoot());
            String ran = env.getOrDefault(Handover.FROM, env.get(Layout.Env.LAUNCHER));
            if (ran == null || !Files.isExecutable(launcher) || Handover.inInstallRoot(Path.of(ran), installRoot())) {
                return Optional.empty();
            }
            return Optional.of(launcher.toString());
        } catch (RuntimeException e) {
            return Optional.empty();
        }
    }

    private Path installRoot() {
        return config().install().root().orElseGet(() -> NpmRegistry.defaultInstallRoot(runningImage(), dataDir()));
    }

    /** Return the runtime image this process runs from: its launcher lives in {@code {image}/bin/waiaas}. */
    private Optional<Path> runningImage() {
        return Optional.ofNullable(env.get(Layout.Env.LAUNCHER))
                .map(Path::of)
                .filter(Files::isRegularFile)
                .map(launcher -> launcher.toAbsolutePath().getParent().getParent());
    }

    @Override
    public DaemonLog daemonLog() {
        LogTail tail = new LogTail(Layout.daemonLog(dataDir()));
        return new DaemonLog() {
            @Override
            public Path file() {
                return tail.file();
            }

            @Override
            public boolean exists() {
                return tail.exists();
            }

            @Override
            public List<String> last(int lines) throws IOException {
                return tail.last(lines);
            }

            @Override
            public void follow(int lines, Consumer<String> sink) throws IOException, InterruptedException {
                tail.follow(lines, sink, FOLLOW_POLL);
            }
        };
    }

    @Override
    public StdioServer mcpServer() {
        WaiaasConfig cfg = config();
        // The upgrade tool runs `waiaas upgrade` of the installed launcher as a child (see adapters-mcp's
        // ChildUpgrade).
        List<String> upgrade = new ArrayList<>();
        if (cfg.mcp().allowUpgrade()) {
            upgrade.addAll(daemonLaunchCommand());
            upgrade.addAll(List.of("--data-dir", dataDir().toString()));
        }
        WaiaasMcpServer server = new WaiaasMcpServer(
                new McpPorts(
                        this::checkForUpdates,
                        this::performUpgrade,
                        this::manageBackups,
                        this::controlDaemon,
                        this::describeRelease),
                new McpSettings(
                        BuildInfo.version().toString(), () -> cfg.daemon().port(), upgrade));
        return server::serve;
    }

    @Override
    public DescribeUpdates describeUpdates() {
        WaiaasConfig.Update update = config().update();
        return new UpdatesReport(update.autoApply(), update.windows(), new FileUpgradeHistory(dataDir()));
    }

    @Override
    public ControlDaemon controlDaemon() {
        WaiaasConfig cfg = config();
        return new DaemonControlService(
                cfg.daemon().settings(),
                daemonControl(),
                HttpAdapters.daemonClient(),
                clock,
                new ThreadPause(),
                DETACHED_START_TIMEOUT,
                DETACHED_READY_TIMEOUT,
                SqliteStorage.open(cfg.database().path(), clock).storedRelease());
    }

    private DaemonControl daemonControl() {
        return unitControl().orElseGet(this::processControl);
    }

    private DaemonControl processControl() {
        return new ProcessDaemonControl(files(), daemonLaunchCommand(), Map.of());
    }

    /**
     * Return the control through this data dir's systemd unit when one serves it (installed for this data dir, and
     * enabled or active; a user unit first), so start, stop and an upgrade's restarts go through {@code systemctl}
     * (SYSD-02), an unattended upgrade the daemon started included; empty otherwise, and for the recovery in a unit's own
     * {@code waiaas start} (see {@link #recoverBeforeStart()}).
     */
    private synchronized Optional<DaemonControl> unitControl() {
        if (unitControl == null) {
            unitControl = Optional.empty();
            for (boolean user : new boolean[] {true, false}) {
                if (SystemdDaemonControl.servesDataDir(dataDir(), env, userHome, user)) {
                    unitControl = Optional.of(new SystemdDaemonControl(files(), env, user));
                    break;
                }
            }
        }
        return unitControl;
    }

    @Override
    public Diagnose diagnose() {
        return new DoctorService(
                new DoctorService.Settings(
                        new ReleaseChannel(
                                config().update().packageName(),
                                config().update().channel()),
                        withoutCredentials(registryAccess().registry()),
                        config().daemon().hostname(),
                        config().daemon().port(),
                        dataDir().toString(),
                        Optional.of(BuildInfo.version())),
                new DoctorService.Probes(
                        () -> new LocalHostInspection(dataDir(), env.getOrDefault("PATH", ""), installationLaunchers()),
                        this::daemonControl,
                        HttpAdapters::daemonClient,
                        () -> NpmRegistry.versionSource(registryAccess()),
                        () -> NpmRegistry.packageInstaller(
                                registryAccess()
                                        .requiringSignatures(config().update().requireSignatures()),
                                installRoot(),
                                runningImage(),
                                env,
                                config().install().aotCaches()),
                        () -> new FileSystemDiskSpace(
                                dataDir(),
                                List.of(
                                        config().database().path(),
                                        Path.of(config().database().path() + "-wal"),
                                        ConfigLoader.configFile(dataDir())),
                                installRoot(),
                                runningImage()),
                        this::inspectSchema,
                        () -> storage().backupStore(dataDir()),
                        () -> SqliteStorage.backupIntegrity(dataDir()),
                        () -> new SystemdServiceManager(env, userHome),
                        () -> SqliteStorage.open(config().database().path(), clock)
                                .storedRelease()));
    }

    /** Return {@code registry} as the operator may see it: credentials in its address are left out. */
    private static String withoutCredentials(URI registry) {
        try {
            return new URI(
                            registry.getScheme(),
                            null,
                            registry.getHost(),
                            registry.getPort(),
                            registry.getPath(),
                            null,
                            null)
                    .toString();
        } catch (java.net.URISyntaxException e) {
            return registry.getScheme() + "://" + registry.getHost();
        }
    }

    /** Return this installation's launchers, the one {@code PATH} should run first: the install root's, the image's. */
    private List<Path> installationLaunchers() {
        List<Path> launchers = new ArrayList<>();
        try {
            launchers.add(Layout.launcher(installRoot()));
        } catch (RuntimeException e) {
            // A configuration that cannot be read leaves the running image's launcher.
        }
        Optional.ofNullable(env.get(Layout.Env.LAUNCHER)).map(Path::of).ifPresent(launchers::add);
        return launchers;
    }

    @Override
    public ManageService manageService() {
        Path launcher = installationLaunchers().stream()
                .filter(Files::isExecutable)
                .findFirst()
                .orElseThrow(() -> io.waiaas.application.ApplicationException.failed(
                        "waiaas service install runs the runtime image's bin/waiaas, and this waiaas was not started"
                                + " through one; run the image's bin/waiaas service install"));
        return new ServiceSetup(
                new SystemdServiceManager(env, userHome),
                launcher.toAbsolutePath().toString(),
                dataDir().toAbsolutePath().toString(),
                System.getProperty("user.name"));
    }

    /**
     * Return how {@code start -d} runs the daemon: in a side-by-side install, through {@code {root}/bin/waiaas},
     * which follows {@code current} when the daemon is spawned — the recovery of an interrupted upgrade that ran just
     * before may have switched it away from this build; otherwise this very build.
     */
    private List<String> daemonLaunchCommand() {
        Optional<Path> image = runningImage();
        Path root = config().install().root().orElseGet(() -> NpmRegistry.defaultInstallRoot(image, dataDir()));
        Path stable = Layout.launcher(root);
        boolean installedThere = image.map(i -> {
                    try {
                        return i.toRealPath().startsWith(Layout.versions(root).toRealPath());
                    } catch (IOException e) {
                        return false;
                    }
                })
                .orElse(false);
        return installedThere && Files.isExecutable(stable) ? List.of(stable.toString()) : launchCommand(env);
    }

    /** Tell whether waiaas runs in its container image, whose code is replaced as a whole (DOCK-B2). */
    private boolean inContainer() {
        return Layout.Env.inContainer(env);
    }

    private DaemonFiles files() {
        return new DaemonFiles(dataDir());
    }

    private synchronized Path dataDir() {
        if (dataDir == null) {
            dataDir = DataDir.resolve(options.dataDir(), env, userHome);
        }
        return dataDir;
    }

    /**
     * Return how the registry is reached: the configured registry (else the npmrc's), its credentials and proxy, read
     * as npm reads them, from the home npm uses ({@code $HOME}).
     */
    private synchronized NpmRegistry.Access registryAccess() {
        if (registryAccess == null) {
            WaiaasConfig.Update update = config().update();
            registryAccess = NpmRegistry.access(
                    update.registryConfigured() ? Optional.of(update.registry()) : Optional.empty(),
                    update.packageName(),
                    env,
                    userHome,
                    update.tokenFile(),
                    update.proxy());
        }
        return registryAccess;
    }

    private synchronized WaiaasConfig config() {
        if (config == null) {
            config = ConfigLoader.load(dataDir(), env);
        }
        return config;
    }

    /**
     * Return how to run this same build of waiaas again: the image's launcher when we were started through it,
     * otherwise this JVM with its module path.
     */
    static List<String> launchCommand(Map<String, String> env) {
        String launcher = env.get(Layout.Env.LAUNCHER);
        if (launcher != null && Files.isExecutable(Path.of(launcher))) {
            return List.of(launcher);
        }
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.add("--enable-native-access=org.xerial.sqlitejdbc");
        String modulePath = System.getProperty("jdk.module.path");
        if (modulePath != null) {
            command.add("--module-path");
            command.add(modulePath);
        }
        command.add("-m");
        command.add(MAIN);
        return command;
    }
}
