package io.waiaas.bootstrap.config;

import java.net.URI;
import java.nio.file.Path;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Load the configuration of a data dir: {@code config.toml}, overridden by {@code WAIAAS_{SECTION}_{KEY}}
 * environment variables, over the defaults of LAYT-02.
 *
 * <p>Every refusal is a {@link ConfigException} whose message is one line naming the file or variable and the key:
 * <ul>
 *   <li>{@code config.toml line 3: <parser's reason>} for broken TOML;
 *   <li>{@code config.toml: unknown section [x]}, {@code config.toml: unknown key [daemon] prot};
 *   <li>{@code config.toml: [daemon] port must be an integer from 1024 to 65535, was 70000};
 *   <li>{@code environment: unknown variable WAIAAS_DAEMON_PROT};
 *   <li>{@code environment: WAIAAS_UPDATE_CHECK must be true or false, was "yes"}.
 * </ul>
 */
public final class ConfigLoader {

    /** The configuration file's name inside the data dir. */
    public static final String FILE_NAME = ConfigFile.NAME;

    private ConfigLoader() {}

    /** Return where the configuration file of {@code dataDir} is, whether or not it exists. */
    public static Path configFile(Path dataDir) {
        return dataDir.resolve(FILE_NAME);
    }

    /**
     * Load and check the configuration of {@code dataDir}; a missing file means defaults.
     *
     * @param dataDir the data dir, as {@link DataDir#resolve} chose it; relative paths in the file resolve against it
     * @param env the process environment; only variables of known sections are read
     * @throws ConfigException naming the first bad key, in file order, then in the variables' name order
     */
    public static WaiaasConfig load(Path dataDir, Map<String, String> env) {
        Objects.requireNonNull(dataDir, "dataDir");
        Objects.requireNonNull(env, "env");
        DataDir.refuseIfNotADirectory(dataDir); // else its config.toml would be blamed for it
        Values file = ConfigFile.read(configFile(dataDir));
        Values environment = ConfigEnvironment.read(env);
        Values values = file.overriddenBy(environment);
        refuseWebhookTokenInClear(values, environment);
        return WaiaasConfig.from(dataDir, values);
    }

    /**
     * Refuse a webhook token that would travel in clear: with {@code webhook_token_file} set, {@code webhook_url}
     * must be {@code https}, or {@code http} to a loopback host (the rule of {@code [update] registry}).
     */
    private static void refuseWebhookTokenInClear(Values values, Values environment) {
        Optional<URI> url = values.find(ConfigKeys.NOTIFY_WEBHOOK_URL);
        if (url.isEmpty()
                || values.find(ConfigKeys.NOTIFY_WEBHOOK_TOKEN_FILE).isEmpty()
                || !url.get().getScheme().equalsIgnoreCase("http")
                || ValueType.RegistryUrl.isLoopback(url.get().getHost())) {
            return;
        }
        String where = environment.find(ConfigKeys.NOTIFY_WEBHOOK_URL).isPresent()
                ? "environment: " + ConfigKeys.NOTIFY_WEBHOOK_URL.envName()
                : ConfigFile.NAME + ": [notify] webhook_url";
        throw new ConfigException(where + " is http:// to " + url.get().getHost()
                + " while a webhook_token_file is set, so the token would travel in clear; use https:// (http only"
                + " for localhost, 127.0.0.0/8 or [::1])");
    }
}
