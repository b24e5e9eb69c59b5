package io.waiaas.bootstrap.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.waiaas.adapters.sqlite.SqliteStorage;
import io.waiaas.application.port.out.PackageSignature;
import io.waiaas.application.testkit.LoopbackReceiver;
import io.waiaas.application.testkit.LoopbackRegistry;
import io.waiaas.application.testkit.PublishedPackages;
import io.waiaas.application.testkit.RegistryKey;
import io.waiaas.application.testkit.ReliabilityLedger;
import io.waiaas.application.testkit.TarballBuilder;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.InstantSource;
import java.time.LocalTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * {@code waiaas upgrade} and {@code --rollback} end to end (UPGR-01..07, UPGR-B1..B6): the runtime image N as real
 * processes against a loopback registry serving the real packages of N and N+1 that the build made, signed.
 */
@Timeout(600)
class UpgradeIT {
    private static final String CLI = "@waiaas/cli";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Path PACKAGES =
            Path.of(System.getProperty("waiaas.packages", "target/packages")).toAbsolutePath();
    private static final Pattern DONE = Pattern.compile("\\[(\\d)/7\\] (\\w+): .*\\n +done in ([0-9.]+) s");

    @TempDir
    Path tmp;

    private final RegistryKey key = RegistryKey.generate("SHA256:upgrade-it");
    private final List<LoopbackRegistry> registries = new ArrayList<>();
    private String n;
    private String next;
    private Path dataDir;
    private ImageRunner image;
    private int port;

    @BeforeEach
    void setUp() throws IOException {
        n = System.getProperty("waiaas.version");
        next = Files.readString(PACKAGES.resolve("test/next-version")).strip();
        dataDir = tmp.resolve("data");
        Files.createDirectories(dataDir);
        image = new ImageRunner(dataDir, tmp);
        port = ImageRunner.freePort();
    }

    @AfterEach
    void tearDown() throws Exception {
        image.stopAll(); // whatever version runs now
        registries.forEach(LoopbackRegistry::close);
    }

    // ---- 1, 2: the whole way up and back ----

    @Test
    void upgradeWithADaemonRunningEndsOnTheNewVersionWithEveryRowIntact() throws Exception {
        LoopbackRegistry registry = serve("", "latest");
        configure(registry, true);
        assertEquals(0, image.run("start", "-d").exit());
        awaitHealth(h -> h.path("updateAvailable").booleanValue(), Duration.ofSeconds(20));
        ImageRunner.Result notice = image.runOnTerminal(tmp.resolve("out"), "status");
        assertTrue(notice.err().contains("Update available: " + n + " \u2192 " + next), notice.err());
        Map<String, String> rows = writeRows("before", 200);

        ImageRunner.Result upgrade = image.run("upgrade");
        assertEquals(0, upgrade.exit(), upgrade.toString());
        for (int k = 1; k <= 7; k++) {
            assertTrue(upgrade.out().contains("[" + k + "/7] "), "step " + k + " not announced: " + upgrade.out());
        }
        assertTrue(upgrade.out().contains("Upgrade complete: " + n + " \u2192 " + next), upgrade.out());
        reportDowntime(upgrade.out());

        JsonNode health = awaitHealth(h -> next.equals(h.path("version").textValue()), Duration.ofSeconds(10));
        assertEquals(3, health.get("schemaVersion").intValue());
        assertRows(rows);
        Path backup = onlyBackup("pre-upgrade-" + n + "-");
        BackupDirs.assertManifestValid(backup);
        assertEquals(next + "\n", runtime().run("--version").out());

        // 2: and back again, keeping every write made under N+1 (UPGR-B9): N+1's migration has its down script, so
        // the data is migrated down, not restored. Rows go to a table N knows, to one it does not, and to the
        // column N+1 added to a table N knows; what N's schema cannot hold is listed and kept in the backup.
        Path db = dataDir.resolve("data/waiaas.db");
        Map<String, String> underNext = writeRows("under-next", 5);
        SqliteFiles.execute(
                db,
                "INSERT INTO upgrade_probe (id, note) VALUES (2, 'a'), (3, 'b'), (4, 'c')",
                "INSERT INTO audit_events (occurred_at, type, detail, actor) VALUES (1, 'UNDER-NEXT', 'one', 'alice'),"
                        + " (2, 'UNDER-NEXT', 'two', 'bob'), (3, 'UNDER-NEXT', 'three', NULL)");
        ImageRunner.Result rollback = runtime().run("upgrade", "--rollback");
        assertEquals(0, rollback.exit(), rollback.toString());
        assertTrue(rollback.out().contains("Rollback complete: " + next + " \u2192 " + n), rollback.out());
        assertTrue(rollback.out().contains("migrating the data down to schema 2"), rollback.out());
        assertTrue(rollback.out().contains("schema 2 has no room for table upgrade_probe (4 rows)"), rollback.out());
        assertTrue(
                rollback.out().contains("schema 2 has no room for column audit_events.actor (2 values)"),
                rollback.out());
        awaitHealth(h -> n.equals(h.path("version").textValue()), Duration.ofSeconds(10));
        assertEquals(2, SqliteFiles.schemaVersion(db));
        assertRows(rows);
        assertRows(underNext);
        assertEquals(
                List.of("one", "two", "three"),
                SqliteFiles.query(db, "SELECT detail FROM audit_events WHERE type = 'UNDER-NEXT' ORDER BY id"));
        assertEquals("ok", SqliteFiles.integrityCheck(db));
        Path kept = onlyBackup("pre-rollback-" + next + "-");
        BackupDirs.assertManifestValid(kept);
        assertEquals(Optional.of("v"), read(kept.resolve("waiaas.db"), "under-next.0"));
        assertEquals(
                List.of("alice", "bob"),
                SqliteFiles.query(
                        kept.resolve("waiaas.db"),
                        "SELECT actor FROM audit_events WHERE actor IS NOT NULL" + " ORDER BY id"));
        assertEquals(
                List.of("created by the migration to the N+1 schema", "a", "b", "c"),
                SqliteFiles.query(kept.resolve("waiaas.db"), "SELECT note FROM upgrade_probe ORDER BY id"));
        assertEquals(n + "\n", runtime().run("--version").out());
        // The history outside the database keeps all three, though the rollback put the old database back.
        assertEquals(
                List.of("upgrade started", "upgrade upgraded", "rollback reverted"),
                history().stream()
                        .map(h -> h.get("action").textValue() + " "
                                + h.get("result").textValue())
                        .toList());
    }

