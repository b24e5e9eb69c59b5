package io.waiaas.adapters.host;

import io.waiaas.application.ApplicationException;
import io.waiaas.application.port.out.DaemonControl;
import io.waiaas.platform.IoErrors;
import io.waiaas.platform.Layout;
import io.waiaas.platform.PrivateFiles;
import java.io.File;
import java.io.IOException;
import java.io.OutputStream;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;

/** Find, start and stop the daemon of a data dir as an operating-system process. */
public final class ProcessDaemonControl implements DaemonControl {
    private static final Path SETSID = Path.of("/usr/bin/setsid");
    private static final int PID_FILE_RETRIES = 40;
    private static final long EXIT_POLL_MILLIS = 10;
    /** The size past which a start moves {@code daemon.out} to {@code daemon.out.1}, replacing the one before. */
    static final long OUT_FILE_LIMIT = 1 << 20;

    private final DaemonFiles files;
    private final List<String> launchCommand;
    private final Map<String, String> extraEnv;

    /**
     * Create the control of the daemon in {@code files}' data dir.
     *
     * @param launchCommand the command that runs {@code waiaas} (the launcher script, or java with its module)
     * @param extraEnv environment added to the background daemon's
     */
    public ProcessDaemonControl(DaemonFiles files, List<String> launchCommand, Map<String, String> extraEnv) {
        this.files = files;
        this.launchCommand = List.copyOf(launchCommand);
        this.extraEnv = Map.copyOf(extraEnv);
    }

    @Override
    public Optional<Long> runningPid() {
        if (!files.lockHeld()) {
            return Optional.empty();
        }
        // The daemon takes the lock, then writes its pid: give a starting daemon a moment.
        for (int i = 0; i < PID_FILE_RETRIES; i++) {
            Optional<Long> pid = files.readPid();
            if (pid.isPresent()
                    && ProcessHandle.of(pid.get()).map(ProcessHandle::isAlive).orElse(false)) {
                return pid;
            }
            if (!files.lockHeld()) {
                return Optional.empty();
            }
            sleep(25);
        }
        throw ApplicationException.failed(
                files.lockFile() + " is locked by a process that wrote no valid pid to " + files.pidFile());
    }

    @Override
    public boolean removeStalePidFile() {
        if (files.lockHeld()) {
            return false;
        }
        return files.deletePid();
    }

    @Override
    public Spawned spawn() {
        return start(false);
    }

    @Override
    public Spawned spawnHeld() {
        return start(true);
    }

    private Spawned start(boolean held) {
        try {
            // The daemon writes and rotates its log, daemon.log, itself; what it prints that is no log record (a
            // start-up failure's line, the JVM's last words) goes to daemon.out, which no running process can
            // rotate: it is bounded at each start instead (LOGS-01).
            Path log = files.outFile();
            ownerOnly(log);
            if (Files.size(log) > OUT_FILE_LIMIT) {
                Files.move(log, RotatingLogHandler.rotated(log, 1), StandardCopyOption.REPLACE_EXISTING);
                ownerOnly(log);
            }
            long offset = Files.size(log);
            ProcessBuilder builder = new ProcessBuilder(command());
            builder.environment().putAll(extraEnv);
            builder.environment().put(Layout.Env.DETACHED, "1");
            if (held) {
                // Its standard input is a pipe this process holds: the release line lets it go; the pipe's end
                // without one (this process died first) makes it exit without starting (Lifeline).
                builder.environment().put(Lifeline.HELD, "1");
                builder.redirectInput(ProcessBuilder.Redirect.PIPE);
            } else {
                builder.environment().remove(Lifeline.HELD);
                builder.redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
            }
            builder.redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
            builder.redirectErrorStream(true);
            Process process = builder.start();
            return new SpawnedDaemon(process, log, offset);
        } catch (IOException e) {
            // The JDK's message is often the bare path: say what failed, where, and what the operator can do.
            throw ApplicationException.failed("cannot start the daemon: " + IoErrors.describe(e, files.outFile())
                    + (e instanceof AccessDeniedException
                            ? "; run waiaas as the data dir's owner, or give it a data dir it may write (--data-dir)"
                            : ""));
        }
    }

    @Override
    public Optional<Spawned> daemon(long pid) {
        Optional<ProcessHandle> handle = ProcessHandle.of(pid).filter(p -> !exited(p));
        if (handle.isEmpty() || !isDaemonOfThisDataDir(handle.get())) {
            return Optional.empty();
        }
        try {
            Path log = files.outFile();
            long offset = Files.isRegularFile(log) ? Math.max(0, Files.size(log) - 8192) : 0;
            return Optional.of(new FoundDaemon(handle.get(), log, offset));
        } catch (IOException e) {
            return Optional.of(new FoundDaemon(handle.get(), files.outFile(), 0));
        }
    }

    /** Tell whether {@code process} runs {@code waiaas --data-dir DIR start} for this data dir. */
    private boolean isDaemonOfThisDataDir(ProcessHandle process) {
        List<String> args = process.info().arguments().map(List::of).orElse(List.of());
        int dir = args.indexOf("--data-dir");
        return dir >= 0
                && dir + 1 < args.size()
                && samePath(args.get(dir + 1), files.dataDir())
                && args.subList(dir + 2, args.size()).contains("start");
    }

