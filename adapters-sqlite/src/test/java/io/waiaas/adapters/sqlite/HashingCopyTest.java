package io.waiaas.adapters.sqlite;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Random;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HashingCopyTest {
    @TempDir
    Path dir;

    private final ExecutorService hasher = Executors.newCachedThreadPool();
    private final PhaseTimes times = new PhaseTimes();

    @AfterEach
    void stop() throws InterruptedException {
        hasher.shutdown();
        assertTrue(hasher.awaitTermination(10, TimeUnit.SECONDS), "a hashing thread is still waiting");
    }

    @Test
    void copiesAFileOfSeveralChunksAndHashesTheCopyInTheSamePass() throws Exception {
        // Three chunks of 1 MiB and a few bytes more.
        byte[] content = random(3 * (1 << 20) + 12_345);
        Path source = Files.write(dir.resolve("source"), content);

        HashingCopy.Copy copy =
                HashingCopy.copy(source, dir.resolve("copy"), HashingCopy.Patch.NONE, hasher, times, 1 << 20);

        assertEquals(content.length, copy.size());
        assertArrayEquals(content, Files.readAllBytes(dir.resolve("copy")));
        assertEquals(sha256(content), copy.sha256().get());
        assertTrue(times.summary().matches("sha256=\\d+ total=\\d+"), times.summary());
    }

    @Test
    void hashesTheFirstChunkAsPatchedNotAsCopied() throws Exception {
        byte[] content = random(3_000_000);
        content[18] = 2;
        Path source = Files.write(dir.resolve("source"), content);

        HashingCopy.Copy copy = HashingCopy.copy(
                source,
                dir.resolve("copy"),
                out -> out.write(ByteBuffer.wrap(new byte[] {1}), 18),
                hasher,
                times,
                1 << 20);

        byte[] copied = Files.readAllBytes(dir.resolve("copy"));
        assertEquals(1, copied[18]);
        assertEquals(sha256(copied), copy.sha256().get());
        assertNotEquals(sha256(content), copy.sha256().get());
    }

    @Test
    void copiesAnEmptyFile() throws Exception {
        Path source = Files.write(dir.resolve("source"), new byte[0]);

        HashingCopy.Copy copy = HashingCopy.copy(source, dir.resolve("copy"), HashingCopy.Patch.NONE, hasher, times);

        assertEquals(0, copy.size());
        assertEquals(sha256(new byte[0]), copy.sha256().get());
    }

    @Test
    void createsTheCopyForItsOwnerOnly() throws Exception {
        Path source = Files.write(dir.resolve("source"), random(10));
        Files.setPosixFilePermissions(source, PosixFilePermissions.fromString("rw-r--r--"));

        HashingCopy.copy(source, dir.resolve("copy"), HashingCopy.Patch.NONE, hasher, times)
                .sha256()
                .get();

        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(dir.resolve("copy"))));
    }

    @Test
    void aCopyThatCannotBeMadeLeavesNoHasherWaiting() {
        assertThrows(
                IOException.class,
                () -> HashingCopy.copy(
                        dir.resolve("missing"), dir.resolve("copy"), HashingCopy.Patch.NONE, hasher, times));
        // stop() checks that no hashing thread is left waiting for chunks that will never come.
    }

    @Test
    void aCopyWhosePatchFailsCancelsItsHash() throws IOException {
        Path source = Files.write(dir.resolve("source"), random(1000));

        FileSystemException e = assertThrows(
                FileSystemException.class,
                () -> HashingCopy.copy(
                        source,
                        dir.resolve("copy"),
                        out -> {
                            throw new IOException("patch failed");
                        },
                        hasher,
                        times));
        // The failure names both files of the copy, as the one line an operator sees must.
        assertEquals("patch failed", e.getReason());
        assertEquals(source.toString(), e.getFile());
        assertEquals(dir.resolve("copy").toString(), e.getOtherFile());
    }

    @Test
    void hashesAFinishedFile() throws Exception {
        byte[] content = random(3_000_000);
        Path file = Files.write(dir.resolve("file"), content);

        assertEquals(sha256(content), HashingCopy.hash(file, hasher, times).get());
    }

    @Test
    void reportsAFileThatCannotBeHashed() {
        ExecutionException e = assertThrows(
                ExecutionException.class,
                () -> HashingCopy.hash(dir.resolve("missing"), hasher, times).get());
        FileSystemException cause = assertInstanceOf(FileSystemException.class, e.getCause());
        assertEquals(dir.resolve("missing").toString(), cause.getFile());
    }

    private static byte[] random(int size) {
        byte[] bytes = new byte[size];
        new Random(size).nextBytes(bytes);
        return bytes;
    }

    private static String sha256(byte[] content) throws NoSuchAlgorithmException {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(content));
    }
}
