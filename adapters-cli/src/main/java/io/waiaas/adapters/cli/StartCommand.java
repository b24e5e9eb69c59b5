package io.waiaas.adapters.cli;

import io.waiaas.application.port.in.DaemonStatus;
import io.waiaas.application.port.in.RunDaemon;
import io.waiaas.application.port.in.StartClearance;
import io.waiaas.application.port.in.UpgradeListener;
import io.waiaas.domain.ErrorCode;
import java.util.concurrent.Callable;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.atomic.AtomicBoolean;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/** {@code waiaas start}: run the daemon in the foreground, or in the background with {@code -d}. */
@Command(name = "start", mixinStandardHelpOptions = true, description = "Run the daemon (foreground by default).")
final class StartCommand implements Callable<Integer> {
    /** How long the shutdown hook of a daemon stopped by a signal waits for this command to return its exit code. */
    private static final long COMMAND_WAIT_MILLIS = 10_000;

    @ParentCommand
    WaiaasCommand root;

    @Option(
            names = {"-d", "--detach"},
            description = "Start in the background; return once /health answers.")
    boolean detach;

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        // An upgrade that was interrupted is completed or rolled back first (UPGR-B5); this start runs the result.
        // While an upgrade runs this refuses (exit 5) — unless this is the daemon that very upgrade starts. When the
        // interrupted upgrade cannot be put right, nothing is started on top of an unknown state: exit 4 and the
        // manual steps, as `waiaas upgrade` says them.
        if (!root.startedByUpgrade()) {
            StartClearance clearance = root.inPorts().recoverBeforeStart().beforeStart(detach, new UpgradeListener() {
                @Override
                public void note(String message) {
                    spec.commandLine().getErr().println("waiaas: " + message);
                    spec.commandLine().getErr().flush();
                }
            });
            switch (clearance) {
                case StartClearance.Go go -> {}
                case StartClearance.RecoveryFailed failed -> {
                    UpgradeCommand.reportRollbackFailed(
                            failed.outcome(), spec.commandLine().getErr());
                    return failed.outcome().exitCode();
                }
                case StartClearance.AlreadyServing serving -> {
                    // The daemon the interrupted upgrade had started was waited for: it is the one to run.
                    String running = String.format(
                            "waiaas %s is running (pid %d, port %d), started by the interrupted upgrade",
                            serving.daemon().health().version(),
                            serving.daemon().pid(),
                            serving.daemon().port());
                    if (detach) {
                        spec.commandLine().getOut().println(running);
                        return 0;
                    }
                    spec.commandLine().getErr().println("waiaas: " + running + "; stop it first with: waiaas stop");
                    return ErrorCode.REFUSED.exitCode();
                }
                case StartClearance.OtherVersionCurrent other -> {
                    spec.commandLine()
                            .getErr()
                            .printf(
                                    "waiaas: the recovery left %s current, not this %s: run waiaas start again to"
                                            + " start %s%n",
                                    other.current(), other.build(), other.current());
                    return ErrorCode.FAILED.exitCode();
                }
            }
        }
        if (detach) {
            DaemonStatus.Running running = root.inPorts().controlDaemon().startDetached();
            spec.commandLine()
                    .getOut()
                    .printf(
                            "waiaas %s started in the background (pid %d, port %d)%n",
                            running.health().version(), running.pid(), running.port());
            return 0;
        }
        RunDaemon daemon = root.inPorts().runDaemon();
        // SIGTERM and Ctrl-C run shutdown hooks; closing the daemon there is its graceful stop. The hook is in place
        // before start-up, because /health already answers while the schema gate backs up and migrates: a signal
        // then lets the migration finish and stops the daemon right after (`waiaas stop` escalates to SIGKILL after
        // the shutdown timeout), instead of exiting with the lock's pid file left behind.
        CompletableFuture<RunDaemon.Running> started = new CompletableFuture<>();
        Thread command = Thread.currentThread();
        AtomicBoolean returned = new AtomicBoolean();
        Thread hook = new Thread(
                () -> {
                    // A signal stops a daemon that is running; an exit after the command returned waits for nothing.
                    boolean stoppedBySignal = !returned.get();
                    try {
                        started.join().close();
                    } catch (CompletionException | CancellationException notStarted) {
                        // The start failed and cleaned up after itself; nothing runs.
                        return;
                    }
                    // Stopped by a signal: the JVM would end with 128 + its number (143) as soon as the hooks are
                    // done. Wait for this command to return instead, so that Main ends the process with its exit
                    // code, 0 after a clean stop (LOGS-03); bounded, should it hang.
                    if (!stoppedBySignal) {
                        return;
                    }
                    try {
                        command.join(COMMAND_WAIT_MILLIS);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                },
                "waiaas-shutdown");
        Runtime.getRuntime().addShutdownHook(hook);
        RunDaemon.Running running;
        try {
            running = daemon.start();
        } catch (RuntimeException e) {
            started.completeExceptionally(e);
            throw e;
        }
        started.complete(running);
        // The daemon logs "serving on port …" itself, to stderr and its log file, and "stopped" as its last line.
        try {
            running.awaitStopped();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            running.close();
        } finally {
            returned.set(true);
        }
        return 0;
    }
}
