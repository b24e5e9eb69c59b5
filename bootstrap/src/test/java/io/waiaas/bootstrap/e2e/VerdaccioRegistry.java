package io.waiaas.bootstrap.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.net.HttpURLConnection;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

/**
 * A real private npm registry for the end-to-end tests: Verdaccio, as pinned in {@code tools/registry} (installed there
 * by Maven before the tests), started on a loopback port with local storage and no uplinks, and stopped by
 * {@link #close}. Packages go in with real {@code npm publish} and out with real {@code npm install -g}.
 *
 * <p>Several registries may share one storage folder one after another, so the packages are published once and then
 * served under other access rules ({@code $all}, {@code $authenticated}).
 */
final class VerdaccioRegistry implements AutoCloseable {
    /** Anyone may read. */
    static final String ANYONE = "$all";
    /** Only a request with a valid token may read. */
    static final String AUTHENTICATED = "$authenticated";

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration START_TIMEOUT = Duration.ofSeconds(60);
    private static final Duration NPM_TIMEOUT = Duration.ofMinutes(3);

    private final Process process;
    private final Path dir;
    private final String host;
    private final int port;

    private VerdaccioRegistry(Process process, Path dir, String host, int port) {
        this.process = process;
        this.dir = dir;
        this.host = host;
        this.port = port;
    }

    /**
     * Start Verdaccio on {@code host} (a loopback address) with its storage in {@code storage}, readable by
     * {@code access}; publishing always needs a token. {@code dir} holds its config, users and log.
     */
    static VerdaccioRegistry start(Path dir, Path storage, String host, String access)
            throws IOException, InterruptedException {
        Path bin = Path.of(
                System.getProperty("waiaas.verdaccio", "../tools/registry/node_modules/verdaccio/bin/verdaccio"));
        assertTrue(Files.isRegularFile(bin), "Verdaccio is not installed at " + bin + "; run tools/registry/install");
        Files.createDirectories(dir);
        Files.createDirectories(storage);
        int port = ImageRunner.freePort();
        Path config = dir.resolve("config.yaml");
        Files.writeString(
                config,
                String.join(
                        "\n",
                        "storage: " + storage.toAbsolutePath(),
                        "auth:",
                        "  htpasswd:",
                        "    file: " + dir.resolve("htpasswd").toAbsolutePath(),
                        "uplinks: {}",
                        "packages:",
                        "  '**':",
                        "    access: " + access,
                        "    publish: $authenticated",
                        "    unpublish: $authenticated",
                        "listen: " + host + ":" + port,
                        // A release package is about 40 MB; npm publish sends it base64-encoded in one JSON body.
                        "max_body_size: 300mb",
                        "log: { type: stdout, format: pretty, level: warn }",
                        ""));
        ProcessBuilder builder = new ProcessBuilder(
                        node().toString(), bin.toAbsolutePath().toString(), "--config", config.toString())
                .redirectErrorStream(true)
                .redirectOutput(dir.resolve("verdaccio.log").toFile())
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
        builder.environment().put("HOME", dir.toAbsolutePath().toString());
        VerdaccioRegistry registry = new VerdaccioRegistry(builder.start(), dir, host, port);
        long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
        while (System.nanoTime() < deadline) {
            if (!registry.process.isAlive()) {
                throw new AssertionError("Verdaccio exited: " + registry.log());
            }
            if (registry.status("/-/ping") == 200) {
                return registry;
            }
            Thread.sleep(100);
        }
        registry.close();
        throw new AssertionError("Verdaccio did not answer within " + START_TIMEOUT + ": " + registry.log());
    }

    /** Return the registry's URL, {@code http://host:port/}. */
    URI uri() {
        return URI.create("http://" + host + ":" + port + "/");
    }

    /** Return npm's key prefix of this registry's credentials, {@code //host:port/}. */
    String nerfDart() {
        return "//" + host + ":" + port + "/";
    }

    /** Return what Verdaccio logged. */
    String log() {
        try {
            return Files.readString(dir.resolve("verdaccio.log"));
        } catch (IOException e) {
            return "(no log: " + e.getMessage() + ")";
        }
    }

