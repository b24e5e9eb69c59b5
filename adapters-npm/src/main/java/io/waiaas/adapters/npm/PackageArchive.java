package io.waiaas.adapters.npm;

import java.io.BufferedInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipException;

/**
 * Unpack an npm tarball (gzip over ustar, GNU or pax tar) into an empty directory, refusing everything that could
 * reach outside it or exhaust the disk (UPGR-B1): absolute paths, {@code ..} segments, entries outside
 * {@code package/}, links that resolve outside, writing through a link, devices and FIFOs, duplicate entries, too
 * many entries or bytes. Strips {@code package/}, keeps only the executable bits of the modes (0755 or 0644), and
 * syncs every file and directory to disk, so a rename of the result after a crash never exposes a partial tree.
 */
final class PackageArchive {
    private static final int BLOCK = 512;
    private static final int MAX_HEADER_BODY = 1024 * 1024;
    private static final int MAX_SEGMENT_BYTES = 255;
    private static final int MAX_PATH_BYTES = 4096;
    private static final Set<PosixFilePermission> EXECUTABLE = PosixFilePermissions.fromString("rwxr-xr-x");
    private static final Set<PosixFilePermission> READABLE = PosixFilePermissions.fromString("rw-r--r--");

    /** The bounds of one unpack. */
    record Limits(long maxUnpackedBytes, int maxEntries) {}

    private final Path root;
    private final Limits limits;
    private final String id;
    private final Set<Path> files = new HashSet<>();
    private final Set<Path> created = new HashSet<>();
    private final List<Path> symlinks = new ArrayList<>();
    private final List<Path> directories = new ArrayList<>();
    private long unpacked;
    private int entries;

    private PackageArchive(Path root, Limits limits, String id) {
        this.root = root;
        this.limits = limits;
        this.id = id;
    }

    /**
     * Unpack the tarball {@code tgz} of {@code id} into {@code root}, an empty directory.
     *
     * @throws NpmRegistryException REFUSED for an archive waiaas will not unpack, FAILED when the disk fails; the
     *     caller removes {@code root} either way
     */
    static void unpack(Path tgz, Path root, Limits limits, String id) {
        new PackageArchive(root, limits, id).run(tgz);
    }

    private void run(Path tgz) {
        try (InputStream in =
                new GZIPInputStream(new BufferedInputStream(Files.newInputStream(tgz), 64 * 1024), 64 * 1024)) {
            readEntries(in);
        } catch (EOFException e) {
            throw refused("the tarball is truncated", e);
        } catch (ZipException e) {
            throw refused("the tarball is not valid gzip (" + e.getMessage() + ")", e);
        } catch (IOException e) {
            throw new NpmRegistryException("could not unpack " + id + " into " + root + ": " + e.getMessage(), e);
        }
        checkSymlinksResolveInside();
        syncDirectories();
    }

    private void readEntries(InputStream in) throws IOException {
        byte[] header = new byte[BLOCK];
        Map<String, String> pax = new HashMap<>();
        Optional<String> longName = Optional.empty();
        Optional<String> longLink = Optional.empty();
        while (true) {
            if (!readBlock(in, header)) {
                throw refused("the tarball ends without the end-of-archive marker", null);
            }
            if (isZero(header)) {
                checkOnlyZerosFollow(in);
                return;
            }
            checkHeader(header);
            char type = (char) header[156];
            long headerSize = octal(header, 124, 12, "size");
            switch (type) {
                case 'x' -> {
                    pax.putAll(parsePax(readSmallBody(in, headerSize)));
                    continue;
                }
                case 'g' -> {
                    // Global pax headers carry defaults such as mtime or a comment; nothing waiaas uses.
                    readSmallBody(in, headerSize);
                    continue;
                }
                case 'L' -> {
                    longName = Optional.of(cString(readSmallBody(in, headerSize)));
                    continue;
                }
                case 'K' -> {
                    longLink = Optional.of(cString(readSmallBody(in, headerSize)));
                    continue;
                }
                default -> {
                    // an entry proper, handled below
                }
            }
            long size = pax.containsKey("size") ? paxNumber(pax.get("size")) : headerSize;
            String name = longName.orElseGet(() -> pax.getOrDefault("path", headerName(header)));
            String link = longLink.orElseGet(() -> pax.getOrDefault("linkpath", field(header, 157, 100)));
            int mode = (int) octal(header, 100, 8, "mode");
            pax.clear();
            longName = Optional.empty();
            longLink = Optional.empty();
            if (++entries > limits.maxEntries()) {
                throw refused("the tarball has more than " + limits.maxEntries() + " entries", null);
            }
            entry(in, type, name, link, mode, size);
        }
    }

