package io.waiaas.bootstrap.config;

import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/**
 * Describe one known configuration key: where it lives, what it accepts and what it defaults to.
 *
 * @param section the TOML table, e.g. {@code daemon}
 * @param name the key inside the table, e.g. {@code shutdown_timeout}
 * @param type what the key accepts
 * @param defaultText the default, written as an environment variable would give it; empty when there is none
 * @param canonical for an alias, the key it stands for; empty for a key in its own right
 * @param <T> the Java type of the key's value
 */
record ConfigKey<T>(
        String section,
        String name,
        ValueType<T> type,
        Optional<String> defaultText,
        Optional<ConfigKey<T>> canonical) {

    ConfigKey {
        Objects.requireNonNull(section, "section");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(defaultText, "defaultText");
        Objects.requireNonNull(canonical, "canonical");
    }

    /** Return the key as messages name it in config.toml, e.g. {@code [daemon] port}. */
    String display() {
        return "[" + section + "] " + name;
    }

    /** Return the environment variable that overrides this key, e.g. {@code WAIAAS_DAEMON_SHUTDOWN_TIMEOUT}. */
    String envName() {
        return envPrefix(section) + name.toUpperCase(Locale.ROOT);
    }

    /** Return the default value, converted by the key's own type; empty when the key has no default. */
    Optional<T> defaultValue() {
        return defaultText.map(text -> type.fromText(text)
                .orElseThrow(() ->
                        new IllegalStateException("the default of " + display() + " does not fit its type: " + text)));
    }

    /** Return the key this one stands for: itself, or the canonical key of an alias. */
    ConfigKey<T> target() {
        return canonical.orElse(this);
    }

    /** Return the prefix of the environment variables of {@code section}, e.g. {@code WAIAAS_DAEMON_}. */
    static String envPrefix(String section) {
        return "WAIAAS_" + section.toUpperCase(Locale.ROOT) + "_";
    }
}
