package io.waiaas.adapters.sqlite;

import io.waiaas.platform.FileTrees;
import io.waiaas.platform.Fsync;
import io.waiaas.platform.PrivateFiles;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Replace live files with staged copies, all of them or none (a restore puts back the database, its log and
 * {@code config.toml} together). Every copy is staged first, beside the file it replaces (the caller writes and checks
 * it); then each is put in place with
 * one atomic rename while a hard link keeps what it replaced, so a failure part-way through puts every file back as it
 * was. A live file is never missing in between: the rename replaces it in one step.
 */
final class FileSwap implements AutoCloseable {
    /** A staged copy: {@code .{name}.restore-{random}.tmp}. */
    private static final String STAGED = ".restore-";
    /** What a put replaced, kept until the swap is complete: {@code .{name}.replaced-{random}}. */
    private static final String REPLACED = ".replaced-";

    private final List<Path> staged = new ArrayList<>();
    private final List<Path> kept = new ArrayList<>();
    private final List<Change> changes = new ArrayList<>();
    private final Set<Path> directories = new HashSet<>();

    /** One change to a live file, and the link to what it was, if it existed. */
    private record Change(Path live, Optional<Path> before) {}

    /** Remove what a swap interrupted by a crash left in {@code dir}: staged copies and kept links. */
    static void removeLeftovers(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) {
            return;
        }
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(dir, ".*")) {
            for (Path entry : entries) {
                String name = entry.getFileName().toString();
                if ((name.contains(STAGED) && name.endsWith(".tmp")) || name.contains(REPLACED)) {
                    Files.deleteIfExists(entry);
                }
            }
        }
    }

    /**
     * Create an empty hidden file, 0600, beside {@code live} for the copy that is to replace it; closing the swap
     * removes it unless it was put in place.
     */
    Path newCopy(Path live) throws IOException {
        Path parent = live.toAbsolutePath().getParent();
        PrivateFiles.createDirectories(parent);
        Path copy =
                Files.createTempFile(parent, "." + live.getFileName() + STAGED, ".tmp", PrivateFiles.fileAttributes());
        staged.add(copy);
        return copy;
    }

    /** Put the staged {@code copy} at {@code live} with one atomic rename. */
    void put(Path copy, Path live) throws IOException {
        Optional<Path> before = keep(live);
        Files.move(copy, live, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        staged.remove(copy);
        changes.add(new Change(live, before));
        directories.add(live.toAbsolutePath().getParent());
    }

    /** Remove {@code live}, if it exists. */
    void remove(Path live) throws IOException {
        Optional<Path> before = keep(live);
        if (before.isPresent()) {
            Files.delete(live);
            changes.add(new Change(live, before));
            directories.add(live.toAbsolutePath().getParent());
        }
    }

    /** Force the renames to disk: the directories of every changed file. */
    void sync() throws IOException {
        for (Path dir : directories) {
            Fsync.force(dir);
        }
    }

    /** Put every changed file back as it was, newest change first; return what could not be put back. */
    List<String> undo() {
        List<String> failed = new ArrayList<>();
        for (Change change : changes.reversed()) {
            try {
                if (change.before().isPresent()) {
                    Files.move(
                            change.before().get(),
                            change.live(),
                            StandardCopyOption.ATOMIC_MOVE,
                            StandardCopyOption.REPLACE_EXISTING);
                    kept.remove(change.before().get());
                } else {
                    Files.deleteIfExists(change.live());
                }
            } catch (IOException | RuntimeException e) {
                failed.add(change.live() + " (" + SqliteStorageException.reason(e, change.live()) + ")");
            }
        }
        changes.clear();
        try {
            sync();
        } catch (IOException e) {
            failed.add("syncing " + directories + " (" + SqliteStorageException.reason(e, dataDirOf()) + ")");
        }
        return failed;
    }

    private Path dataDirOf() {
        return directories.stream().findFirst().orElse(Path.of("."));
    }

    /** Keep what {@code live} holds under a hidden hard link, until the swap is complete or undone. */
    private Optional<Path> keep(Path live) throws IOException {
        if (!Files.exists(live, LinkOption.NOFOLLOW_LINKS)) {
            return Optional.empty();
        }
        Path link = live.resolveSibling("." + live.getFileName() + REPLACED
                + Long.toUnsignedString(ThreadLocalRandom.current().nextLong()));
        try {
            Files.createLink(link, live);
        } catch (IOException | UnsupportedOperationException noLinks) {
            // A file system without hard links: keep a copy instead.
            Files.copy(live, link, StandardCopyOption.COPY_ATTRIBUTES, LinkOption.NOFOLLOW_LINKS);
        }
        kept.add(link);
        return Optional.of(link);
    }

    /** Forget the kept links and the unused copies: quietly, a leftover is removed by the next swap. */
    @Override
    public void close() {
        for (Path path : staged) {
            FileTrees.deleteQuietly(path);
        }
        for (Path path : kept) {
            FileTrees.deleteQuietly(path);
        }
    }
}
