package io.waiaas.platform;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The JVM's lock registry against another process: a second JVM (a one-file Java program) that probes a lock, or
 * holds one until its standard input ends.
 */
class HeldLocksIT {
    private static final String PROGRAM = """
            import java.nio.channels.FileChannel;
            import java.nio.file.Path;
            import java.nio.file.StandardOpenOption;

            class LockProbe {
                public static void main(String[] args) throws Exception {
                    try (FileChannel channel = FileChannel.open(
                            Path.of(args[1]), StandardOpenOption.CREATE, StandardOpenOption.WRITE)) {
                        var lock = channel.tryLock();
                        if (args[0].equals("probe")) {
                            System.out.println(lock == null ? "locked" : "free");
                            return;
                        }
                        System.out.println(lock == null ? "refused" : "held");
                        System.out.flush();
                        System.in.read();
                    }
                }
            }
            """;

    @TempDir
    Path dir;

    private final List<Process> processes = new ArrayList<>();

    @AfterEach
    void stopEveryProcessTheTestStarted() {
        processes.forEach(Process::destroyForcibly);
    }

    @Test
    void refusesASecondTryInThisJvmWithoutDroppingTheFirstLock() throws Exception {
        Path file = dir.resolve("daemon.lock");
        try (HeldLocks.Held held = HeldLocks.tryLock(file).orElseThrow()) {
            assertTrue(HeldLocks.tryLock(file).isEmpty(), "a second try in the same JVM");
            assertTrue(HeldLocks.isLocked(file), "a probe in the same JVM");

            // Had either opened the file again, closing it would have dropped the lock for the whole JVM.
            assertEquals("locked", firstLine(start("probe", file)), "what another process sees");
            assertEquals(file.toRealPath(), held.file());
        }
        assertFalse(HeldLocks.isLocked(file));
        assertEquals("free", firstLine(start("probe", file)));
    }

    @Test
    void seesALockAnotherProcessHoldsAndTakesItOnceThatProcessIsGone() throws Exception {
        Path file = dir.resolve("upgrade.lock");
        Process holder = start("hold", file);
        assertEquals("held", firstLine(holder));

        assertTrue(HeldLocks.isLocked(file));
        assertTrue(HeldLocks.tryLock(file).isEmpty());

        holder.getOutputStream().close();
        assertTrue(holder.waitFor(30, TimeUnit.SECONDS), "the holder did not exit");
        assertFalse(HeldLocks.isLocked(file), "the kernel dropped the lock with its process");
        try (HeldLocks.Held held = HeldLocks.tryLock(file).orElseThrow()) {
            assertEquals("refused", firstLine(start("hold", file)));
        }
    }

    @Test
    void knowsALockFileReachedThroughASymlinkedDirectoryAsTheSameFile() throws Exception {
        Path real = Files.createDirectory(dir.resolve("real"));
        Path link = Files.createSymbolicLink(dir.resolve("link"), real);
        try (HeldLocks.Held held =
                HeldLocks.tryLock(real.resolve("daemon.lock")).orElseThrow()) {
            assertTrue(HeldLocks.tryLock(link.resolve("daemon.lock")).isEmpty());
            assertTrue(HeldLocks.isLocked(link.resolve("daemon.lock")));
            assertEquals("locked", firstLine(start("probe", real.resolve("daemon.lock"))));
        }
    }

    @Test
    void createsTheLockFileAndItsMissingDirectoriesAndCountsAMissingFileAsFree() throws Exception {
        Path file = dir.resolve("a/b/daemon.lock");
        assertFalse(HeldLocks.isLocked(file));
        assertFalse(Files.exists(file), "a probe creates nothing");

        HeldLocks.Held held = HeldLocks.tryLock(file).orElseThrow();
        assertTrue(Files.isRegularFile(file));

        held.close();
        held.close(); // once is enough; again does nothing
        HeldLocks.tryLock(file).orElseThrow().close();
    }

    private Process start(String mode, Path file) throws IOException {
        Path program = dir.resolve("LockProbe.java");
        if (!Files.exists(program)) {
            Files.writeString(program, PROGRAM);
        }
        Process process = new ProcessBuilder(
                        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                        "-XX:TieredStopAtLevel=1",
                        program.toString(),
                        mode,
                        file.toString())
                .redirectError(ProcessBuilder.Redirect.INHERIT)
                .start();
        processes.add(process);
        return process;
    }

    private static String firstLine(Process process) throws Exception {
        BufferedReader out =
                new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.US_ASCII));
        return CompletableFuture.supplyAsync(() -> {
                    try {
                        return out.readLine();
                    } catch (IOException e) {
                        return null;
                    }
                })
                .get(60, TimeUnit.SECONDS);
    }
}