    private void entry(InputStream in, char type, String name, String link, int mode, long size) throws IOException {
        Optional<Path> target = inside(name);
        switch (type) {
            case '0', '\0', '7' -> {
                Path file = target.orElseThrow(() -> refused(
                        "entry " + OneLine.quoted(name) + " is the package" + " folder itself but is not a directory",
                        null));
                writeFile(in, file, name, size, (mode & 0111) != 0);
            }
            case '5' -> {
                skip(in, size);
                if (target.isPresent()) {
                    directory(target.get(), name);
                }
            }
            case '2' -> {
                skip(in, size);
                symlink(
                        target.orElseThrow(() -> refused(
                                "entry " + OneLine.quoted(name) + " replaces the package" + " folder with a link",
                                null)),
                        name,
                        link);
            }
            case '1' -> {
                skip(in, size);
                hardlink(
                        target.orElseThrow(() -> refused(
                                "entry " + OneLine.quoted(name) + " replaces the package" + " folder with a link",
                                null)),
                        name,
                        link);
            }
            case '3', '4', '6' ->
                throw refused(
                        "entry " + OneLine.quoted(name) + " is a " + (type == '6' ? "FIFO" : "device file"), null);
            default ->
                throw refused(
                        "entry " + OneLine.quoted(name) + " has an unsupported type "
                                + OneLine.quoted(String.valueOf(type)),
                        null);
        }
    }

    /**
     * Return where entry {@code name} goes below the root, or empty for {@code package/} itself; refuse absolute
     * names, {@code ..} segments and entries outside {@code package/}.
     */
    private Optional<Path> inside(String name) {
        if (name.startsWith("/")) {
            throw refused("entry " + OneLine.quoted(name) + " has an absolute path", null);
        }
        byte[] bytes = name.getBytes(StandardCharsets.UTF_8);
        if (bytes.length > MAX_PATH_BYTES) {
            throw refused("an entry's path is longer than " + MAX_PATH_BYTES + " bytes", null);
        }
        List<String> segments = new ArrayList<>();
        for (String segment : name.split("/", -1)) {
            if (segment.equals("..")) {
                throw refused("entry " + OneLine.quoted(name) + " contains a '..' segment", null);
            }
            if (segment.isEmpty() || segment.equals(".")) {
                continue;
            }
            if (segment.getBytes(StandardCharsets.UTF_8).length > MAX_SEGMENT_BYTES || segment.indexOf('\0') >= 0) {
                throw refused("entry " + OneLine.quoted(name) + " has an invalid file name", null);
            }
            segments.add(segment);
        }
        if (segments.isEmpty() || !segments.get(0).equals("package")) {
            throw refused("entry " + OneLine.quoted(name) + " is outside the package/ folder", null);
        }
        if (segments.size() == 1) {
            return Optional.empty();
        }
        Path path = root.resolve(String.join("/", segments.subList(1, segments.size())))
                .normalize();
        if (!path.startsWith(root) || path.equals(root)) {
            throw refused("entry " + OneLine.quoted(name) + " resolves outside the package", null);
        }
        return Optional.of(path);
    }