    /**
     * UPGR-B9: N+1's migration declared irreversible. The rollback restores the pre-upgrade backup, and says before
     * anything stops how many rows it leaves only in the pre-rollback backup; they are all there.
     */
    @Test
    void aRollbackOverAnIrreversibleMigrationRestoresTheBackupAfterSayingWhatStaysOnlyInTheBackup() throws Exception {
        LoopbackRegistry registry = serve("-irreversible", "latest");
        configure(registry, false);
        assertEquals(0, image.run("start", "-d").exit());
        Map<String, String> rows = writeRows("before", 20);
        ImageRunner.Result upgrade = image.run("upgrade", "--yes");
        assertEquals(0, upgrade.exit(), upgrade.toString());
        awaitHealth(h -> next.equals(h.path("version").textValue()), Duration.ofSeconds(10));
        Map<String, String> underNext = writeRows("under-next", 7);

        ImageRunner.Result rollback = runtime().run("upgrade", "--rollback");

        assertEquals(0, rollback.exit(), rollback.toString());
        Matcher said = Pattern.compile(
                        "leaves (\\d+) rows of key_value_store[^\\n]*, written or changed since it was taken,"
                                + " only in the pre-rollback backup")
                .matcher(rollback.out());
        assertTrue(said.find(), rollback.out());
        assertTrue(Integer.parseInt(said.group(1)) >= underNext.size(), rollback.out());
        assertTrue(
                rollback.out().indexOf(said.group()) < rollback.out().indexOf("restored the data from backup"),
                "said before the restore: " + rollback.out());
        assertTrue(rollback.out().contains("irreversible"), rollback.out());
        awaitHealth(h -> n.equals(h.path("version").textValue()), Duration.ofSeconds(10));
        assertRows(rows);
        assertEquals(Optional.empty(), read(dataDir.resolve("data/waiaas.db"), "under-next.0"));
        Path kept = onlyBackup("pre-rollback-" + next + "-");
        BackupDirs.assertManifestValid(kept);
        Map<String, String> inBackup = SqliteFiles.keyValues(kept.resolve("waiaas.db"));
        long lost = underNext.keySet().stream()
                .filter(k -> !inBackup.containsKey(k))
                .count();
        ReliabilityLedger.rowsChecked(underNext.size());
        ReliabilityLedger.rowsLost(lost);
        assertEquals(0, lost, "every row written under N+1 is in the pre-rollback backup");
    }

    /** Return the lines of the data dir's upgrade history, parsed. */
    private List<JsonNode> history() throws IOException {
        List<JsonNode> lines = new java.util.ArrayList<>();
        for (String line : Files.readAllLines(dataDir.resolve("upgrade-history.jsonl"))) {
            lines.add(JSON.readTree(line));
        }
        return lines;
    }

    // ---- release notes (UPGR-B7) ----

    @Test
    void theCheckAndTheDryRunShowTheReleaseNotesOfTheTargetsPackageBreakingChangesFirst() throws Exception {
        configure(serve("", "latest"), false);
        String breaking = "    - " + next + ": test: waiaas " + next + " is a test-only package of this build";

        ImageRunner.Result check = image.run("upgrade", "--check");
        assertEquals(0, check.exit(), check.toString());
        List<String> lines = check.out().lines().toList();
        assertEquals("Update available: " + n + " \u2192 " + next, lines.getFirst(), check.out());
        int notes = lines.indexOf("Release notes " + n + " \u2192 " + next + ":");
        assertTrue(notes > 0, check.out());
        assertEquals("  \u26a0 Breaking changes:", lines.get(notes + 1), check.out());
        assertTrue(lines.get(notes + 2).startsWith(breaking), check.out());
        assertTrue(lines.contains("  " + next + " (1985-10-26)"), check.out());
        assertTrue(lines.contains("      - test: migrates the database to schema 3 (from schema 1)"), check.out());
        assertTrue(lines.stream().anyMatch(l -> l.startsWith("Database: ") && l.contains("schema 3")), check.out());
        assertEquals("Run: waiaas upgrade", lines.getLast(), check.out());

        JsonNode json = JSON.readTree(image.run("upgrade", "--check", "--json").out());
        assertEquals(next, json.path("releaseNotes").path(0).path("version").asText(), json.toString());
        assertTrue(json.path("releaseNotes")
                .path(0)
                .path("breaking")
                .path(0)
                .asText()
                .startsWith("test: waiaas "));
        assertEquals(3, json.path("schema").path("target").asInt(), json.toString());
        assertTrue(json.path("publishedAt").isTextual(), json.toString());

        ImageRunner.Result dryRun = image.run("upgrade", "--dry-run");
        assertEquals(0, dryRun.exit(), dryRun.toString());
        assertTrue(dryRun.out().contains("\n" + breaking), dryRun.out());
        // The release package carries its whole changelog; the notes in the registry are its own entry of it.
        String changelog = new String(
                TestReleases.fileInTarball(Files.readAllBytes(testPackage("")), "package/CHANGELOG.md"),
                java.nio.charset.StandardCharsets.UTF_8);
        assertTrue(changelog.startsWith("## " + next + " (1985-10-26)"), changelog);
        assertTrue(changelog.contains("\n## " + n), "N's entries follow: " + changelog);
    }

    // ---- offline upgrades (UPGR-B8) ----

