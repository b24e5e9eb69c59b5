package io.waiaas.adapters.host;

import io.waiaas.application.port.out.DiskSpace;
import io.waiaas.platform.Layout;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/** Measure the file systems of the data dir and the install root (UPGR-B4). */
public final class FileSystemDiskSpace implements DiskSpace {
    /** Room kept free beyond what is strictly needed: SQLite and the unpacking need a little slack. */
    private static final long SLACK = 8L * 1024 * 1024;

    private final Path dataDir;
    private final List<Path> dataFiles;
    private final Path installRoot;
    private final Optional<Path> runningImage;

    /**
     * Create the measure.
     *
     * @param dataFiles the files a backup copies (database, its WAL, config)
     * @param runningImage the image this process runs from, whose size an install needs again
     */
    public FileSystemDiskSpace(Path dataDir, List<Path> dataFiles, Path installRoot, Optional<Path> runningImage) {
        this.dataDir = dataDir;
        this.dataFiles = List.copyOf(dataFiles);
        this.installRoot = installRoot;
        this.runningImage = runningImage;
    }

    @Override
    public long backupFree() {
        return usable(Layout.backups(dataDir));
    }

    @Override
    public long backupNeed() {
        return dataFiles.stream().mapToLong(FileSystemDiskSpace::size).sum() + SLACK;
    }

    @Override
    public long installFree() {
        return usable(installRoot);
    }

    @Override
    public long installNeed() {
        // A package unpacks to about the size of the image running now; twice that covers download + unpack.
        return 2 * runningImage.map(FileSystemDiskSpace::treeSize).orElse(128L * 1024 * 1024) + SLACK;
    }

    @Override
    public Optional<String> unwritable() {
        // The backups dir may be a mount of its own (a read-only one stops even root), and step 3 writes there.
        for (Path dir : List.of(dataDir, Layout.backups(dataDir), installRoot)) {
            Path existing = nearestExisting(dir);
            // A file where a directory should be stops every write below it, even root's.
            if (!Files.isDirectory(existing) || !Files.isWritable(existing)) {
                return Optional.of(existing.toString());
            }
        }
        return Optional.empty();
    }

    private static long usable(Path path) {
        try {
            return Files.getFileStore(nearestExisting(path)).getUsableSpace();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Path nearestExisting(Path path) {
        Path p = path.toAbsolutePath();
        while (p != null && !Files.exists(p)) {
            p = p.getParent();
        }
        return p == null ? Path.of("/") : p;
    }

    private static long size(Path file) {
        try {
            return Files.isRegularFile(file) ? Files.size(file) : 0;
        } catch (IOException e) {
            return 0;
        }
    }

    private static long treeSize(Path dir) {
        try (Stream<Path> files = Files.walk(dir)) {
            return files.filter(Files::isRegularFile)
                    .mapToLong(FileSystemDiskSpace::size)
                    .sum();
        } catch (IOException | UncheckedIOException e) {
            return 128L * 1024 * 1024;
        }
    }
}
