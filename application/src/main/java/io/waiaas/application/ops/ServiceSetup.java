package io.waiaas.application.ops;

import io.waiaas.application.port.in.ManageService;
import io.waiaas.application.port.out.ServiceManager;
import java.util.Objects;
import java.util.Optional;

/**
 * Install and remove the service unit of one installation and data dir (SYSD-01): the unit runs the installation's
 * launcher, which follows {@code current}, so an upgrade's switch is what the unit starts next; a system unit runs as
 * the account that installs it.
 */
public final class ServiceSetup implements ManageService {
    /** How long a start may take: a pre-migration backup of a large database runs before the daemon answers. */
    static final int READY_SECONDS = 1800;

    private final ServiceManager manager;
    private final String launcher;
    private final String dataDir;
    private final String account;

    /**
     * Create the setup of the unit that runs {@code launcher --data-dir dataDir start}.
     *
     * @param account the account a system unit runs as
     */
    public ServiceSetup(ServiceManager manager, String launcher, String dataDir, String account) {
        this.manager = Objects.requireNonNull(manager, "manager");
        this.launcher = Objects.requireNonNull(launcher, "launcher");
        this.dataDir = Objects.requireNonNull(dataDir, "dataDir");
        this.account = Objects.requireNonNull(account, "account");
    }

    @Override
    public Installed install(boolean user, boolean dryRun) {
        ServiceManager.UnitSpec spec = new ServiceManager.UnitSpec(
                user, launcher, dataDir, user ? Optional.empty() : Optional.of(account), READY_SECONDS);
        String start = "systemctl " + (user ? "--user " : "") + "start waiaas";
        if (dryRun) {
            return new Installed(Optional.empty(), manager.render(spec), start);
        }
        String file = manager.install(spec);
        return new Installed(Optional.of(file), manager.render(spec), start);
    }

    @Override
    public Optional<String> uninstall(boolean user) {
        return manager.uninstall(user);
    }
}