    @Test
    void anOfflineUpgradeFromACopiedPackageNeedsNoRegistryAndATamperedFileChangesNothing() throws Exception {
        int nothingListens = ImageRunner.freePort();
        Files.writeString(
                dataDir.resolve("config.toml"),
                "[daemon]\nport = " + port + "\n[update]\ncheck = false\nregistry = \"http://127.0.0.1:"
                        + nothingListens + "\"\n");
        assertEquals(0, image.run("start", "-d").exit());
        awaitHealth(h -> n.equals(h.path("version").textValue()), Duration.ofSeconds(20));
        Map<String, String> rows = writeRows("before", 50);
        Path copied = Files.copy(testPackage(""), tmp.resolve("waiaas-cli-" + next + ".tgz"));
        String sri = "sha512-"
                + java.util.Base64.getEncoder()
                        .encodeToString(java.security.MessageDigest.getInstance("SHA-512")
                                .digest(Files.readAllBytes(copied)));
        byte[] bytes = Files.readAllBytes(copied);
        bytes[bytes.length / 2] ^= 1;
        Path tampered = Files.write(tmp.resolve("tampered.tgz"), bytes);

        ImageRunner.Result refused = image.run("upgrade", "--from", tampered.toString(), "--integrity", sri);
        assertEquals(5, refused.exit(), refused.toString());
        assertTrue(refused.err().contains("does not match --integrity (sha512)"), refused.err());
        ImageRunner.Result unverifiable = image.run("upgrade", "--from", copied.toString());
        assertEquals(5, unverifiable.exit(), unverifiable.toString());
        assertTrue(
                unverifiable.err().contains("cannot be verified: give its digest with --integrity"),
                unverifiable.err());
        awaitHealth(h -> n.equals(h.path("version").textValue()), Duration.ofSeconds(5));
        assertFalse(Files.exists(dataDir.resolve("runtime/versions/" + next)), "nothing installed");

        ImageRunner.Result dryRun = image.run("upgrade", "--from", copied.toString(), "--integrity", sri, "--dry-run");
        assertEquals(0, dryRun.exit(), dryRun.toString());
        assertTrue(dryRun.out().contains("Release notes " + n + " \u2192 " + next + ":"), dryRun.out());

        ImageRunner.Result upgrade = image.run("upgrade", "--from", copied.toString(), "--integrity", sri);
        assertEquals(0, upgrade.exit(), upgrade.toString());
        assertTrue(
                upgrade.out()
                        .contains("verified " + CLI + "@" + next + ": sha512 integrity against the digest given"
                                + " with --integrity"),
                upgrade.out());
        assertTrue(upgrade.out().contains("Upgrade complete: " + n + " \u2192 " + next), upgrade.out());
        awaitHealth(h -> next.equals(h.path("version").textValue()), Duration.ofSeconds(10));
        assertRows(rows);

        ImageRunner.Result back = runtime().run("upgrade", "--rollback");
        assertEquals(0, back.exit(), back.toString());
        awaitHealth(h -> n.equals(h.path("version").textValue()), Duration.ofSeconds(10));
        assertRows(rows);
    }

    @Test
    void anUnverifiedPackageFileIsInstalledOnlyWhenTheOperatorSaysSoAndTheOutputSaysWhichItWas() throws Exception {
        Files.writeString(
                dataDir.resolve("config.toml"),
                "[daemon]\nport = " + port + "\n[update]\ncheck = false\nregistry = \"http://127.0.0.1:"
                        + ImageRunner.freePort() + "\"\n");
        Path copied = Files.copy(testPackage(""), tmp.resolve("waiaas-cli-" + next + ".tgz"));
        ImageRunner.Result upgrade =
                image.run("upgrade", "--from", copied.toString(), "--allow-unverified", "--json", "--no-start");
        assertEquals(0, upgrade.exit(), upgrade.toString());
        JsonNode verified = upgrade.out()
                .lines()
                .map(line -> {
                    try {
                        return JSON.readTree(line);
                    } catch (IOException e) {
                        throw new java.io.UncheckedIOException(e);
                    }
                })
                .filter(j -> j.has("verified"))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no verified line: " + upgrade.out()))
                .get("verified");
        assertEquals("none", verified.path("integrity").asText(), verified.toString());
        assertEquals("unverified", verified.path("signatures").asText(), verified.toString());
        assertEquals(next + "\n", runtime().run("--version").out());
    }

    // ---- unattended updates (OPS-01) ----

    @Test
    void anUnattendedUpdateInsideItsWindowUpgradesByItselfWithEveryRowAndSaysSo() throws Exception {
        LocalTime now = LocalTime.now(ZoneOffset.UTC);
        configure(
                serve("", "latest"),
                true,
                "auto_apply = \"patch\"\nwindow = \"daily " + hhmm(now.minusMinutes(5)) + "-"
                        + hhmm(now.plusMinutes(30)) + "\"\n");
        Map<String, String> rows = writeRows("before", 100);
        ImageRunner utc = image.withEnv(Map.of("TZ", "UTC"));
        // The check stores N+1, so the daemon knows of it from its first moment; it then starts the upgrade itself.
        assertEquals(0, utc.run("upgrade", "--check").exit());
        assertEquals(0, utc.run("start", "-d").exit());

        JsonNode health = awaitHealth(h -> next.equals(h.path("version").textValue()), Duration.ofSeconds(240));
        assertEquals(3, health.get("schemaVersion").intValue());
        // The new daemon answers at step 7; the upgrade process records its outcome only after verifying it serves.
        String log =
                awaitFileContains(dataDir.resolve("logs/auto-upgrade.log"), "\"outcome\":", Duration.ofSeconds(60));
        assertTrue(log.contains("\"outcome\":\"upgraded\""), log);
        assertRows(rows);
        assertEquals(
                List.of("upgrade started", "upgrade upgraded"),
                history().stream()
                        .map(h -> h.get("action").textValue() + " "
                                + h.get("result").textValue())
                        .toList());
        String status = runtime().run("status").out();
        assertTrue(status.contains("updates  unattended: patch releases in daily "), status);
        assertTrue(status.contains("last     upgrade " + n + " \u2192 " + next + ": upgraded at "), status);
    }

