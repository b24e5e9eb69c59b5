package io.waiaas.bootstrap.e2e;

import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/** Run the built runtime image's {@code bin/waiaas} as a real process, with no JDK in its environment. */
final class ImageRunner {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration COMMAND_TIMEOUT = Duration.ofSeconds(90);

    private final Path image;
    private final Path launcher;
    private final Path dataDir;
    private final Path toolsDir;
    private final Path scratch;
    private final Map<String, String> extraEnv = new HashMap<>();
    private final List<String> wrapper = new ArrayList<>();

    ImageRunner(Path dataDir, Path scratch) throws IOException {
        this(
                dataDir,
                scratch,
                Path.of(System.getProperty("waiaas.image", "target/image"))
                        .toAbsolutePath()
                        .resolve("bin/waiaas"));
        assertTrue(Files.isExecutable(launcher), "no runtime image at " + image);
    }

    /** Run the launcher {@code launcher} instead of the built image's, e.g. an installed version's. */
    ImageRunner(Path dataDir, Path scratch, Path launcher) throws IOException {
        this.image = Path.of(System.getProperty("waiaas.image", "target/image")).toAbsolutePath();
        this.launcher = launcher;
        this.dataDir = dataDir;
        this.scratch = scratch;
        // A PATH with only the tools the launcher uses, and no java: the image must bring its own runtime.
        this.toolsDir = Files.createDirectories(scratch.resolve("tools"));
        for (String tool : List.of("readlink", "dirname", "setsid")) {
            Path target = Path.of("/usr/bin", tool);
            if (Files.exists(target) && !Files.exists(toolsDir.resolve(tool))) {
                Files.createSymbolicLink(toolsDir.resolve(tool), target);
            }
        }
    }

    Path image() {
        return image;
    }

    Path dataDir() {
        return dataDir;
    }

    /** Return a runner of the data dir's installed side-by-side launcher ({@code runtime/bin/waiaas}). */
    ImageRunner installed() throws IOException {
        return new ImageRunner(dataDir, scratch, dataDir.resolve("runtime/bin/waiaas"));
    }

    /** Stop whatever daemon of the data dir runs: through the installed launcher when an upgrade made one, then this. */
    void stopAll() throws IOException, InterruptedException {
        if (Files.isExecutable(dataDir.resolve("runtime/bin/waiaas"))) {
            installed().run("stop");
        }
        run("stop");
    }

    ImageRunner env(String name, String value) {
        extraEnv.put(name, value);
        return this;
    }

    /** Return a runner of the same launcher whose processes also get {@code env}. */
    ImageRunner withEnv(Map<String, String> env) throws IOException {
        ImageRunner runner = new ImageRunner(dataDir, scratch, launcher);
        runner.extraEnv.putAll(extraEnv);
        runner.extraEnv.putAll(env);
        runner.wrapper.addAll(wrapper);
        return runner;
    }

    /** Return a runner that starts the launcher under {@code command} (e.g. {@code strace -f -o FILE}). */
    ImageRunner wrappedIn(List<String> command) throws IOException {
        ImageRunner runner = withEnv(Map.of());
        runner.wrapper.clear();
        runner.wrapper.addAll(command);
        return runner;
    }

    /** Run {@code waiaas --data-dir DIR args...} to completion. */
    Result run(String... args) throws IOException, InterruptedException {
        return finish(start(args), "waiaas " + String.join(" ", args));
    }

    /** Wait for {@code process} (one {@link #start} made), named {@code name} in a failure, and collect its output. */
    static Result finish(Process process, String name) throws IOException, InterruptedException {
        return finish(process, name, COMMAND_TIMEOUT);
    }

