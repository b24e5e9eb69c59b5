package io.waiaas.application.upgrade;

import io.waiaas.application.ApplicationException;
import io.waiaas.application.port.in.PerformUpgrade;
import io.waiaas.application.port.in.UpgradeListener;
import io.waiaas.application.port.in.UpgradeRequest;
import io.waiaas.application.port.out.BackupStore;
import io.waiaas.application.port.out.CommandResult;
import io.waiaas.application.port.out.DaemonClient;
import io.waiaas.application.port.out.DaemonControl;
import io.waiaas.application.port.out.DiskSpace;
import io.waiaas.application.port.out.DownloadProgress;
import io.waiaas.application.port.out.InstallMethod;
import io.waiaas.application.port.out.InstalledVersion;
import io.waiaas.application.port.out.PackageInstaller;
import io.waiaas.application.port.out.PackageRelease;
import io.waiaas.application.port.out.SchemaHistory;
import io.waiaas.application.port.out.UpgradeJournal;
import io.waiaas.application.port.out.UpgradeLock;
import io.waiaas.application.port.out.VersionRunner;
import io.waiaas.application.port.out.VersionSource;
import io.waiaas.application.update.TargetResolver;
import io.waiaas.domain.BackupId;
import io.waiaas.domain.BackupManifest;
import io.waiaas.domain.BackupReason;
import io.waiaas.domain.ErrorCode;
import io.waiaas.domain.HealthSnapshot;
import io.waiaas.domain.JournalEntry;
import io.waiaas.domain.ReleaseSchema;
import io.waiaas.domain.SchemaVersion;
import io.waiaas.domain.StopPlan;
import io.waiaas.domain.UpgradeOutcome;
import io.waiaas.domain.UpgradeStep;
import io.waiaas.domain.Version;
import io.waiaas.domain.WaiaasException;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * Upgrade an installation in seven announced steps, roll it back, and recover an interrupted one (SPEC §6).
 *
 * <p>Nothing changes before step 2; from step 4 on any failure is rolled back automatically: the previous code is
 * made current again, the data is restored from the pre-upgrade backup if the new version's migrations began, and
 * the old daemon is started again if it ran. Each step is written to the journal before it acts, so a crash at any
 * point is completed or rolled back by {@link #recover}.
 */
public final class UpgradeService implements PerformUpgrade {
    private static final Duration PROBE = Duration.ofMillis(500);
    private static final Duration POLL = Duration.ofMillis(50);
    private static final Duration KILL_WAIT = Duration.ofSeconds(10);

    private final Version current;
    private final UpgradeSettings settings;
    private final VersionSource releases;
    private final PackageInstaller installer;
    private final BackupStore backups;
    private final SchemaHistory schema;
    private final DaemonControl daemon;
    private final DaemonClient health;
    private final VersionRunner runner;
    private final UpgradeJournal journal;
    private final UpgradeLock lock;
    private final DiskSpace disk;
    private final InstantSource clock;
    private final TargetResolver targets;

    /** Create the service for the running build {@code current}; see the class comment for the roles. */
    public UpgradeService(
            Version current,
            UpgradeSettings settings,
            VersionSource releases,
            PackageInstaller installer,
            BackupStore backups,
            SchemaHistory schema,
            DaemonControl daemon,
            DaemonClient health,
            VersionRunner runner,
            UpgradeJournal journal,
            UpgradeLock lock,
            DiskSpace disk,
            InstantSource clock) {
        this.current = Objects.requireNonNull(current, "current");
        this.settings = Objects.requireNonNull(settings, "settings");
        this.releases = Objects.requireNonNull(releases, "releases");
        this.installer = Objects.requireNonNull(installer, "installer");
        this.backups = Objects.requireNonNull(backups, "backups");
        this.schema = Objects.requireNonNull(schema, "schema");
        this.daemon = Objects.requireNonNull(daemon, "daemon");
        this.health = Objects.requireNonNull(health, "health");
        this.runner = Objects.requireNonNull(runner, "runner");
        this.journal = Objects.requireNonNull(journal, "journal");
        this.lock = Objects.requireNonNull(lock, "lock");
        this.disk = Objects.requireNonNull(disk, "disk");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.targets = new TargetResolver(releases);
    }

    // ---------------------------------------------------------------------------------------------- upgrade

    @Override
    public UpgradeOutcome upgrade(UpgradeRequest request, UpgradeListener listener) {
        if (settings.inContainer()) {
            return new UpgradeOutcome.Refused("waiaas runs in a container image, whose code is replaced as a whole:"
                    + " pull the new image instead (waiaas upgrade --check says which)");
        }
        Optional<UpgradeLock.Lease> lease = lock.tryAcquire();
        if (lease.isEmpty()) {
            return new UpgradeOutcome.Refused("another upgrade or rollback is running for this data dir");
        }
        try (UpgradeLock.Lease held = lease.get()) {
            Optional<UpgradeOutcome> recovered = recoverLocked(true, listener);
            if (recovered
                    .filter(UpgradeOutcome.RollbackFailed.class::isInstance)
                    .isPresent()) {
                return recovered.get(); // the state is not known to be good: nothing more is done on top of it
            }
            return upgradeLocked(request, listener);
        }
    }

    private UpgradeOutcome upgradeLocked(UpgradeRequest request, UpgradeListener listener) {
        Version from = installer.current().map(InstalledVersion::version).orElse(current);
        Instant t0 = clock.instant();
        listener.stepStarted(
                UpgradeStep.CHECK,
                "resolving " + request.to().orElse(settings.channel().distTag()));
        Version target = targets.resolve(
                settings.channel().packageName(),
                request.to().orElse(settings.channel().distTag()));
        if (target.equals(from)) {
            listener.stepFinished(UpgradeStep.CHECK, since(t0), "already up to date");
            return new UpgradeOutcome.UpToDate(from);
        }
        if (target.compareTo(from) < 0 && !request.allowDowngrade()) {
            return new UpgradeOutcome.Refused("the target " + target + " is older than the installed " + from
                    + "; add --allow-downgrade to go down");
        }
        PackageRelease release = releases.release(settings.channel().packageName(), target);
        Optional<SchemaVersion> database = schema.current();
        if (target.compareTo(from) > 0
                && database.isPresent()
                && release.schema().isPresent()
                && database.get().isBefore(release.schema().get().minCompatible())) {
            return upgradeThroughStops(from, database.get(), release, request, listener, t0);
        }
        Optional<String> refusal = preflight(release);
        if (refusal.isPresent()) {
            return new UpgradeOutcome.Refused(refusal.get());
        }
        boolean running = daemon.runningPid().isPresent();
        listener.stepFinished(UpgradeStep.CHECK, since(t0), from + " \u2192 " + target);
        if (request.dryRun()) {
            return new UpgradeOutcome.Planned(from, target, running);
        }
        JournalEntry entry = new JournalEntry(
                JournalEntry.Kind.UPGRADE,
                UpgradeStep.STOP,
                JournalEntry.Phase.STARTED,
                from,
                target,
                Optional.empty(),
                running,
                false);
        return new Run(entry, release, request.noStart(), listener).execute();
    }

    /**
     * Upgrade a database older than the target can migrate through the fewest required stops (CMPT-B2): plan the
     * route from the schema blocks of the versions between, show it, ask, and walk it one full upgrade per stop.
     * A stop that fails is rolled back by its own run, which leaves the last good stop running with its data.
     */
    private UpgradeOutcome upgradeThroughStops(
            Version from,
            SchemaVersion database,
            PackageRelease target,
            UpgradeRequest request,
            UpgradeListener listener,
            Instant t0) {
        StopPlan plan = planStops(from, database, target);
        StopPlan.Route route;
        switch (plan) {
            case StopPlan.NoRoute none -> {
                return new UpgradeOutcome.Refused("the database (schema " + database + ") is older than "
                        + target.version() + " can migrate, and no upgrade path through the published versions"
                        + " exists: " + none.reason());
            }
            case StopPlan.Route found -> route = found;
        }
        String pkg = settings.channel().packageName();
        PackageRelease first = route.versions().getFirst().equals(target.version())
                ? target
                : releases.release(pkg, route.versions().getFirst());
        Optional<String> refusal = preflight(first);
        if (refusal.isPresent()) {
            return new UpgradeOutcome.Refused(refusal.get());
        }
        boolean running = daemon.runningPid().isPresent();
        listener.note("the database (schema " + database + ") is older than " + target.version()
                + " can migrate (from schema " + target.schema().orElseThrow().minCompatible() + "); required stops: "
                + route.describe());
        listener.stepFinished(UpgradeStep.CHECK, since(t0), from + " \u2192 " + route.describe());
        if (request.dryRun()) {
            return new UpgradeOutcome.Planned(from, target.version(), running, route.versions());
        }
        if (!listener.confirm("Upgrade " + from + " \u2192 " + route.describe() + ", one full upgrade with its own"
                + " backup per stop?")) {
            return new UpgradeOutcome.Refused("the upgrade through " + route.describe()
                    + " was not confirmed; nothing changed (add --yes to confirm)");
        }
        Version at = from;
        Optional<BackupId> lastBackup = Optional.empty();
        int count = route.versions().size();
        for (int i = 0; i < count; i++) {
            Version stop = route.versions().get(i);
            PackageRelease release =
                    i == 0 ? first : stop.equals(target.version()) ? target : releases.release(pkg, stop);
            String where = "stop " + (i + 1) + " of " + count + " (" + at + " \u2192 " + stop + ")";
            if (i > 0) {
                Optional<String> refused = preflight(release);
                if (refused.isPresent()) {
                    return new UpgradeOutcome.RolledBack(
                            UpgradeStep.CHECK, where + " was refused: " + refused.get() + "; stopped at " + at, at);
                }
            }
            listener.note(where);
            JournalEntry entry = new JournalEntry(
                    JournalEntry.Kind.UPGRADE,
                    UpgradeStep.STOP,
                    JournalEntry.Phase.STARTED,
                    at,
                    stop,
                    Optional.empty(),
                    daemon.runningPid().isPresent(),
                    false);
            UpgradeOutcome outcome;
            try {
                outcome = new Run(entry, release, request.noStart(), listener).execute();
            } catch (WaiaasException e) {
                if (i == 0) {
                    throw e;
                }
                // Steps 2 and 3 failed before changing the code or data: the last good stop is as it was.
                throw new ApplicationException(
                        e.code(), where + ": " + e.getMessage() + "; stopped at the last" + " good stop " + at, e);
            }
            switch (outcome) {
                case UpgradeOutcome.Upgraded done -> {
                    at = done.to();
                    lastBackup = Optional.of(done.backup());
                }
                case UpgradeOutcome.RolledBack failed -> {
                    return new UpgradeOutcome.RolledBack(
                            failed.step(),
                            where + ": " + failed.cause()
                                    + (i > 0 ? "; stopped at the last good stop " + failed.restored() : ""),
                            failed.restored());
                }
                default -> {
                    return outcome;
                }
            }
        }
        return new UpgradeOutcome.Upgraded(from, at, lastBackup.orElseThrow());
    }

    /** Read the schema blocks of the versions between {@code from} and {@code target} and plan the stops. */
    private StopPlan planStops(Version from, SchemaVersion database, PackageRelease target) {
        String pkg = settings.channel().packageName();
        List<StopPlan.Candidate> candidates = new ArrayList<>();
        for (Version v : releases.versions(pkg)) {
            boolean between = v.compareTo(from) > 0 && v.compareTo(target.version()) < 0;
            if (between && (!v.isPrerelease() || target.version().isPrerelease())) {
                releases.release(pkg, v).schema().ifPresent(s -> candidates.add(new StopPlan.Candidate(v, s)));
            }
        }
        return StopPlan.plan(
                from,
                database,
                new StopPlan.Candidate(target.version(), target.schema().orElseThrow()),
                candidates);
    }

    /** Check everything that can be checked before changing anything (UPGR-B1, UPGR-B4, CMPT-B2). */
    private Optional<String> preflight(PackageRelease release) {
        try {
            installer.verify(release);
        } catch (WaiaasException e) {
            if (e.code() == ErrorCode.REFUSED) {
                return Optional.of(e.getMessage());
            }
            throw e;
        }
        Optional<SchemaVersion> database = schema.current();
        if (database.isPresent() && release.schema().isPresent()) {
            ReleaseSchema target = release.schema().get();
            if (!target.canMigrateFrom(database.get())) {
                return Optional.of(
                        database.get().compareTo(target.schemaVersion()) > 0
                                ? "the database (schema " + database.get() + ") is newer than " + release.version()
                                        + " can read (schema " + target.schemaVersion() + ")"
                                : "the database (schema " + database.get() + ") is older than " + release.version()
                                        + " can migrate (from schema " + target.minCompatible()
                                        + "); upgrade through an"
                                        + " intermediate release first");
            }
        }
        Optional<String> unwritable = disk.unwritable();
        if (unwritable.isPresent()) {
            return Optional.of(unwritable.get() + " is not writable");
        }
        if (disk.backupFree() < disk.backupNeed()) {
            return Optional.of("not enough disk space for the backup: " + mib(disk.backupNeed()) + " needed, "
                    + mib(disk.backupFree()) + " free");
        }
        if (disk.installFree() < disk.installNeed()) {
            return Optional.of("not enough disk space to install " + release.version() + ": " + mib(disk.installNeed())
                    + " needed, " + mib(disk.installFree()) + " free");
        }
        return Optional.empty();
    }

    /** One upgrade from step 2 on, with what it needs to roll itself back. */
    private final class Run {
        private JournalEntry entry;
        private final PackageRelease release;
        private final boolean noStart;
        private final UpgradeListener listener;
        private Optional<DaemonControl.Spawned> started = Optional.empty();
        private Optional<InstalledVersion> installed = Optional.empty();

        Run(JournalEntry entry, PackageRelease release, boolean noStart, UpgradeListener listener) {
            this.entry = entry;
            this.release = release;
            this.noStart = noStart;
            this.listener = listener;
        }

        UpgradeOutcome execute() {
            step(UpgradeStep.STOP, "stopping the daemon", () -> {
                return entry.daemonWasRunning() ? "stopped " + stopDaemon() : "not running";
            });
            step(UpgradeStep.BACKUP, "backing up the database and config", () -> {
                BackupManifest backup = backups.create(BackupReason.PRE_UPGRADE, entry.from());
                entry = entry.withBackup(backup.id());
                journal.record(entry);
                backups.prune(settings.backups());
                return backup.id().toString();
            });
            try {
                step(UpgradeStep.INSTALL, "installing " + release.id(), () -> {
                    installer.adopt(entry.from());
                    InstalledVersion v = installer.install(release, listener::downloaded);
                    installed = Optional.of(v);
                    return v.home();
                });
                step(UpgradeStep.MIGRATE, "migrating the database with " + entry.to(), () -> {
                    CommandResult migrated = runner.run(newVersion(), List.of("db", "migrate"), settings.stepTimeout());
                    if (migrated.exitCode() != 0) {
                        throw ApplicationException.failed(
                                "the migration of " + entry.to() + " failed: " + migrated.reason());
                    }
                    return schema.current().map(s -> "schema " + s).orElse("done");
                });
                step(UpgradeStep.VERIFY, "checking " + entry.to(), () -> {
                    verifyNewVersion();
                    installer.activate(entry.to());
                    entry = entry.switchedToTarget();
                    journal.record(entry);
                    return "current is " + entry.to();
                });
                step(UpgradeStep.RESTART, "starting the daemon", () -> {
                    if (!entry.daemonWasRunning() || noStart) {
                        return noStart && entry.daemonWasRunning() ? "left stopped (--no-start)" : "was not running";
                    }
                    return "serving " + startAndAwait(newVersion(), entry.to());
                });
            } catch (StepFailed failure) {
                return rollBackAfter(failure);
            }
            finishUpgrade();
            return new UpgradeOutcome.Upgraded(
                    entry.from(), entry.to(), entry.backup().orElseThrow());
        }

        private InstalledVersion newVersion() {
            return installed
                    .or(() -> installer.installed().stream()
                            .filter(v -> v.version().equals(entry.to()))
                            .findFirst())
                    .orElseThrow(() -> ApplicationException.failed(entry.to() + " is not installed"));
        }

        private void verifyNewVersion() {
            CommandResult version = runner.run(newVersion(), List.of("--version"), settings.stepTimeout());
            if (version.exitCode() != 0
                    || !version.stdout().strip().equals(entry.to().toString())) {
                throw ApplicationException.failed("the installed " + entry.to() + " reports version '"
                        + version.stdout().strip() + "' (" + version.reason() + ")");
            }
            if (release.schema().isPresent()) {
                SchemaVersion expected = release.schema().get().schemaVersion();
                Optional<SchemaVersion> actual = schema.current();
                if (!actual.equals(Optional.of(expected))) {
                    throw ApplicationException.failed("the database is at schema "
                            + actual.map(String::valueOf).orElse("none") + ", not " + expected + " as "
                            + entry.to() + " needs");
                }
            }
        }

        /** Start {@code version}'s daemon, remembering it so a rollback can stop it, and wait until it answers. */
        private String startAndAwait(InstalledVersion version, Version expected) {
            DaemonControl.Spawned spawned = runner.daemonsOf(version).spawn();
            started = Optional.of(spawned);
            awaitHealthy(spawned, expected);
            return expected.toString();
        }

        /** Run {@code body} as step {@code step}, journaled; failures of steps 4 to 7 become {@link StepFailed}. */
        private void step(UpgradeStep step, String description, StepBody body) {
            entry = entry.at(step, JournalEntry.Phase.STARTED);
            journal.record(entry);
            listener.stepStarted(step, description);
            Instant t0 = clock.instant();
            String result;
            try {
                result = body.run();
            } catch (RuntimeException e) {
                if (step.rollsBackOnFailure()) {
                    throw new StepFailed(step, e);
                }
                // Steps 2 and 3 changed nothing that needs undoing but the daemon's state: put it back.
                restartOldDaemonQuietly();
                journal.clear();
                throw e;
            }
            entry = entry.at(step, JournalEntry.Phase.DONE);
            journal.record(entry);
            listener.stepFinished(step, since(t0), result);
        }

        private void restartOldDaemonQuietly() {
            if (entry.daemonWasRunning() && daemon.runningPid().isEmpty()) {
                try {
                    startOld(entry.from());
                } catch (RuntimeException ignored) {
                    // The step's own failure is what the operator needs to read.
                }
            }
        }

        private UpgradeOutcome rollBackAfter(StepFailed failure) {
            String cause = message(failure.getCause());
            listener.note("step " + failure.step.number() + " (" + failure.step.label() + ") failed: " + cause
                    + "; rolling back to " + entry.from());
            started.ifPresent(s -> {
                if (!daemon.terminate(s.pid(), KILL_WAIT)) {
                    daemon.kill(s.pid(), KILL_WAIT);
                }
            });
            try {
                restoreOldState(entry, true, listener);
                return new UpgradeOutcome.RolledBack(failure.step, cause, entry.from());
            } catch (RuntimeException e) {
                return new UpgradeOutcome.RollbackFailed(failure.step, cause, message(e), manualSteps(entry));
            }
        }

        private void finishUpgrade() {
            journal.clear();
            try {
                installer.prune(2);
            } catch (RuntimeException e) {
                listener.note("could not remove old versions: " + message(e));
            }
        }
    }

    /** Thrown inside a run when a step from 4 on failed, to be rolled back. */
    private static final class StepFailed extends RuntimeException {
        private static final long serialVersionUID = 1L;
        private final transient UpgradeStep step;

        StepFailed(UpgradeStep step, RuntimeException cause) {
            super(cause);
            this.step = step;
        }
    }

    @FunctionalInterface
    private interface StepBody {
        String run();
    }

    /**
     * Put back the state before the upgrade in {@code entry}: no new daemon, the old code current, the old data if
     * the new version may have changed it, and the old daemon running if it ran. Clears the journal when done.
     */
    private void restoreOldState(JournalEntry entry, boolean restartDaemon, UpgradeListener listener) {
        stopAnyDaemon();
        if (installer.method() == InstallMethod.NPM_GLOBAL) {
            if (installer
                    .current()
                    .map(InstalledVersion::version)
                    .filter(entry.from()::equals)
                    .isEmpty()) {
                installer.install(
                        releases.release(settings.channel().packageName(), entry.from()), DownloadProgress.NONE);
            }
        } else if (installer.installed().stream().anyMatch(v -> v.version().equals(entry.from()))) {
            installer.activate(entry.from());
        }
        if (entry.dataMayHaveChanged() && entry.backup().isPresent()) {
            backups.restore(entry.backup().get(), entry.to());
            listener.note("restored the data from backup " + entry.backup().get());
        }
        if (entry.daemonWasRunning() && restartDaemon) {
            startOld(entry.from());
        }
        journal.clear();
    }

    /**
     * Start the daemon of the current version and wait until it answers as {@code expected}: the installed current
     * one, or this very build when nothing was installed side by side yet.
     */
    private void startOld(Version expected) {
        Optional<InstalledVersion> installedCurrent = installer.current();
        DaemonControl.Spawned spawned = installedCurrent.isPresent()
                ? runner.daemonsOf(installedCurrent.get()).spawn()
                : daemon.spawn();
        awaitHealthy(spawned, expected);
    }

    private String stopDaemon() {
        Optional<Long> pid = daemon.runningPid();
        if (pid.isEmpty()) {
            return "(it had already stopped)";
        }
        if (!daemon.terminate(pid.get(), Duration.ofSeconds(60)) && !daemon.kill(pid.get(), KILL_WAIT)) {
            throw ApplicationException.failed("the daemon (pid " + pid.get() + ") did not exit");
        }
        return "(pid " + pid.get() + ")";
    }

    private void stopAnyDaemon() {
        if (daemon.runningPid().isPresent()) {
            stopDaemon();
        }
    }

    /** Wait until the daemon answers {@code /health} with {@code expected}; kill it and fail otherwise. */
    private void awaitHealthy(DaemonControl.Spawned spawned, Version expected) {
        Instant deadline = clock.instant().plus(settings.healthTimeout());
        Optional<Version> seen = Optional.empty();
        while (clock.instant().isBefore(deadline)) {
            OptionalInt exit = spawned.exitCode();
            // Exit 5 is "already running": after a crash, the daemon the interrupted upgrade had started may still
            // be coming up. It counts if it answers as the expected version; any other exit is a failure.
            if (exit.isPresent() && exit.getAsInt() != ErrorCode.REFUSED.exitCode()) {
                throw ApplicationException.failed("the daemon " + expected + " exited with code " + exit.getAsInt()
                        + spawned.lastLogLine().map(l -> ": " + l).orElse(""));
            }
            Optional<HealthSnapshot> answer = health.health(settings.daemonPort(), PROBE);
            seen = answer.map(HealthSnapshot::version);
            if (seen.filter(expected::equals).isPresent()) {
                return;
            }
            pause();
        }
        if (!daemon.terminate(spawned.pid(), KILL_WAIT)) {
            daemon.kill(spawned.pid(), KILL_WAIT);
        }
        throw ApplicationException.failed("the daemon " + expected + " did not report healthy within "
                + settings.healthTimeout().toSeconds() + " s"
                + seen.map(v -> " (it reported " + v + ")").orElse(""));
    }

    // ---------------------------------------------------------------------------------------------- rollback

    @Override
    public UpgradeOutcome rollBack(boolean noStart, UpgradeListener listener) {
        if (settings.inContainer()) {
            return new UpgradeOutcome.Refused("waiaas runs in a container image: run the previous image instead");
        }
        Optional<UpgradeLock.Lease> lease = lock.tryAcquire();
        if (lease.isEmpty()) {
            return new UpgradeOutcome.Refused("another upgrade or rollback is running for this data dir");
        }
        try (UpgradeLock.Lease held = lease.get()) {
            Optional<UpgradeOutcome> recovered = recoverLocked(true, listener);
            // A failed recovery stops here; so does an interrupted rollback now completed: it was this very request,
            // and going on would restore the same backup a second time.
            if (recovered
                    .filter(o -> o instanceof UpgradeOutcome.RollbackFailed || o instanceof UpgradeOutcome.Reverted)
                    .isPresent()) {
                return recovered.get();
            }
            BackupManifest backup = backups.list().stream()
                    .filter(b -> b.reason() == BackupReason.PRE_UPGRADE)
                    .findFirst()
                    .orElseThrow(() -> ApplicationException.failed(
                            "there is no pre-upgrade backup to roll back to (waiaas backup list shows what there is)"));
            Version from = installer.current().map(InstalledVersion::version).orElse(current);
            Version to = backup.appVersion();
            if (installer.method() == InstallMethod.SIDE_BY_SIDE
                    && installer.installed().stream().noneMatch(v -> v.version().equals(to))) {
                throw ApplicationException.failed("version " + to + " of backup " + backup.id()
                        + " is no longer installed; install it with: waiaas upgrade --to " + to
                        + " --allow-downgrade, then restore the backup with: waiaas backup restore " + backup.id());
            }
            boolean running = daemon.runningPid().isPresent();
            JournalEntry entry = new JournalEntry(
                    JournalEntry.Kind.ROLLBACK,
                    UpgradeStep.STOP,
                    JournalEntry.Phase.STARTED,
                    to,
                    from,
                    Optional.of(backup.id()),
                    running,
                    true);
            journal.record(entry);
            listener.note("rolling back " + from + " \u2192 " + to + " with backup " + backup.id());
            stopAnyDaemon();
            if (installer.method() == InstallMethod.NPM_GLOBAL) {
                installer.install(releases.release(settings.channel().packageName(), to), listener::downloaded);
            } else {
                installer.activate(to);
            }
            journal.record(entry.at(UpgradeStep.MIGRATE, JournalEntry.Phase.STARTED));
            BackupManifest kept = backups.restore(backup.id(), from)
                    .orElseThrow(() -> ApplicationException.failed("the restore kept no copy of the replaced data"));
            journal.record(entry.at(UpgradeStep.MIGRATE, JournalEntry.Phase.DONE));
            if (running && !noStart) {
                startOld(to);
            }
            journal.clear();
            return new UpgradeOutcome.Reverted(from, to, kept.id());
        }
    }

    // ---------------------------------------------------------------------------------------------- recovery

    @Override
    public Optional<UpgradeOutcome> recover(boolean restartDaemon, UpgradeListener listener) {
        if (journal.read().isEmpty()) {
            return Optional.empty();
        }
        Optional<UpgradeLock.Lease> lease = lock.tryAcquire();
        if (lease.isEmpty()) {
            throw ApplicationException.refused("an upgrade is running for this data dir; wait for it to finish");
        }
        try (UpgradeLock.Lease held = lease.get()) {
            return recoverLocked(restartDaemon, listener);
        }
    }

    private Optional<UpgradeOutcome> recoverLocked(boolean restartDaemon, UpgradeListener listener) {
        Optional<JournalEntry> found = journal.read();
        if (found.isEmpty()) {
            return Optional.empty();
        }
        JournalEntry entry = found.get();
        listener.note("an interrupted " + entry.kind().name().toLowerCase(Locale.ROOT) + " "
                + entry.from() + " \u2192 " + entry.to() + " was found at step "
                + entry.step().number() + " ("
                + entry.step().label() + ", " + entry.phase().name().toLowerCase(Locale.ROOT) + ")");
        if (entry.kind() == JournalEntry.Kind.ROLLBACK) {
            // A rollback is repeated until it completes: it only moves towards the recorded backup.
            return Optional.of(rollBackAgain(entry, restartDaemon, listener));
        }
        try {
            if (entry.switched()) {
                // Past step 6 the new version is current and verified: finish the upgrade.
                if (entry.daemonWasRunning()
                        && restartDaemon
                        && daemon.runningPid().isEmpty()) {
                    startOld(entry.to());
                }
                journal.clear();
                listener.note("finished the upgrade to " + entry.to());
                return Optional.of(new UpgradeOutcome.Upgraded(
                        entry.from(), entry.to(), entry.backup().orElseGet(() -> BackupId.of("none"))));
            }
            restoreOldState(entry, restartDaemon, listener);
            listener.note("rolled back to " + entry.from());
            return Optional.of(
                    new UpgradeOutcome.RolledBack(entry.step(), "the upgrade was interrupted", entry.from()));
        } catch (RuntimeException e) {
            return Optional.of(new UpgradeOutcome.RollbackFailed(
                    entry.step(), "the upgrade was interrupted", message(e), manualSteps(entry)));
        }
    }

    private UpgradeOutcome rollBackAgain(JournalEntry entry, boolean restartDaemon, UpgradeListener listener) {
        // In a rollback entry, from is the version rolled back to and to the one rolled back from.
        try {
            stopAnyDaemon();
            if (installer.method() == InstallMethod.SIDE_BY_SIDE) {
                installer.activate(entry.from());
            }
            Optional<BackupManifest> kept;
            if (entry.step() == UpgradeStep.MIGRATE && entry.phase() == JournalEntry.Phase.DONE) {
                listener.note("the data had been restored already");
                kept = backups.list().stream()
                        .filter(b -> b.reason() == BackupReason.PRE_ROLLBACK)
                        .findFirst();
            } else {
                kept = backups.restore(entry.backup().orElseThrow(), entry.to());
            }
            if (entry.daemonWasRunning() && restartDaemon) {
                startOld(entry.from());
            }
            journal.clear();
            listener.note("completed the rollback to " + entry.from());
            return new UpgradeOutcome.Reverted(
                    entry.to(), entry.from(), kept.map(BackupManifest::id).orElseGet(() -> BackupId.of("none")));
        } catch (RuntimeException e) {
            return new UpgradeOutcome.RollbackFailed(
                    entry.step(), "the rollback was interrupted", message(e), manualSteps(entry));
        }
    }

    /** Spell out how an operator puts {@code entry}'s old state back by hand. */
    private List<String> manualSteps(JournalEntry entry) {
        List<String> steps = new ArrayList<>();
        steps.add("stop any waiaas daemon of this data dir: waiaas stop");
        if (installer.method() == InstallMethod.NPM_GLOBAL) {
            steps.add("reinstall the previous version: npm install -g "
                    + settings.channel().packageName() + "@" + entry.from());
        } else {
            steps.add(installer.installed().stream()
                    .filter(v -> v.version().equals(entry.from()))
                    .findFirst()
                    .map(v -> "make " + entry.from() + " current again: ln -sfn " + v.home() + " \"$(dirname "
                            + v.home() + ")/../current\"")
                    .orElse("install " + entry.from() + " again"));
        }
        entry.backup()
                .ifPresent(b -> steps.add("restore the data from before the upgrade: " + "waiaas backup restore " + b));
        steps.add("start it again: waiaas start -d");
        steps.add("last, delete upgrade.journal in the data dir, so the next command does not try to recover");
        return steps;
    }

    // ---------------------------------------------------------------------------------------------- helpers

    private Duration since(Instant t0) {
        return Duration.between(t0, clock.instant());
    }

    private static void pause() {
        try {
            Thread.sleep(POLL);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw ApplicationException.failed("interrupted while waiting for the daemon");
        }
    }

    private static String mib(long bytes) {
        return (bytes + (1L << 20) - 1) / (1L << 20) + " MiB";
    }

    private static String message(Throwable e) {
        return e.getMessage() == null
                ? e.getClass().getSimpleName()
                : e.getMessage().replaceAll("\\s+", " ");
    }
}
