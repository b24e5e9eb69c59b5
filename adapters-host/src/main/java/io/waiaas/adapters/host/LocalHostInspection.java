package io.waiaas.adapters.host;

import io.waiaas.application.ApplicationException;
import io.waiaas.application.port.out.HostInspection;
import io.waiaas.platform.HeldLocks;
import io.waiaas.platform.IoErrors;
import io.waiaas.platform.Layout;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/** Look at the local host for {@code waiaas doctor}: the data dir's folders and lock files, a port, {@code PATH}. */
public final class LocalHostInspection implements HostInspection {
    private static final Set<PosixFilePermission> OTHERS = EnumSet.complementOf(EnumSet.of(
            PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE, PosixFilePermission.OWNER_EXECUTE));

    private final Path dataDir;
    private final String path;
    private final List<Path> launchers;

    /**
     * Inspect data dir {@code dataDir}.
     *
     * @param path the {@code PATH} to search, as the environment gives it
     * @param launchers this installation's launchers, the preferred first: the first that exists is the one
     *     {@code PATH} should run
     */
    public LocalHostInspection(Path dataDir, String path, List<Path> launchers) {
        this.dataDir = dataDir;
        this.path = path;
        this.launchers = List.copyOf(launchers);
    }

    @Override
    public List<Directory> directories() {
        return List.of(directory("data dir", dataDir), directory("backups dir", Layout.backups(dataDir)));
    }

    private static Directory directory(String role, Path dir) {
        boolean exists = Files.exists(dir);
        // A file where the folder should be stops every write below it, even root's.
        boolean writable = Files.isDirectory(dir) && Files.isWritable(dir);
        Optional<Set<PosixFilePermission>> permissions = Optional.empty();
        try {
            if (exists) {
                permissions = Optional.of(Files.getPosixFilePermissions(dir));
            }
        } catch (UnsupportedOperationException | IOException e) {
            permissions = Optional.empty();
        }
        boolean ownerOnly =
                permissions.map(p -> p.stream().noneMatch(OTHERS::contains)).orElse(exists);
        return new Directory(
                role, dir.toString(), exists, writable, ownerOnly, permissions.map(PosixFilePermissions::toString));
    }

    @Override
    public List<StaleLock> staleLocks() {
        List<StaleLock> stale = new ArrayList<>();
        DaemonFiles files = new DaemonFiles(dataDir);
        // Without a holder of the OS lock the pid file is stale, whatever process its pid may name by now.
        if (Files.exists(files.pidFile()) && !files.lockHeld()) {
            stale.add(new StaleLock(StaleLock.Kind.DAEMON_PID, files.pidFile().toString(), files.readPid()));
        }
        Path journal = Layout.upgradeJournal(dataDir);
        if (Files.exists(journal) && !locked(Layout.upgradeLock(dataDir))) {
            stale.add(new StaleLock(StaleLock.Kind.UPGRADE_JOURNAL, journal.toString(), Optional.empty()));
        }
        return stale;
    }

    private static boolean locked(Path lock) {
        try {
            return HeldLocks.isLocked(lock);
        } catch (IOException e) {
            throw ApplicationException.failed("cannot check " + lock + ": " + IoErrors.describe(e, lock));
        }
    }

    @Override
    public boolean portFree(String host, int port) {
        try (ServerSocket socket = new ServerSocket()) {
            // As the daemon binds: a port whose last connection lingers in TIME_WAIT is free for it.
            socket.setReuseAddress(true);
            socket.bind(new InetSocketAddress(host, port));
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    @Override
    public CommandLookup lookUp(String command) {
        Optional<String> resolved = Optional.empty();
        for (String dir : path.split(":")) {
            if (dir.isEmpty()) {
                continue;
            }
            Path candidate = Path.of(dir).resolve(command);
            if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
                resolved = real(candidate);
                break;
            }
        }
        Optional<String> installation =
                launchers.stream().filter(Files::isExecutable).findFirst().flatMap(LocalHostInspection::real);
        return new CommandLookup(resolved, installation);
    }

    private static Optional<String> real(Path file) {
        try {
            return Optional.of(file.toRealPath().toString());
        } catch (IOException e) {
            return Optional.empty();
        }
    }
}