    /** Add a user as {@code npm adduser} does and return the token Verdaccio gives it. */
    String addUser(String name) throws IOException {
        HttpURLConnection connection = (HttpURLConnection)
                uri().resolve("-/user/org.couchdb.user:" + name).toURL().openConnection();
        connection.setRequestMethod("PUT");
        connection.setDoOutput(true);
        connection.setConnectTimeout(5_000);
        connection.setReadTimeout(30_000);
        connection.setRequestProperty("Content-Type", "application/json");
        String body = JSON.writeValueAsString(
                Map.of("name", name, "password", UUID.randomUUID().toString()));
        connection.getOutputStream().write(body.getBytes(StandardCharsets.UTF_8));
        int status = connection.getResponseCode();
        try (InputStream in = status < 400 ? connection.getInputStream() : connection.getErrorStream()) {
            String answer = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            assertEquals(201, status, "adding user " + name + ": " + answer);
            return JSON.readTree(answer).get("token").textValue();
        }
    }

    /** Publish {@code tgz} with real {@code npm publish}, as {@code token}'s user, under dist-tag {@code tag}. */
    void publish(Path tgz, String tag, String token, Path scratch) throws IOException, InterruptedException {
        Path npmrc = npmrc(scratch, token);
        npm(
                scratch,
                token,
                "publish",
                tgz.toString(),
                "--registry",
                uri().toString(),
                "--userconfig",
                npmrc.toString(),
                "--tag",
                tag);
    }

    /**
     * Install {@code spec} globally into {@code prefix} with real {@code npm install -g}, reading with {@code token}
     * (none when empty); {@code scripts} runs the package's postinstall (its AOT training, half a minute), as a plain
     * {@code npm install -g} does.
     */
    void installGlobal(Path prefix, String spec, String token, boolean scripts, Path scratch)
            throws IOException, InterruptedException {
        Path npmrc = npmrc(scratch, token);
        npm(
                scratch,
                token,
                "install",
                "--global",
                "--prefix",
                prefix.toString(),
                "--registry",
                uri().toString(),
                "--userconfig",
                npmrc.toString(),
                scripts ? "--foreground-scripts" : "--ignore-scripts",
                spec);
    }

    private Path npmrc(Path scratch, String token) throws IOException {
        Path npmrc = Files.createTempFile(Files.createDirectories(scratch), "npmrc-", "");
        // The token itself stays out of the file: npm expands the variable from its environment.
        Files.writeString(npmrc, token.isEmpty() ? "" : nerfDart() + ":_authToken=${VERDACCIO_TEST_TOKEN}\n");
        return npmrc;
    }

    private void npm(Path scratch, String token, String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>();
        command.add(npmCommand().toString());
        command.addAll(List.of(args));
        command.addAll(List.of("--no-audit", "--no-fund", "--no-update-notifier", "--loglevel=error"));
        ProcessBuilder builder = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
        Map<String, String> environment = builder.environment();
        environment.keySet().removeIf(k -> k.toLowerCase().startsWith("npm_config_"));
        environment.put("HOME", scratch.toAbsolutePath().toString());
        environment.put(
                "npm_config_cache",
                scratch.resolve("npm-cache").toAbsolutePath().toString());
        environment.put("VERDACCIO_TEST_TOKEN", token);
        Process p = builder.start();
        byte[] output = p.getInputStream().readAllBytes();
        if (!p.waitFor(NPM_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("npm " + args[0] + " did not finish within " + NPM_TIMEOUT);
        }
        assertEquals(
                0,
                p.exitValue(),
                "npm " + String.join(" ", args) + ": " + new String(output, StandardCharsets.UTF_8) + "\nVerdaccio: "
                        + log());
    }

    private int status(String path) {
        try {
            HttpURLConnection connection =
                    (HttpURLConnection) uri().resolve(path).toURL().openConnection();
            connection.setConnectTimeout(1_000);
            connection.setReadTimeout(5_000);
            int status = connection.getResponseCode();
            connection.disconnect();
            return status;
        } catch (IOException e) {
            return -1;
        }
    }

    /** Return the {@code npm} on this machine's {@code PATH}. */
    static Path npmCommand() {
        return ImageRunner.onPath("npm", "the private registry tests need it");
    }

    /** Return the {@code node} on this machine's {@code PATH}. */
    static Path node() {
        return ImageRunner.onPath("node", "the private registry tests need it");
    }

    /** Return the folder holding node and npm, for a {@code PATH} that has them. */
    static String nodePath() {
        return npmCommand().getParent().toString();
    }

    @Override
    public void close() throws InterruptedException {
        process.descendants().forEach(ProcessHandle::destroy);
        process.destroy();
        if (!process.waitFor(10, TimeUnit.SECONDS)) {
            process.descendants().forEach(ProcessHandle::destroyForcibly);
            process.destroyForcibly();
            process.waitFor(10, TimeUnit.SECONDS);
        }
    }
}
