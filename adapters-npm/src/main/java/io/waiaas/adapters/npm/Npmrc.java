package io.waiaas.adapters.npm;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Read one npm config file (an {@code .npmrc}) as npm does: {@code key = value} lines, {@code ;} and {@code #}
 * comments, quoted values, {@code ${VAR}} and {@code ${VAR?}} replaced from the environment in keys and values, and
 * the last of repeated keys winning. Sections ({@code [name]}) are skipped: npm reads them as nested objects, which
 * hold none of the settings waiaas uses.
 */
final class Npmrc {
    /** npm's own: a {@code ${NAME}} or {@code ${NAME?}} not escaped by an odd number of backslashes. */
    private static final Pattern ENV = Pattern.compile("(?<!\\\\)(\\\\*)\\$\\{([^${}?]+)(\\?)?}");
    /** The largest npmrc read; a real one is a few hundred bytes. */
    private static final long MAX_BYTES = 1024 * 1024;

    private final Path file;
    private final Map<String, String> entries;

    private Npmrc(Path file, Map<String, String> entries) {
        this.file = file;
        this.entries = Map.copyOf(entries);
    }

    /** Return the file this was read from. */
    Path file() {
        return file;
    }

    /** Return the value of {@code key}, or empty when the file does not set it. */
    Optional<String> get(String key) {
        return Optional.ofNullable(entries.get(key));
    }

    /**
     * Read the user config npm would read: {@code $NPM_CONFIG_USERCONFIG} (any letter case, as npm takes it), else
     * {@code ~/.npmrc}. Empty when that file does not exist or cannot be read: npm then has no user config either.
     */
    static Optional<Npmrc> user(Map<String, String> env, Path home) {
        return read(userFile(env, home), env);
    }

    /** Return the path of the user config npm would read, whether it exists or not. */
    static Path userFile(Map<String, String> env, Path home) {
        return npmConfig(env, "userconfig").map(p -> expandHome(p, home)).orElse(home.resolve(".npmrc"));
    }

    /** Return the npm setting {@code name} given as an {@code npm_config_*} variable, in any letter case. */
    static Optional<String> npmConfig(Map<String, String> env, String name) {
        String wanted = "npm_config_" + name;
        // npm lower-cases the variable's name; of several spellings, the lower-case one wins as it does there.
        String exact = env.get(wanted);
        if (exact != null && !exact.isEmpty()) {
            return Optional.of(exact);
        }
        return env.entrySet().stream()
                .filter(e -> e.getKey().toLowerCase(Locale.ROOT).equals(wanted))
                .map(Map.Entry::getValue)
                .filter(v -> !v.isEmpty())
                .findFirst();
    }

    private static Path expandHome(String path, Path home) {
        return path.equals("~") || path.startsWith("~/")
                ? home.resolve(path.substring(Math.min(2, path.length())))
                : Path.of(path);
    }

    /** Read {@code file}; empty when it does not exist, is not a regular file or cannot be read. */
    static Optional<Npmrc> read(Path file, Map<String, String> env) {
        try {
            if (!Files.isRegularFile(file) || Files.size(file) > MAX_BYTES) {
                return Optional.empty();
            }
            return Optional.of(parse(file, Files.readString(file, StandardCharsets.UTF_8), env));
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }

    /** Parse {@code text}, the content of {@code file}. */
    static Npmrc parse(Path file, String text, Map<String, String> env) {
        Map<String, String> entries = new LinkedHashMap<>();
        boolean inSection = false;
        for (String raw : text.split("\r?\n|\r")) {
            String line = raw.strip();
            if (line.isEmpty() || line.startsWith(";") || line.startsWith("#")) {
                continue;
            }
            if (line.startsWith("[") && line.endsWith("]")) {
                inSection = true;
                continue;
            }
            if (inSection) {
                continue;
            }
            int eq = line.indexOf('=');
            String key = unquote(eq < 0 ? line : line.substring(0, eq).strip());
            String value = eq < 0 ? "true" : unquote(line.substring(eq + 1).strip());
            if (!key.isEmpty()) {
                entries.put(replaceEnv(key, env), replaceEnv(value, env));
            }
        }
        return new Npmrc(file, entries);
    }

    /** Remove the quotes of a quoted value, or an inline comment from an unquoted one, as npm's ini reader does. */
    private static String unquote(String value) {
        if (value.length() >= 2
                && ((value.startsWith("\"") && value.endsWith("\""))
                        || (value.startsWith("'") && value.endsWith("'")))) {
            return value.substring(1, value.length() - 1);
        }
        StringBuilder kept = new StringBuilder();
        boolean escaped = false;
        for (char c : value.toCharArray()) {
            if (escaped) {
                kept.append(c == ';' || c == '#' ? "" : "\\").append(c);
                escaped = false;
            } else if (c == '\\') {
                escaped = true;
            } else if (c == ';' || c == '#') {
                break;
            } else {
                kept.append(c);
            }
        }
        if (escaped) {
            kept.append('\\');
        }
        return kept.toString().strip();
    }

    /**
     * Replace {@code ${NAME}} by the variable's value: a missing one stays as written, {@code ${NAME?}} becomes
     * empty; backslashes escape the dollar in pairs (npm's {@code env-replace}).
     */
    static String replaceEnv(String text, Map<String, String> env) {
        Matcher m = ENV.matcher(text);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String escapes = m.group(1);
            String name = m.group(2);
            String replacement;
            if (escapes.length() % 2 == 1) {
                replacement = m.group().substring((escapes.length() + 1) / 2);
            } else {
                String value = env.get(name);
                String fallback = m.group(3) != null ? "" : "${" + name + "}";
                replacement = escapes.substring(escapes.length() / 2) + (value != null ? value : fallback);
            }
            m.appendReplacement(out, Matcher.quoteReplacement(replacement));
        }
        m.appendTail(out);
        return out.toString();
    }

    /**
     * Return npm's "nerf dart" of {@code url}: {@code //host[:port]/path/} without scheme, query or last non-folder
     * segment, the prefix of the keys that hold a registry's credentials.
     */
    static String nerfDart(URI url) {
        String path = url.getRawPath() == null || url.getRawPath().isEmpty() ? "/" : url.getRawPath();
        path = path.substring(0, path.lastIndexOf('/') + 1);
        // As a WHATWG URL gives it: no user info, and no port when it is the scheme's default.
        int port = url.getPort();
        boolean defaultPort = port == -1 || port == RegistryUrls.defaultPort(url.getScheme());
        return "//" + url.getHost().toLowerCase(Locale.ROOT) + (defaultPort ? "" : ":" + port) + path;
    }
}
