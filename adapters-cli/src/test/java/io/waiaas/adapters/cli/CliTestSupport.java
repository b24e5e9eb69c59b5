package io.waiaas.adapters.cli;

import io.waiaas.application.ApplicationException;
import io.waiaas.application.port.in.BackupCreated;
import io.waiaas.application.port.in.CheckForUpdates;
import io.waiaas.application.port.in.CheckResult;
import io.waiaas.application.port.in.ControlDaemon;
import io.waiaas.application.port.in.DaemonStatus;
import io.waiaas.application.port.in.DescribeRelease;
import io.waiaas.application.port.in.DescribeUpdates;
import io.waiaas.application.port.in.Diagnose;
import io.waiaas.application.port.in.Diagnosis;
import io.waiaas.application.port.in.InspectSchema;
import io.waiaas.application.port.in.ManageBackups;
import io.waiaas.application.port.in.ManageService;
import io.waiaas.application.port.in.MigrateSchema;
import io.waiaas.application.port.in.MigrationResult;
import io.waiaas.application.port.in.NotifyUpdates;
import io.waiaas.application.port.in.PerformUpgrade;
import io.waiaas.application.port.in.RecoverBeforeStart;
import io.waiaas.application.port.in.ReportWebhooks;
import io.waiaas.application.port.in.RestoreResult;
import io.waiaas.application.port.in.RollbackPlan;
import io.waiaas.application.port.in.RunDaemon;
import io.waiaas.application.port.in.SchemaReport;
import io.waiaas.application.port.in.StartClearance;
import io.waiaas.application.port.in.StopResult;
import io.waiaas.application.port.in.TargetCheck;
import io.waiaas.application.port.in.UpgradeListener;
import io.waiaas.application.port.in.UpgradeRequest;
import io.waiaas.application.port.in.WebhookReport;
import io.waiaas.domain.AutoApply;
import io.waiaas.domain.BackupFile;
import io.waiaas.domain.BackupId;
import io.waiaas.domain.BackupManifest;
import io.waiaas.domain.BackupReason;
import io.waiaas.domain.HealthSnapshot;
import io.waiaas.domain.SchemaDowngrade;
import io.waiaas.domain.SchemaVersion;
import io.waiaas.domain.UpgradeOutcome;
import io.waiaas.domain.UpgradeStep;
import io.waiaas.domain.Verification;
import io.waiaas.domain.Version;
import java.io.BufferedWriter;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * Run the command line against stub in-ports that a test sets up and reads back, with writers for stdout and stderr:
 * what every CLI test class shares (docs/architecture.md, "CLI tests").
 */
abstract class CliTestSupport {
    static final String SHA = "ab".repeat(32);

    final StubControl control = new StubControl();
    /** What {@code logs} reads. */
    DaemonLog daemonLog;
    /** What {@code status} says of webhooks. */
    WebhookReport webhooks = WebhookReport.off();

    final StubUpdates updates = new StubUpdates();
    final StubUpgrades upgrades = new StubUpgrades();
    final StubStarts starts = new StubStarts();
    final StubBackups backups = new StubBackups();
    final StubSchema schema = new StubSchema();
    final StdioServer mcp = (in, out) -> {
        throw new AssertionError("not used here");
    };
    /** What {@code doctor} finds. */
    Diagnosis diagnosis = new Diagnosis(List.of());

    final StubService service = new StubService();
    final List<String> asked = new ArrayList<>();
    Optional<Boolean> answer = Optional.empty();
    final List<GlobalOptions> opened = new ArrayList<>();
    /** The exit code of the current version's launcher when this one is left behind; empty: this one is current. */
    OptionalInt handOver = OptionalInt.empty();
    /** Thrown by the hand-over: the current version's launcher cannot be started. */
    Optional<RuntimeException> handOverFails = Optional.empty();