    @Test
    void outsideItsWindowTheDaemonWaitsAndSaysWhy() throws Exception {
        LocalTime later = LocalTime.now(ZoneOffset.UTC).plusHours(3);
        configure(
                serve("", "latest"),
                true,
                "auto_apply = \"minor\"\nwindow = \"daily " + hhmm(later) + "-" + hhmm(later.plusMinutes(30)) + "\"\n");
        ImageRunner utc = image.withEnv(Map.of("TZ", "UTC"));
        assertEquals(0, utc.run("upgrade", "--check").exit());
        assertEquals(0, utc.run("start", "-d").exit());

        // Told at once when the daemon's first check learns of the release, not at the job's next tick a minute on.
        awaitFileContains(
                dataDir.resolve("logs/daemon.log"),
                "unattended update: waiting for a maintenance window (daily ",
                Duration.ofSeconds(20));
        assertEquals(
                n, awaitHealth(h -> true, Duration.ofSeconds(10)).get("version").textValue());
        assertFalse(Files.exists(dataDir.resolve("logs/auto-upgrade.log")), "no upgrade was started");
        assertFalse(Files.exists(dataDir.resolve("upgrade-history.jsonl")), "no upgrade was started");
        assertTrue(utc.run("status").out().contains("updates  unattended: patch and minor releases in daily "));
    }

    /** Wait until {@code file} exists and contains {@code text}; return its content. */
    private static String awaitFileContains(Path file, String text, Duration within) throws Exception {
        long deadline = System.nanoTime() + within.toNanos();
        while (true) {
            String content = Files.exists(file) ? Files.readString(file) : "";
            if (content.contains(text)) {
                return content;
            }
            assertTrue(System.nanoTime() < deadline, file + " never contained '" + text + "': " + content);
            Thread.sleep(100);
        }
    }

    private static String hhmm(LocalTime time) {
        return String.format("%02d:%02d", time.getHour(), time.getMinute());
    }

    // ---- 3, 4, 5, 15, 16: what the command does and does not do ----

    @Test
    void alreadyUpToDateStopsNothingBacksUpNothingAndDownloadsNothing() throws Exception {
        LoopbackRegistry registry = serve("", "latest");
        registry.close();
        LoopbackRegistry sameVersion = serveTagged(n);
        configure(sameVersion, false);
        assertEquals(0, image.run("start", "-d").exit());
        String pid = Files.readString(dataDir.resolve("daemon.pid"));

        ImageRunner.Result r = image.run("upgrade");
        assertEquals(0, r.exit(), r.toString());
        assertTrue(r.out().contains("Already up to date (" + n + ")"), r.out());
        assertEquals(pid, Files.readString(dataDir.resolve("daemon.pid")), "the daemon was restarted");
        assertFalse(Files.exists(dataDir.resolve("backups"))
                && listBackups().findAny().isPresent());
        assertEquals(
                0,
                sameVersion.requests().stream()
                        .filter(q -> q.rawPath().endsWith(".tgz"))
                        .count());
    }

    @Test
    void noStartLeavesTheDaemonStoppedAndAStoppedDaemonIsNotStarted() throws Exception {
        configure(serve("", "latest"), false);
        ImageRunner.Result stopped = image.run("upgrade", "--to", next);
        assertEquals(0, stopped.exit(), stopped.toString());
        assertTrue(stopped.out().contains("was not running"), stopped.out());
        assertFalse(Files.exists(dataDir.resolve("daemon.pid")));

        assertEquals(0, runtime().run("upgrade", "--rollback").exit());
        assertEquals(0, runtime().run("start", "-d").exit());
        ImageRunner.Result noStart = runtime().run("upgrade", "--no-start");
        assertEquals(0, noStart.exit(), noStart.toString());
        assertTrue(noStart.out().contains("left stopped (--no-start)"), noStart.out());
        assertFalse(Files.exists(dataDir.resolve("daemon.pid")));
        String status = runtime().run("status").out();
        assertTrue(status.startsWith("waiaas is stopped\n"), status);
        assertTrue(status.contains("\n  last     upgrade " + n + " \u2192 " + next + ": upgraded at "), status);
    }

    @Test
    void toAcceptsAVersionARangeAndATagAndRefusesALowerTargetWithoutAllowDowngrade() throws Exception {
        LoopbackRegistry registry = serve("", "next");
        configure(registry, false);
        for (String to : List.of(next, "^" + n.substring(0, n.lastIndexOf('.')), "next", ">" + n)) {
            ImageRunner.Result plan = image.run("upgrade", "--dry-run", "--to", to);
            assertEquals(0, plan.exit(), plan.toString());
            assertTrue(plan.out().contains("Plan: upgrade " + n + " \u2192 " + next), to + ": " + plan.out());
        }
        assertEquals(2, image.run("upgrade", "--to", "^^1").exit());
        assertEquals(0, image.run("upgrade", "--to", "next").exit());

        ImageRunner.Result lower = runtime().run("upgrade", "--to", n);
        assertEquals(5, lower.exit(), lower.toString());
        assertTrue(lower.err().contains("--allow-downgrade"), lower.err());
        assertEquals(next + "\n", runtime().run("--version").out());
    }

    @Test
    void dryRunChangesNothingAndJsonIsOneObjectPerLine() throws Exception {
        configure(serve("", "latest"), false);
        ImageRunner.Result plan = image.run("upgrade", "--dry-run");
        assertEquals(0, plan.exit(), plan.toString());
        assertTrue(plan.out().contains("[7/7] restart"), plan.out());
        assertFalse(Files.exists(dataDir.resolve("runtime")), "a dry run installed something");
        assertFalse(Files.exists(dataDir.resolve("backups")), "a dry run backed something up");

        ImageRunner.Result json = image.run("upgrade", "--json", "--no-start");
        assertEquals(0, json.exit(), json.toString());
        List<JsonNode> objects = new ArrayList<>();
        for (String line : json.out().strip().split("\n")) {
            objects.add(JSON.readTree(line));
        }
        assertTrue(objects.stream().allMatch(JsonNode::isObject));
        assertEquals(
                List.of("check", "stop", "backup", "install", "migrate", "verify", "restart"),
                objects.stream()
                        .filter(o -> o.has("name"))
                        .map(o -> o.get("name").textValue())
                        .toList());
        assertEquals("upgraded", objects.get(objects.size() - 1).get("outcome").textValue());
    }

