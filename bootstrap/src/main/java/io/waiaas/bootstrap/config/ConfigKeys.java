package io.waiaas.bootstrap.config;

import io.waiaas.domain.AutoApply;
import io.waiaas.domain.MaintenanceWindow;
import io.waiaas.platform.Layout;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Hold the one table of known configuration keys (LAYT-02): section, key, type with its range, and default.
 *
 * <p>The file, the environment and the defaults are all read through this table, so a key is added in one place.
 */
final class ConfigKeys {

    static final ConfigKey<String> DAEMON_HOSTNAME =
            key("daemon", "hostname", new ValueType.Choice(List.of("127.0.0.1", "0.0.0.0")), "127.0.0.1");
    static final ConfigKey<Integer> DAEMON_PORT =
            key("daemon", "port", new ValueType.IntegerRange(1024, 65535), "3100");
    static final ConfigKey<Duration> DAEMON_SHUTDOWN_TIMEOUT =
            key("daemon", "shutdown_timeout", new ValueType.Seconds(5, 300), "30");
    /** Whether an older build restores the backup from before a newer one migrated the database (DOCK-B3). */
    static final ConfigKey<Boolean> DAEMON_RESTORE_ON_DOWNGRADE =
            key("daemon", "restore_on_downgrade", new ValueType.Bool(), "false");
    /** Whether the daemon serves {@code GET /metrics} (OPS-02); off by default, as it lengthens the start. */
    static final ConfigKey<Boolean> DAEMON_METRICS = key("daemon", "metrics", new ValueType.Bool(), "false");

    static final ConfigKey<Path> DATABASE_PATH = key("database", "path", new ValueType.FilePath(), "data/waiaas.db");

    static final ConfigKey<Boolean> UPDATE_CHECK = key("update", "check", new ValueType.Bool(), "true");
    static final ConfigKey<Duration> UPDATE_CHECK_INTERVAL =
            key("update", "check_interval", new ValueType.Seconds(3600, 604800), "86400");
    static final ConfigKey<URI> UPDATE_REGISTRY =
            key("update", "registry", new ValueType.RegistryUrl(), "https://registry.npmjs.org");
    static final ConfigKey<String> UPDATE_PACKAGE = key(
            "update",
            "package",
            new ValueType.Text(
                    // npm's rules for new package names: lower case, URL-safe, optionally scoped, at most 214
                    // characters.
                    Pattern.compile("(@[a-z0-9~-][a-z0-9._~-]*/)?[a-z0-9~-][a-z0-9._~-]*"),
                    214,
                    "an npm package name such as \"@waiaas/cli\""),
            "@waiaas/cli");
    static final ConfigKey<String> UPDATE_CHANNEL = key(
            "update",
            "channel",
            new ValueType.Text(
                    // A dist-tag goes into a URL and must not look like a version or range, so it starts with a letter.
                    Pattern.compile("[A-Za-z][A-Za-z0-9._-]*"), 100, "a dist-tag such as \"latest\" or \"next\""),
            "latest");

    /** A file holding the registry token, readable by its owner alone; relative paths are against the data dir. */
    static final ConfigKey<Path> UPDATE_TOKEN_FILE =
            new ConfigKey<>("update", "token_file", new ValueType.FilePath(), Optional.empty(), Optional.empty());

    /** The HTTP proxy of every registry request, instead of {@code HTTPS_PROXY}/{@code HTTP_PROXY}. */
    static final ConfigKey<URI> UPDATE_PROXY =
            new ConfigKey<>("update", "proxy", new ValueType.ProxyUrl(), Optional.empty(), Optional.empty());

    /** Whether a release the registry does not sign is refused. */
    static final ConfigKey<Boolean> UPDATE_REQUIRE_SIGNATURES =
            key("update", "require_signatures", new ValueType.Bool(), "false");

    /** Which updates the daemon applies by itself inside a maintenance window (OPS-01). */
    static final ConfigKey<AutoApply> UPDATE_AUTO_APPLY =
            key("update", "auto_apply", new ValueType.AutoApplyMode(), "off");

    /** When, in local time, the daemon may apply an update by itself: {@code "Sun 02:00-04:00"}, comma-separated. */
    static final ConfigKey<List<MaintenanceWindow>> UPDATE_WINDOW =
            new ConfigKey<>("update", "window", new ValueType.Windows(), Optional.empty(), Optional.empty());

    /** How old a release must be before the check, ranges and unattended updates choose it (TRST-03). */
    static final ConfigKey<Duration> UPDATE_MIN_RELEASE_AGE =
            key("update", "min_release_age", new ValueType.Age(Duration.ofDays(365)), "0");

    /** How long the registry's metadata may stay unchanged before it is a warning (TRST-02); off by default. */
    static final ConfigKey<Duration> UPDATE_MAX_METADATA_AGE =
            key("update", "max_metadata_age", new ValueType.Age(Duration.ofDays(3650)), "0");