    private void writeFile(InputStream in, Path file, String name, long size, boolean executable) throws IOException {
        if (unpacked + size > limits.maxUnpackedBytes()) {
            throw refused(
                    "the tarball unpacks to more than " + limits.maxUnpackedBytes() + " bytes (a decompression bomb?)",
                    null);
        }
        prepareParent(file, name);
        refuseDuplicate(file, name);
        try (FileChannel channel = FileChannel.open(
                file, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE, LinkOption.NOFOLLOW_LINKS)) {
            created.add(file);
            byte[] chunk = new byte[64 * 1024];
            long left = size;
            while (left > 0) {
                int n = in.read(chunk, 0, (int) Math.min(chunk.length, left));
                if (n < 0) {
                    throw new EOFException("tar entry " + name + " is cut short");
                }
                ByteBuffer buffer = ByteBuffer.wrap(chunk, 0, n);
                while (buffer.hasRemaining()) {
                    channel.write(buffer);
                }
                left -= n;
            }
            channel.force(true);
        }
        unpacked += size;
        skip(in, padding(size));
        Files.setPosixFilePermissions(file, executable ? EXECUTABLE : READABLE);
        files.add(file);
    }

    private void directory(Path dir, String name) throws IOException {
        prepareParent(dir, name);
        if (Files.isSymbolicLink(dir)
                || Files.exists(dir, LinkOption.NOFOLLOW_LINKS) && !Files.isDirectory(dir, LinkOption.NOFOLLOW_LINKS)) {
            throw refused("entry " + OneLine.quoted(name) + " turns an earlier entry into a directory", null);
        }
        if (!Files.isDirectory(dir, LinkOption.NOFOLLOW_LINKS)) {
            Files.createDirectory(dir);
            directories.add(dir);
        }
        Files.setPosixFilePermissions(dir, EXECUTABLE);
    }

    private void symlink(Path link, String name, String target) throws IOException {
        if (target.isEmpty() || target.startsWith("/")) {
            throw refused(
                    "symlink " + OneLine.quoted(name) + " points at " + OneLine.quoted(target)
                            + ", outside the package",
                    null);
        }
        Path resolved = link.getParent().resolve(target).normalize();
        if (!resolved.startsWith(root)) {
            throw refused(
                    "symlink " + OneLine.quoted(name) + " points at " + OneLine.quoted(target)
                            + ", outside the package",
                    null);
        }
        prepareParent(link, name);
        refuseDuplicate(link, name);
        Files.createSymbolicLink(link, Path.of(target));
        created.add(link);
        symlinks.add(link);
    }

    private void hardlink(Path link, String name, String target) throws IOException {
        if (target.startsWith("/")) {
            throw refused(
                    "hard link " + OneLine.quoted(name) + " points at " + OneLine.quoted(target)
                            + ", outside the package",
                    null);
        }
        Optional<Path> source;
        try {
            source = inside(target);
        } catch (NpmRegistryException e) {
            throw refused(
                    "hard link " + OneLine.quoted(name) + " points at " + OneLine.quoted(target)
                            + ", outside the package",
                    e);
        }
        if (source.isEmpty() || !files.contains(source.get())) {
            throw refused(
                    "hard link " + OneLine.quoted(name) + " points at " + OneLine.quoted(target)
                            + ", which is not a file unpacked before it",
                    null);
        }
        prepareParent(link, name);
        refuseDuplicate(link, name);
        Files.createLink(link, source.get());
        created.add(link);
        files.add(link);
    }

    /** Create the missing parents of {@code path}, refusing to go through a link or a file. */
    private void prepareParent(Path path, String name) throws IOException {
        Path relative = root.relativize(path.getParent());
        Path current = root;
        for (Path segment : relative) {
            current = current.resolve(segment.toString());
            if (Files.isSymbolicLink(current)) {
                throw refused(
                        "entry " + OneLine.quoted(name) + " would be written through the symlink "
                                + OneLine.quoted(root.relativize(current).toString()),
                        null);
            }
            if (!Files.exists(current, LinkOption.NOFOLLOW_LINKS)) {
                Files.createDirectory(current);
                Files.setPosixFilePermissions(current, EXECUTABLE);
                directories.add(current);
            } else if (!Files.isDirectory(current, LinkOption.NOFOLLOW_LINKS)) {
                throw refused(
                        "entry " + OneLine.quoted(name) + " would be written below the file "
                                + OneLine.quoted(root.relativize(current).toString()),
                        null);
            }
        }
    }

