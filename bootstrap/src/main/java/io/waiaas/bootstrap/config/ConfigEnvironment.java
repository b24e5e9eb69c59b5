package io.waiaas.bootstrap.config;

import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Read the {@code WAIAAS_{SECTION}_{KEY}} overrides from the environment through the table of known keys.
 *
 * <p>Only variables starting with a known section's prefix ({@code WAIAAS_DAEMON_}, ...) are looked at, so other
 * {@code WAIAAS_*} variables (the launcher's, {@code WAIAAS_DATA_DIR}, {@code WAIAAS_NO_UPDATE_NOTIFY}) pass, and so do
 * the variables that are not keys ({@code WAIAAS_UPDATE_TOKEN}). An empty value counts as not set.
 */
final class ConfigEnvironment {

    /** Starts every message about an environment variable. */
    static final String WHERE = "environment";

    private ConfigEnvironment() {}

    /** Return the overrides given in {@code env}, checked in the order of the variables' names. */
    static Values read(Map<String, String> env) {
        Values values = new Values();
        for (Map.Entry<String, String> entry : new TreeMap<>(env).entrySet()) {
            String variable = entry.getKey();
            boolean inKnownSection =
                    ConfigKeys.SECTIONS.stream().anyMatch(section -> variable.startsWith(ConfigKey.envPrefix(section)));
            if (!inKnownSection || ConfigKeys.ENVIRONMENT_ONLY.contains(variable)) {
                continue;
            }
            Optional<ConfigKey<?>> key = ConfigKeys.findByEnv(variable);
            if (key.isEmpty()) {
                throw new ConfigException(WHERE + ": unknown variable " + Display.name(variable));
            }
            if (!entry.getValue().isEmpty()) {
                readValue(values, key.get(), entry.getValue());
            }
        }
        return values.canonical(WHERE, ConfigKey::envName, "=");
    }

    private static <T> void readValue(Values values, ConfigKey<T> key, String text) {
        T value = key.type()
                .fromText(text)
                .orElseThrow(() -> new ConfigException(WHERE + ": " + key.envName() + " must be "
                        + key.type().expectation() + ", was " + Display.quoted(text)));
        values.put(key, value);
    }
}
