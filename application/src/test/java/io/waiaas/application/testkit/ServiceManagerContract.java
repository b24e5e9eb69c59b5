package io.waiaas.application.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.waiaas.application.port.out.ServiceManager;
import io.waiaas.application.port.out.ServiceManager.UnitState;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * The behaviour every {@link ServiceManager} must show: nothing installed at first; an install writes exactly the unit
 * it renders, enabled but not started; the state names the unit's data dir and whether it runs; an uninstall removes
 * it (SYSD-01).
 */
public interface ServiceManagerContract {

    /** Return the manager of a host with a service manager and no waiaas unit. */
    ServiceManager newManager();

    /** Return the text of the installed unit {@code file}. */
    String unitText(String file);

    /** Start the installed unit of scope {@code user}, as {@code systemctl start} would. */
    void startUnit(boolean user);

    private static ServiceManager.UnitSpec spec(boolean user) {
        return new ServiceManager.UnitSpec(
                user,
                "/opt/waiaas/bin/waiaas",
                "/var/lib/waiaas",
                user ? Optional.empty() : Optional.of("waiaas"),
                1800);
    }

    @Test
    default void nothingIsInstalledAtFirst() {
        assertEquals(new UnitState.NotInstalled(), newManager().state());
        assertEquals(Optional.empty(), newManager().uninstall(true));
    }

    @Test
    default void anInstallWritesTheRenderedUnitEnabledButNotStarted() {
        ServiceManager manager = newManager();
        String rendered = manager.render(spec(true));
        String file = manager.install(spec(true));
        assertTrue(file.endsWith("waiaas.service"), file);
        assertEquals(rendered, unitText(file));
        assertEquals(new UnitState.Installed(file, true, Optional.of("/var/lib/waiaas"), true, false), manager.state());
    }

    @Test
    default void aStartedUnitIsActive() {
        ServiceManager manager = newManager();
        String file = manager.install(spec(false));
        startUnit(false);
        UnitState.Installed state = assertInstanceOf(UnitState.Installed.class, manager.state());
        assertEquals(file, state.file());
        assertTrue(state.active() && state.enabled() && !state.user(), state.toString());
    }

    @Test
    default void anUninstallRemovesTheUnitAndNamesItsFile() {
        ServiceManager manager = newManager();
        String file = manager.install(spec(true));
        assertEquals(Optional.of(file), manager.uninstall(true));
        assertEquals(new UnitState.NotInstalled(), manager.state());
        assertEquals(Optional.empty(), manager.uninstall(true));
    }
}
