package io.waiaas.bootstrap.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code waiaas backup create|list|restore} through the real runtime image on real SQLite files (BKUP-01..05). */
class BackupIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern CREATED = Pattern.compile("created backup (\\S+) ");

    @TempDir
    Path tmp;

    private ImageRunner waiaas;
    private Path dataDir;
    private Path db;
    private int port;

    @BeforeEach
    void setUp() throws Exception {
        dataDir = tmp.resolve("data");
        db = dataDir.resolve("data/waiaas.db");
        waiaas = new ImageRunner(dataDir, tmp);
        port = ImageRunner.freePort();
        Files.createDirectories(dataDir);
        Files.writeString(dataDir.resolve("config.toml"), "[daemon]\nport = " + port + "\n[update]\ncheck = false\n");
        assertEquals(0, waiaas.run("db", "migrate").exit());
    }

    @AfterEach
    void stopWhateverRuns() throws Exception {
        waiaas.run("stop");
    }

    @Test
    void aBackupTakenWhileAnotherProcessWritesRestoresToExactlyTheRowsCommittedBeforeIt() throws Exception {
        AtomicBoolean stop = new AtomicBoolean();
        AtomicInteger committed = new AtomicInteger();
        AtomicReference<Throwable> failure = new AtomicReference<>();
        Thread writer = Thread.ofPlatform().start(() -> {
            try (Connection c = SqliteFiles.open(db);
                    PreparedStatement insert = c.prepareStatement(
                            "INSERT INTO audit_events (occurred_at, type, detail) VALUES (0, 'ROW', ?)")) {
                for (int i = 1; !stop.get(); i++) {
                    insert.setString(1, Integer.toString(i));
                    insert.executeUpdate();
                    committed.set(i);
                }
            } catch (Throwable t) {
                failure.set(t);
            }
        });
        while (committed.get() < 100 && writer.isAlive()) {
            Thread.sleep(5);
        }
        int before = committed.get();
        ImageRunner.Result created = waiaas.run("backup", "create");
        int after = committed.get();
        while (committed.get() < after + 100 && writer.isAlive()) {
            Thread.sleep(5);
        }
        stop.set(true);
        writer.join();
        assertNull(failure.get());
        assertEquals(0, created.exit(), created.toString());

        Path copy = dataDir.resolve("backups").resolve(idIn(created)).resolve("waiaas.db");
        assertEquals("ok", SqliteFiles.integrityCheck(copy));
        List<Integer> snapshot = rows(copy);
        int n = snapshot.size();
        assertTrue(n >= before && n <= after + 1, "snapshot of " + n + " rows, committed " + before + ".." + after);
        assertEquals(IntStream.rangeClosed(1, n).boxed().toList(), snapshot, "a prefix, no gaps, no torn rows");
        assertTrue(committed.get() > n, "the writer went on after the snapshot");

        ImageRunner.Result restored = waiaas.run("backup", "restore", idIn(created), "--yes");
        assertEquals(0, restored.exit(), restored.toString());
        assertEquals("ok", SqliteFiles.integrityCheck(db));
        assertEquals(snapshot, rows(db));
    }

    @Test
    void oneFlippedByteInABackupIsRefusedByChecksumAndTheLiveDataStaysUntouched() throws Exception {
        SqliteFiles.execute(db, "INSERT INTO key_value_store (key, value, updated_at) VALUES ('k', 'backed up', 1)");
        String id = idIn(waiaas.run("backup", "create"));
        SqliteFiles.execute(db, "UPDATE key_value_store SET value = 'live' WHERE key = 'k'");
        Path copy = dataDir.resolve("backups").resolve(id).resolve("waiaas.db");
        byte[] bytes = Files.readAllBytes(copy);
        bytes[bytes.length / 2] ^= 0x01;
        Files.write(copy, bytes);
        String live = SqliteFiles.sha256(db);
        String listed = waiaas.run("backup", "list", "--json").out();

        ImageRunner.Result r = waiaas.run("backup", "restore", id, "--yes");

        assertEquals(5, r.exit(), r.toString());
        assertEquals(
                "waiaas: backup " + id + " is damaged: waiaas.db does not match its SHA-256 in the manifest;"
                        + " nothing was restored\n",
                r.err());
        assertEquals(live, SqliteFiles.sha256(db), "not one byte of the live database changed");
        assertEquals(List.of("live"), SqliteFiles.query(db, "SELECT value FROM key_value_store WHERE key = 'k'"));
        assertEquals(listed, waiaas.run("backup", "list", "--json").out(), "no pre-rollback backup was taken");
    }

    @Test
    void sevenPreUpgradeBackupsLeaveTheFiveNewestByCreationTimeNotByName() throws Exception {
        String real = idIn(waiaas.run("backup", "create", "--reason", "pre-upgrade"));
        Path backups = dataDir.resolve("backups");
        // Six older pre-upgrade backups as earlier releases left them: created one minute apart, 1.10.0 the newest.
        // By name, 1.9.0 sorts above 1.10.0 and this build's own (the newest) below all of them.
        String[] versions = {"1.5.0", "1.6.0", "1.7.0", "1.8.0", "1.9.0", "1.10.0"};
        for (int i = 0; i < versions.length; i++) {
            Instant createdAt = Instant.parse("2026-01-01T00:00:00Z").plusSeconds(60L * i);
            String id = "pre-upgrade-" + versions[i] + "-2026010100" + String.format("%02d", i) + "00";
            copyAs(backups.resolve(real), backups.resolve(id), id, versions[i], createdAt);
        }
        deleteRecursively(backups.resolve(real));

        ImageRunner.Result seventh = waiaas.run("backup", "create", "--reason", "pre-upgrade");

        assertEquals(0, seventh.exit(), seventh.toString());
        String newest = idIn(seventh);
        assertTrue(
                seventh.out()
                        .endsWith("removed old backups ([backup] keep): pre-upgrade-1.6.0-20260101000100,"
                                + " pre-upgrade-1.5.0-20260101000000\n"),
                seventh.out());
        List<String> left = new ArrayList<>();
        JSON.readTree(waiaas.run("backup", "list", "--json").out())
                .forEach(b -> left.add(b.get("id").textValue()));
        assertEquals(
                List.of(
                        newest,
                        "pre-upgrade-1.10.0-20260101000500",
                        "pre-upgrade-1.9.0-20260101000400",
                        "pre-upgrade-1.8.0-20260101000300",
                        "pre-upgrade-1.7.0-20260101000200"),
                left);
        try (Stream<Path> dirs = Files.list(backups)) {
            assertEquals(5, dirs.count(), "the pruned directories are gone from disk");
        }
    }

    @Test
    void backupDirectoriesAreForTheOwnerOnlyAndTheirFilesToo() throws Exception {
        String id = idIn(waiaas.run("backup", "create"));
        Path backups = dataDir.resolve("backups");
        assertEquals("rwx------", permissions(backups));
        assertEquals("rwx------", permissions(backups.resolve(id)));
        try (Stream<Path> files = Files.list(backups.resolve(id))) {
            List<Path> all = files.toList();
            assertEquals(3, all.size(), all.toString());
            for (Path file : all) {
                assertEquals("rw-------", permissions(file), file.toString());
            }
        }
    }

    @Test
    void restoreIsRefusedWhileTheDaemonRunsAndWorksOnceItStopped() throws Exception {
        SqliteFiles.execute(db, "INSERT INTO key_value_store (key, value, updated_at) VALUES ('k', 'backed up', 1)");
        assertEquals(0, waiaas.run("start", "-d").exit());
        long pid =
                Long.parseLong(Files.readString(dataDir.resolve("daemon.pid")).strip());

        ImageRunner.Result created = waiaas.run("backup", "create");
        assertEquals(0, created.exit(), "a backup is taken while the daemon runs: " + created);
        String id = idIn(created);
        SqliteFiles.execute(db, "UPDATE key_value_store SET value = 'live' WHERE key = 'k'");

        ImageRunner.Result refused = waiaas.run("backup", "restore", "latest", "--yes");
        assertEquals(5, refused.exit(), refused.toString());
        assertEquals(
                "waiaas: waiaas is running (pid " + pid + "); nothing was changed; stop it first with: waiaas"
                        + " stop, then run: waiaas backup restore latest\n",
                refused.err());
        assertEquals(
                200,
                ImageRunner.get(port, "/health", "127.0.0.1:" + port)
                        .orElseThrow()
                        .status());
        assertEquals(List.of("live"), SqliteFiles.query(db, "SELECT value FROM key_value_store WHERE key = 'k'"));

        assertEquals(0, waiaas.run("stop").exit());
        ImageRunner.Result unconfirmed = waiaas.run("backup", "restore", "latest");
        assertEquals(5, unconfirmed.exit(), "no terminal to confirm on and no --yes: " + unconfirmed);
        assertTrue(unconfirmed.err().contains("--yes"), unconfirmed.toString());

        ImageRunner.Result restored = waiaas.run("backup", "restore", "latest", "--yes");
        assertEquals(0, restored.exit(), restored.toString());
        assertTrue(restored.out().startsWith("restored backup " + id + " "), restored.out());
        assertTrue(restored.out().contains("the data it replaced is kept as backup pre-rollback-"), restored.out());
        assertEquals(List.of("backed up"), SqliteFiles.query(db, "SELECT value FROM key_value_store WHERE key = 'k'"));
        assertEquals(0, waiaas.run("start", "-d").exit(), "the restored database serves");
    }

    private static String idIn(ImageRunner.Result created) {
        Matcher m = CREATED.matcher(created.out());
        assertTrue(m.find(), created.toString());
        return m.group(1);
    }

    private static List<Integer> rows(Path file) {
        return SqliteFiles.query(file, "SELECT detail FROM audit_events WHERE type = 'ROW' ORDER BY id").stream()
                .map(Integer::parseInt)
                .toList();
    }

    private static String permissions(Path path) throws IOException {
        return PosixFilePermissions.toString(Files.getPosixFilePermissions(path));
    }

    /** Copy backup {@code from} to {@code to}, its manifest rewritten to another id, version and creation time. */
    private static void copyAs(Path from, Path to, String id, String version, Instant createdAt) throws IOException {
        Files.createDirectory(to, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        try (Stream<Path> files = Files.list(from)) {
            for (Path file : files.toList()) {
                Files.copy(file, to.resolve(file.getFileName()));
            }
        }
        ObjectNode manifest = (ObjectNode) JSON.readTree(Files.readAllBytes(to.resolve("manifest.json")));
        manifest.put("id", id).put("appVersion", version).put("createdAt", createdAt.toString());
        Files.write(to.resolve("manifest.json"), JSON.writeValueAsBytes(manifest));
    }

    private static void deleteRecursively(Path dir) throws IOException {
        try (Stream<Path> all = Files.walk(dir)) {
            for (Path p :
                    all.sorted((a, b) -> b.getNameCount() - a.getNameCount()).toList()) {
                Files.delete(p);
            }
        }
    }
}
