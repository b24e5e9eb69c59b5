package io.waiaas.adapters.npm;

import io.waiaas.application.port.out.InstalledVersion;
import io.waiaas.domain.Version;
import io.waiaas.platform.FileTrees;
import io.waiaas.platform.Fsync;
import io.waiaas.platform.HeldLocks;
import io.waiaas.platform.IoErrors;
import io.waiaas.platform.Layout;
import java.io.IOException;
import java.nio.file.DirectoryIteratorException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The side-by-side layout of LAYT-05 / UPGR-B2 on disk: {@code versions/{version}/}, the {@code current} symlink,
 * {@code bin/waiaas} for {@code PATH}, and the transient {@code .staging-*} and {@code .trash-*} folders beside
 * {@code versions/} (same file system, so every move into or out of {@code versions/} is one rename).
 */
final class InstallRoot {
    static final String VERSIONS = Layout.VERSIONS;
    static final String CURRENT = Layout.CURRENT;
    static final String STAGING = ".staging-";
    static final String TRASH = ".trash-";
    static final String LOCK = ".install.lock";

    private final Path root;

    InstallRoot(Path root) {
        this.root = root.toAbsolutePath().normalize();
    }

    Path root() {
        return root;
    }

    Path versions() {
        return root.resolve(VERSIONS);
    }

    Path versionDir(Version version) {
        return versions().resolve(version.toString());
    }

    /** Return where {@code version} lives and its launcher. */
    InstalledVersion describe(Version version) {
        Path home = versionDir(version);
        return new InstalledVersion(
                version, home.toString(), Layout.launcher(home).toString());
    }

    /** Return the version {@code current} points at, or empty when there is no {@code current} yet. */
    Optional<Version> currentVersion() {
        Path link = root.resolve(CURRENT);
        if (!Files.isSymbolicLink(link)) {
            if (Files.exists(link, LinkOption.NOFOLLOW_LINKS)) {
                throw new NpmRegistryException(link + " is not a symlink; the install root is damaged");
            }
            return Optional.empty();
        }
        Path target;
        try {
            target = root.resolve(Files.readSymbolicLink(link)).normalize();
        } catch (IOException e) {
            throw new NpmRegistryException("could not read " + link + ": " + IoErrors.describe(e, link), e);
        }
        Optional<Version> version = Optional.ofNullable(target.getFileName())
                .flatMap(name -> Version.tryParse(name.toString()))
                .filter(v -> target.equals(versionDir(v)));
        if (version.isEmpty()) {
            throw new NpmRegistryException(link + " points at " + target + ", not at a folder in " + versions());
        }
        if (!Files.isDirectory(target, LinkOption.NOFOLLOW_LINKS)) {
            throw new NpmRegistryException(link + " points at " + target + ", which is missing");
        }
        return version;
    }