    @Test
    void rollbackWithNoBackupIsOneLineAndChangesNothing() throws Exception {
        configure(serve("", "latest"), false);
        ImageRunner.Result r = image.run("upgrade", "--rollback");
        assertEquals(1, r.exit(), r.toString());
        assertEquals(1, r.err().strip().lines().count(), r.err());
        assertTrue(r.err().contains("no pre-upgrade backup"), r.err());
        assertFalse(Files.exists(dataDir.resolve("runtime")));
    }

    // ---- 6, 9, 10, 12: failures ----

    @Test
    void aTarballThatDoesNotMatchItsIntegrityIsRefusedAndNServesOn() throws Exception {
        PublishedPackages published = packages("");
        published.tag(CLI, "latest", next);
        byte[] tampered = Files.readAllBytes(testPackage(""));
        tampered[tampered.length / 2] ^= 0x01;
        published.serveInstead(CLI, next, tampered);
        configure(serve(published), false);
        assertEquals(0, image.run("start", "-d").exit());
        Map<String, String> rows = writeRows("before", 20);

        ImageRunner.Result r = image.run("upgrade");
        ReliabilityLedger.hostileInputOfCallingTest("a tarball that does not match its integrity");
        assertEquals(3, r.exit(), r.toString());
        assertTrue(r.err().contains("integrity"), r.err());
        awaitHealth(h -> n.equals(h.path("version").textValue()), Duration.ofSeconds(10));
        assertFalse(Files.exists(dataDir.resolve("runtime/versions/" + next)), "the tampered version was installed");
        assertRows(rows);
    }

    @Test
    void aFailingMigrationRollsBackWithExitThreeAndTheDataIntact() throws Exception {
        configure(serve("-failing-migration", "latest"), false);
        assertEquals(0, image.run("start", "-d").exit());
        Map<String, String> rows = writeRows("before", 50);

        ImageRunner.Result r = image.run("upgrade");
        assertEquals(3, r.exit(), r.toString());
        assertTrue(r.err().contains("step 5 (migrate)"), r.err());
        JsonNode health = awaitHealth(h -> n.equals(h.path("version").textValue()), Duration.ofSeconds(10));
        assertEquals(2, health.get("schemaVersion").intValue());
        assertRows(rows);
        JsonNode last = history().getLast();
        assertEquals("rolled-back", last.get("result").textValue(), last.toString());
        assertEquals("migration-failed", last.get("reason").textValue(), last.toString());
        assertEquals(n + "\n", runtime().run("--version").out());
    }

    @Test
    void theWebhookReceiverIsToldOfTheReleaseTheUpgradeAndItsRollbackWithTheToken() throws Exception {
        String token = "e2e-webhook-token-7d1c";
        Path tokenFile = tmp.resolve("webhook-token");
        Files.writeString(tokenFile, token + "\n");
        Files.setPosixFilePermissions(tokenFile, java.nio.file.attribute.PosixFilePermissions.fromString("rw-------"));
        try (LoopbackReceiver receiver = LoopbackReceiver.start()) {
            configure(
                    serve("-failing-migration", "latest"),
                    true,
                    "[notify]\nwebhook_url = \"" + receiver.uri() + "\"\nwebhook_token_file = \"" + tokenFile + "\"\n");
            assertEquals(0, image.run("start", "-d").exit());
            // The daemon's worker posts the release its version check found.
            assertEquals(1, receiver.awaitReceived(1, Duration.ofSeconds(30)).size(), "update.available not posted");
            // No daemon runs during nor after the upgrade (it was stopped, so the rollback does not start one): only
            // the upgrade's own last pass can tell the receiver, before the command returns.
            assertEquals(0, image.run("stop").exit());

            ImageRunner.Result r = image.run("upgrade");
            assertEquals(3, r.exit(), r.toString());
            List<LoopbackReceiver.Received> got = receiver.received();
            List<JsonNode> events = new ArrayList<>();
            for (LoopbackReceiver.Received one : got) {
                events.add(JSON.readTree(one.body()));
                assertEquals(Optional.of("Bearer " + token), one.authorization());
            }
            assertEquals(
                    List.of("update.available", "upgrade.started", "upgrade.rolled_back"),
                    events.stream().map(e -> e.get("event").textValue()).toList());
            JsonNode rolledBack = events.getLast();
            assertEquals(n, rolledBack.get("from").textValue());
            assertEquals(next, rolledBack.get("to").textValue());
            assertEquals("migration-failed", rolledBack.get("reason").textValue());
            assertEquals(
                    3,
                    events.stream().map(e -> e.get("id").textValue()).distinct().count());

            JsonNode webhooks =
                    JSON.readTree(image.run("status", "--json").out()).get("webhooks");
            assertEquals("delivered", webhooks.get("last").get("outcome").textValue(), webhooks.toString());
            String everything = r.out()
                    + r.err()
                    + image.run("status").out()
                    + webhooks
                    + Files.readString(dataDir.resolve("logs/daemon.log"));
            assertFalse(everything.contains(token), "the token leaked");
            assertFalse(everything.contains("secret-path"), "the receiver's path leaked");
            assertEquals(3, receiver.received().size(), "an event was posted twice");
        }
    }