    private void refuseDuplicate(Path path, String name) {
        if (created.contains(path) || Files.exists(path, LinkOption.NOFOLLOW_LINKS)) {
            throw refused("entry " + OneLine.quoted(name) + " appears twice in the tarball", null);
        }
    }

    /** Refuse symlinks whose real target is outside the root, such as a chain through another symlink. */
    private void checkSymlinksResolveInside() {
        Path realRoot;
        try {
            realRoot = root.toRealPath();
        } catch (IOException e) {
            throw new NpmRegistryException("could not read back " + root + ": " + e.getMessage(), e);
        }
        for (Path link : symlinks) {
            if (!Files.exists(link)) {
                // Dangling, and lexically inside: it points at nothing that exists, so at nothing outside.
                continue;
            }
            try {
                if (!link.toRealPath().startsWith(realRoot)) {
                    throw refused(
                            "symlink " + OneLine.quoted("package/" + root.relativize(link))
                                    + " resolves outside the package",
                            null);
                }
            } catch (IOException e) {
                throw refused(
                        "symlink " + OneLine.quoted("package/" + root.relativize(link)) + " cannot be resolved ("
                                + e.getMessage() + ")",
                        e);
            }
        }
    }

    private void syncDirectories() {
        // The file contents were forced as they were written; the directory entries naming them are forced here,
        // deepest first, so that once the caller renames the tree into versions/ it is whole on disk.
        List<Path> all = new ArrayList<>(directories);
        all.add(root);
        all.sort((a, b) -> Integer.compare(b.getNameCount(), a.getNameCount()));
        for (Path dir : all) {
            try (FileChannel channel = FileChannel.open(dir, StandardOpenOption.READ)) {
                channel.force(true);
            } catch (IOException e) {
                throw new NpmRegistryException("could not sync " + dir + " to disk: " + e.getMessage(), e);
            }
        }
    }

    private void checkOnlyZerosFollow(InputStream in) throws IOException {
        byte[] rest = new byte[64 * 1024];
        for (int n; (n = in.read(rest)) != -1; ) {
            for (int i = 0; i < n; i++) {
                if (rest[i] != 0) {
                    throw refused("the tarball has data after its end-of-archive marker", null);
                }
            }
        }
    }

    private void checkHeader(byte[] header) {
        long stored = octal(header, 148, 8, "checksum");
        long unsigned = 0;
        long signed = 0;
        for (int i = 0; i < BLOCK; i++) {
            byte b = i >= 148 && i < 156 ? (byte) ' ' : header[i];
            unsigned += b & 0xff;
            signed += b;
        }
        if (stored != unsigned && stored != signed) {
            throw refused("the tarball has a damaged entry header (checksum mismatch)", null);
        }
        String magic = new String(header, 257, 6, StandardCharsets.US_ASCII);
        if (!magic.equals("ustar\0") && !magic.equals("ustar ")) {
            throw refused("the tarball is not a ustar, GNU or pax archive", null);
        }
    }

    private static String headerName(byte[] header) {
        String name = field(header, 0, 100);
        // Only POSIX ustar has a prefix field; GNU tar keeps access and change times at the same offset.
        boolean posix = new String(header, 257, 6, StandardCharsets.US_ASCII).equals("ustar\0");
        String prefix = posix ? field(header, 345, 155) : "";
        return prefix.isEmpty() ? name : prefix + "/" + name;
    }

    private static String field(byte[] header, int offset, int length) {
        int end = offset;
        while (end < offset + length && header[end] != 0) {
            end++;
        }
        return new String(header, offset, end - offset, StandardCharsets.UTF_8);
    }

