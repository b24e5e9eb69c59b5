package io.waiaas.application.port.out;

import java.util.Objects;
import java.util.Optional;

/** Install, remove and inspect the service unit that runs the daemon under the host's service manager (SYSD-01). */
public interface ServiceManager {

    /** Return the state of the installed unit, a user unit before a system unit; never fails. */
    UnitState state();

    /** Return the text of the unit {@code spec} describes, exactly as {@link #install} writes it; change nothing. */
    String render(UnitSpec spec);

    /**
     * Write the unit {@code spec} describes, reload the service manager and enable the unit (it does not start it).
     *
     * @return where the unit was written
     * @throws io.waiaas.domain.WaiaasException FAILED naming the file or the command that failed
     */
    String install(UnitSpec spec);

    /**
     * Disable the unit of scope {@code user} (stopping it), remove its file and reload the service manager.
     *
     * @return the file removed, or empty when none was installed
     */
    Optional<String> uninstall(boolean user);

    /**
     * What a unit runs.
     *
     * @param user a user unit (run by the user's own service manager) rather than a system unit
     * @param launcher the launcher the unit runs, the installation's {@code bin/waiaas} that follows {@code current}
     * @param dataDir the data dir it serves
     * @param account the account a system unit runs as ({@code User=}); empty for a user unit
     * @param readySeconds how long the start may take before it counts as failed
     */
    record UnitSpec(boolean user, String launcher, String dataDir, Optional<String> account, int readySeconds) {
        public UnitSpec {
            Objects.requireNonNull(launcher, "launcher");
            Objects.requireNonNull(dataDir, "dataDir");
            Objects.requireNonNull(account, "account");
        }
    }

    /** The state of the unit. */
    sealed interface UnitState {
        /** The host has no service manager to ask (no {@code systemctl}). */
        record Unavailable(String why) implements UnitState {}

        /** No unit is installed. */
        record NotInstalled() implements UnitState {}

        /**
         * A unit is installed.
         *
         * @param file its unit file
         * @param user whether it is a user unit
         * @param dataDir the data dir it serves, empty when its command line names none
         * @param enabled whether it starts at boot (or login)
         * @param active whether it runs now
         */
        record Installed(String file, boolean user, Optional<String> dataDir, boolean enabled, boolean active)
                implements UnitState {}
    }
}
