package io.waiaas.application.port.in;

import java.util.Objects;
import java.util.Optional;

/**
 * Carry what the operator asked {@code waiaas upgrade} for.
 *
 * @param to the target as given to {@code --to} (a version, a dist-tag or a range), empty for the channel
 * @param allowDowngrade whether a target below the installed version is allowed
 * @param noStart whether the daemon stays stopped afterwards
 */
public record UpgradeRequest(Optional<String> to, boolean allowDowngrade, boolean noStart) {
    public UpgradeRequest {
        Objects.requireNonNull(to, "to");
    }
}
