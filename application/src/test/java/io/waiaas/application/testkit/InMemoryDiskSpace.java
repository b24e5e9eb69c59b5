package io.waiaas.application.testkit;

import io.waiaas.application.port.out.DiskSpace;
import java.util.Optional;

/**
 * Measure a data dir and an install root that exist only in memory, with as much free room as a test says; the
 * verified fake of {@link DiskSpace}; thread-safe. Both start writable, empty and with a gibibyte free.
 */
public final class InMemoryDiskSpace implements DiskSpace {
    private static final long GIB = 1024L * 1024 * 1024;

    private final String dataDir;
    private final String installRoot;
    private long backupFree = GIB;
    private long installFree = GIB;
    private long data;
    private long runningVersion;
    private boolean dataDirBlocked;
    private boolean installRootBlocked;

    /** Measure {@code dataDir} and {@code installRoot}. */
    public InMemoryDiskSpace(String dataDir, String installRoot) {
        this.dataDir = dataDir;
        this.installRoot = installRoot;
    }

    /** Leave {@code bytes} free where the backups go. */
    public synchronized InMemoryDiskSpace backupFree(long bytes) {
        backupFree = requireNotNegative(bytes);
        return this;
    }

    /** Leave {@code bytes} free where the versions are installed. */
    public synchronized InMemoryDiskSpace installFree(long bytes) {
        installFree = requireNotNegative(bytes);
        return this;
    }

    /** Add {@code bytes} to the data a backup copies. */
    public synchronized InMemoryDiskSpace addData(long bytes) {
        data += requireNotNegative(bytes);
        return this;
    }

    /** Add {@code bytes} to the installed version this process runs. */
    public synchronized InMemoryDiskSpace growRunningVersion(long bytes) {
        runningVersion += requireNotNegative(bytes);
        return this;
    }

    /** Make the data dir impossible to write to; return its name. */
    public synchronized String blockDataDir() {
        dataDirBlocked = true;
        return dataDir;
    }

    /** Make the install root impossible to write to; return its name. */
    public synchronized String blockInstallRoot() {
        installRootBlocked = true;
        return installRoot;
    }

    @Override
    public synchronized long backupFree() {
        return backupFree;
    }

    @Override
    public synchronized long backupNeed() {
        return data;
    }

    @Override
    public synchronized long installFree() {
        return installFree;
    }

    @Override
    public synchronized long installNeed() {
        return runningVersion;
    }

    @Override
    public synchronized Optional<String> unwritable() {
        if (dataDirBlocked) {
            return Optional.of(dataDir);
        }
        return installRootBlocked ? Optional.of(installRoot) : Optional.empty();
    }

    private static long requireNotNegative(long bytes) {
        if (bytes < 0) {
            throw new IllegalArgumentException("negative bytes: " + bytes);
        }
        return bytes;
    }
}