    /** Return the versions installed in {@code versions/}, ascending. */
    List<Version> installedVersions() {
        if (!Files.isDirectory(versions())) {
            return List.of();
        }
        List<Version> found = new ArrayList<>();
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(versions())) {
            for (Path entry : entries) {
                String name = entry.getFileName().toString();
                Version.tryParse(name)
                        .filter(v -> v.toString().equals(name))
                        .filter(v -> Files.isDirectory(entry, LinkOption.NOFOLLOW_LINKS))
                        .ifPresent(found::add);
            }
        } catch (IOException | DirectoryIteratorException e) {
            throw new NpmRegistryException("could not list " + versions() + ": " + IoErrors.describe(e, versions()), e);
        }
        return found.stream().sorted().toList();
    }

    /** Hold the install root's lock: one install, activation or prune at a time, across processes. */
    HeldLocks.Held lock() {
        Optional<HeldLocks.Held> held;
        try {
            held = HeldLocks.tryLock(root.resolve(LOCK));
        } catch (IOException e) {
            throw new NpmRegistryException(
                    "could not lock the install root " + root + ": " + IoErrors.describe(e, root), e);
        }
        // Held by another process, or by this one: as busy either way.
        return held.orElseThrow(() ->
                new NpmRegistryException("another waiaas install is running in " + root + " (it holds " + LOCK + ")"));
    }

    /** Remove what an install or prune killed midway left behind: staging and trash folders. */
    void removeLeftovers() {
        if (!Files.isDirectory(root)) {
            return;
        }
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(
                root,
                p -> p.getFileName().toString().startsWith(STAGING)
                        || p.getFileName().toString().startsWith(TRASH))) {
            for (Path entry : entries) {
                FileTrees.deleteRecursively(entry);
            }
        } catch (IOException | DirectoryIteratorException e) {
            throw new NpmRegistryException("could not clean up " + root + ": " + IoErrors.describe(e, root), e);
        }
    }

    /** Remove the install root when it holds nothing but its lock file (a check made it, nothing was installed). */
    void removeIfUnused() {
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(root)) {
            for (Path entry : entries) {
                if (!entry.getFileName().toString().equals(LOCK)) {
                    return;
                }
            }
        } catch (IOException | DirectoryIteratorException e) {
            return; // left as it is: only an empty folder
        }
        try {
            Files.deleteIfExists(root.resolve(LOCK));
            Files.deleteIfExists(root);
        } catch (IOException e) {
            // left as it is: only an empty folder
        }
    }

    /** Create and return an empty staging folder for {@code label}. */
    Path newStaging(String label) {
        Path staging = root.resolve(STAGING + label);
        try {
            FileTrees.deleteRecursively(staging);
            Files.createDirectories(root);
            return Files.createDirectory(staging);
        } catch (IOException e) {
            throw new NpmRegistryException("could not create " + staging + ": " + IoErrors.describe(e, staging), e);
        }
    }

    /**
     * Rename the complete tree {@code tree} to {@code versions/{version}/}, replacing an installed copy (moved to
     * {@code staging} first, and moved back if the rename fails).
     */
    void putInPlace(Path tree, Version version, Path staging) {
        Path dest = versionDir(version);
        try {
            Files.createDirectories(versions());
            Optional<Path> replaced = Optional.empty();
            if (Files.exists(dest, LinkOption.NOFOLLOW_LINKS)) {
                Path old = staging.resolve("replaced");
                Files.move(dest, old, StandardCopyOption.ATOMIC_MOVE);
                replaced = Optional.of(old);
            }
            try {
                Files.move(tree, dest, StandardCopyOption.ATOMIC_MOVE);
            } catch (IOException e) {
                if (replaced.isPresent()) {
                    Files.move(replaced.get(), dest, StandardCopyOption.ATOMIC_MOVE);
                }
                throw e;
            }
            Fsync.force(versions());
        } catch (IOException e) {
            throw new NpmRegistryException(
                    "could not move " + version + " into " + versions() + ": " + IoErrors.describe(e, versions()), e);
        }
    }

    /**
     * Point {@code current} at {@code versions/{version}} with one atomic rename of a new symlink over the old one,
     * and make sure {@code bin/waiaas} points at {@code current/bin/waiaas}.
     */
    void switchCurrent(Version version) {
        try {
            // A relative target keeps the install root movable; rename(2) replaces the old link in one step, so
            // every reader sees either the old version or the new one, never no current.
            replaceLink(root.resolve(CURRENT), Path.of(VERSIONS, version.toString()));
            Path binLink = Layout.launcher(root);
            Path bin = Files.createDirectories(binLink.getParent());
            Path launcher = bin.relativize(Layout.launcher(Layout.current(root)));
            if (!Files.isSymbolicLink(binLink)
                    || !Files.readSymbolicLink(binLink).equals(launcher)) {
                replaceLink(binLink, launcher);
                Fsync.force(bin);
            }
            Fsync.force(root);
        } catch (IOException e) {
            throw new NpmRegistryException(
                    "could not switch " + root.resolve(CURRENT) + " to " + version + ": "
                            + IoErrors.describe(e, root.resolve(CURRENT)),
                    e);
        }
    }

    private static void replaceLink(Path link, Path target) throws IOException {
        Path temporary = link.resolveSibling(link.getFileName() + ".tmp");
        Files.deleteIfExists(temporary);
        Files.createSymbolicLink(temporary, target);
        Files.move(temporary, link, StandardCopyOption.ATOMIC_MOVE);
    }

    /** Remove {@code versions/{version}}: one rename out of {@code versions/}, then the slow delete. */
    void remove(Version version) {
        Path trash = root.resolve(TRASH + version);
        try {
            FileTrees.deleteRecursively(trash);
            Files.move(versionDir(version), trash, StandardCopyOption.ATOMIC_MOVE);
            FileTrees.deleteRecursively(trash);
        } catch (IOException e) {
            throw new NpmRegistryException(
                    "could not remove " + versionDir(version) + ": " + IoErrors.describe(e, versionDir(version)), e);
        }
    }

    /** Copy the tree {@code from} to {@code to} (which must not exist), keeping modes and symlinks as they are. */
    static void copyTree(Path from, Path to, Path skip) throws IOException {
        Files.walkFileTree(from, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) throws IOException {
                if (dir.equals(skip)) {
                    return FileVisitResult.SKIP_SUBTREE;
                }
                Path target = to.resolve(from.relativize(dir).toString());
                Files.copy(dir, target, StandardCopyOption.COPY_ATTRIBUTES);
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                Path target = to.resolve(from.relativize(file).toString());
                Files.copy(file, target, StandardCopyOption.COPY_ATTRIBUTES, LinkOption.NOFOLLOW_LINKS);
                if (attrs.isRegularFile()) {
                    Fsync.force(target);
                }
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult postVisitDirectory(Path dir, IOException e) throws IOException {
                if (e != null) {
                    throw e;
                }
                Fsync.force(to.resolve(from.relativize(dir).toString()));
                return FileVisitResult.CONTINUE;
            }
        });
    }
}
