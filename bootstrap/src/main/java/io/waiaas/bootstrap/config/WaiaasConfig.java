package io.waiaas.bootstrap.config;

import io.waiaas.application.port.out.DaemonSettings;
import io.waiaas.domain.AutoApply;
import io.waiaas.domain.MaintenanceWindow;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Hold the daemon's configuration after {@code config.toml}, the environment and the defaults were merged and checked.
 *
 * <p>Build one with {@link ConfigLoader#load} or {@link #defaults}; the loader enforces the ranges of LAYT-02, the
 * records below only that nothing is missing, so tests may build unusual values (such as port 0) directly.
 *
 * @param daemon {@code [daemon]}: where the daemon listens and how long it may take to stop
 * @param database {@code [database]}: where the SQLite database lives
 * @param update {@code [update]}: whether and where to look for new releases
 * @param backup {@code [backup]}: how many backups to keep
 * @param install {@code [install]}: where released versions are installed side by side
 * @param mcp {@code [mcp]}: what {@code waiaas mcp} may do
 * @param notifications {@code [notify]}: where webhook events go (not {@code notify}, which {@link Object} owns)
 * @param log {@code [log]}: how the daemon's log is rotated
 */
public record WaiaasConfig(
        Daemon daemon,
        Database database,
        Update update,
        Backup backup,
        Install install,
        Mcp mcp,
        Notify notifications,
        Log log) {

    public WaiaasConfig {
        Objects.requireNonNull(daemon, "daemon");
        Objects.requireNonNull(database, "database");
        Objects.requireNonNull(update, "update");
        Objects.requireNonNull(backup, "backup");
        Objects.requireNonNull(install, "install");
        Objects.requireNonNull(mcp, "mcp");
        Objects.requireNonNull(notifications, "notifications");
        Objects.requireNonNull(log, "log");
    }

    /** Hold the configuration with the daemon's log rotated as by default. */
    public WaiaasConfig(
            Daemon daemon, Database database, Update update, Backup backup, Install install, Mcp mcp, Notify notify) {
        this(daemon, database, update, backup, install, mcp, notify, Log.DEFAULT);
    }

    /** Hold the configuration without webhooks. */
    public WaiaasConfig(Daemon daemon, Database database, Update update, Backup backup, Install install, Mcp mcp) {
        this(daemon, database, update, backup, install, mcp, Notify.OFF);
    }

    /** Return the configuration of a data dir without {@code config.toml} and without environment overrides. */
    public static WaiaasConfig defaults(Path dataDir) {
        return from(dataDir, new Values());
    }

    /** Build the configuration from checked {@code values}, defaults filling the gaps, paths resolved. */
    static WaiaasConfig from(Path dataDir, Values values) {
        Path base = dataDir.toAbsolutePath().normalize();
        return new WaiaasConfig(
                new Daemon(
                        values.get(ConfigKeys.DAEMON_HOSTNAME),
                        values.get(ConfigKeys.DAEMON_PORT),
                        values.get(ConfigKeys.DAEMON_SHUTDOWN_TIMEOUT),
                        values.get(ConfigKeys.DAEMON_RESTORE_ON_DOWNGRADE),
                        values.get(ConfigKeys.DAEMON_METRICS)),
                new Database(base.resolve(values.get(ConfigKeys.DATABASE_PATH)).normalize()),
                new Update(
                        values.get(ConfigKeys.UPDATE_CHECK),
                        values.get(ConfigKeys.UPDATE_CHECK_INTERVAL),
                        values.get(ConfigKeys.UPDATE_REGISTRY),
                        values.get(ConfigKeys.UPDATE_PACKAGE),
                        values.get(ConfigKeys.UPDATE_CHANNEL),
                        values.find(ConfigKeys.UPDATE_REGISTRY).isPresent(),
                        values.find(ConfigKeys.UPDATE_TOKEN_FILE)
                                .map(file -> base.resolve(file).normalize()),
                        values.find(ConfigKeys.UPDATE_PROXY),
                        values.get(ConfigKeys.UPDATE_REQUIRE_SIGNATURES),
                        values.get(ConfigKeys.UPDATE_AUTO_APPLY),
                        values.find(ConfigKeys.UPDATE_WINDOW).orElse(List.of()),
                        values.get(ConfigKeys.UPDATE_MIN_RELEASE_AGE),
                        Optional.of(values.get(ConfigKeys.UPDATE_MAX_METADATA_AGE))
                                .filter(age -> !age.isZero())),
                new Backup(values.get(ConfigKeys.BACKUP_KEEP)),
                new Install(
                        values.find(ConfigKeys.INSTALL_ROOT)
                                .map(root -> base.resolve(root).normalize()),
                        values.get(ConfigKeys.INSTALL_HEALTH_TIMEOUT),
                        values.get(ConfigKeys.INSTALL_AOT_CACHES)),
                new Mcp(values.get(ConfigKeys.MCP_ALLOW_UPGRADE)),
                new Notify(
                        values.find(ConfigKeys.NOTIFY_WEBHOOK_URL),
                        values.find(ConfigKeys.NOTIFY_WEBHOOK_TOKEN_FILE)
                                .map(file -> base.resolve(file).normalize())),
                new Log(values.get(ConfigKeys.LOG_MAX_SIZE), values.get(ConfigKeys.LOG_KEEP)));
    }

    /**
     * Hold {@code [log]}: the daemon rotates {@code logs/daemon.log} itself (LOGS-01).
     *
     * @param maxSize the size in bytes past which the log is rotated (default 10 MiB)
     * @param keep how many rotated logs are kept besides the current one, 1..100 (default 5)
     */
    public record Log(long maxSize, int keep) {
        /** The defaults: 10 MiB, five rotated logs. */
        public static final Log DEFAULT = new Log(10L << 20, 5);

        public Log {
            if (maxSize < 1 || keep < 1) {
                throw new IllegalArgumentException("maxSize and keep must be at least 1: " + maxSize + ", " + keep);
            }
        }
    }

    /**
     * Hold {@code [daemon]}.
     *
     * @param hostname the address to listen on: {@code 127.0.0.1} (default) or {@code 0.0.0.0}
     * @param port the TCP port, 1024..65535 in a config (default 3100)
     * @param shutdownTimeout how long a graceful stop may take, 5..300 s (default 30 s)
     * @param restoreOnDowngrade whether a start that finds the database migrated by a newer build restores the
     *     backup taken before that migration instead of refusing (default false, DOCK-B3)
     * @param metrics whether the daemon serves {@code GET /metrics} (default false, OPS-02): off, no meter registry
     *     is made and the start is shorter
     */
    public record Daemon(
            String hostname, int port, Duration shutdownTimeout, boolean restoreOnDowngrade, boolean metrics) {

        public Daemon {
            Objects.requireNonNull(hostname, "hostname");
            Objects.requireNonNull(shutdownTimeout, "shutdownTimeout");
            if (port < 0 || port > 65535) {
                throw new IllegalArgumentException("port out of range: " + port);
            }
        }

        /** Hold {@code [daemon]} with {@code metrics} off. */
        public Daemon(String hostname, int port, Duration shutdownTimeout, boolean restoreOnDowngrade) {
            this(hostname, port, shutdownTimeout, restoreOnDowngrade, false);
        }

        /** Hold {@code [daemon]} with {@code restore_on_downgrade} and {@code metrics} off. */
        public Daemon(String hostname, int port, Duration shutdownTimeout) {
            this(hostname, port, shutdownTimeout, false, false);
        }

        /** Return these settings as the application's use cases take them. */
        public DaemonSettings settings() {
            return new DaemonSettings(hostname, port, shutdownTimeout);
        }
    }

    /**
     * Hold {@code [database]}.
     *
     * @param path the SQLite file, absolute: {@code [database] path} resolved against the data dir
     *     (default {@code {dataDir}/data/waiaas.db}); its folder is created by the storage, not here
     */
    public record Database(Path path) {

        public Database {
            Objects.requireNonNull(path, "path");
            if (!path.isAbsolute()) {
                throw new IllegalArgumentException("database path must be absolute: " + path);
            }
        }
    }

    /**
     * Hold {@code [update]}.
     *
     * @param check whether the daemon asks the registry at all (VCHK-03; default true)
     * @param checkInterval how often it asks, 3600..604800 s (default 86400 s)
     * @param registry the registry's base URL without a trailing slash, https unless loopback
     *     (default {@code https://registry.npmjs.org})
     * @param packageName the npm package of waiaas, key {@code package} (default {@code @waiaas/cli})
     * @param channel the dist-tag followed (default {@code latest})
     * @param registryConfigured whether {@code registry} was set (file or environment); when not, the npmrc's
     *     registry for the package's scope is used, as npm would
     * @param tokenFile {@code [update] token_file}, absolute: a file holding the registry token, readable by its
     *     owner alone
     * @param proxy {@code [update] proxy}: the HTTP proxy of every registry request, instead of the proxy variables
     * @param requireSignatures {@code [update] require_signatures}: refuse releases the registry does not sign
     * @param autoApply {@code [update] auto_apply}: which updates the daemon applies by itself (default off)
     * @param windows {@code [update] window}: when, in local time; none means never
     * @param minReleaseAge {@code [update] min_release_age}: how old a release must be before it is chosen
     *     automatically (TRST-03; default 0, no cooldown)
     * @param maxMetadataAge {@code [update] max_metadata_age}: how long the registry's metadata may stay unchanged
     *     before it is a warning (TRST-02); empty when off (the default)
     */
    public record Update(
            boolean check,
            Duration checkInterval,
            URI registry,
            String packageName,
            String channel,
            boolean registryConfigured,
            Optional<Path> tokenFile,
            Optional<URI> proxy,
            boolean requireSignatures,
            AutoApply autoApply,
            List<MaintenanceWindow> windows,
            Duration minReleaseAge,
            Optional<Duration> maxMetadataAge) {

        public Update {
            Objects.requireNonNull(minReleaseAge, "minReleaseAge");
            Objects.requireNonNull(maxMetadataAge, "maxMetadataAge");
            Objects.requireNonNull(checkInterval, "checkInterval");
            Objects.requireNonNull(registry, "registry");
            Objects.requireNonNull(packageName, "packageName");
            Objects.requireNonNull(channel, "channel");
            Objects.requireNonNull(tokenFile, "tokenFile");
            Objects.requireNonNull(proxy, "proxy");
            Objects.requireNonNull(autoApply, "autoApply");
            windows = List.copyOf(windows);
            tokenFile.ifPresent(path -> {
                if (!path.isAbsolute()) {
                    throw new IllegalArgumentException("token file must be absolute: " + path);
                }
            });
        }

        /**
         * Hold {@code [update]} with the registry given as set and no token file, proxy, signature rule or unattended
         * updates.
         */
        public Update(boolean check, Duration checkInterval, URI registry, String packageName, String channel) {
            this(
                    check,
                    checkInterval,
                    registry,
                    packageName,
                    channel,
                    true,
                    Optional.empty(),
                    Optional.empty(),
                    false,
                    AutoApply.OFF,
                    List.of(),
                    Duration.ZERO,
                    Optional.empty());
        }
    }

    /**
     * Hold {@code [backup]}.
     *
     * @param keep how many backups to keep, 1..100 (UPGR-06; default 5)
     */
    public record Backup(int keep) {

        public Backup {
            if (keep < 1) {
                throw new IllegalArgumentException("keep must be at least 1: " + keep);
            }
        }
    }

    /**
     * Hold {@code [install]}.
     *
     * @param root the install root given by {@code [install] root}, absolute (a relative one is resolved against
     *     the data dir); empty when not configured, and the launcher's layout decides (LAYT-05)
     * @param healthTimeout how long an upgraded daemon may take to answer {@code /health} before the upgrade is
     *     rolled back, 5..600 s (default 60 s)
     * @param aotCaches whether each installed version makes its own AOT caches, in the background once installed
     *     (default true)
     */
    public record Install(Optional<Path> root, Duration healthTimeout, boolean aotCaches) {

        /** Hold {@code [install]} with AOT caches made as by default. */
        public Install(Optional<Path> root, Duration healthTimeout) {
            this(root, healthTimeout, true);
        }

        public Install {
            Objects.requireNonNull(root, "root");
            Objects.requireNonNull(healthTimeout, "healthTimeout");
            root.ifPresent(path -> {
                if (!path.isAbsolute()) {
                    throw new IllegalArgumentException("install root must be absolute: " + path);
                }
            });
        }
    }

    /**
     * Hold {@code [mcp]}.
     *
     * @param allowUpgrade whether {@code waiaas mcp} offers the {@code upgrade} tool (default false: read-only)
     */
    public record Mcp(boolean allowUpgrade) {}

    /**
     * Hold {@code [notify]}.
     *
     * @param webhookUrl where webhook events are posted; empty: no webhooks (default)
     * @param webhookTokenFile {@code webhook_token_file}, absolute: a file holding the bearer token, readable by its
     *     owner alone
     */
    public record Notify(Optional<URI> webhookUrl, Optional<Path> webhookTokenFile) {

        /** No webhooks. */
        public static final Notify OFF = new Notify(Optional.empty(), Optional.empty());

        public Notify {
            Objects.requireNonNull(webhookUrl, "webhookUrl");
            Objects.requireNonNull(webhookTokenFile, "webhookTokenFile");
            webhookTokenFile.ifPresent(path -> {
                if (!path.isAbsolute()) {
                    throw new IllegalArgumentException("webhook token file must be absolute: " + path);
                }
            });
        }
    }
}
