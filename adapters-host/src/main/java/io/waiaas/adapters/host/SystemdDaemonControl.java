package io.waiaas.adapters.host;

import io.waiaas.application.ApplicationException;
import io.waiaas.application.port.out.DaemonControl;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * Start and stop the daemon of a data dir through its systemd unit ({@code systemctl start|stop waiaas}), so the
 * service manager keeps supervising it across an upgrade: a daemon started behind the unit's back would be unknown to
 * it, and one stopped behind its back would be restarted by {@code Restart=on-failure} (SYSD-02). Finding the daemon
 * and its pid file is the same as for {@link ProcessDaemonControl}.
 *
 * <p>A unit cannot hand its daemon a pipe, so {@link #spawnHeld()} cannot hold one back until released: its daemon is
 * started when its pid is first asked for (which the upgrade does to record it in its journal, right before the
 * release). A crash between the start and that record leaves a daemon the unit knows and that holds the data dir, which
 * the recovery finds and stops like any other.
 */
public final class SystemdDaemonControl implements DaemonControl {
    private static final Duration PID_WAIT = Duration.ofSeconds(30);
    private static final long POLL_MILLIS = 25;

    private final DaemonFiles files;
    private final ProcessDaemonControl local;
    private final Systemctl systemctl;

    /**
     * Control the daemon of {@code files}' data dir through the unit of scope {@code user}.
     *
     * @param env the environment whose {@code PATH} finds {@code systemctl}
     */
    public SystemdDaemonControl(DaemonFiles files, Map<String, String> env, boolean user) {
        this.files = files;
        // Only its finding and signalling is used: it never spawns here.
        this.local = new ProcessDaemonControl(files, java.util.List.of("false"), Map.of());
        this.systemctl = new Systemctl(env, user);
    }

    /**
     * Tell whether the unit installed for scope {@code user} serves the daemon of {@code dataDir}: its file names that
     * data dir and systemd has it enabled or running. This is how waiaas decides to go through systemd (SYSD-02).
     */
    public static boolean servesDataDir(Path dataDir, Map<String, String> env, Path userHome, boolean user) {
        Systemctl systemctl = new Systemctl(env, user);
        Path file = SystemdServiceManager.unitDir(env, userHome, user).resolve(Systemctl.UNIT);
        if (systemctl.executable().isEmpty() || !Files.isRegularFile(file)) {
            return false;
        }
        try {
            String text = Files.readString(file);
            boolean userUnit = text.contains("WantedBy=default.target");
            Optional<String> served = SystemdServiceManager.dataDir(text);
            return userUnit == user
                    && served.isPresent()
                    && samePath(Path.of(served.get()), dataDir)
                    && (systemctl.run("is-enabled", Systemctl.UNIT).ok()
                            || systemctl.run("is-active", Systemctl.UNIT).ok());
        } catch (IOException | RuntimeException e) {
            return false;
        }
    }

    private static boolean samePath(Path a, Path b) {
        try {
            return a.toRealPath().equals(b.toRealPath());
        } catch (IOException e) {
            return a.toAbsolutePath().normalize().equals(b.toAbsolutePath().normalize());
        }
    }

    @Override
    public Optional<Long> runningPid() {
        return local.runningPid();
    }

    @Override
    public boolean removeStalePidFile() {
        return local.removeStalePidFile();
    }

    @Override
    public Spawned spawn() {
        return start();
    }

    @Override
    public Spawned spawnHeld() {
        return new HeldUnit();
    }

    private UnitDaemon start() {
        long offset = logSize();
        String before = systemctl.property("InvocationID").orElse("");
        // --no-block: the caller waits for /health itself, within its own deadline, and stops a daemon that fails.
        systemctl.require("start", "--no-block", Systemctl.UNIT);
        long deadline = System.nanoTime() + PID_WAIT.toNanos();
        while (System.nanoTime() - deadline < 0) {
            String invocation = systemctl.property("InvocationID").orElse("");
            if (!invocation.isEmpty() && !invocation.equals(before)) {
                Optional<Long> pid = systemctl.property("ExecMainPID").flatMap(Systemctl::pid);
                if (pid.isPresent()) {
                    return new UnitDaemon(pid.get(), offset);
                }
            }
            sleep(POLL_MILLIS);
        }
        throw ApplicationException.failed("systemctl start " + Systemctl.UNIT + " started no daemon within "
                + PID_WAIT.toSeconds() + " s; see: systemctl " + (systemctl.user() ? "--user " : "") + "status "
                + Systemctl.UNIT);
    }

    private long logSize() {
        try {
            return Files.isRegularFile(files.outFile()) ? Files.size(files.outFile()) : 0;
        } catch (IOException e) {
            return 0;
        }
    }

    @Override
    public Optional<Spawned> daemon(long pid) {
        return local.daemon(pid);
    }

    @Override
    public boolean terminate(long pid, Duration timeout) {
        if (!isUnitDaemon(pid)) {
            return local.terminate(pid, timeout);
        }
        systemctl.require("stop", "--no-block", Systemctl.UNIT);
        return awaitExit(pid, timeout);
    }

    @Override
    public boolean kill(long pid, Duration timeout) {
        if (isUnitDaemon(pid)) {
            // A stop job first, so the unit is deactivating and Restart=on-failure does not bring the daemon back.
            systemctl.run("stop", "--no-block", Systemctl.UNIT);
        }
        return local.kill(pid, timeout);
    }

    private boolean isUnitDaemon(long pid) {
        return systemctl.mainPid().filter(p -> p == pid).isPresent();
    }

    private static boolean awaitExit(long pid, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            Optional<ProcessHandle> process = ProcessHandle.of(pid);
            if (process.isEmpty() || ProcessDaemonControl.exited(process.get())) {
                return true;
            }
            if (System.nanoTime() - deadline > 0) {
                return false;
            }
            sleep(10);
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** The daemon of one start of the unit. */
    private final class UnitDaemon implements Spawned {
        private final long pid;
        private final long offset;

        UnitDaemon(long pid, long offset) {
            this.pid = pid;
            this.offset = offset;
        }

        @Override
        public long pid() {
            return pid;
        }

        @Override
        public OptionalInt exitCode() {
            Optional<ProcessHandle> process = ProcessHandle.of(pid);
            if (process.isPresent() && !ProcessDaemonControl.exited(process.get())) {
                return OptionalInt.empty();
            }
            String status = systemctl.property("ExecMainStatus").orElse("-1").strip();
            if (status.isEmpty()) {
                return OptionalInt.empty(); // gone, but the manager has not collected its status yet
            }
            try {
                return OptionalInt.of(Integer.parseInt(status));
            } catch (NumberFormatException e) {
                return OptionalInt.of(-1);
            }
        }

        @Override
        public Optional<String> lastLogLine() {
            return ProcessDaemonControl.lastLine(files.outFile(), offset);
        }
    }

    /** A start deferred until its pid is asked for or it is released; see the class comment. */
    private final class HeldUnit implements Spawned {
        private UnitDaemon started;

        private synchronized UnitDaemon started() {
            if (started == null) {
                started = start();
            }
            return started;
        }

        @Override
        public long pid() {
            return started().pid();
        }

        @Override
        public synchronized OptionalInt exitCode() {
            return started == null ? OptionalInt.empty() : started.exitCode();
        }

        @Override
        public synchronized Optional<String> lastLogLine() {
            return started == null ? Optional.empty() : started.lastLogLine();
        }

        @Override
        public void release() {
            started();
        }
    }
}