    final List<List<String>> handedOver = new ArrayList<>();
    Optional<String> commandFromNowOn = Optional.empty();
    Map<String, String> env = Map.of();
    /** When set, stdout and stderr both go here, buffered as Main's are: what a terminal would show, in order. */
    StringWriter terminalScreen;
    /** What {@code status} learns of how updates are applied: by an operator, never upgraded, unless set. */
    DescribeUpdates.Report updatesReport = new DescribeUpdates.Report(AutoApply.OFF, List.of(), Optional.empty());

    boolean terminal;

    /** What {@code describeRelease} answers for any two versions: nothing to tell, unless set. */
    java.util.function.BiFunction<Version, Version, DescribeRelease.Details> releaseDetails =
            (from, to) -> new DescribeRelease.Details(
                    from, to, List.of(), 0, Optional.empty(), Optional.empty(), Optional.empty(), List.of());
    /** The package files upgraded from, as {@code file integrity allowUnverified}. */
    final List<String> upgradesFrom = new ArrayList<>();
    /** The releases {@code describeRelease} was asked about, as {@code from→to}. */
    final List<String> described = new ArrayList<>();

    static BackupManifest manifest(String id, BackupReason reason, String version, String time) {
        return new BackupManifest(
                BackupId.of(id),
                reason,
                Version.parse(version),
                Optional.of(SchemaVersion.of(2)),
                Instant.parse("2026-11-26T" + time + "Z"),
                List.of(new BackupFile("waiaas.db", 24 * 1024, SHA)));
    }

    static HealthSnapshot health() {
        return new HealthSnapshot(
                Version.parse("1.2.3"),
                Optional.of(Version.parse("1.3.0")),
                SchemaVersion.of(2),
                Duration.ofSeconds(5),
                Instant.ofEpochSecond(1_700_000_000L));
    }

