package io.waiaas.adapters.cli;

import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;

/**
 * Carry the options every command accepts, anywhere on the line (CMDS-02).
 *
 * @param dataDir the {@code --data-dir} given, if any
 * @param quiet whether {@code -q/--quiet} was given (suppresses the update notice)
 * @param noColor whether {@code --no-color} was given or {@code NO_COLOR} is set and not empty
 * @param verbose whether {@code --verbose} was given (stack traces for errors)
 */
public record GlobalOptions(Optional<Path> dataDir, boolean quiet, boolean noColor, boolean verbose) {
    public GlobalOptions {
        Objects.requireNonNull(dataDir, "dataDir");
    }
}