    /**
     * UPGR-B3 with UPGR-B9: N+1 is switched to and started but never reports healthy; rows written while it was
     * starting (as its daemon would) stay, because the automatic rollback migrates the data down instead of restoring
     * the backup, and what schema N has no room for is listed and kept in the pre-rollback backup.
     */
    @Test
    void aNewVersionThatNeverReportsHealthyIsRolledBackKeepingWhatWasWrittenMeanwhile() throws Exception {
        LoopbackRegistry registry = serve("-never-healthy", "latest");
        configure(registry, false, "[install]\nhealth_timeout = 10\n");
        assertEquals(0, image.run("start", "-d").exit());
        Map<String, String> rows = writeRows("before", 20);

        Process upgrade = image.start("upgrade");
        CompletableFuture<String> out = CompletableFuture.supplyAsync(() -> readAll(upgrade.getInputStream()));
        CompletableFuture<String> err = CompletableFuture.supplyAsync(() -> readAll(upgrade.getErrorStream()));
        Path journal = dataDir.resolve("upgrade.journal");
        long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
        while (!(Files.exists(journal) && Files.readString(journal).contains("\"step\":\"RESTART\""))) {
            assertTrue(upgrade.isAlive(), () -> "the upgrade ended before its restart: " + out.join() + err.join());
            assertTrue(System.nanoTime() < deadline, "the upgrade never reached its restart step");
            Thread.sleep(20);
        }
        Map<String, String> meanwhile = writeRows("under-next", 6);
        SqliteFiles.execute(dataDir.resolve("data/waiaas.db"), "INSERT INTO upgrade_probe (id, note) VALUES (7, 'x')");
        assertTrue(upgrade.waitFor(180, java.util.concurrent.TimeUnit.SECONDS), "the upgrade did not end");

        assertEquals(3, upgrade.exitValue(), out.join() + err.join());
        assertTrue(err.join().contains("step 7 (restart)"), err.join());
        assertTrue(out.join().contains("migrated the database down from schema 3 to 2"), out.join());
        assertTrue(out.join().contains("schema 2 has no room for table upgrade_probe (2 rows)"), out.join());
        awaitHealth(h -> n.equals(h.path("version").textValue()), Duration.ofSeconds(10));
        assertEquals(2, SqliteFiles.schemaVersion(dataDir.resolve("data/waiaas.db")));
        assertRows(rows);
        assertRows(meanwhile);
        Path kept = onlyBackup("pre-rollback-" + next + "-");
        assertEquals(
                List.of("created by the migration to the N+1 schema", "x"),
                SqliteFiles.query(kept.resolve("waiaas.db"), "SELECT note FROM upgrade_probe ORDER BY id"));
        assertEquals(n + "\n", runtime().run("--version").out());
    }

    private static String readAll(java.io.InputStream in) {
        try {
            return new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "(unreadable: " + e + ")";
        }
    }

    @Test
    void aSecondUpgradeAtTheSameTimeIsRefusedAndChangesNothing() throws Exception {
        configure(serve("-never-healthy", "latest"), false, "[install]\nhealth_timeout = 20\n");
        assertEquals(0, image.run("start", "-d").exit());
        Process first = image.start("upgrade");
        try {
            Path journal = dataDir.resolve("upgrade.journal");
            long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
            while (!(Files.exists(journal) && Files.readString(journal).contains("RESTART"))) {
                assertTrue(System.nanoTime() < deadline, "the first upgrade never reached its restart step");
                Thread.sleep(100);
            }
            ImageRunner.Result second = image.run("upgrade");
            assertEquals(5, second.exit(), second.toString());
            assertTrue(second.err().contains("another upgrade"), second.err());
        } finally {
            first.waitFor();
        }
        assertEquals(3, first.exitValue());
        awaitHealth(h -> n.equals(h.path("version").textValue()), Duration.ofSeconds(10));
    }

    // ---- 7, 8, 13: the supply chain through the real image ----

    @Test
    void aPackageWhoseEntriesEscapeItsFolderIsRefusedAndNothingIsInstalled() throws Exception {
        for (TarballBuilder hostile : List.of(
                TarballBuilder.npmPackage(CLI, next).file("package/../../escaped-by-dots", "x", 0644),
                TarballBuilder.npmPackage(CLI, next).symlink("package/etc-link", "/etc"))) {
            PublishedPackages published = new PublishedPackages().keys(key);
            TestReleases.publish(published, n, TestReleases.release(n), key);
            published
                    .tarball(CLI, next, hostile.build())
                    .manifestField(CLI, next, "waiaas", "{\"schemaVersion\":3,\"minCompatibleSchemaVersion\":1}")
                    .sign(CLI, next, key)
                    .tag(CLI, "latest", next);
            configure(serve(published), false);

            ImageRunner.Result r = image.run("upgrade");
            ReliabilityLedger.hostileInputOfCallingTest("an entry escaping the package");
            assertEquals(3, r.exit(), r.toString());
            assertTrue(r.err().contains("step 4 (install)"), r.err());
            assertFalse(Files.exists(dataDir.resolve("runtime/versions/" + next)), "the package was installed");
            assertFalse(Files.exists(dataDir.resolve("escaped-by-dots")), "an entry escaped");
            assertFalse(Files.exists(dataDir.resolve("runtime/escaped-by-dots")), "an entry escaped");
            assertEquals(n + "\n", runtime().run("--version").out());
        }
    }

    @Test
    void aBadSignatureIsRefusedBeforeAnythingChangesAndAGoodOneIsAccepted() throws Exception {
        PublishedPackages published = new PublishedPackages().keys(key);
        TestReleases.publish(published, n, TestReleases.release(n), key);
        byte[] nextBytes = Files.readAllBytes(testPackage(""));
        published
                .tarball(CLI, next, nextBytes)
                .manifestField(CLI, next, "waiaas", TestReleases.schemaBlock(nextBytes))
                .tag(CLI, "latest", next);
        // Signed under the registry's key id, but by another key: what a tampered mirror would serve.
        RegistryKey other = RegistryKey.generate(key.keyId());
        published.signature(
                CLI,
                next,
                new PackageSignature(
                        key.keyId(),
                        other.sign(CLI + "@" + next + ":"
                                + published.find(CLI).orElseThrow().integrity(next))));
        configure(serve(published), false);
        assertEquals(0, image.run("start", "-d").exit());
        String pid = Files.readString(dataDir.resolve("daemon.pid"));

        ImageRunner.Result r = image.run("upgrade");
        ReliabilityLedger.hostileInputOfCallingTest("a signature by another key");
        assertEquals(5, r.exit(), r.toString());
        assertTrue(r.err().toLowerCase(java.util.Locale.ROOT).contains("signature"), r.err());
        assertEquals(pid, Files.readString(dataDir.resolve("daemon.pid")), "the daemon was stopped");
        assertFalse(Files.exists(dataDir.resolve("backups")), "a refused upgrade backed something up");
        assertFalse(Files.exists(dataDir.resolve("runtime")), "a refused upgrade installed something");
        // The correctly signed package goes through: see upgradeWithADaemonRunningEndsOnTheNewVersion...
    }

