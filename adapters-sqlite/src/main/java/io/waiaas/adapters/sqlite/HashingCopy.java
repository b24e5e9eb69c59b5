package io.waiaas.adapters.sqlite;

import io.waiaas.platform.IoErrors;
import io.waiaas.platform.PrivateFiles;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.EnumSet;
import java.util.HexFormat;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;

/**
 * Copy a file in the kernel, a chunk at a time, while another thread computes the SHA-256 of the copy as it grows.
 *
 * <p>One pass over the bytes: each chunk is hashed as soon as it is written, read back from the page cache, so the
 * digest certifies the copy itself (not the bytes it was made from) and is ready moments after the copy is. The copy
 * is created readable by its owner only, never with the process's umask first.
 */
final class HashingCopy {
    /**
     * What the copier hands to the hasher at a time. Big, because each {@code copy_file_range} call costs: a 1 GiB copy
     * in 8 MiB chunks took 2.8 s here, in 64 MiB chunks 0.55 s (as one call, 0.48 s); the hasher, the slower of the
     * two, starts after the first chunk and never catches up.
     */
    private static final long CHUNK = 64L << 20;

    private static final int READ_BUFFER = 1 << 20;
    private static final long END = -1;
    private static final long FAILED = -2;

    private HashingCopy() {}

    /** A change made to the copy's first chunk before it is hashed. */
    @FunctionalInterface
    interface Patch {
        Patch NONE = copy -> {};

        void apply(FileChannel copy) throws IOException;
    }

    /**
     * A finished copy whose SHA-256 may still be being computed.
     *
     * @param size the bytes copied
     * @param sha256 the SHA-256 of the copy, 64 lower-case hex digits
     */
    record Copy(long size, Future<String> sha256) {}

    /**
     * Copy {@code source} to {@code target} (created 0600, or emptied) in the calling thread, with {@code patch} applied to
     * the first chunk; {@code hasher} computes the copy's SHA-256 meanwhile. Nothing is forced to the disk.
     */
    static Copy copy(Path source, Path target, Patch patch, ExecutorService hasher, PhaseTimes times)
            throws IOException {
        return copy(source, target, patch, hasher, times, CHUNK);
    }

    /** Copy as {@link #copy(Path, Path, Patch, ExecutorService, PhaseTimes)} does, {@code chunk} bytes at a time. */
    static Copy copy(Path source, Path target, Patch patch, ExecutorService hasher, PhaseTimes times, long chunk)
            throws IOException {
        BlockingQueue<Long> written = new LinkedBlockingQueue<>();
        Future<String> sha256 = null;
        long size = 0;
        boolean copied = false;
        try (FileChannel in = FileChannel.open(source, StandardOpenOption.READ);
                FileChannel out = FileChannel.open(
                        target,
                        EnumSet.of(
                                StandardOpenOption.CREATE,
                                StandardOpenOption.TRUNCATE_EXISTING,
                                StandardOpenOption.READ,
                                StandardOpenOption.WRITE),
                        PrivateFiles.fileAttributes())) {
            sha256 = hasher.submit(() -> hashAsWritten(target, written, times));
            for (long n = in.transferTo(0, chunk, out); n > 0; n = in.transferTo(size, chunk, out)) {
                if (size == 0) {
                    patch.apply(out);
                }
                size += n;
                written.add(size);
            }
            copied = true;
        } catch (IOException e) {
            // The kernel's copy reads one file and writes the other; the JDK names neither.
            throw IoErrors.copyFailed(source, target, e);
        } finally {
            written.add(copied ? END : FAILED);
            if (!copied && sha256 != null) {
                sha256.cancel(true);
            }
        }
        return new Copy(size, sha256);
    }

    /** Compute the SHA-256 of the finished file {@code file} on {@code hasher}. */
    static Future<String> hash(Path file, ExecutorService hasher, PhaseTimes times) {
        BlockingQueue<Long> written = new LinkedBlockingQueue<>();
        written.add(Long.MAX_VALUE);
        written.add(END);
        return hasher.submit(() -> hashAsWritten(file, written, times));
    }

    /** Hash {@code file} up to each length {@code written} reports, until it reports the end (or a failed copy). */
    private static String hashAsWritten(Path file, BlockingQueue<Long> written, PhaseTimes times)
            throws IOException, InterruptedException {
        long mark = PhaseTimes.mark();
        MessageDigest digest = sha256();
        try {
            hashInto(digest, file, written);
        } catch (IOException e) {
            throw IoErrors.naming(file, e);
        }
        String sha256 = HexFormat.of().formatHex(digest.digest());
        times.done("sha256", mark);
        return sha256;
    }

    private static void hashInto(MessageDigest digest, Path file, BlockingQueue<Long> written)
            throws IOException, InterruptedException {
        byte[] buffer = new byte[READ_BUFFER];
        ByteBuffer into = ByteBuffer.wrap(buffer);
        try (FileChannel in = FileChannel.open(file, StandardOpenOption.READ)) {
            long hashed = 0;
            for (long end = written.take(); end != END; end = written.take()) {
                if (end == FAILED) {
                    throw new IOException("the copy of " + file.getFileName() + " was not finished");
                }
                while (hashed < end) {
                    into.clear().limit((int) Math.min(buffer.length, end - hashed));
                    int n = in.read(into, hashed);
                    if (n < 0) {
                        if (end != Long.MAX_VALUE) {
                            throw new IOException(file.getFileName() + " is shorter than what was copied into it");
                        }
                        break;
                    }
                    digest.update(buffer, 0, n);
                    hashed += n;
                }
            }
        }
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK has no SHA-256", e);
        }
    }
}
