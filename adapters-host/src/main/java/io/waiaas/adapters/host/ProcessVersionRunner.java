package io.waiaas.adapters.host;

import io.waiaas.application.ApplicationException;
import io.waiaas.application.port.out.CommandResult;
import io.waiaas.application.port.out.DaemonControl;
import io.waiaas.application.port.out.InstalledVersion;
import io.waiaas.application.port.out.VersionRunner;
import io.waiaas.platform.Layout;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/** Run another installed version's {@code bin/waiaas} as a child process on the same data dir. */
public final class ProcessVersionRunner implements VersionRunner {
    /**
     * A thread for each output stream: both must drain at once, or a child filling one pipe blocks while we wait on
     * the other. The common pool cannot promise that (with two CPUs it runs one task at a time).
     */
    private static final Executor READERS = Executors.newThreadPerTaskExecutor(
            Thread.ofPlatform().daemon().name("waiaas-version-output-", 0).factory());

    private final Path dataDir;
    private final Optional<DaemonControl> unit;

    /** Create the runner for the data dir {@code dataDir}. */
    public ProcessVersionRunner(Path dataDir) {
        this(dataDir, Optional.empty());
    }

    /**
     * Create the runner for the data dir {@code dataDir} whose daemon, when {@code unit} is given, is started and stopped
     * through it (its systemd unit, which runs the version {@code current} points at) rather than by a version's own
     * launcher (SYSD-02).
     */
    public ProcessVersionRunner(Path dataDir, Optional<DaemonControl> unit) {
        this.dataDir = dataDir;
        this.unit = unit;
    }

    @Override
    public CommandResult run(InstalledVersion version, List<String> args, Duration timeout) {
        List<String> command = new ArrayList<>(List.of(version.launcher(), "--data-dir", dataDir.toString()));
        command.addAll(args);
        ProcessBuilder builder = new ProcessBuilder(command);
        environment(builder.environment());
        // The child's standard input is a pipe that this process holds open: when this upgrade dies, even by
        // SIGKILL, the pipe closes and the child stops (Lifeline), so no orphan keeps migrating the data.
        builder.environment()
                .put(Lifeline.ENV, Long.toString(ProcessHandle.current().pid()));
        try {
            Process process = builder.start();
            CompletableFuture<String> out =
                    CompletableFuture.supplyAsync(() -> read(process.getInputStream()), READERS);
            CompletableFuture<String> err =
                    CompletableFuture.supplyAsync(() -> read(process.getErrorStream()), READERS);
            try (OutputStream lifeline = process.getOutputStream()) {
                if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                    process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
                    return new CommandResult(-1, out.getNow(""), "did not finish within " + timeout.toSeconds() + " s");
                }
            }
            return new CommandResult(process.exitValue(), out.get(10, TimeUnit.SECONDS), err.get(10, TimeUnit.SECONDS));
        } catch (IOException e) {
            throw ApplicationException.failed("cannot run " + version.launcher() + ": " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw ApplicationException.failed("interrupted while running " + version.launcher());
        } catch (Exception e) {
            throw ApplicationException.failed("cannot read the output of " + version.launcher() + ": " + e);
        }
    }

    @Override
    public DaemonControl daemonsOf(InstalledVersion version) {
        if (unit.isPresent()) {
            // The unit runs {installRoot}/bin/waiaas, which follows current: an upgrade starts a version only once it
            // is current (step 7, a rollback's restart), so the unit starts the very version asked for.
            return unit.get();
        }
        // The daemon an upgrade starts must not wait for the upgrade's own journal to be resolved.
        return new ProcessDaemonControl(
                new DaemonFiles(dataDir),
                List.of(version.launcher()),
                Map.of(Layout.Env.NO_UPDATE_NOTIFY, "1", Layout.Env.UPGRADE_CHILD, "1"));
    }

    private static void environment(Map<String, String> env) {
        env.putAll(quietEnvironment());
        // The other version's launcher names itself; ours must not leak into it.
        env.remove(Layout.Env.LAUNCHER);
    }

    private static Map<String, String> quietEnvironment() {
        return Map.of(Layout.Env.NO_UPDATE_NOTIFY, "1");
    }

    private static String read(InputStream in) {
        try (in) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
