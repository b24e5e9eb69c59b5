package io.waiaas.bootstrap;

import io.waiaas.adapters.cli.Cli;
import io.waiaas.adapters.host.Lifeline;
import io.waiaas.domain.ErrorCode;
import io.waiaas.platform.Layout;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.Charset;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

/** Start {@code waiaas}: wire the command line and exit with its code. The only caller of {@code System.exit}. */
public final class Main {
    private Main() {}

    /** Run the command line with {@code args} and exit with the code of CMDS-03. */
    public static void main(String[] args) {
        Logging.keepHandlersAtShutdown();
        if (args.length == 1 && (args[0].equals("--version") || args[0].equals("-V"))) {
            // The one answer that needs nothing else: print it before the command line's model is built by
            // reflection (picocli) and before logging is set up. Same output and exit code as picocli's.
            System.out.println(BuildInfo.version());
            System.out.flush();
            return;
        }
        Map<String, String> env = System.getenv();
        // A command run by an upgrade ends with that upgrade, even one killed with SIGKILL (Lifeline).
        Lifeline.holdIfAsked(env, System.in, () -> {
            System.err.println("waiaas: the upgrade that ran this command has ended; stopping");
            System.err.flush();
            Runtime.getRuntime().halt(ErrorCode.FAILED.exitCode());
        });
        // A daemon an upgrade starts waits until the upgrade has journaled its pid (DaemonControl.spawnHeld).
        Lifeline.awaitReleaseIfHeld(env, System.in, () -> {
            System.err.println("waiaas: the upgrade that started this daemon ended before recording it; not starting");
            System.err.flush();
            Runtime.getRuntime().halt(ErrorCode.FAILED.exitCode());
        });
        Logging.configure(args, env);
        Path home = userHome(env, System.getProperty("user.home"));
        Cli cli = Cli.create(
                BuildInfo.version().toString(), options -> new Wiring(options, env, home), env, stderrIsTerminal(env));
        Charset charset = Charset.defaultCharset();
        PrintWriter out = new PrintWriter(System.out, false, charset);
        PrintWriter err = new PrintWriter(System.err, false, charset);
        int exitCode = cli.execute(args, out, err);
        if (DaemonLogManager.shuttingDown()) {
            // A foreground daemon stopped by SIGTERM (`waiaas stop`) or Ctrl-C: the JVM's shutdown, which the signal
            // began, would end the process with 128 + the signal's number (143), though the stop was asked for and
            // went well. The daemon has closed and logged its last line by now, and its shutdown hook waits for this
            // thread to get here: end with the command's own code (LOGS-03).
            Runtime.getRuntime().halt(exitCode);
        }
        System.exit(exitCode);
    }

    /** Tell whether standard error is a terminal: the launcher tests it ({@code [ -t 2 ]}); else ask /proc. */
    private static boolean stderrIsTerminal(Map<String, String> env) {
        String fromLauncher = env.get(Layout.Env.STDERR_TTY);
        if (fromLauncher != null) {
            return fromLauncher.equals("1");
        }
        try {
            String target = Files.readSymbolicLink(Path.of("/proc/self/fd/2")).toString();
            return target.startsWith("/dev/pts/") || target.startsWith("/dev/tty");
        } catch (IOException | UnsupportedOperationException e) {
            return false;
        }
    }

    /**
     * Return the user's home as the shell and npm see it: {@code $HOME} when set and not blank (an operator's
     * {@code HOME=/srv/waiaas waiaas start} counts), else the JVM's {@code user.home} (the password database's).
     */
    static Path userHome(Map<String, String> env, String userHomeProperty) {
        return Optional.ofNullable(env.get("HOME"))
                .filter(home -> !home.isBlank())
                .map(Path::of)
                .orElseGet(() -> Path.of(userHomeProperty));
    }
}
