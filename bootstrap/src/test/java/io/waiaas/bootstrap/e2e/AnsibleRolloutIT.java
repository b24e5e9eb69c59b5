package io.waiaas.bootstrap.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.waiaas.application.testkit.LoopbackRegistry;
import io.waiaas.application.testkit.PublishedPackages;
import io.waiaas.application.testkit.RegistryKey;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Ansible role and playbooks in deploy/ansible, run by Debian's {@code ansible-playbook} against three local
 * hosts (connection local; three npm prefixes, data dirs and ports) and the loopback registry: {@code install.yml}
 * installs N from the copied release package and starts each daemon; {@code rolling-upgrade.yml} moves the hosts to
 * N+1 one batch at a time, and a release whose migration fails halts the rollout after the first host, which waiaas
 * rolled back and which serves N.
 *
 * <p>About five minutes on two cores, so in the full run only ({@code ./test -Preliability}, {@code reliability/run
 * --full}): the default run stays under half an hour.
 */
@Timeout(900)
@Tag("full")
class AnsibleRolloutIT {
    private static final String CLI = "@waiaas/cli";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Path ANSIBLE = Path.of("").toAbsolutePath().getParent().resolve("deploy/ansible");
    private static final List<String> HOSTS = List.of("h1", "h2", "h3");

    @TempDir
    Path tmp;

    private final RegistryKey key = RegistryKey.generate("SHA256:ansible-it");
    private final List<LoopbackRegistry> registries = new ArrayList<>();
    private final Map<String, Integer> ports = new HashMap<>();
    private String n;
    private String next;

    @BeforeEach
    void setUp() throws IOException {
        n = System.getProperty("waiaas.version");
        next = TestReleases.nextVersion();
        for (String host : HOSTS) {
            ports.put(host, ImageRunner.freePort());
        }
    }

    @AfterEach
    void tearDown() throws Exception {
        for (String host : HOSTS) {
            Path launcher = prefix(host).resolve("bin/waiaas");
            if (Files.isExecutable(launcher)) {
                new ImageRunner(dataDir(host), tmp, launcher).run("stop");
            }
        }
        registries.forEach(LoopbackRegistry::close);
    }

    @Test
    void theRolloutUpgradesEveryHostOneBatchAtATimeKeepingTheirRows() throws Exception {
        LoopbackRegistry registry = serve("");
        installAll(registry);
        Run twice = playbook("install.yml", registry, "waiaas_version=" + n);
        assertEquals(0, twice.exit(), twice.out());
        assertEquals(0, count(twice.out(), "changed: ["), "install.yml is not idempotent:\n" + twice.out());
        Map<String, String> pids = pids();
        writeRowOnEachHost();

        Run rollout = playbook("rolling-upgrade.yml", registry, "waiaas_version=" + next);
        assertEquals(0, rollout.exit(), rollout.out());
        // serial [1, "10%", "100%"] on three hosts: three batches of one, in inventory order.
        assertEquals(3, count(rollout.out(), "PLAY [Roll out a waiaas version]"), rollout.out());
        List<String> upgraded = Stream.of(rollout.out().split("\n"))
                .filter(l -> l.startsWith("changed: ["))
                .map(l -> l.substring("changed: [".length(), l.indexOf(']')))
                .toList();
        assertEquals(HOSTS, upgraded, rollout.out());
        for (String host : HOSTS) {
            assertEquals(next, health(host).path("version").textValue(), host);
            assertNotEquals(pids.get(host), pid(host), host + "'s daemon was not restarted");
            assertEquals(Optional.of("kept"), row(host), host + " lost its row");
            assertTrue(backups(host).stream().anyMatch(b -> b.startsWith("pre-upgrade-" + n + "-")), host);
        }

        Run again = playbook("rolling-upgrade.yml", registry, "waiaas_version=" + next);
        assertEquals(0, again.exit(), again.out());
        assertFalse(again.out().contains("changed: ["), "a second rollout changed something:\n" + again.out());
    }

    @Test
    void aReleaseWhoseMigrationFailsHaltsTheRolloutAfterTheFirstHostWhichServesTheOldVersion() throws Exception {
        LoopbackRegistry registry = serve("-failing-migration");
        installAll(registry);
        Map<String, String> pids = pids();
        writeRowOnEachHost();

        Run rollout = playbook("rolling-upgrade.yml", registry, "waiaas_version=" + next);
        assertNotEquals(0, rollout.exit(), rollout.out());
        assertTrue(rollout.out().contains("h1: the upgrade to " + next + " failed at step migrate"), rollout.out());
        assertTrue(rollout.out().contains("rolled back (exit 3)"), rollout.out());
        assertEquals(n, health("h1").path("version").textValue(), "h1 does not serve " + n + " again");
        assertEquals(Optional.of("kept"), row("h1"));
        for (String host : List.of("h2", "h3")) {
            assertFalse(rollout.out().contains("[" + host + "]"), host + " was touched:\n" + rollout.out());
            assertEquals(pids.get(host), pid(host), host + "'s daemon was restarted");
            assertEquals(n, health(host).path("version").textValue(), host);
            assertEquals(List.of(), backups(host), host);
            assertEquals(Optional.of("kept"), row(host));
        }
    }

    // ---- the hosts ----

