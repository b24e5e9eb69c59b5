package io.waiaas.application.upgrade;

import io.waiaas.application.port.out.BackupStore;
import io.waiaas.application.port.out.DaemonClient;
import io.waiaas.application.port.out.DaemonControl;
import io.waiaas.application.port.out.DiskSpace;
import io.waiaas.application.port.out.PackageInstaller;
import io.waiaas.application.port.out.Pause;
import io.waiaas.application.port.out.SchemaHistory;
import io.waiaas.application.port.out.UpgradeHistory;
import io.waiaas.application.port.out.UpgradeJournal;
import io.waiaas.application.port.out.UpgradeLock;
import io.waiaas.application.port.out.VersionRunner;
import io.waiaas.application.port.out.VersionSource;
import java.time.InstantSource;
import java.util.Objects;

/**
 * Hold the out-ports an upgrade acts through, as bootstrap wires them; each part of the upgrade takes what it uses.
 *
 * @param releases what the registry publishes
 * @param installer installs versions and switches between them
 * @param backups the data dir's backups
 * @param schema the database's schema version
 * @param daemon the data dir's daemon process
 * @param health asks a daemon over loopback how it is
 * @param runner runs another installed version's command line
 * @param journal the upgrade journal (UPGR-B5)
 * @param lock one upgrade at a time per data dir
 * @param history how every upgrade, rollback and recovery ended, outside the database
 * @param disk free space and writable directories (UPGR-B4)
 * @param clock the time
 * @param pause lets time pass while waiting on a daemon
 */
public record UpgradePorts(
        VersionSource releases,
        PackageInstaller installer,
        BackupStore backups,
        SchemaHistory schema,
        DaemonControl daemon,
        DaemonClient health,
        VersionRunner runner,
        UpgradeJournal journal,
        UpgradeLock lock,
        UpgradeHistory history,
        DiskSpace disk,
        InstantSource clock,
        Pause pause) {

    public UpgradePorts {
        Objects.requireNonNull(releases, "releases");
        Objects.requireNonNull(installer, "installer");
        Objects.requireNonNull(backups, "backups");
        Objects.requireNonNull(schema, "schema");
        Objects.requireNonNull(daemon, "daemon");
        Objects.requireNonNull(health, "health");
        Objects.requireNonNull(runner, "runner");
        Objects.requireNonNull(journal, "journal");
        Objects.requireNonNull(lock, "lock");
        Objects.requireNonNull(history, "history");
        Objects.requireNonNull(disk, "disk");
        Objects.requireNonNull(clock, "clock");
        Objects.requireNonNull(pause, "pause");
    }
}
