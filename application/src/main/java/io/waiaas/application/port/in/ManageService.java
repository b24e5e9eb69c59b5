package io.waiaas.application.port.in;

import java.util.Optional;

/** Install or remove the service unit that runs this data dir's daemon ({@code waiaas service}, SYSD-01). */
public interface ManageService {

    /**
     * Write and enable the unit for this installation and data dir, or with {@code dryRun} only show it.
     *
     * @param user a user unit rather than a system unit
     */
    Installed install(boolean user, boolean dryRun);

    /** Disable and remove the unit of scope {@code user}; return the file removed, empty when there was none. */
    Optional<String> uninstall(boolean user);

    /**
     * What an install did (or, dry, would do).
     *
     * @param file where the unit is (or would be) written; empty for a dry run
     * @param text the unit's text
     * @param startCommand the command that starts it now
     */
    record Installed(Optional<String> file, String text, String startCommand) {}
}
