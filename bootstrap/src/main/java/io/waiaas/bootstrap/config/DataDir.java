package io.waiaas.bootstrap.config;

import io.waiaas.platform.IoErrors;
import io.waiaas.platform.Layout;
import io.waiaas.platform.PrivateFiles;
import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Find and create the data dir: {@code --data-dir} over {@code WAIAAS_DATA_DIR} over {@code ~/.waiaas} (LAYT-01).
 */
public final class DataDir {

    /** The environment variable naming the data dir. */
    public static final String ENV = Layout.Env.DATA_DIR;

    /** The data dir's name inside the user's home when neither the option nor the variable is given. */
    public static final String DEFAULT_NAME = ".waiaas";

    private DataDir() {}

    /**
     * Choose the data dir: the {@code --data-dir} option, else {@code WAIAAS_DATA_DIR} (an empty value counts as
     * unset), else {@code {userHome}/.waiaas}; the result is absolute and normalized.
     *
     * @throws ConfigException when {@code WAIAAS_DATA_DIR} is not a path on this system
     */
    public static Path resolve(Optional<Path> cliOption, Map<String, String> env, Path userHome) {
        Objects.requireNonNull(cliOption, "cliOption");
        Objects.requireNonNull(env, "env");
        Objects.requireNonNull(userHome, "userHome");
        Path chosen = cliOption.orElseGet(() -> Optional.ofNullable(env.get(ENV))
                .filter(value -> !value.isEmpty())
                .map(DataDir::fromEnv)
                .orElseGet(() -> userHome.resolve(DEFAULT_NAME)));
        return chosen.toAbsolutePath().normalize();
    }

    /**
     * Make sure {@code dataDir} exists: create it, and missing parents, readable by the owner only (0700) where the
     * file system has POSIX permissions; an existing directory is left as it is.
     *
     * @return {@code dataDir}
     * @throws ConfigException when it exists but is no directory, or cannot be created
     */
    public static Path ensure(Path dataDir) {
        Objects.requireNonNull(dataDir, "dataDir");
        if (Files.isDirectory(dataDir)) {
            return dataDir;
        }
        refuseIfNotADirectory(dataDir);
        try {
            PrivateFiles.createDirectories(dataDir);
        } catch (FileAlreadyExistsException e) {
            throw new ConfigException("data dir " + dataDir + ": " + e.getFile() + " exists but is not a directory");
        } catch (IOException e) {
            throw ConfigException.unreadable(
                    "data dir " + dataDir + " cannot be created: " + IoErrors.describe(e, dataDir));
        }
        return dataDir;
    }

    /** Refuse a data dir that exists as something other than a directory (a file, say), naming it as such. */
    static void refuseIfNotADirectory(Path dataDir) {
        if (Files.exists(dataDir) && !Files.isDirectory(dataDir)) {
            throw new ConfigException("data dir " + dataDir + " exists but is not a directory; name a directory with"
                    + " --data-dir or " + ENV);
        }
    }

    private static Path fromEnv(String value) {
        try {
            return Path.of(value);
        } catch (InvalidPathException e) {
            throw new ConfigException(
                    ConfigEnvironment.WHERE + ": " + ENV + " must be a directory path, was " + Display.quoted(value));
        }
    }
}
