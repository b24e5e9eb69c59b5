package io.waiaas.adapters.host.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * A second JVM holding the lock of a data dir, or a SQLite database for itself, through {@link LockHolderMain};
 * bounded in time throughout.
 */
public final class LockHolder {
    private static final long PATIENCE_SECONDS = 60;

    private final Process process;
    private final long pid;

    private LockHolder(Process process, long pid) {
        this.process = process;
        this.pid = pid;
    }

    /** Start a JVM that takes the lock of {@code dataDir} as a daemon does; empty when it was refused. */
    public static Optional<LockHolder> hold(Path dataDir) {
        return start(dataDir, "daemon");
    }

    /** Start a JVM that takes the upgrade lock of {@code dataDir} as an upgrade does; empty when it was refused. */
    public static Optional<LockHolder> holdUpgradeLock(Path dataDir) {
        return start(dataDir, "upgrade");
    }

    /** Start a JVM that takes the webhook delivery lock of {@code dataDir}; empty when it was refused. */
    public static Optional<LockHolder> holdWebhookLock(Path dataDir) {
        return start(dataDir, "webhooks");
    }

    /** Start a JVM that locks {@code dataDir} without publishing a pid; empty when it was refused. */
    public static Optional<LockHolder> holdWithoutPid(Path dataDir) {
        return start(dataDir, "lock-only");
    }

    /**
     * Start a JVM that holds the SQLite database {@code database} for itself (exclusive locking mode, an open
     * {@code BEGIN EXCLUSIVE}): every other connection gets {@code SQLITE_BUSY}. Empty when it was refused.
     */
    public static Optional<LockHolder> holdDatabase(Path database) {
        return start(database, "sqlite-exclusive");
    }

    /** Start {@link LockHolderMain} on {@code target}, a data dir or a database file as {@code mode} wants. */
    private static Optional<LockHolder> start(Path target, String mode) {
        List<String> command = List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-XX:TieredStopAtLevel=1",
                "-XX:+UseSerialGC",
                "-Xshare:auto",
                "-cp",
                classPath(),
                LockHolderMain.class.getName(),
                target.toString(),
                mode);
        Process process;
        try {
            process = new ProcessBuilder(command)
                    .redirectError(ProcessBuilder.Redirect.INHERIT)
                    .start();
        } catch (IOException e) {
            throw new IllegalStateException("cannot start the lock holder", e);
        }
        BufferedReader out =
                new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.US_ASCII));
        String first;
        try {
            first = CompletableFuture.supplyAsync(() -> readLine(out)).get(PATIENCE_SECONDS, TimeUnit.SECONDS);
        } catch (InterruptedException | ExecutionException | TimeoutException e) {
            process.destroyForcibly();
            throw new IllegalStateException("the lock holder said nothing within " + PATIENCE_SECONDS + " s", e);
        }
        if ("refused".equals(first)) {
            awaitExit(process);
            assertEquals(0, process.exitValue(), "the refused lock holder's exit code");
            return Optional.empty();
        }
        if (first == null || !first.startsWith("held ")) {
            process.destroyForcibly();
            fail("the lock holder said '" + first + "'");
        }
        long pid = Long.parseLong(first.substring("held ".length()));
        assertEquals(process.pid(), pid, "the lock holder's pid");
        return Optional.of(new LockHolder(process, pid));
    }

    public long pid() {
        return pid;
    }

    /** Let it release the lock as a daemon stopping gracefully does, and wait until it exited. */
    public void release() {
        try (OutputStream in = process.getOutputStream()) {
            in.write('\n');
        } catch (IOException e) {
            throw new IllegalStateException("cannot tell the lock holder to release", e);
        }
        awaitExit(process);
        assertEquals(0, process.exitValue(), "the lock holder's exit code");
    }

    /** Kill it with SIGKILL and wait until it is gone. */
    public void crash() {
        process.destroyForcibly();
        awaitExit(process);
    }

    private static void awaitExit(Process process) {
        try {
            assertTrue(process.waitFor(PATIENCE_SECONDS, TimeUnit.SECONDS), "the lock holder did not exit");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
            throw new IllegalStateException("interrupted while waiting for the lock holder", e);
        }
    }

    private static String readLine(BufferedReader reader) {
        try {
            return reader.readLine();
        } catch (IOException e) {
            return null;
        }
    }

    /** Return this JVM's class path and module path as one class path, which holds the lock holder's classes. */
    private static String classPath() {
        Set<String> entries = new LinkedHashSet<>();
        for (String property : List.of("java.class.path", "jdk.module.path")) {
            String value = System.getProperty(property, "");
            for (String entry : value.split(File.pathSeparator)) {
                if (!entry.isBlank()) {
                    entries.add(entry);
                }
            }
        }
        return String.join(File.pathSeparator, new ArrayList<>(entries));
    }
}
