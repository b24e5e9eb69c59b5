package io.waiaas.bootstrap.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.waiaas.application.testkit.LoopbackRegistry;
import io.waiaas.application.testkit.ReliabilityLedger;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The running daemon as an attacker on the same machine sees it (HLTH-B1, §1, §7): the Host guard on every
 * route it serves, answers that name no path and no part of the configuration, and owner-only data and backups.
 * One daemon, started by the real image in a data dir that waiaas itself creates, serves every case.
 */
@Timeout(300)
class SecurityIT {
    /** Every route the daemon serves, and paths that only look like one. */
    private static final List<String> ROUTES = List.of(
            "/health",
            "/openapi.json",
            "/observe/health",
            "/observe/health/live",
            "/observe/health/ready",
            "/nothing-here",
            "/health/../openapi.json");
    /** A part of the configuration that must never be served: the registry URL, with a token in its path. */
    private static final String SECRET = "s3cr3t-registry-token";

    @TempDir
    static Path tmp;

    private static Path dataDir;
    private static ImageRunner waiaas;
    private static int port;

    @BeforeAll
    static void startTheDaemon() throws Exception {
        dataDir = tmp.resolve("home/waiaas-data");
        Files.createDirectories(dataDir.getParent());
        port = ImageRunner.freePort();
        // Configured through the environment, so that waiaas creates the data dir itself; the update check runs
        // against a registry that is down, so its failure is in the daemon's state too.
        waiaas = new ImageRunner(dataDir, tmp)
                .env("WAIAAS_DAEMON_PORT", Integer.toString(port))
                .env("WAIAAS_UPDATE_CHECK", "true")
                .env("WAIAAS_UPDATE_REGISTRY", LoopbackRegistry.closedPortUri() + SECRET + "/");
        ImageRunner.Result started = waiaas.run("start", "-d");
        assertEquals(0, started.exit(), started.toString());
    }

    @AfterAll
    static void stopTheDaemon() throws Exception {
        waiaas.run("stop");
    }

    static Stream<String> foreignHosts() {
        return Stream.of(
                "evil.example",
                "evil.example:PORT",
                "127.0.0.1.evil.example:PORT",
                "localhost.evil.example",
                "127.0.0.2:PORT",
                "0.0.0.0:PORT",
                "[::2]:PORT",
                "localhost@evil.example");
    }

    @ParameterizedTest(name = "Host: {0}")
    @MethodSource("foreignHosts")
    void theDaemonRefusesAForeignHostOnEveryRoute(String host) {
        String header = host.replace("PORT", Integer.toString(port));
        ReliabilityLedger.hostileInputOfCallingTest("Host: " + header);
        for (String route : ROUTES) {
            ImageRunner.HttpReply reply = ImageRunner.get(port, route, header)
                    .orElseThrow(() -> new AssertionError("no answer to " + route + " with Host " + header));
            // 400: the server refuses a Host it cannot parse before the guard sees it; a refusal all the same.
            assertTrue(
                    reply.status() == 403 || reply.status() == 400,
                    reply.status() + " for " + route + " with Host " + header);
            assertNamesNothingOfThisMachine(reply.body());
        }
    }

    @Test
    void theDaemonsAnswersNameNoPathAndNoPartOfTheConfiguration() {
        for (String route : ROUTES) {
            for (String host : List.of("127.0.0.1:" + port, "localhost", "[::1]:" + port)) {
                ImageRunner.HttpReply reply = ImageRunner.get(port, route, host)
                        .orElseThrow(() -> new AssertionError("no answer to " + route + " with Host " + host));
                assertTrue(reply.status() < 500, route + ": " + reply.status());
                assertNamesNothingOfThisMachine(reply.body());
            }
        }
        for (String odd : List.of("/%zz", "/../../../etc/passwd", "/health%00", "/" + "a".repeat(10_000))) {
            ReliabilityLedger.hostileInputOfCallingTest("GET " + odd.substring(0, Math.min(20, odd.length())));
            ImageRunner.get(port, odd, "127.0.0.1").ifPresent(reply -> {
                assertTrue(reply.status() >= 400, odd + ": " + reply.status());
                assertNamesNothingOfThisMachine(reply.body());
            });
        }
    }

    @Test
    void theDataDirIsTheOwnersAloneAndSoAreBackups() throws Exception {
        assertEquals("rwx------", permissions(dataDir), "the data dir waiaas created");
        assertEquals("rwx------", permissions(dataDir.resolve("data")));
        assertEquals("rwx------", permissions(dataDir.resolve("logs")));
        assertEquals("rw-------", permissions(dataDir.resolve("logs/daemon.log")));
        ImageRunner.Result backup = waiaas.run("backup", "create");
        assertEquals(0, backup.exit(), backup.toString());
        Path backups = dataDir.resolve("backups");
        assertEquals("rwx------", permissions(backups));
        try (Stream<Path> all = Files.walk(backups)) {
            for (Path p : all.filter(p -> !p.equals(backups)).toList()) {
                assertEquals(
                        Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS) ? "rwx------" : "rw-------",
                        permissions(p),
                        p.toString());
            }
        }
    }

    private static void assertNamesNothingOfThisMachine(String body) {
        for (String secret : List.of(
                dataDir.toString(),
                tmp.toString(),
                waiaas.image().toString(),
                SECRET,
                System.getProperty("user.home"),
                System.getProperty("java.home"))) {
            assertFalse(body.contains(secret), "'" + secret + "' served in: " + body);
        }
        assertFalse(body.contains("Exception") || body.contains("\tat "), "a stack trace served: " + body);
    }

    private static String permissions(Path p) throws IOException {
        return PosixFilePermissions.toString(Files.getPosixFilePermissions(p, LinkOption.NOFOLLOW_LINKS));
    }
}
