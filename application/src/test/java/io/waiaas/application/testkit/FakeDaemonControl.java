package io.waiaas.application.testkit;

import io.waiaas.application.port.out.DaemonControl;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * Play a data dir and the processes around it in memory: a daemon holding its lock, a pid file, processes that
 * honour or ignore SIGTERM, and the daemon program {@link #spawn()} starts; the verified fake of
 * {@link DaemonControl}; thread-safe.
 *
 * <p>A daemon stopped by SIGTERM removes its pid file, as the real one does on a graceful stop; one killed by
 * SIGKILL leaves it behind, stale.
 */
public final class FakeDaemonControl implements DaemonControl {
    private static final int SIGTERM_EXIT = 143;
    private static final int SIGKILL_EXIT = 137;

    private final Map<Long, FakeProcess> processes = new HashMap<>();
    private final List<Signalled> terminated = new ArrayList<>();
    private final List<Signalled> killed = new ArrayList<>();
    private long nextPid = 4200;
    private Launch launch = Launch.exitsWith(0);
    private boolean spawnHoldsDataDir;
    private Optional<Long> holder = Optional.empty();
    private Optional<Long> pidFile = Optional.empty();
    private int spawns;
    private RuntimeException failure;

    /** Record that process {@code pid} was signalled, and how long the caller was willing to wait. */
    public record Signalled(long pid, Duration timeout) {}

    /** Let {@link #spawn()} start a program that behaves as {@code launch} says. */
    public synchronized void launches(Launch launch) {
        this.launch = Objects.requireNonNull(launch, "launch");
    }

    /** Let the program {@link #spawn()} starts take the data dir, as a daemon that starts well does. */
    public synchronized void spawnedDaemonHoldsTheDataDir() {
        spawnHoldsDataDir = true;
    }

    /** Let a daemon that honours SIGTERM hold the data dir and publish its pid; return the pid. */
    public synchronized long holdDataDir() {
        return holdDataDir(false);
    }

    /** Let a daemon hold the data dir and publish its pid, ignoring SIGTERM when asked; return the pid. */
    public synchronized long holdDataDir(boolean ignoresSigterm) {
        if (holder.isPresent()) {
            throw new IllegalStateException("the data dir is held by " + holder.get());
        }
        long pid = startProcess(ignoresSigterm);
        holder = Optional.of(pid);
        pidFile = Optional.of(pid);
        return pid;
    }

    /** Leave a pid file naming a daemon that is gone, with nobody holding the lock. */
    public synchronized void leaveStalePidFile() {
        if (holder.isPresent()) {
            throw new IllegalStateException("the data dir is held by " + holder.get() + "; its pid file is not stale");
        }
        pidFile = Optional.of(nextPid++);
    }

    /** Tell whether the data dir holds a pid file. */
    public synchronized boolean pidFileExists() {
        return pidFile.isPresent();
    }

    /** Start a process that is no daemon, which ignores SIGTERM when asked; return its pid. */
    public synchronized long startProcess(boolean ignoresSigterm) {
        long pid = nextPid++;
        processes.put(pid, new FakeProcess(ignoresSigterm));
        return pid;
    }

    /** Make process {@code pid} survive even SIGKILL, as a process stuck in the kernel does. */
    public synchronized void makeUnkillable(long pid) {
        process(pid).unkillable = true;
    }

    /** Tell whether process {@code pid} is alive. */
    public synchronized boolean isAlive(long pid) {
        FakeProcess p = processes.get(pid);
        return p != null && p.exitCode.isEmpty();
    }

    /** Make {@link #runningPid()} throw {@code failure}, as a lock held by a process that wrote no pid does. */
    public synchronized void failWith(RuntimeException failure) {
        this.failure = Objects.requireNonNull(failure, "failure");
    }

    /** Return every SIGTERM sent, oldest first. */
    public synchronized List<Signalled> terminated() {
        return List.copyOf(terminated);
    }

    /** Return every SIGKILL sent, oldest first. */
    public synchronized List<Signalled> killed() {
        return List.copyOf(killed);
    }

    /**
     * Let the process that started the held daemons die before releasing them: as the real ones do when their
     * standard input ends, each exits without starting.
     */
    public synchronized void abandonHeld() {
        processes.values().stream().filter(p -> p.held && p.exitCode.isEmpty()).forEach(p -> {
            p.held = false;
            p.log = List.of(
                    "waiaas: the upgrade that started this daemon ended before recording it;" + " not starting");
            p.exitCode = OptionalInt.of(1);
        });
    }

    /** Return how many times {@link #spawn()} ran. */
    public synchronized int spawns() {
        return spawns;
    }

    @Override
    public synchronized Optional<Long> runningPid() {
        if (failure != null) {
            throw failure;
        }
        return holder;
    }

    @Override
    public synchronized boolean removeStalePidFile() {
        if (holder.isPresent() || pidFile.isEmpty()) {
            return false;
        }
        pidFile = Optional.empty();
        return true;
    }

    @Override
    public synchronized Spawned spawn() {
        spawns++;
        long pid = startProcess(false);
        run(pid);
        return new FakeSpawned(pid);
    }

    @Override
    public synchronized Spawned spawnHeld() {
        spawns++;
        long pid = startProcess(false);
        processes.get(pid).held = true;
        processes.get(pid).daemon = true;
        return new FakeSpawned(pid);
    }

    @Override
    public synchronized Optional<Spawned> daemon(long pid) {
        FakeProcess p = processes.get(pid);
        if (p == null || p.exitCode.isPresent() || !p.daemon) {
            return Optional.empty();
        }
        return Optional.of(new FakeSpawned(pid));
    }

    /** Let the daemon program of process {@code pid} do what the launch says. */
    private void run(long pid) {
        FakeProcess process = processes.get(pid);
        process.daemon = true;
        process.held = false;
        process.log = launch.logLines();
        launch.exitCode().ifPresentOrElse(code -> process.exitCode = OptionalInt.of(code), () -> {
            if (spawnHoldsDataDir && holder.isEmpty()) {
                holder = Optional.of(pid);
                pidFile = Optional.of(pid);
            }
        });
    }

    @Override
    public synchronized boolean terminate(long pid, Duration timeout) {
        terminated.add(new Signalled(pid, timeout));
        FakeProcess p = processes.get(pid);
        if (p == null || p.exitCode.isPresent()) {
            return true;
        }
        if (p.ignoresSigterm) {
            return false;
        }
        exit(pid, SIGTERM_EXIT, true);
        return true;
    }

    @Override
    public synchronized boolean kill(long pid, Duration timeout) {
        killed.add(new Signalled(pid, timeout));
        FakeProcess p = processes.get(pid);
        if (p == null || p.exitCode.isPresent()) {
            return true;
        }
        if (p.unkillable) {
            return false;
        }
        exit(pid, SIGKILL_EXIT, false);
        return true;
    }

    private void exit(long pid, int exitCode, boolean graceful) {
        processes.get(pid).exitCode = OptionalInt.of(exitCode);
        if (holder.equals(Optional.of(pid))) {
            holder = Optional.empty();
            if (graceful && pidFile.equals(Optional.of(pid))) {
                pidFile = Optional.empty();
            }
        }
    }

    private FakeProcess process(long pid) {
        FakeProcess p = processes.get(pid);
        if (p == null) {
            throw new IllegalArgumentException("no process " + pid);
        }
        return p;
    }

    private static final class FakeProcess {
        final boolean ignoresSigterm;
        boolean unkillable;
        boolean daemon;
        boolean held;
        OptionalInt exitCode = OptionalInt.empty();
        List<String> log = List.of();

        FakeProcess(boolean ignoresSigterm) {
            this.ignoresSigterm = ignoresSigterm;
        }
    }

    private final class FakeSpawned implements Spawned {
        private final long pid;

        FakeSpawned(long pid) {
            this.pid = pid;
        }

        @Override
        public long pid() {
            return pid;
        }

        @Override
        public OptionalInt exitCode() {
            synchronized (FakeDaemonControl.this) {
                return processes.get(pid).exitCode;
            }
        }

        @Override
        public void release() {
            synchronized (FakeDaemonControl.this) {
                FakeProcess p = processes.get(pid);
                if (p.held && p.exitCode.isEmpty()) {
                    run(pid);
                }
            }
        }

        @Override
        public Optional<String> lastLogLine() {
            List<String> log;
            synchronized (FakeDaemonControl.this) {
                log = processes.get(pid).log;
            }
            for (int i = log.size() - 1; i >= 0; i--) {
                String line = log.get(i).strip();
                if (!line.isEmpty()) {
                    return Optional.of(line.startsWith("waiaas: ") ? line.substring("waiaas: ".length()) : line);
                }
            }
            return Optional.empty();
        }
    }
}
