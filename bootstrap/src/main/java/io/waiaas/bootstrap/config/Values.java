package io.waiaas.bootstrap.config;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/** Collect converted configuration values by key, from one source or several merged. */
final class Values {
    private final Map<ConfigKey<?>, Object> byKey = new LinkedHashMap<>();

    /** Record {@code value} for {@code key}; a later value for the same key replaces an earlier one. */
    <T> void put(ConfigKey<T> key, T value) {
        byKey.put(key, value);
    }

    /** Return the value given for {@code key}, without falling back to its default. */
    <T> Optional<T> find(ConfigKey<T> key) {
        @SuppressWarnings("unchecked") // put(...) only stores a T under a ConfigKey<T>
        T value = (T) byKey.get(key);
        return Optional.ofNullable(value);
    }

    /** Return the value given for {@code key}, or its default. */
    <T> T get(ConfigKey<T> key) {
        return find(key)
                .or(key::defaultValue)
                .orElseThrow(() -> new IllegalStateException(key.display() + " has no value and no default"));
    }

    /** Return these values with {@code overrides} taking precedence key by key. */
    Values overriddenBy(Values overrides) {
        Values merged = new Values();
        merged.byKey.putAll(byKey);
        merged.byKey.putAll(overrides.byKey);
        return merged;
    }

    /**
     * Return these values with every alias moved to the key it stands for.
     *
     * @param where the source, e.g. {@code config.toml}, starting a refusal
     * @param name how the source names a key, e.g. {@code [daemon] update_check}
     * @param assign how the source joins a name to its value, e.g. {@code " = "}
     * @throws ConfigException when an alias and its key are both given and disagree
     */
    Values canonical(String where, Function<ConfigKey<?>, String> name, String assign) {
        Values out = new Values();
        Map<ConfigKey<?>, ConfigKey<?>> givenBy = new LinkedHashMap<>();
        for (Map.Entry<ConfigKey<?>, Object> entry : byKey.entrySet()) {
            ConfigKey<?> key = entry.getKey();
            ConfigKey<?> target = key.target();
            ConfigKey<?> earlier = givenBy.putIfAbsent(target, key);
            if (earlier != null && !byKey.get(earlier).equals(entry.getValue())) {
                ConfigKey<?> alias = earlier.canonical().isPresent() ? earlier : key;
                throw new ConfigException(where + ": " + name.apply(alias) + assign + byKey.get(alias)
                        + " disagrees with " + name.apply(target) + assign + byKey.get(target)
                        + "; keep only " + name.apply(target));
            }
            out.byKey.put(target, entry.getValue());
        }
        return out;
    }
}
