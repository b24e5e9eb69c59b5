package io.waiaas.platform;

import java.nio.file.Path;
import java.util.Map;

/**
 * Where waiaas keeps its files, and the names its processes pass each other: the one place these names live, so the
 * daemon, the command line, an upgrade's child processes and the installer cannot disagree about them.
 *
 * <p>The data dir (LAYT-01 to LAYT-04) holds the configuration, the daemon's pid, lock and log, the upgrade's journal
 * and lock, the backups, the update notice's marker and the webhook delivery's cursor and lock. The install root
 * (LAYT-05) holds {@code versions/{v}/}, the {@code current} symlink and the stable launcher {@code bin/waiaas}; each
 * version's own tree has its launcher at the same relative place.
 */
public final class Layout {
    /** The configuration file in the data dir (LAYT-02). */
    public static final String CONFIG = "config.toml";

    /** The folder of the side-by-side versions in the install root (LAYT-05). */
    public static final String VERSIONS = "versions";

    /** The symlink in the install root naming the version that runs (LAYT-05). */
    public static final String CURRENT = "current";

    private Layout() {}

    /** Return {@code {dataDir}/config.toml}. */
    public static Path config(Path dataDir) {
        return dataDir.resolve(CONFIG);
    }

    /** Return {@code {dataDir}/backups}, where every backup lives (BKUP). */
    public static Path backups(Path dataDir) {
        return dataDir.resolve("backups");
    }

    /** Return {@code {dataDir}/upgrade.journal}, the record of the upgrade or rollback under way (UPGR-B5). */
    public static Path upgradeJournal(Path dataDir) {
        return dataDir.resolve("upgrade.journal");
    }

    /** Return {@code {dataDir}/upgrade-history.jsonl}, how every upgrade, rollback and recovery ended. */
    public static Path upgradeHistory(Path dataDir) {
        return dataDir.resolve("upgrade-history.jsonl");
    }

    /** Return {@code {dataDir}/upgrade.lock}, held by the one upgrade, rollback or restore running. */
    public static Path upgradeLock(Path dataDir) {
        return dataDir.resolve("upgrade.lock");
    }

    /** Return {@code {dataDir}/daemon.pid} (LAYT-04). */
    public static Path daemonPid(Path dataDir) {
        return dataDir.resolve("daemon.pid");
    }

    /** Return {@code {dataDir}/daemon.lock}, held by the running daemon (LAYT-04). */
    public static Path daemonLock(Path dataDir) {
        return dataDir.resolve("daemon.lock");
    }

    /**
     * Return {@code {dataDir}/logs/daemon.log}, the daemon's log, which the daemon writes and rotates itself
     * ({@code daemon.log.1} is the one before, LOGS-01).
     */
    public static Path daemonLog(Path dataDir) {
        return dataDir.resolve("logs").resolve("daemon.log");
    }

    /**
     * Return {@code {dataDir}/logs/daemon.out}, the standard output and error of a detached daemon: what is not a log
     * record, such as a start-up failure's line or the JVM's own last words (LOGS-01).
     */
    public static Path daemonOut(Path dataDir) {
        return dataDir.resolve("logs").resolve("daemon.out");
    }

    /** Return {@code {dataDir}/logs/auto-upgrade.log}, the output of the upgrades the daemon starts by itself. */
    public static Path autoUpgradeLog(Path dataDir) {
        return dataDir.resolve("logs").resolve("auto-upgrade.log");
    }

    /** Return {@code {dataDir}/.last-update-notify}, when the update notice was last shown (VCHK). */
    public static Path noticeMarker(Path dataDir) {
        return dataDir.resolve(".last-update-notify");
    }

    /**
     * Return {@code {dataDir}/webhook.cursor}, how far webhook delivery got (outside the database, so a restore never
     * takes it back).
     */
    public static Path webhookCursor(Path dataDir) {
        return dataDir.resolve("webhook.cursor");
    }