    private long octal(byte[] header, int offset, int length, String what) {
        if ((header[offset] & 0x80) != 0) {
            // GNU's base-256 numbers only appear for sizes of 8 GiB and more: far above any cap.
            throw refused("the tarball has an entry whose " + what + " is out of range", null);
        }
        long value = 0;
        int i = offset;
        int end = offset + length;
        while (i < end && (header[i] == ' ' || header[i] == 0)) {
            i++;
        }
        boolean digits = false;
        for (; i < end && header[i] != 0 && header[i] != ' '; i++) {
            int d = header[i] - '0';
            if (d < 0 || d > 7 || value > (Long.MAX_VALUE >> 3)) {
                throw refused("the tarball has a damaged entry header (bad " + what + ")", null);
            }
            value = value * 8 + d;
            digits = true;
        }
        if (!digits && !what.equals("checksum")) {
            return 0;
        }
        return value;
    }

    private long paxNumber(String text) {
        try {
            long value = Long.parseLong(text.strip());
            if (value < 0) {
                throw new NumberFormatException(text);
            }
            return value;
        } catch (NumberFormatException e) {
            throw refused("the tarball has a pax header with a bad size", e);
        }
    }

    private Map<String, String> parsePax(byte[] body) {
        Map<String, String> records = new HashMap<>();
        int pos = 0;
        while (pos < body.length) {
            if (body[pos] == 0) {
                break;
            }
            int space = pos;
            while (space < body.length && body[space] != ' ') {
                space++;
            }
            int length;
            try {
                length = Integer.parseInt(new String(body, pos, space - pos, StandardCharsets.US_ASCII));
            } catch (NumberFormatException e) {
                throw refused("the tarball has a damaged pax header", e);
            }
            if (length <= space - pos || pos + length > body.length || body[pos + length - 1] != '\n') {
                throw refused("the tarball has a damaged pax header", null);
            }
            String record = new String(body, space + 1, pos + length - space - 2, StandardCharsets.UTF_8);
            int equals = record.indexOf('=');
            if (equals <= 0) {
                throw refused("the tarball has a damaged pax header", null);
            }
            records.put(record.substring(0, equals), record.substring(equals + 1));
            pos += length;
        }
        return records;
    }

    private byte[] readSmallBody(InputStream in, long size) throws IOException {
        if (size > MAX_HEADER_BODY) {
            throw refused("the tarball has an extended header larger than " + MAX_HEADER_BODY + " bytes", null);
        }
        byte[] body = in.readNBytes((int) size);
        if (body.length < size) {
            throw new EOFException("extended header cut short");
        }
        skip(in, padding(size));
        return body;
    }

    private static String cString(byte[] bytes) {
        int end = 0;
        while (end < bytes.length && bytes[end] != 0) {
            end++;
        }
        return new String(bytes, 0, end, StandardCharsets.UTF_8);
    }

    private static boolean readBlock(InputStream in, byte[] block) throws IOException {
        int n = in.readNBytes(block, 0, BLOCK);
        if (n == 0) {
            return false;
        }
        if (n < BLOCK) {
            throw new EOFException("tar header cut short");
        }
        return true;
    }

    private static boolean isZero(byte[] block) {
        for (byte b : block) {
            if (b != 0) {
                return false;
            }
        }
        return true;
    }

    private static long padding(long size) {
        return (BLOCK - size % BLOCK) % BLOCK;
    }

    private static void skip(InputStream in, long bytes) throws IOException {
        long left = bytes;
        while (left > 0) {
            long n = in.skip(left);
            if (n <= 0) {
                if (in.read() < 0) {
                    throw new EOFException("tar entry cut short");
                }
                n = 1;
            }
            left -= n;
        }
    }

    private NpmRegistryException refused(String reason, Throwable cause) {
        return NpmRegistryException.refused(id + ": " + reason + ", refused", cause);
    }
}