    // ---- issue 9: hostile registries through the real image, one table ----

    /** What a hostile registry does besides serving N and N+1: overrides on the running registry. */
    @FunctionalInterface
    interface Hostility {
        void apply(PublishedPackages published, LoopbackRegistry registry, String next);
    }

    private static final long TWO_GIB = 2L * 1024 * 1024 * 1024;

    /**
     * Hostile registries: the name, the exit code (5 refused before anything changed, 1 the registry failed before
     * anything changed, 3 rolled back from step 4), the cause stderr must name, the N+1 tarball (empty: the real
     * package) and the registry's misbehaviour.
     */
    static Stream<Arguments> hostileRegistries() {
        Hostility none = (published, registry, next) -> {};
        return Stream.of(
                Arguments.of("a tarball URL on another host", 5, "another host", Optional.empty(), (Hostility)
                        (published, registry, next) -> published.tarballUrl(
                                CLI,
                                next,
                                "http://localhost:" + registry.port() + LoopbackRegistry.tarballPath(CLI, next))),
                Arguments.of("a packument that is not JSON", 1, "not JSON", Optional.empty(), (Hostility)
                        (published, registry, next) -> registry.override(
                                LoopbackRegistry.packumentPath(CLI),
                                LoopbackRegistry.body("text/html", "<html>captive portal</html>"))),
                Arguments.of(
                        "a dist-tag that is not a semantic version",
                        1,
                        "not a valid semantic version",
                        Optional.empty(),
                        (Hostility) (published, registry, next) -> registry.override(
                                LoopbackRegistry.distTagsPath(CLI),
                                LoopbackRegistry.body("application/json", "{\"latest\":\"1.2\"}"))),
                Arguments.of(
                        "a tarball redirected to another host",
                        3,
                        "redirected to another host",
                        Optional.empty(),
                        (Hostility) (published, registry, next) -> registry.override(
                                LoopbackRegistry.tarballPath(CLI, next),
                                LoopbackRegistry.redirect(
                                        302, "http://localhost:" + registry.port() + "/elsewhere.tgz"))),
                Arguments.of("a 2 GiB tarball", 3, "larger than", Optional.empty(), (Hostility)
                        (published, registry, next) -> registry.override(
                                LoopbackRegistry.tarballPath(CLI, next), LoopbackRegistry.hugeBody(TWO_GIB, true))),
                Arguments.of(
                        "a hard link out of the package",
                        3,
                        "hard link",
                        Optional.of((Function<String, TarballBuilder>)
                                next -> TarballBuilder.npmPackage(CLI, next).hardlink("package/passwd", "/etc/passwd")),
                        none));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("hostileRegistries")
    void aHostileRegistryIsRefusedInOneLineAndNServesOnWithItsData(
            String name,
            int exit,
            String cause,
            Optional<Function<String, TarballBuilder>> tarball,
            Hostility hostility)
            throws Exception {
        PublishedPackages published = new PublishedPackages().keys(key);
        TestReleases.publish(published, n, TestReleases.release(n), key);
        if (tarball.isPresent()) {
            published
                    .tarball(CLI, next, tarball.get().apply(next).build())
                    .manifestField(CLI, next, "waiaas", "{\"schemaVersion\":3,\"minCompatibleSchemaVersion\":1}")
                    .sign(CLI, next, key);
        } else {
            TestReleases.publish(published, next, testPackage(""), key);
        }
        published.tag(CLI, "latest", next);
        LoopbackRegistry registry = serve(published);
        hostility.apply(published, registry, next);
        configure(registry, false);
        assertEquals(0, image.run("start", "-d").exit());
        Map<String, String> rows = writeRows("before", 50);
        String config = Files.readString(dataDir.resolve("config.toml"));

        ImageRunner.Result r = image.run("upgrade");

        ReliabilityLedger.hostileInputOfCallingTest(name);
        assertEquals(exit, r.exit(), r.toString());
        List<String> lines = r.err().strip().lines().toList();
        assertEquals(1, lines.size(), "one line on stderr: " + r);
        System.out.println(name + " (exit " + r.exit() + "): " + lines.get(0));
        assertTrue(lines.get(0).contains(cause), r.toString());
        awaitHealth(h -> n.equals(h.path("version").textValue()), Duration.ofSeconds(20));
        assertRows(rows);
        assertEquals(config, Files.readString(dataDir.resolve("config.toml")));
        assertFalse(Files.exists(dataDir.resolve("runtime/versions/" + next)), "the hostile release was installed");
        assertEquals(0, registry.requestsTo("/elsewhere.tgz"), "a redirect elsewhere was followed");
        if (exit != 3) {
            assertFalse(Files.exists(dataDir.resolve("backups")), "a refusal before step 2 backed something up");
        }
    }

    @Test
    void anNpmGlobalInstallIsUpgradedThroughNpm() throws Exception {
        Path npm = Stream.of(System.getenv().getOrDefault("PATH", "").split(":"))
                .map(dir -> Path.of(dir, "npm"))
                .filter(Files::isExecutable)
                .findFirst()
                .orElseThrow(() -> new AssertionError("npm is not on PATH; this test needs it"));
        LoopbackRegistry registry = serve("", "latest");
        configure(registry, false);
        Path prefix = tmp.resolve("prefix");
        Path home = Files.createDirectories(tmp.resolve("home"));
        Map<String, String> npmEnv = Map.of(
                "PATH",
                System.getenv("PATH"),
                "HOME",
                home.toString(),
                "npm_config_cache",
                tmp.resolve("npm-cache").toString(),
                "npm_config_userconfig",
                home.resolve(".npmrc").toString());
        ProcessBuilder install = new ProcessBuilder(
                        npm.toString(),
                        "install",
                        "--global",
                        "--prefix",
                        prefix.toString(),
                        "--registry",
                        registry.uri().toString(),
                        "--no-audit",
                        "--no-fund",
                        "--no-update-notifier",
                        CLI + "@" + n)
                .redirectErrorStream(true);
        install.environment().putAll(npmEnv);
        Process p = install.start();
        String npmOut = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, p.waitFor(), npmOut);

        ImageRunner npmInstalled = new ImageRunner(dataDir, tmp, prefix.resolve("bin/waiaas"));
        npmEnv.forEach(npmInstalled::env);
        assertEquals(n + "\n", npmInstalled.run("--version").out());
        ImageRunner.Result r = npmInstalled.run("upgrade");
        assertEquals(0, r.exit(), r.toString());
        assertTrue(r.out().contains("Upgrade complete: " + n + " \u2192 " + next), r.out());
        assertEquals(next + "\n", npmInstalled.run("--version").out());
        // An npm install grows no side-by-side root: the install root only keeps N's package, the way back offline.
        for (String sideBySide : List.of("versions", "current", "bin")) {
            assertFalse(Files.exists(dataDir.resolve("runtime/" + sideBySide)), "an npm install grew " + sideBySide);
        }
        assertTrue(Files.isRegularFile(dataDir.resolve("runtime/kept/waiaas-cli-" + n + ".tgz")), "N is not kept");
    }