    private void installAll(LoopbackRegistry registry) throws Exception {
        Run install = playbook("install.yml", registry, "waiaas_version=" + n);
        assertEquals(0, install.exit(), install.out());
        for (String host : HOSTS) {
            assertEquals(n, health(host).path("version").textValue(), host);
        }
    }

    private Run playbook(String playbook, LoopbackRegistry registry, String... extraVars) throws Exception {
        Path inventory = tmp.resolve("inventory.json");
        Map<String, Object> hosts = new HashMap<>();
        for (String host : HOSTS) {
            hosts.put(
                    host,
                    Map.of(
                            "waiaas_npm_prefix", prefix(host).toString(),
                            "waiaas_data_dir", dataDir(host).toString(),
                            "waiaas_port", ports.get(host)));
        }
        Map<String, Object> vars = new HashMap<>();
        vars.put("ansible_connection", "local");
        python().ifPresent(p -> vars.put("ansible_python_interpreter", p.toString()));
        vars.put("waiaas_registry", registry.uri().toString());
        vars.put("waiaas_package_file", TestReleases.release(n).toString());
        vars.put(
                "waiaas_config",
                Map.of(
                        "update",
                        Map.of("check", false, "registry", registry.uri().toString())));
        Files.writeString(inventory, JSON.writeValueAsString(Map.of("waiaas", Map.of("hosts", hosts, "vars", vars))));

        List<String> command = new ArrayList<>(List.of(
                ImageRunner.onPath(
                                "ansible-playbook",
                                "this test needs Debian's ansible (apt-get install ansible; ./test installs it when run as root)")
                        .toString(),
                "-i",
                inventory.toString(),
                playbook));
        for (String extra : extraVars) {
            command.addAll(List.of("-e", extra));
        }
        ProcessBuilder builder = new ProcessBuilder(command).directory(ANSIBLE.toFile());
        Path home = Files.createDirectories(tmp.resolve("home"));
        Map<String, String> env = builder.environment();
        env.clear();
        env.put("PATH", System.getenv("PATH"));
        env.put("HOME", home.toString());
        env.put("LANG", "C.UTF-8");
        env.put("ANSIBLE_HOME", home.resolve(".ansible").toString());
        env.put(
                "ANSIBLE_LOCAL_TEMP",
                Files.createDirectories(tmp.resolve("ansible-tmp")).toString());
        env.put("ANSIBLE_NOCOLOR", "1");
        env.put("ANSIBLE_RETRY_FILES_ENABLED", "false");
        env.put("npm_config_cache", tmp.resolve("npm-cache").toString());
        env.put("npm_config_userconfig", home.resolve(".npmrc").toString());
        builder.redirectErrorStream(true);
        builder.redirectOutput(tmp.resolve(playbook + ".log").toFile());
        Process process = builder.start();
        if (!process.waitFor(10, TimeUnit.MINUTES)) {
            process.descendants().forEach(ProcessHandle::destroyForcibly);
            process.destroyForcibly();
        }
        String out = Files.readString(tmp.resolve(playbook + ".log"));
        return new Run(process.isAlive() ? -1 : process.exitValue(), out);
    }

    private record Run(int exit, String out) {}

    private Path prefix(String host) {
        return tmp.resolve(host).resolve("prefix");
    }

    private Path dataDir(String host) {
        return tmp.resolve(host).resolve("data");
    }

    private JsonNode health(String host) throws IOException {
        ImageRunner.HttpReply reply = ImageRunner.get(ports.get(host), "/health", "127.0.0.1")
                .orElseThrow(() -> new AssertionError(host + " does not answer /health"));
        assertEquals(200, reply.status(), host + ": " + reply.body());
        return JSON.readTree(reply.body());
    }

    private Map<String, String> pids() throws IOException {
        Map<String, String> pids = new HashMap<>();
        for (String host : HOSTS) {
            pids.put(host, pid(host));
        }
        return pids;
    }

    private String pid(String host) throws IOException {
        return Files.readString(dataDir(host).resolve("daemon.pid")).strip();
    }

    private void writeRowOnEachHost() {
        for (String host : HOSTS) {
            SqliteFiles.execute(
                    dataDir(host).resolve("data/waiaas.db"),
                    "INSERT INTO key_value_store (key, value, updated_at) VALUES ('ansible.row', 'kept', 0)");
        }
    }

    private Optional<String> row(String host) {
        return Optional.ofNullable(
                SqliteFiles.keyValues(dataDir(host).resolve("data/waiaas.db")).get("ansible.row"));
    }

    private List<String> backups(String host) throws IOException {
        Path dir = dataDir(host).resolve("backups");
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> list = Files.list(dir)) {
            return list.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    private LoopbackRegistry serve(String nextSuffix) throws IOException {
        PublishedPackages published = new PublishedPackages().keys(key);
        TestReleases.publish(published, n, TestReleases.release(n), key);
        TestReleases.publish(published, next, TestReleases.testPackage(next, nextSuffix), key);
        published.tag(CLI, "latest", next);
        LoopbackRegistry registry = LoopbackRegistry.serve(published);
        registries.add(registry);
        return registry;
    }

    private static int count(String text, String what) {
        return text.split(java.util.regex.Pattern.quote(what), -1).length - 1;
    }

    /** Debian's python3, which Debian's ansible is installed for (a python3 earlier on PATH may lack its modules). */
    private static Optional<Path> python() {
        Path debian = Path.of("/usr/bin/python3");
        return Files.isExecutable(debian) ? Optional.of(debian) : Optional.empty();
    }
}
