package io.waiaas.adapters.host;

import io.waiaas.application.ApplicationException;
import io.waiaas.platform.Layout;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * Run {@code systemctl} as found on {@code PATH}, for the system manager or, with {@code --user}, the user's; the unit
 * is always {@code waiaas.service}.
 */
final class Systemctl {
    /** The unit's name. */
    static final String UNIT = "waiaas.service";

    /** Overrides where units are written, for both scopes (tests, unusual layouts). */
    static final String UNIT_DIR = Layout.Env.SYSTEMD_UNIT_DIR;

    /** How long one call may take; {@code start} and {@code stop} are given {@code --no-block} where waiting matters. */
    private static final long TIMEOUT_SECONDS = 120;

    private final Map<String, String> env;
    private final boolean user;

    /** Run the {@code systemctl} of {@code env}'s {@code PATH}; {@code user} adds {@code --user}. */
    Systemctl(Map<String, String> env, boolean user) {
        this.env = Map.copyOf(env);
        this.user = user;
    }

    /** Return the same {@code systemctl} for scope {@code user}. */
    Systemctl scope(boolean user) {
        return new Systemctl(env, user);
    }

    /** Tell whether this is the user's manager. */
    boolean user() {
        return user;
    }

    /** Return the {@code systemctl} executable {@code PATH} finds, or empty. */
    Optional<Path> executable() {
        for (String dir : env.getOrDefault("PATH", "").split(":")) {
            if (!dir.isEmpty()) {
                Path candidate = Path.of(dir, "systemctl");
                if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
                    return Optional.of(candidate);
                }
            }
        }
        return Optional.empty();
    }

    /** The outcome of one call. */
    record Result(int exitCode, String output) {
        boolean ok() {
            return exitCode == 0;
        }
    }

    /** Run {@code systemctl [--user] args...} and return its exit code and output. */
    Result run(String... args) {
        Path systemctl = executable()
                .orElseThrow(() -> ApplicationException.failed("systemctl is not on PATH: systemd is not available"));
        List<String> command = new ArrayList<>();
        command.add(systemctl.toString());
        if (user) {
            command.add("--user");
        }
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        builder.environment().putAll(env);
        builder.redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
        try {
            Process process = builder.start();
            byte[] out = process.getInputStream().readAllBytes();
            if (!process.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw ApplicationException.failed(
                        String.join(" ", command) + " did not finish in " + TIMEOUT_SECONDS + " s");
            }
            return new Result(process.exitValue(), new String(out, StandardCharsets.UTF_8).strip());
        } catch (IOException e) {
            throw ApplicationException.failed("cannot run " + systemctl + ": " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw ApplicationException.failed("interrupted while running systemctl");
        }
    }

    /** Run {@code systemctl [--user] args...} and fail, naming the command and its last line, unless it succeeds. */
    Result require(String... args) {
        Result result = run(args);
        if (!result.ok()) {
            String last = result.output().isEmpty()
                    ? "exit code " + result.exitCode()
                    : result.output().lines().reduce((a, b) -> b).orElse("");
            throw ApplicationException.failed(
                    "systemctl " + (user ? "--user " : "") + String.join(" ", args) + " failed: " + last);
        }
        return result;
    }

    /** Return property {@code name} of the unit, empty when systemctl cannot tell. */
    Optional<String> property(String name) {
        Result result = run("show", "-p", name, "--value", UNIT);
        return result.ok() ? Optional.of(result.output().strip()) : Optional.empty();
    }

    /** Return the unit's main pid while it runs, else empty. */
    Optional<Long> mainPid() {
        return property("MainPID").flatMap(Systemctl::pid);
    }

    static Optional<Long> pid(String text) {
        try {
            long pid = Long.parseLong(text.strip());
            return pid > 0 ? Optional.of(pid) : Optional.empty();
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }
}
