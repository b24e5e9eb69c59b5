package io.waiaas.bootstrap;

import io.waiaas.application.ApplicationException;
import io.waiaas.domain.ErrorCode;
import io.waiaas.platform.Layout;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * One command that always works (issue 16, finding 2): a launcher an upgrade or a rollback left behind (the fresh
 * unpack or the source build the first upgrade adopted, an old version's own {@code bin/waiaas}) hands every command
 * over to {@code {installRoot}/bin/waiaas}, which runs whatever version is current.
 */
final class Handover {
    /** Set on the process a command is handed over to: the launcher the operator ran. */
    static final String FROM = Layout.Env.HANDED_OVER_FROM;

    /**
     * Set by the AOT training on the commands it runs in its own JVM: a training makes this image's caches, and a
     * command handed over to the current version would train nothing of it (an adopted version trained after the
     * upgrade switched {@code current} lost its caches so).
     */
    static final String TRAINING = Layout.Env.AOT_TRAINING;

    private static final long STOP_WAIT_SECONDS = 60;

    private Handover() {}

    /** Return the install root's launcher, which runs the current version. */
    static Path launcher(Path installRoot) {
        return Layout.launcher(installRoot);
    }

    /**
     * Return the launcher to hand the command over to: the install root's, when it runs another image than
     * {@code image}; empty for a process an upgrade started (it runs the version the upgrade asked for) or one
     * already handed over, an AOT training's, inside npm's global install (no {@code bin/} in the install root), in a
     * container (its image is the version the operator runs, DOCK-B2), or on any doubt.
     */
    static Optional<Path> target(Optional<Path> image, Path installRoot, Map<String, String> env) {
        if (image.isEmpty()
                || Layout.Env.inContainer(env)
                || env.containsKey(FROM)
                || env.containsKey(TRAINING)
                || env.containsKey(Layout.Env.LIFELINE)
                || env.containsKey(Layout.Env.UPGRADE_CHILD)) {
            return Optional.empty();
        }
        Path launcher = launcher(installRoot);
        try {
            if (!Files.isExecutable(launcher)) {
                return Optional.empty();
            }
            Path current = launcher.toRealPath().getParent().getParent();
            return current.equals(image.get().toRealPath()) ? Optional.empty() : Optional.of(launcher);
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }

    /**
     * Tell whether {@code ran}, the launcher the operator ran (resolved), is one of the install root's versions, so
     * that {@code {installRoot}/bin/waiaas} (or a link to it) was the command.
     */
    static boolean inInstallRoot(Path ran, Path installRoot) {
        try {
            return ran.toRealPath().startsWith(Layout.versions(installRoot.toRealPath()));
        } catch (IOException | RuntimeException e) {
            return false;
        }
    }

    /**
     * Run {@code args} with {@code launcher}, its input and output this process's, and return its exit code; a
     * signal that ends this process stops it too.
     *
     * @throws ApplicationException (exit 1) naming the launcher to run when it cannot be started
     */
    static int run(Path launcher, List<String> args, String ranFrom) {
        List<String> command = new ArrayList<>();
        command.add(launcher.toString());
        command.addAll(args);
        ProcessBuilder builder = new ProcessBuilder(command).inheritIO();
        builder.environment().remove(Layout.Env.LAUNCHER);
        builder.environment().put(FROM, ranFrom);
        Process process;
        try {
            process = builder.start();
        } catch (IOException e) {
            throw ApplicationException.failed("this launcher is no longer the current version's, and " + launcher
                    + " could not be run (" + e.getMessage() + "); run " + launcher + " yourself");
        }
        Thread stop = new Thread(() -> {
            if (process.isAlive()) {
                process.destroy();
                try {
                    process.waitFor(STOP_WAIT_SECONDS, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        });
        Runtime.getRuntime().addShutdownHook(stop);
        try {
            return process.waitFor();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroy();
            return ErrorCode.FAILED.exitCode();
        } finally {
            try {
                Runtime.getRuntime().removeShutdownHook(stop);
            } catch (IllegalStateException e) {
                // Shutting down already: the hook stops the command.
            }
        }
    }
}