    static final ConfigKey<Integer> BACKUP_KEEP = key("backup", "keep", new ValueType.IntegerRange(1, 100), "5");

    /** The size past which the daemon's log is rotated ({@code daemon.log} becomes {@code daemon.log.1}, LOGS-01). */
    static final ConfigKey<Long> LOG_MAX_SIZE = key("log", "max_size", new ValueType.ByteSize(1024, 1L << 30), "10MiB");

    /** How many rotated daemon logs are kept besides the current one (LOGS-01). */
    static final ConfigKey<Integer> LOG_KEEP = key("log", "keep", new ValueType.IntegerRange(1, 100), "5");

    static final ConfigKey<Path> INSTALL_ROOT =
            new ConfigKey<>("install", "root", new ValueType.FilePath(), Optional.empty(), Optional.empty());

    /** How long an upgraded daemon may take to answer {@code /health} before the upgrade is rolled back. */
    static final ConfigKey<Duration> INSTALL_HEALTH_TIMEOUT =
            key("install", "health_timeout", new ValueType.Seconds(5, 600), "60");

    /** Whether an installed version makes its own AOT caches (in the background, after it is installed). */
    static final ConfigKey<Boolean> INSTALL_AOT_CACHES = key("install", "aot_caches", new ValueType.Bool(), "true");

    /** Whether {@code waiaas mcp} offers the {@code upgrade} tool; read-only by default. */
    static final ConfigKey<Boolean> MCP_ALLOW_UPGRADE = key("mcp", "allow_upgrade", new ValueType.Bool(), "false");

    /** Where webhook events are posted (OPS-03); none by default. */
    static final ConfigKey<URI> NOTIFY_WEBHOOK_URL =
            new ConfigKey<>("notify", "webhook_url", new ValueType.WebhookUrl(), Optional.empty(), Optional.empty());

    /** A file holding the webhook's bearer token, readable by its owner alone; relative paths are against the data dir. */
    static final ConfigKey<Path> NOTIFY_WEBHOOK_TOKEN_FILE = new ConfigKey<>(
            "notify", "webhook_token_file", new ValueType.FilePath(), Optional.empty(), Optional.empty());

    /** The roadmap's {@code [daemon] update_check}, accepted as {@code [update] check}. */
    static final ConfigKey<Boolean> DAEMON_UPDATE_CHECK =
            new ConfigKey<>("daemon", "update_check", UPDATE_CHECK.type(), Optional.empty(), Optional.of(UPDATE_CHECK));

    /** Every known key, aliases included, in the order README.md lists them. */
    static final List<ConfigKey<?>> ALL = List.of(
            DAEMON_PORT,
            DAEMON_HOSTNAME,
            DAEMON_SHUTDOWN_TIMEOUT,
            DAEMON_RESTORE_ON_DOWNGRADE,
            DAEMON_METRICS,
            DAEMON_UPDATE_CHECK,
            DATABASE_PATH,
            UPDATE_CHECK,
            UPDATE_CHECK_INTERVAL,
            UPDATE_REGISTRY,
            UPDATE_PACKAGE,
            UPDATE_CHANNEL,
            UPDATE_TOKEN_FILE,
            UPDATE_PROXY,
            UPDATE_REQUIRE_SIGNATURES,
            UPDATE_AUTO_APPLY,
            UPDATE_WINDOW,
            UPDATE_MIN_RELEASE_AGE,
            UPDATE_MAX_METADATA_AGE,
            BACKUP_KEEP,
            LOG_MAX_SIZE,
            LOG_KEEP,
            INSTALL_ROOT,
            INSTALL_HEALTH_TIMEOUT,
            INSTALL_AOT_CACHES,
            MCP_ALLOW_UPGRADE,
            NOTIFY_WEBHOOK_URL,
            NOTIFY_WEBHOOK_TOKEN_FILE);

    /** Every known section, in the order README.md lists them. */
    static final List<String> SECTIONS =
            List.copyOf(new LinkedHashSet<>(ALL.stream().map(ConfigKey::section).toList()));

    private ConfigKeys() {}

    /** Find the key {@code name} of {@code section}. */
    static Optional<ConfigKey<?>> find(String section, String name) {
        return ALL.stream()
                .filter(k -> k.section().equals(section) && k.name().equals(name))
                .findFirst();
    }

    /**
     * The variables of a known section that are not keys: read by the adapters themselves, never from
     * {@code config.toml} (a secret there would be copied into every backup).
     */
    static final Set<String> ENVIRONMENT_ONLY = Set.of(Layout.Env.UPDATE_TOKEN);

    /** Find the key overridden by the environment variable {@code variable}. */
    static Optional<ConfigKey<?>> findByEnv(String variable) {
        return ALL.stream().filter(k -> k.envName().equals(variable)).findFirst();
    }

    private static <T> ConfigKey<T> key(String section, String name, ValueType<T> type, String defaultText) {
        return new ConfigKey<>(section, name, type, Optional.of(defaultText), Optional.empty());
    }
}
