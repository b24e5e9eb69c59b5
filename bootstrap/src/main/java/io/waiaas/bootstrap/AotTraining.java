package io.waiaas.bootstrap;

import io.waiaas.adapters.cli.Cli;
import io.waiaas.platform.Layout;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;

/**
 * The training runs behind the runtime image's two AOT caches (build-image.sh runs each once through bin/waiaas,
 * which adds {@code -XX:AOTCacheOutput}): what operators run most, in one JVM per cache, so each cache holds what
 * those commands load and link. Not a command: nothing in waiaas calls it.
 *
 * <p>{@code daemon DATA_DIR} runs the daemon in the foreground on a second thread (migrations on a fresh database,
 * Helidon, {@code /health}) and {@code status} until it answers (one real {@code /health} request), then exits;
 * the daemon stops in its shutdown hook as on SIGTERM. {@code cli DATA_DIR} runs the short commands:
 * {@code --version}, {@code --help}, {@code status} with no daemon, {@code start -d} (a real background daemon,
 * waited for through the HTTP client), {@code status}, {@code status --json}, {@code backup list},
 * {@code db status} and {@code stop}. {@code version} runs {@code --version} alone. The launcher gives the daemon and every other command their own cache, so a
 * short command never preloads the web server's classes.
 */
public final class AotTraining {
    private static final long READY_TIMEOUT_MILLIS = 60_000;
    private static volatile String lastOut = "";

    private AotTraining() {}

    /** Train {@code args[0]} (daemon, cli or version) on data dir {@code args[1]}; exit 0 once every step ran. */
    public static void main(String[] args) throws InterruptedException {
        if (args.length != 2 || !(args[0].equals("daemon") || args[0].equals("cli") || args[0].equals("version"))) {
            throw new IllegalArgumentException("usage: AotTraining daemon|cli|version DATA_DIR");
        }
        if (args[0].equals("version")) {
            Main.main(new String[] {"--version"});
            return;
        }
        // Main is what the launcher runs; loading it here puts it in the caches too.
        Objects.requireNonNull(Main.class);
        writeTrainingConfig(Path.of(args[1]));
        Map<String, String> env = new HashMap<>(System.getenv());
        env.put(Layout.Env.DATA_DIR, Path.of(args[1]).toAbsolutePath().toString());
        env.put(Layout.Env.STDERR_TTY, "0");
        env.put(Handover.TRAINING, args[0]); // train this image's code, never hand a command over (Handover)
        if (args[0].equals("daemon")) {
            Logging.configure(new String[] {"start"}, env);
            Thread daemon =
                    Thread.ofPlatform().daemon().name("waiaas-training-daemon").start(() -> run(env, "start"));
            long deadline = System.currentTimeMillis() + READY_TIMEOUT_MILLIS;
            while (run(env, "status") != 0 || !lastOut.contains("running")) {
                if (!daemon.isAlive() || System.currentTimeMillis() > deadline) {
                    System.exit(1);
                }
                Thread.sleep(20);
            }
            run(env, "status", "--json");
            System.exit(0);
        }
        Logging.configure(new String[] {"status"}, env);
        run(env, "--version");
        run(env, "--help");
        run(env, "start", "--help");
        run(env, "status");
        run(env, "no-such-command");
        int started = run(env, "start", "-d");
        run(env, "status");
        run(env, "status", "--json");
        run(env, "-q", "backup", "list");
        run(env, "-q", "db", "status");
        int stopped = run(env, "stop");
        System.exit(started == 0 && stopped == 0 ? 0 : 1);
    }

    /**
     * Give a fresh training data dir its config: a port free on loopback now, and no registry traffic. Wherever a
     * version is installed it can train, with nothing else to choose.
     */
    private static void writeTrainingConfig(Path dataDir) {
        Path config = Layout.config(dataDir);
        if (Files.exists(config)) {
            return;
        }
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            Files.createDirectories(dataDir);
            Files.writeString(config, "[daemon]\nport = " + socket.getLocalPort() + "\n[update]\ncheck = false\n");
        } catch (IOException e) {
            throw new UncheckedIOException("could not write the training config in " + dataDir, e);
        }
    }

    private static int run(Map<String, String> env, String... args) {
        StringWriter out = new StringWriter();
        Cli cli = Cli.create(
                BuildInfo.version().toString(),
                options -> new Wiring(options, env, Main.userHome(env, System.getProperty("user.home"))),
                env,
                false);
        int code = cli.execute(args, new PrintWriter(out), new PrintWriter(new StringWriter()));
        if (args.length > 0 && args[0].equals("status")) {
            lastOut = out.toString();
        }
        return code;
    }
}
