package io.waiaas.bootstrap.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.waiaas.application.testkit.LoopbackRegistry;
import io.waiaas.application.testkit.PublishedPackages;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code waiaas doctor} through the real runtime image, against a real data dir and daemon (DOCT-01..04). */
class DoctorIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String PACKAGE = "@waiaas/cli";
    private static final String TOKEN = "npm_doctorSecretToken0123456789";

    @TempDir
    Path tmp;

    private final PublishedPackages published =
            new PublishedPackages().publish(PACKAGE, "0.0.1", "9.9.9").tag(PACKAGE, "latest", "9.9.9");
    private LoopbackRegistry registry;
    private ImageRunner waiaas;
    private Path dataDir;
    private int port;

    @BeforeEach
    void setUp() throws IOException {
        registry = LoopbackRegistry.serve(published);
        dataDir = tmp.resolve("data");
        Files.createDirectories(
                dataDir, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        Path tokenFile = tmp.resolve("registry-token");
        Files.writeString(tokenFile, TOKEN + "\n");
        Files.setPosixFilePermissions(tokenFile, PosixFilePermissions.fromString("rw-------"));
        port = ImageRunner.freePort();
        Files.writeString(
                dataDir.resolve("config.toml"),
                "[daemon]\nport = " + port + "\n[update]\ncheck = false\nregistry = \"" + registry.uri()
                        + "\"\ntoken_file = \"" + tokenFile + "\"\n");
        waiaas = new ImageRunner(dataDir, tmp);
    }

    @AfterEach
    void tearDown() throws Exception {
        waiaas.run("stop");
        registry.close();
    }

    /** Return each check's status by name, from the text output. */
    private static Map<String, String> statuses(String out) {
        return out.lines()
                .map(line -> line.split("\\s+", 3))
                .collect(Collectors.toMap(w -> w[1], w -> w[0], (a, b) -> a, java.util.LinkedHashMap::new));
    }

    @Test
    void aHealthyDataDirWithItsDaemonRunningPassesAndTheTokenIsNeverShown() throws Exception {
        assertEquals(0, waiaas.run("start", "-d").exit());
        ImageRunner.Result backup = waiaas.run("backup", "create");
        assertEquals(0, backup.exit(), backup.toString());

        ImageRunner.Result doctor = waiaas.run("doctor");
        assertEquals(0, doctor.exit(), doctor.toString());
        Map<String, String> statuses = statuses(doctor.out());
        assertEquals(
                List.of(
                        "data-dir",
                        "backups-dir",
                        "port",
                        "registry",
                        "registry-metadata",
                        "signing-keys",
                        "disk-space",
                        "schema",
                        "locks",
                        "last-backup",
                        "path",
                        "systemd"),
                new ArrayList<>(statuses.keySet()),
                doctor.out());
        for (String ok : List.of(
                "data-dir",
                "backups-dir",
                "port",
                "registry",
                "registry-metadata",
                "disk-space",
                "schema",
                "locks",
                "last-backup",
                "systemd")) {
            assertEquals("ok", statuses.get(ok), ok + " in\n" + doctor.out());
        }
        assertTrue(doctor.out().contains("is served by this data dir's daemon"), doctor.out());
        assertTrue(doctor.out().contains(PACKAGE + "@latest is 9.9.9"), doctor.out());
        // The loopback registry publishes no signing keys; PATH here holds no waiaas.
        assertEquals("warn", statuses.get("signing-keys"), doctor.out());
        assertEquals("warn", statuses.get("path"), doctor.out());
        assertFalse((doctor.out() + doctor.err()).contains(TOKEN), "the registry token was shown");
        assertTrue(
                registry.requests().stream().anyMatch(r -> r.toString().contains("dist-tags")),
                registry.requests().toString());

        ImageRunner.Result json = waiaas.run("doctor", "--json");
        assertEquals(0, json.exit(), json.toString());
        JsonNode report = JSON.readTree(json.out());
        assertTrue(report.get("ok").booleanValue(), json.out());
        assertEquals(12, report.get("checks").size());
        JsonNode port = report.get("checks").get(2);
        assertEquals("port", port.get("name").textValue());
        assertEquals("ok", port.get("status").textValue());
        assertTrue(port.get("message").textValue().contains("127.0.0.1:" + this.port), port.toString());
        assertFalse(json.out().contains(TOKEN));
    }

    @Test
    void aStaleLockAndAnUnwritableBackupsDirFailWithWhatToDoAndExitOne() throws Exception {
        Process gone = new ProcessBuilder("true").start();
        gone.waitFor();
        Files.writeString(dataDir.resolve("daemon.pid"), gone.pid() + "\n", StandardCharsets.US_ASCII);
        Files.writeString(dataDir.resolve("backups"), "a file where the backups dir belongs");

        ImageRunner.Result doctor = waiaas.run("doctor");
        assertEquals(1, doctor.exit(), doctor.toString());
        Map<String, String> statuses = statuses(doctor.out());
        assertEquals("fail", statuses.get("locks"), doctor.out());
        assertEquals("fail", statuses.get("backups-dir"), doctor.out());
        assertTrue(
                doctor.out().contains("names pid " + gone.pid() + ", which is gone; run: waiaas stop"), doctor.out());
        assertTrue(doctor.out().contains(dataDir.resolve("backups") + " is not writable"), doctor.out());
        assertEquals("", doctor.err());

        ImageRunner.Result json = waiaas.run("doctor", "--json");
        assertEquals(1, json.exit());
        JsonNode report = JSON.readTree(json.out());
        assertFalse(report.get("ok").booleanValue());
        List<String> failed = new ArrayList<>();
        report.get("checks").forEach(c -> {
            if ("fail".equals(c.get("status").textValue())) {
                failed.add(c.get("name").textValue());
            }
        });
        assertTrue(failed.containsAll(List.of("backups-dir", "locks")), failed.toString());
        assertTrue(Files.exists(dataDir.resolve("daemon.pid")), "the doctor changes nothing");
    }
}