    /** Wait up to {@code timeout} for {@code process}, kill it past that, and collect its output. */
    static Result finish(Process process, String name, Duration timeout) throws IOException, InterruptedException {
        try (InputStream o = process.getInputStream();
                InputStream e = process.getErrorStream()) {
            ByteCollector out = new ByteCollector(o);
            ByteCollector err = new ByteCollector(e);
            Thread outThread = Thread.ofPlatform().daemon().start(out);
            Thread errThread = Thread.ofPlatform().daemon().start(err);
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly();
                throw new AssertionError(name + " did not finish in " + timeout);
            }
            // A child that inherited the pipes could keep them open: the output is what came in the meantime.
            outThread.join(COMMAND_TIMEOUT.toMillis());
            errThread.join(COMMAND_TIMEOUT.toMillis());
            return new Result(
                    process.exitValue(),
                    new String(out.bytes(), StandardCharsets.UTF_8),
                    new String(err.bytes(), StandardCharsets.UTF_8));
        }
    }

    /** Start {@code waiaas --data-dir DIR args...} and return the running process (output to files). */
    Process start(String... args) throws IOException {
        List<String> command = new ArrayList<>(wrapper);
        command.addAll(command(args));
        return startRaw(command);
    }

    /** Start {@code waiaas --data-dir DIR args...} with its stdin a pipe this test writes to. */
    Process startWithInput(String... args) throws IOException {
        ProcessBuilder builder = new ProcessBuilder(command(args));
        builder.environment().clear();
        builder.environment().putAll(environment());
        return builder.start();
    }

    /** Return the command line {@code waiaas --data-dir DIR args...} (without a {@link #wrappedIn} wrapper). */
    List<String> command(String... args) {
        List<String> command = new ArrayList<>();
        command.add(launcher.toString());
        command.add("--data-dir");
        command.add(dataDir.toString());
        command.addAll(List.of(args));
        return command;
    }

    /** Return the whole environment the image runs with in these tests. */
    Map<String, String> environment() {
        Map<String, String> env = new HashMap<>(System.getenv());
        env.remove("JAVA_HOME");
        env.remove("JAVA_TOOL_OPTIONS");
        env.remove("WAIAAS_LAUNCHER");
        // The update notice has its own tests; CI's own CI=true must not decide them.
        env.remove("CI");
        env.remove("NO_UPDATE_NOTIFIER");
        env.remove("WAIAAS_NO_UPDATE_NOTIFY");
        env.put("PATH", toolsDir.toString());
        env.put("SHELL", "/bin/sh");
        env.put("HOME", dataDir.getParent().toString());
        // Installed versions train their AOT caches in the background (half a minute of CPU each): only the tests of
        // that turn it on, so no training outlives its test or competes with the next one.
        env.put("WAIAAS_INSTALL_AOT_CACHES", "false");
        env.putAll(extraEnv);
        return env;
    }

    /**
     * Run {@code waiaas --data-dir DIR args...} on a pseudo-terminal (through util-linux {@code script}) with its
     * stdout sent to {@code stdoutFile}: what the terminal shows is then stderr alone.
     *
     * @return the exit code and, as {@code err}, what the terminal showed
     */
    Result runOnTerminal(Path stdoutFile, String... args) throws IOException, InterruptedException {
        StringBuilder line = new StringBuilder("exec ")
                .append(quote(launcher.toString()))
                .append(" --data-dir ")
                .append(quote(dataDir.toString()));
        for (String arg : args) {
            line.append(' ').append(quote(arg));
        }
        line.append(" > ").append(quote(stdoutFile.toString()));
        // script's -e returns the child's exit code; -q keeps its own banner out; the log goes nowhere.
        Process process = startRaw(List.of("/usr/bin/script", "-qec", line.toString(), "/dev/null"));
        byte[] shown = process.getInputStream().readAllBytes();
        if (!process.waitFor(COMMAND_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
            process.destroyForcibly();
            throw new AssertionError("waiaas on a terminal did not finish in " + COMMAND_TIMEOUT);
        }
        return new Result(
                process.exitValue(),
                Files.readString(stdoutFile),
                new String(shown, StandardCharsets.UTF_8).replace("\r\n", "\n"));
    }

    private static String quote(String arg) {
        return "'" + arg.replace("'", "'\\''") + "'";
    }

    private Process startRaw(List<String> command) throws IOException {
        ProcessBuilder builder = new ProcessBuilder(command);
        builder.environment().clear();
        builder.environment().putAll(environment());
        builder.redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
        return builder.start();
    }

    /** Return the executable {@code tool} on this process's PATH; fail saying {@code neededBy} when there is none. */
    static Path onPath(String tool, String neededBy) {
        return Arrays.stream(System.getenv().getOrDefault("PATH", "").split(File.pathSeparator))
                .filter(dir -> !dir.isEmpty())
                .map(dir -> Path.of(dir, tool))
                .filter(Files::isExecutable)
                .findFirst()
                .orElseThrow(() -> new AssertionError(tool + " is not on PATH; " + neededBy));
    }

    /**
     * Return a TCP port that was free a moment ago on 127.0.0.1, chosen below Linux's ephemeral range (32768–60999).
     * A daemon's port is kept across its stops and starts, for tens of seconds during an upgrade: one from the
     * ephemeral range (as {@code new ServerSocket(0)} gives) can meanwhile become the local port of any outgoing
     * connection on the machine, and the restart fails with "Address already in use" (seen in the crash suite with
     * three suites running side by side).
     */
    static int freePort() throws IOException {
        java.util.concurrent.ThreadLocalRandom random = java.util.concurrent.ThreadLocalRandom.current();
        for (int attempt = 0; attempt < 200; attempt++) {
            int port = random.nextInt(20_000, 32_768);
            try (ServerSocket socket = new ServerSocket(port, 1, java.net.InetAddress.getLoopbackAddress())) {
                return socket.getLocalPort();
            } catch (java.net.BindException taken) {
                // try another
            }
        }
        throw new IOException("no free TCP port in 20000-32767 on 127.0.0.1 after 200 tries");
    }

    /** Send {@code GET path} to 127.0.0.1:port with the given Host header; empty when nothing answers. */
    static Optional<HttpReply> get(int port, String path, String host) {
        try (Socket socket = new Socket()) {
            socket.connect(new java.net.InetSocketAddress("127.0.0.1", port), 2_000);
            socket.setSoTimeout(5_000);
            OutputStream out = socket.getOutputStream();
            out.write(("GET " + path + " HTTP/1.1\r\nHost: " + host + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            out.flush();
            InputStream in = socket.getInputStream();
            StringBuilder head = new StringBuilder();
            while (!head.toString().endsWith("\r\n\r\n")) {
                int b = in.read();
                if (b < 0) {
                    return Optional.empty();
                }
                head.append((char) b);
            }
            int length = 0;
            for (String line : head.toString().split("\r\n")) {
                if (line.toLowerCase().startsWith("content-length:")) {
                    length = Integer.parseInt(line.substring(15).trim());
                }
            }
            String body = new String(in.readNBytes(length), StandardCharsets.UTF_8);
            return Optional.of(new HttpReply(Integer.parseInt(head.substring(9, 12)), body));
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    /** Wait until {@code /health} on {@code port} answers a body that meets {@code condition}; fail after {@code timeout}. */
    static JsonNode awaitHealth(int port, Predicate<JsonNode> condition, Duration timeout) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        JsonNode last = null;
        while (System.nanoTime() < deadline) {
            Optional<HttpReply> reply = get(port, "/health", "127.0.0.1");
            if (reply.isPresent() && reply.get().status() == 200) {
                last = JSON.readTree(reply.get().body());
                if (condition.test(last)) {
                    return last;
                }
            }
            Thread.sleep(20);
        }
        throw new AssertionError("/health did not reach the expected state within " + timeout + "; last: " + last);
    }

    /** Wait until {@code /health} on {@code port} answers 200, up to {@code timeout}. */
    static boolean awaitHealth(int port, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (get(port, "/health", "127.0.0.1:" + port)
                    .filter(r -> r.status() == 200)
                    .isPresent()) {
                return true;
            }
            Thread.sleep(50);
        }
        return false;
    }

    record Result(int exit, String out, String err) {
        @Override
        public String toString() {
            return "exit " + exit + "\n--- stdout\n" + out + "--- stderr\n" + err;
        }
    }

    record HttpReply(int status, String body) {}

    private static final class ByteCollector implements Runnable {
        private final InputStream in;
        private volatile byte[] bytes = new byte[0];

        ByteCollector(InputStream in) {
            this.in = in;
        }

        @Override
        public void run() {
            try {
                bytes = in.readAllBytes();
            } catch (IOException ignored) {
                // The process is gone; what was read is all there is.
            }
        }

        byte[] bytes() {
            return bytes;
        }
    }
}