    Result run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        Cli cli = Cli.create(
                "1.2.3",
                options -> {
                    opened.add(options);
                    return new InPorts() {
                        @Override
                        public RunDaemon runDaemon() {
                            throw new AssertionError("not used here");
                        }

                        @Override
                        public ControlDaemon controlDaemon() {
                            return control;
                        }

                        @Override
                        public DescribeUpdates describeUpdates() {
                            return () -> updatesReport;
                        }

                        @Override
                        public NotifyUpdates notifyUpdates() {
                            return updates;
                        }

                        @Override
                        public CheckForUpdates checkForUpdates() {
                            return updates;
                        }

                        @Override
                        public DescribeRelease describeRelease() {
                            return (from, to) -> {
                                described.add(from + "\u2192" + to);
                                return releaseDetails.apply(from, to);
                            };
                        }

                        @Override
                        public PerformUpgrade performUpgrade() {
                            return upgrades;
                        }

                        @Override
                        public UpgradeFrom upgradeFrom(
                                java.nio.file.Path file, Optional<String> integrity, boolean allowUnverified) {
                            upgradesFrom.add(file + " " + integrity.orElse("-") + " " + allowUnverified);
                            return new UpgradeFrom(upgrades, describeRelease());
                        }

                        @Override
                        public RecoverBeforeStart recoverBeforeStart() {
                            return starts;
                        }

                        @Override
                        public ManageBackups manageBackups() {
                            return backups;
                        }

                        @Override
                        public InspectSchema inspectSchema() {
                            return schema;
                        }

                        @Override
                        public MigrateSchema migrateSchema() {
                            return schema;
                        }

                        @Override
                        public ReportWebhooks reportWebhooks() {
                            return () -> webhooks;
                        }

                        @Override
                        public DaemonLog daemonLog() {
                            return daemonLog;
                        }

                        @Override
                        public StdioServer mcpServer() {
                            return mcp;
                        }

                        @Override
                        public Diagnose diagnose() {
                            return () -> diagnosis;
                        }

                        @Override
                        public ManageService manageService() {
                            return service;
                        }

                        @Override
                        public OptionalInt handOver(List<String> args) {
                            if (handOverFails.isPresent()) {
                                throw handOverFails.get();
                            }
                            if (handOver.isPresent()) {
                                handedOver.add(List.copyOf(args));
                            }
                            return handOver;
                        }

                        @Override
                        public Optional<String> commandFromNowOn() {
                            return commandFromNowOn;
                        }
                    };
                },
                env,
                terminal,
                question -> {
                    asked.add(question);
                    return answer;
                });
        if (terminalScreen != null) {
            // As Main writes them: each stream buffered, both on the one screen.
            int exit = cli.execute(
                    args,
                    new PrintWriter(new BufferedWriter(terminalScreen)),
                    new PrintWriter(new BufferedWriter(terminalScreen)));
            return new Result(exit, terminalScreen.toString(), "");
        }
        int exit = cli.execute(args, new PrintWriter(out), new PrintWriter(err));
        return new Result(exit, out.toString(), err.toString());
    }

    record Result(int exit, String out, String err) {}

    /** The plan every upgrade gets unless a test says otherwise: 1.2.3 → 1.3.0, the daemon running. */
    static final UpgradeOutcome.Planned PLAN =
            new UpgradeOutcome.Planned(Version.parse("1.2.3"), Version.parse("1.3.0"), true, true);

    /** A plan through required stops. */
    static final UpgradeOutcome.Planned STOPS = new UpgradeOutcome.Planned(
            Version.parse("1.0.0"),
            Version.parse("2.0.0"),
            false,
            false,
            List.of(Version.parse("1.2.0"), Version.parse("1.5.0"), Version.parse("2.0.0")));

    static final class StubUpgrades implements PerformUpgrade {
        UpgradeOutcome planned = PLAN;
        UpgradeOutcome executed;
        UpgradeRequest request;
        boolean rolledBack;
        int executions;
        Optional<Verification> verified = Optional.empty();

        @Override
        public UpgradeOutcome plan(UpgradeRequest request, UpgradeListener listener) {
            this.request = request;
            listener.stepStarted(UpgradeStep.CHECK, "resolving");
            listener.stepFinished(UpgradeStep.CHECK, Duration.ofMillis(1500), "1.2.3 \u2192 1.3.0");
            verified.ifPresent(v -> listener.verified("@waiaas/cli@1.3.0", v));
            return planned;
        }

        @Override
        public UpgradeOutcome execute(UpgradeOutcome.Planned plan, UpgradeListener listener) {
            executions++;
            return executed == null
                    ? new UpgradeOutcome.Upgraded(
                            plan.from(), plan.to(), BackupId.of("pre-upgrade-1.2.3-20261126000000"))
                    : executed;
        }

        RollbackPlan rollbackPlan;

        @Override
        public RollbackPlan planRollback(UpgradeListener listener) {
            return rollbackPlan;
        }

        @Override
        public UpgradeOutcome rollBack(boolean noStart, UpgradeListener listener) {
            rolledBack = true;
            return executed;
        }

        @Override
        public Optional<UpgradeOutcome> recover(boolean restartDaemon, UpgradeListener listener) {
            throw new AssertionError("the CLI recovers through RecoverBeforeStart");
        }
    }

    static final class StubStarts implements RecoverBeforeStart {
        StartClearance clearance = new StartClearance.Go();

        @Override
        public StartClearance beforeStart(boolean detached, UpgradeListener listener) {
            return clearance;
        }
    }

    static final class StubUpdates implements NotifyUpdates, CheckForUpdates {
        int asked;
        RuntimeException failure;
        RuntimeException checkFailure;
        TargetCheck target;
        Optional<String> askedTo = Optional.empty();
        int targetChecks;

        @Override
        public Optional<Version> dueNotice() {
            asked++;
            if (failure != null) {
                throw failure;
            }
            return Optional.of(Version.parse("9.9.9"));
        }

        @Override
        public Version current() {
            return Version.parse("1.2.3");
        }

        @Override
        public CheckResult checkNow() {
            throw new AssertionError("not used by the CLI");
        }

        @Override
        public Optional<Version> loadStored() {
            throw new AssertionError("not used by the CLI");
        }

        @Override
        public TargetCheck checkTarget(Optional<String> to) {
            targetChecks++;
            askedTo = to;
            if (checkFailure != null) {
                throw checkFailure;
            }
            return target;
        }
    }

    static final class StubService implements ManageService {
        final List<String> calls = new ArrayList<>();
        Optional<String> installed = Optional.empty();

        @Override
        public Installed install(boolean user, boolean dryRun) {
            calls.add("install user=" + user + " dry=" + dryRun);
            return new Installed(
                    dryRun ? Optional.empty() : Optional.of("/units/waiaas.service"),
                    "[Service]\nExecStart=/opt/waiaas/bin/waiaas --data-dir /d start\n",
                    "systemctl " + (user ? "--user " : "") + "start waiaas");
        }

        @Override
        public Optional<String> uninstall(boolean user) {
            calls.add("uninstall user=" + user);
            return installed;
        }
    }

    static final class StubControl implements ControlDaemon {
        /** Statuses reported before {@link #status}, one per ask. */
        final java.util.Deque<DaemonStatus> first = new java.util.ArrayDeque<>();

        DaemonStatus status = new DaemonStatus.Stopped();
        StopResult stop = new StopResult.NotRunning(false);
        RuntimeException failure;
        RuntimeException unexpected;

        @Override
        public DaemonStatus status() {
            if (unexpected != null) {
                throw unexpected;
            }
            return first.isEmpty() ? status : first.removeFirst();
        }

        boolean started;

        @Override
        public DaemonStatus.Running startDetached() {
            started = true;
            throw failure;
        }

        @Override
        public StopResult stop() {
            return stop;
        }
    }

    static final class StubBackups implements ManageBackups {
        final List<BackupReason> created = new ArrayList<>();
        final List<String> restored = new ArrayList<>();
        List<BackupManifest> list = List.of();
        List<BackupId> pruned = List.of();
        RuntimeException failure;

        @Override
        public BackupCreated create(BackupReason reason) {
            created.add(reason);
            return new BackupCreated(
                    manifest(reason.label() + "-1.2.3-20261126060000", reason, "1.2.3", "06:00:00"), pruned);
        }

        @Override
        public List<BackupManifest> list() {
            return list;
        }

        @Override
        public BackupManifest toRestore(Optional<BackupId> id) {
            return list.stream()
                    .filter(b -> id.isEmpty() || b.id().equals(id.get()))
                    .findFirst()
                    .orElseThrow(() -> ApplicationException.refused("there is no backup named "
                            + id.map(BackupId::value).orElse("latest") + "; nothing was changed"));
        }

        @Override
        public RestoreResult restore(BackupId id) {
            return restored(id.value());
        }

        @Override
        public RestoreResult restoreLatest() {
            return restored("latest");
        }

        private RestoreResult restored(String which) {
            if (failure != null) {
                throw failure;
            }
            restored.add(which);
            return new RestoreResult(
                    manifest("manual-1.2.3-20261126060000", BackupReason.MANUAL, "1.2.3", "06:00:00"),
                    Optional.of(manifest(
                            "pre-rollback-1.2.3-20261126080000", BackupReason.PRE_ROLLBACK, "1.2.3", "08:00:00")),
                    List.of());
        }
    }

    static final class StubSchema implements InspectSchema, MigrateSchema {
        SchemaReport report;
        MigrationResult migration;
        RuntimeException failure;

        @Override
        public SchemaReport status() {
            return report;
        }

        @Override
        public MigrationResult migrate() {
            if (failure != null) {
                throw failure;
            }
            return migration;
        }

        SchemaDowngrade downgradePlan;
        final List<SchemaVersion> downgraded = new ArrayList<>();

        @Override
        public SchemaDowngrade planDowngrade(SchemaVersion target) {
            return downgradePlan;
        }

        @Override
        public SchemaDowngrade downgrade(SchemaVersion target) {
            downgraded.add(target);
            return downgradePlan;
        }
    }
}