    // ---- helpers ----

    private ImageRunner runtime() throws IOException {
        return image.installed();
    }

    private void configure(LoopbackRegistry registry, boolean check) throws IOException {
        configure(registry, check, "");
    }

    private void configure(LoopbackRegistry registry, boolean check, String extra) throws IOException {
        Files.writeString(
                dataDir.resolve("config.toml"),
                "[daemon]\nport = " + port + "\n[update]\ncheck = " + check + "\nregistry = \"" + registry.uri()
                        + "\"\n" + extra);
    }

    private LoopbackRegistry serve(String nextSuffix, String tag) throws IOException {
        PublishedPackages published = packages(nextSuffix);
        published.tag(CLI, tag, next);
        if (!tag.equals("latest")) {
            published.tag(CLI, "latest", n);
        }
        return serve(published);
    }

    private LoopbackRegistry serveTagged(String latest) throws IOException {
        PublishedPackages published = packages("");
        published.tag(CLI, "latest", latest);
        return serve(published);
    }

    private LoopbackRegistry serve(PublishedPackages published) {
        LoopbackRegistry registry = LoopbackRegistry.serve(published);
        registries.add(registry);
        return registry;
    }

    private PublishedPackages packages(String nextSuffix) throws IOException {
        PublishedPackages published = new PublishedPackages().keys(key);
        TestReleases.publish(published, n, TestReleases.release(n), key);
        TestReleases.publish(published, next, testPackage(nextSuffix), key);
        return published;
    }

    private Path testPackage(String suffix) {
        return PACKAGES.resolve("test/waiaas-cli-" + next + suffix + ".tgz");
    }

    private JsonNode awaitHealth(java.util.function.Predicate<JsonNode> condition, Duration timeout) throws Exception {
        return ImageRunner.awaitHealth(port, condition, timeout);
    }

    private Map<String, String> writeRows(String prefix, int count) {
        Map<String, String> rows = new HashMap<>();
        for (int i = 0; i < count; i++) {
            rows.put(prefix + "." + i, "v");
        }
        try (SqliteStorage storage = SqliteStorage.open(dataDir.resolve("data/waiaas.db"), InstantSource.system())) {
            if (storage.schemaHistory().current().isEmpty()) {
                storage.schemaMigrator().migrate();
            }
            storage.keyValueStore().putAll(rows);
        }
        return rows;
    }

    private void assertRows(Map<String, String> rows) {
        try (SqliteStorage storage = SqliteStorage.open(dataDir.resolve("data/waiaas.db"), InstantSource.system())) {
            long missing = rows.keySet().stream()
                    .filter(k -> storage.keyValueStore().get(k).isEmpty())
                    .count();
            ReliabilityLedger.rowsChecked(rows.size());
            ReliabilityLedger.rowsLost(missing);
            assertEquals(0, missing, missing + " of " + rows.size() + " rows lost");
        }
    }

    private static Optional<String> read(Path database, String key) {
        try (SqliteStorage storage = SqliteStorage.open(database, InstantSource.system())) {
            return storage.keyValueStore().get(key);
        }
    }

    private Stream<Path> listBackups() throws IOException {
        return Files.list(dataDir.resolve("backups")).filter(Files::isDirectory);
    }

    private Path onlyBackup(String prefix) throws IOException {
        List<Path> found;
        try (Stream<Path> backups = listBackups()) {
            found = backups.filter(p -> p.getFileName().toString().startsWith(prefix))
                    .toList();
        }
        assertEquals(1, found.size(), "backups starting with " + prefix + ": " + found);
        return found.get(0);
    }

    /** Print the daemon's downtime of an upgrade (old daemon gone → new one answering), split by step. */
    private static void reportDowntime(String output) {
        Map<String, Double> took = new HashMap<>();
        Matcher m = DONE.matcher(output);
        while (m.find()) {
            took.put(m.group(2), Double.parseDouble(m.group(3)));
        }
        double downtime = Stream.of("backup", "install", "migrate", "verify", "restart")
                .mapToDouble(s -> took.getOrDefault(s, 0.0))
                .sum();
        System.out.printf(
                "upgrade downtime %.1f s: stop %.1f s (before), backup %.1f s, install %.1f s, migrate %.1f s,"
                        + " verify %.1f s, start %.1f s%n",
                downtime,
                took.getOrDefault("stop", 0.0),
                took.getOrDefault("backup", 0.0),
                took.getOrDefault("install", 0.0),
                took.getOrDefault("migrate", 0.0),
                took.getOrDefault("verify", 0.0),
                took.getOrDefault("restart", 0.0));
    }
}
