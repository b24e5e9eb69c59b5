package io.waiaas.bootstrap;

import io.waiaas.adapters.cli.Cli;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.Charset;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/** Start {@code waiaas}: wire the command line and exit with its code. The only caller of {@code System.exit}. */
public final class Main {
    private Main() {
    }

    /** Run the command line with {@code args} and exit with the code of SPEC §2. */
    public static void main(String[] args) {
        Logging.configure(args);
        Map<String, String> env = System.getenv();
        Path home = Path.of(System.getProperty("user.home"));
        Cli cli = Cli.create(BuildInfo.version().toString(), options -> new Wiring(options, env, home), env,
                stderrIsTerminal(env));
        Charset charset = Charset.defaultCharset();
        PrintWriter out = new PrintWriter(System.out, false, charset);
        PrintWriter err = new PrintWriter(System.err, false, charset);
        // After a foreground daemon was stopped by a signal this runs inside the JVM's shutdown and just waits
        // for it to finish, which is what we want.
        System.exit(cli.execute(args, out, err));
    }

    /** Tell whether standard error is a terminal: the launcher tests it ({@code [ -t 2 ]}); else ask /proc. */
    private static boolean stderrIsTerminal(Map<String, String> env) {
        String fromLauncher = env.get("WAIAAS_STDERR_TTY");
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
}
