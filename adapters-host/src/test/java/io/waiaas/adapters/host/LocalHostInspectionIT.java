package io.waiaas.adapters.host;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.waiaas.adapters.host.testkit.LockHolder;
import io.waiaas.application.port.out.HostInspection;
import io.waiaas.application.testkit.HostInspectionContract;
import io.waiaas.platform.Layout;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Runs the {@link HostInspectionContract} against real folders, lock files, sockets and a real {@code PATH}. */
class LocalHostInspectionIT implements HostInspectionContract {
    @TempDir
    Path dir;

    private final List<LockHolder> holders = new ArrayList<>();
    private final List<ServerSocket> sockets = new ArrayList<>();
    private final List<Path> path = new ArrayList<>();

    @AfterEach
    void release() throws IOException {
        holders.forEach(LockHolder::crash);
        for (ServerSocket socket : sockets) {
            socket.close();
        }
    }

    private Path data() {
        return dir.resolve("data");
    }

    @Override
    public HostInspection newInspection() {
        try {
            Files.createDirectories(
                    data(), PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
            Files.setPosixFilePermissions(data(), PosixFilePermissions.fromString("rwx------"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        // PATH is read when looked up: the list below is filled in by the test before it asks.
        return new HostInspection() {
            private final LocalHostInspection real = inspection();

            private LocalHostInspection inspection() {
                return new LocalHostInspection(data(), "", List.of(dir.resolve("root/bin/waiaas")));
            }

            @Override
            public List<Directory> directories() {
                return real.directories();
            }

            @Override
            public List<StaleLock> staleLocks() {
                return real.staleLocks();
            }

            @Override
            public boolean portFree(String host, int port) {
                return real.portFree(host, port);
            }

            @Override
            public CommandLookup lookUp(String command) {
                return new LocalHostInspection(
                                data(),
                                String.join(
                                        ":", path.stream().map(Path::toString).toList()),
                                List.of(dir.resolve("root/bin/waiaas")))
                        .lookUp(command);
            }
        };
    }

    @Override
    public String dataDir() {
        return data().toString();
    }

    @Override
    public void createBackupsDir() {
        try {
            Files.createDirectory(
                    Layout.backups(data()),
                    PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void openDataDirToOthers() {
        try {
            Files.setPosixFilePermissions(data(), PosixFilePermissions.fromString("rwxr-xr-x"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void blockBackupsDir() {
        try {
            // Root writes through any mode: a file where the folder belongs stops everyone.
            Files.writeString(Layout.backups(data()), "not a folder");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public long leaveStalePidFile() {
        long pid = DeadPids.one();
        try {
            Files.writeString(Layout.daemonLock(data()), "");
            Files.writeString(Layout.daemonPid(data()), pid + "\n", StandardCharsets.US_ASCII);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return pid;
    }

    @Override
    public void holdDataDir() {
        holders.add(LockHolder.hold(data()).orElseThrow());
    }

    @Override
    public void leaveUpgradeJournal() {
        try {
            Files.writeString(Layout.upgradeJournal(data()), "{}\n");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public int occupiedPort() {
        try {
            ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
            sockets.add(socket);
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public int freePort() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public String putInstallationOnPath() {
        try {
            // The side-by-side layout: {root}/bin/waiaas -> current/bin/waiaas, current -> versions/1.9.0.
            Path version = Files.createDirectories(dir.resolve("root/versions/1.9.0/bin"));
            Path launcher = executable(version.resolve("waiaas"));
            Files.createSymbolicLink(dir.resolve("root/current"), Path.of("versions/1.9.0"));
            Files.createDirectories(dir.resolve("root/bin"));
            Files.createSymbolicLink(dir.resolve("root/bin/waiaas"), Path.of("../current/bin/waiaas"));
            path.addFirst(dir.resolve("root/bin"));
            return launcher.toRealPath().toString();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public String putOtherOnPath() {
        try {
            Path other = Files.createDirectories(dir.resolve("usr-local-bin"));
            path.addFirst(other);
            return executable(other.resolve("waiaas")).toRealPath().toString();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Path executable(Path file) throws IOException {
        Files.writeString(file, "#!/bin/sh\nexit 0\n");
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwx------"));
        return file;
    }

    @Test
    void aFileOnPathThatIsNotExecutableIsPassedOver() throws IOException {
        Path first = Files.createDirectories(dir.resolve("first"));
        Files.writeString(first.resolve("waiaas"), "not a program");
        String launcher = putInstallationOnPath();
        path.addFirst(first);
        assertEquals(Optional.of(launcher), newInspection().lookUp("waiaas").resolved());
    }

    @Test
    void anUpgradeJournalWhileTheUpgradeHoldsItsLockIsNotStale() {
        HostInspection inspection = newInspection();
        leaveUpgradeJournal();
        holders.add(LockHolder.holdUpgradeLock(data()).orElseThrow());
        assertTrue(inspection.staleLocks().isEmpty(), inspection.staleLocks().toString());
    }
}
