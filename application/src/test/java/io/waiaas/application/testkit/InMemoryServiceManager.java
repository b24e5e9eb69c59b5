package io.waiaas.application.testkit;

import io.waiaas.application.port.out.ServiceManager;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/** A service manager that exists only in memory; the verified fake of {@link ServiceManager}. */
public final class InMemoryServiceManager implements ServiceManager {
    private final Map<Boolean, String> texts = new HashMap<>();
    private final Map<Boolean, String> dataDirs = new HashMap<>();
    private final Map<Boolean, Boolean> active = new HashMap<>();
    private Optional<String> unavailable = Optional.empty();

    /** Make the host one without a service manager. */
    public synchronized void unavailable(String why) {
        unavailable = Optional.of(why);
    }

    /** Start the unit of scope {@code user}. */
    public synchronized void start(boolean user) {
        active.put(user, true);
    }

    /** Return the text of the unit {@code file}. */
    public synchronized String text(String file) {
        return texts.get(file.startsWith("user:"));
    }

    @Override
    public synchronized UnitState state() {
        if (unavailable.isPresent()) {
            return new UnitState.Unavailable(unavailable.get());
        }
        for (boolean user : new boolean[] {true, false}) {
            if (texts.containsKey(user)) {
                return new UnitState.Installed(
                        file(user), user, Optional.of(dataDirs.get(user)), true, active.getOrDefault(user, false));
            }
        }
        return new UnitState.NotInstalled();
    }

    private static String file(boolean user) {
        return (user ? "user:" : "system:") + "waiaas.service";
    }

    @Override
    public String render(UnitSpec spec) {
        return "ExecStart=" + spec.launcher() + " --data-dir " + spec.dataDir() + " start\n"
                + spec.account().map(a -> "User=" + a + "\n").orElse("");
    }

    @Override
    public synchronized String install(UnitSpec spec) {
        texts.put(spec.user(), render(spec));
        dataDirs.put(spec.user(), spec.dataDir());
        return file(spec.user());
    }

    @Override
    public synchronized Optional<String> uninstall(boolean user) {
        active.remove(user);
        dataDirs.remove(user);
        return texts.remove(user) == null ? Optional.empty() : Optional.of(file(user));
    }
}
