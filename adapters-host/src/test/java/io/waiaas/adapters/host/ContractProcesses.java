package io.waiaas.adapters.host;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.waiaas.adapters.host.testkit.LockHolder;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/**
 * The real processes and data-dir states the {@code DaemonControlContract} asks the tests of its real adapters for,
 * and their cleanup: every process a test started, and only those, is gone afterwards.
 */
final class ContractProcesses {
    private final List<LockHolder> holders = new ArrayList<>();
    private final List<Process> processes = new ArrayList<>();
    private final Set<Long> before =
            ProcessHandle.current().descendants().map(ProcessHandle::pid).collect(Collectors.toSet());

    /** Crash {@code holder} when the test ends; return it. */
    LockHolder keep(LockHolder holder) {
        holders.add(holder);
        return holder;
    }

    /** Hold {@code files}' data dir with a second JVM, as a running daemon does; return its pid. */
    long holdDataDir(DaemonFiles files) {
        return keep(LockHolder.hold(files.dataDir()).orElseThrow()).pid();
    }

    /** Leave a pid file naming a process that does not exist, and a lock nobody holds. */
    static void leaveStalePidFile(DaemonFiles files) {
        try {
            Files.createDirectories(files.dataDir());
            Files.writeString(files.lockFile(), "");
            Files.writeString(files.pidFile(), DeadPids.one() + "\n", StandardCharsets.US_ASCII);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Start a process that runs until stopped (and ignores SIGTERM if asked); return its pid once it runs. */
    long startProcess(boolean ignoresSigterm) {
        // Exec'd, so the pid is sleep's own; an ignored SIGTERM stays ignored across exec.
        String script = (ignoresSigterm ? "trap '' TERM; " : "") + "echo ready; exec sleep 60";
        try {
            Process process = new ProcessBuilder("/bin/sh", "-c", script)
                    .redirectError(ProcessBuilder.Redirect.DISCARD)
                    .start();
            processes.add(process);
            BufferedReader out =
                    new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.US_ASCII));
            String ready = CompletableFuture.supplyAsync(() -> {
                        try {
                            return out.readLine();
                        } catch (IOException e) {
                            return null;
                        }
                    })
                    .get(30, TimeUnit.SECONDS);
            assertEquals("ready", ready, "the process did not get ready");
            return process.pid();
        } catch (Exception e) {
            throw new IllegalStateException("cannot start " + script, e);
        }
    }

    /**
     * Tell whether {@code pid} lives. A process that has exited but is not yet reaped (by this JVM's reaper thread,
     * late on a loaded machine) is gone for every purpose, though the JDK still calls it alive: the control judges it
     * so, and so must the contract.
     */
    static boolean isAlive(long pid) {
        return ProcessHandle.of(pid).map(p -> !ProcessDaemonControl.exited(p)).orElse(false);
    }

    /** Stop every process this test started: holders, started processes, and spawned daemons (children too). */
    void stopAll() {
        holders.forEach(LockHolder::crash);
        processes.forEach(Process::destroyForcibly);
        ProcessHandle.current()
                .descendants()
                .filter(p -> !before.contains(p.pid()))
                .forEach(ProcessHandle::destroyForcibly);
    }
}