    /** Return {@code {dataDir}/webhook.lock}, held by the one process delivering webhook events. */
    public static Path webhookLock(Path dataDir) {
        return dataDir.resolve("webhook.lock");
    }

    /** Return {@code {dataDir}/runtime}, the install root when none is configured or found (LAYT-05). */
    public static Path defaultInstallRoot(Path dataDir) {
        return dataDir.resolve("runtime");
    }

    /** Return {@code {root}/versions}. */
    public static Path versions(Path installRoot) {
        return installRoot.resolve(VERSIONS);
    }

    /** Return {@code {root}/current}. */
    public static Path current(Path installRoot) {
        return installRoot.resolve(CURRENT);
    }

    /**
     * Return {@code {home}/bin/waiaas}: the stable launcher when {@code home} is the install root, a version's own
     * launcher when it is {@code versions/{v}} or an unpacked package.
     */
    public static Path launcher(Path home) {
        return home.resolve("bin").resolve("waiaas");
    }

    /** The environment variables waiaas's processes pass each other, and the operator's own ones they read. */
    public static final class Env {
        /** The data dir, when no {@code --data-dir} is given (LAYT-01). */
        public static final String DATA_DIR = "WAIAAS_DATA_DIR";

        /** The launcher script that started this JVM ({@code bin/waiaas} of a version or of the install root). */
        public static final String LAUNCHER = "WAIAAS_LAUNCHER";

        /** The launcher a command was handed over from, kept across the hand-over to the current version. */
        public static final String HANDED_OVER_FROM = "WAIAAS_HANDED_OVER_FROM";

        /** Set on a command an upgrade runs ({@code db migrate}, {@code --version}): it never hands over. */
        public static final String UPGRADE_CHILD = "WAIAAS_UPGRADE_CHILD";

        /** {@code 1}: no update notice on this command (VCHK). */
        public static final String NO_UPDATE_NOTIFY = "WAIAAS_NO_UPDATE_NOTIFY";

        /** The pid of the upgrade a child process belongs to: the child ends with it, even after a SIGKILL. */
        public static final String LIFELINE = "WAIAAS_LIFELINE";

        /** {@code 1} on a daemon started held: it serves only once whoever started it has recorded it. */
        public static final String START_HELD = "WAIAAS_START_HELD";

        /** Set on the commands an AOT training runs: they never hand over to another version. */
        public static final String AOT_TRAINING = "WAIAAS_AOT_TRAINING";

        /** {@code 1} in the container image, where an upgrade is a new image (DOCK-B2). */
        public static final String IN_CONTAINER = "WAIAAS_IN_CONTAINER";

        /** Tell whether {@code env} is the container image's ({@link #IN_CONTAINER} is {@code 1}). */
        public static boolean inContainer(Map<String, String> env) {
            return "1".equals(env.get(IN_CONTAINER));
        }

        /** Whether the launcher's stderr is a terminal ({@code 1}/{@code 0}), which the JVM cannot tell itself. */
        public static final String STDERR_TTY = "WAIAAS_STDERR_TTY";

        /** Set to {@code 1} for a daemon started by {@code start -d}: its log goes to the log file alone. */
        public static final String DETACHED = "WAIAAS_DETACHED";

        /** Extra JVM options the launcher passes on. */
        public static final String JAVA_OPTS = "WAIAAS_JAVA_OPTS";

        /** The variable npm expands into the token line of the private npmrc waiaas writes for an install. */
        public static final String NPM_AUTH_TOKEN = "WAIAAS_NPM_AUTH_TOKEN";

        /** The registry token, from the environment only (never a configuration key). */
        public static final String UPDATE_TOKEN = "WAIAAS_UPDATE_TOKEN";

        /** Overrides the folder {@code waiaas service} writes systemd units to, for both scopes (tests). */
        public static final String SYSTEMD_UNIT_DIR = "WAIAAS_SYSTEMD_UNIT_DIR";

        private Env() {}
    }
}