    private static boolean samePath(String given, Path dataDir) {
        try {
            return Path.of(given).toRealPath().equals(dataDir.toRealPath());
        } catch (IOException | RuntimeException e) {
            return Path.of(given)
                    .toAbsolutePath()
                    .normalize()
                    .equals(dataDir.toAbsolutePath().normalize());
        }
    }

    /**
     * Create {@code log} and its folder for the owner alone, and narrow them if an older waiaas left them readable:
     * the daemon's log names the registry it asks and its failures, and the data dir may be open to others.
     */
    private static void ownerOnly(Path log) throws IOException {
        PrivateFiles.ensureDirectory(log.getParent());
        PrivateFiles.ensureFile(log);
    }

    private List<String> command() {
        List<String> start = List.of("--data-dir", files.dataDir().toString(), "start");
        List<String> base = Files.isExecutable(SETSID)
                // A new session: closing the terminal that ran `start -d` must not take the daemon with it.
                ? concat(List.of(SETSID.toString()), launchCommand)
                : launchCommand;
        return concat(base, start);
    }

    private static List<String> concat(List<String> a, List<String> b) {
        return java.util.stream.Stream.concat(a.stream(), b.stream()).toList();
    }

    @Override
    public boolean terminate(long pid, Duration timeout) {
        return signal(pid, false, timeout);
    }

    @Override
    public boolean kill(long pid, Duration timeout) {
        return signal(pid, true, timeout);
    }

    private static boolean signal(long pid, boolean force, Duration timeout) {
        Optional<ProcessHandle> handle = ProcessHandle.of(pid);
        if (handle.isEmpty() || !handle.get().isAlive()) {
            return true;
        }
        ProcessHandle process = handle.get();
        if (force) {
            process.destroyForcibly();
        } else {
            process.destroy();
        }
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!exited(process)) {
            if (System.nanoTime() - deadline > 0) {
                return false;
            }
            sleep(EXIT_POLL_MILLIS);
        }
        return true;
    }

    /**
     * Tell whether {@code process} has exited. A process that has exited but whose parent has not collected it yet
     * (a zombie: the daemon's parent is whatever adopted it after {@code start -d} returned, often an init that reaps
     * late) holds nothing any more — no lock, no port, no open file — so it counts as gone, although the JDK still
     * calls it alive.
     */
    static boolean exited(ProcessHandle process) {
        if (!process.isAlive()) {
            return true;
        }
        try {
            String stat = Files.readString(Path.of("/proc", Long.toString(process.pid()), "stat"));
            int name = stat.lastIndexOf(')'); // the state follows the command name, which may hold spaces
            return name > 0 && stat.length() > name + 2 && stat.charAt(name + 2) == 'Z';
        } catch (IOException | RuntimeException e) {
            return !process.isAlive();
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private record SpawnedDaemon(Process process, Path log, long offset) implements Spawned {
        @Override
        public long pid() {
            return process.pid();
        }

        @Override
        public OptionalInt exitCode() {
            return process.isAlive() ? OptionalInt.empty() : OptionalInt.of(process.exitValue());
        }

        @Override
        public Optional<String> lastLogLine() {
            return lastLine(log, offset);
        }

        @Override
        public void release() {
            try (OutputStream in = process.getOutputStream()) {
                in.write((Lifeline.RELEASE + "\n").getBytes(StandardCharsets.US_ASCII));
            } catch (IOException e) {
                // It is gone already: its exit code says why, and whoever waits for it sees that.
            }
        }
    }

    /** A daemon found by its pid, started by another process: its exit code is not ours to read. */
    private record FoundDaemon(ProcessHandle process, Path log, long offset) implements Spawned {
        /** What a process that is not our child reports once it is gone: its code is unknown. */
        private static final int UNKNOWN_EXIT = -1;

        @Override
        public long pid() {
            return process.pid();
        }

        @Override
        public OptionalInt exitCode() {
            return exited(process) ? OptionalInt.of(UNKNOWN_EXIT) : OptionalInt.empty();
        }

        @Override
        public Optional<String> lastLogLine() {
            return lastLine(log, offset);
        }
    }

    static Optional<String> lastLine(Path log, long offset) {
        try (RandomAccessFile file = new RandomAccessFile(log.toFile(), "r")) {
            long length = file.length();
            long from = Math.max(offset, length - 8192);
            byte[] tail = new byte[(int) Math.max(0, length - from)];
            file.seek(from);
            file.readFully(tail);
            String[] lines = new String(tail, StandardCharsets.UTF_8).split("\n");
            for (int i = lines.length - 1; i >= 0; i--) {
                String line = lines[i].strip();
                if (!line.isEmpty()) {
                    return Optional.of(line.startsWith("waiaas: ") ? line.substring(8) : line);
                }
            }
            return Optional.empty();
        } catch (IOException e) {
            return Optional.empty();
        }
    }
}
