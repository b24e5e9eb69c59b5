package io.waiaas.adapters.sqlite;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.waiaas.application.port.out.AuditEvent;
import io.waiaas.application.port.out.BackupStore;
import io.waiaas.application.testkit.BackupFixture;
import io.waiaas.application.testkit.BackupStoreContract;
import io.waiaas.application.testkit.MutableClock;
import io.waiaas.domain.BackupFile;
import io.waiaas.domain.BackupId;
import io.waiaas.domain.BackupManifest;
import io.waiaas.domain.BackupPolicy;
import io.waiaas.domain.BackupReason;
import io.waiaas.domain.ErrorCode;
import io.waiaas.domain.Version;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SqliteBackupStoreIT implements BackupStoreContract {
    /** A backup taken by waiaas 0.1.0 (manifest format 1), kept byte for byte under src/test/fixtures. */
    private static final BackupId FORMAT_1 = BackupId.of("manual-0.1.0-20261207043451");

    private static final Path FORMAT_1_FIXTURE =
            Path.of("src/test/fixtures/backup-format-1").resolve(FORMAT_1.value());

    @TempDir
    Path dataDir;

    private final MutableClock clock = new MutableClock(Instant.parse("2026-11-26T06:00:00Z"));
    private SqliteStorage storage;

    @Override
    public BackupFixture newFixture() {
        storage = migrated();
        return new BackupFixture(storage.backupStore(dataDir), clock, storage.keyValueStore(), this::flipAByte);
    }

    private SqliteStorage migrated() {
        SqliteStorage opened = SqliteStorage.open(databaseFile(), clock);
        opened.schemaMigrator().migrate();
        return opened;
    }

    private Path databaseFile() {
        return dataDir.resolve("data").resolve("waiaas.db");
    }

    private Path backupDir(BackupId id) {
        return dataDir.resolve("backups").resolve(id.value());
    }

    private void flipAByte(BackupId id) {
        try {
            Path db = backupDir(id).resolve("waiaas.db");
            byte[] bytes = Files.readAllBytes(db);
            bytes[bytes.length / 2] ^= 0x01;
            Files.write(db, bytes);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    @AfterEach
    void close() {
        if (storage != null) {
            storage.close();
        }
    }

    @Test
    void takesAConsistentSnapshotWhileAnotherThreadKeepsWriting() throws Exception {
        storage = migrated();
        BackupStore store = storage.backupStore(dataDir);
        AtomicBoolean stop = new AtomicBoolean();
        AtomicInteger committed = new AtomicInteger();
        AtomicReference<Throwable> writerFailure = new AtomicReference<>();
        Thread writer = new Thread(() -> {
            try {
                for (int i = 1; !stop.get(); i++) {
                    storage.auditLog().record(new AuditEvent(clock.instant(), "ROW", Integer.toString(i)));
                    committed.set(i);
                }
            } catch (Throwable t) {
                writerFailure.set(t);
            }
        });
        writer.start();
        while (committed.get() < 50 && writer.isAlive()) {
            Thread.sleep(5);
        }
        int before = committed.get();
        BackupManifest backup = store.create(BackupReason.MANUAL, V1_9_0);
        int after = committed.get();
        while (committed.get() < after + 20 && writer.isAlive()) {
            Thread.sleep(5);
        }
        stop.set(true);
        writer.join();
        assertEquals(null, writerFailure.get());

        List<Integer> snapshot = rows(backupDir(backup.id()).resolve("waiaas.db"));
        int n = snapshot.size();
        assertTrue(n >= before && n <= after + 1, "snapshot of " + n + " rows, " + before + ".." + after);
        assertEquals(IntStream.rangeClosed(1, n).boxed().toList(), snapshot);
        assertTrue(committed.get() > n, "the writer went on after the snapshot");

        store.restore(backup.id(), V1_9_0);
        assertEquals("ok", single(databaseFile(), "PRAGMA integrity_check"));
        assertEquals(snapshot, rows(databaseFile()));
        assertEquals(n, storage.auditLog().ofType("ROW").size());
    }

    @Test
    void refusesADamagedBackupWithoutTouchingALiveByte() throws IOException {
        BackupFixture f = newFixture();
        BackupManifest backup = backupThenChange(f, BackupReason.PRE_UPGRADE);
        Files.writeString(dataDir.resolve("config.toml"), "[backup]\nkeep = 3\n");
        byte[] liveDb = Files.readAllBytes(databaseFile());
        flipAByte(backup.id());

        SqliteStorageException e = refusedRestore(f, backup.id());
        assertTrue(
                e.getMessage().contains(backup.id().value()) && e.getMessage().contains("waiaas.db"), e.getMessage());
        assertFalse(e.getMessage().contains("\n"));
        assertArrayEquals(liveDb, Files.readAllBytes(databaseFile()));
        assertEquals("[backup]\nkeep = 3\n", Files.readString(dataDir.resolve("config.toml")));
        assertEquals(
                List.of(backup.id()),
                f.store().list().stream().map(BackupManifest::id).toList());
        assertEquals(List.of(), hiddenFiles(databaseFile().getParent()), "the copies staged for the restore");
        assertEquals(List.of(), hiddenFiles(dataDir), "the copies staged for the restore");
        assertEquals(List.of(), hiddenFiles(dataDir.resolve("backups")), "the backup of the data it would replace");
    }

    @Test
    void removesTheCopiesARestoreKilledHalfWayLeftBesideTheLiveFiles() throws IOException {
        BackupFixture f = newFixture();
        f.live().putAll(Map.of("k", "backed up"));
        BackupManifest backup = f.store().create(BackupReason.MANUAL, V1_9_0);
        Path data = databaseFile().getParent();
        Files.writeString(data.resolve(".waiaas.db.restore-123.tmp"), "half a copy");
        Files.writeString(data.resolve(".waiaas.db-wal.restore-456.tmp"), "half a log");
        Files.writeString(dataDir.resolve(".config.toml.restore-789.tmp"), "half a config");
        Files.writeString(data.resolve(".waiaas.db.replaced-42"), "what a killed restore kept");
        Files.writeString(data.resolve(".unrelated.tmp"), "not a restore's");

        f.store().restore(backup.id(), V1_9_0);

        assertEquals(List.of(".unrelated.tmp"), hiddenFiles(data));
        assertEquals(List.of(), hiddenFiles(dataDir));
        assertEquals(Optional.of("backed up"), f.live().get("k"));
    }

    @Test
    void refusesABackupWhoseFileHasLostBytesBeforeCopyingAnything() throws IOException {
        BackupFixture f = newFixture();
        BackupManifest backup = backupThenChange(f, BackupReason.MANUAL);
        Path copy = backupDir(backup.id()).resolve("waiaas.db");
        byte[] bytes = Files.readAllBytes(copy);
        Files.write(copy, Arrays.copyOf(bytes, bytes.length - 1));

        SqliteStorageException e = refusedRestore(f, backup.id());
        assertEquals(
                "backup " + backup.id() + " is damaged: waiaas.db does not match its size in the manifest;"
                        + " nothing was restored",
                e.getMessage());
        assertEquals(Optional.of("live"), f.live().get("k"));
        assertEquals(List.of(), hiddenFiles(databaseFile().getParent()));
        assertEquals(List.of(), hiddenFiles(dataDir.resolve("backups")));
    }

    /** Back up {@code k = "backed up"}, then change it to {@code "live"}; return the backup. */
    private static BackupManifest backupThenChange(BackupFixture f, BackupReason reason) {
        f.live().putAll(Map.of("k", "backed up"));
        BackupManifest backup = f.store().create(reason, V1_9_0);
        f.live().putAll(Map.of("k", "live"));
        return backup;
    }

    /** Restore {@code id}, which must be refused (exit 5); return the refusal. */
    private static SqliteStorageException refusedRestore(BackupFixture f, BackupId id) {
        SqliteStorageException e =
                assertThrows(SqliteStorageException.class, () -> f.store().restore(id, V1_10_0));
        assertEquals(ErrorCode.REFUSED, e.code());
        return e;
    }

    /** Copy the format 1 backup into the backups directory, as an older build left it there. */
    private void installFormat1Backup() throws IOException {
        Path dir = Files.createDirectories(backupDir(FORMAT_1));
        try (Stream<Path> files = Files.list(FORMAT_1_FIXTURE)) {
            for (Path file : files.toList()) {
                Files.copy(file, dir.resolve(file.getFileName()));
            }
        }
    }

    @Test
    void restoresABackupWrittenByTheFirstManifestFormat() throws IOException, SQLException {
        BackupFixture f = newFixture();
        f.live().putAll(Map.of("greeting", "replaced"));
        installFormat1Backup();
        assertTrue(
                Files.readString(backupDir(FORMAT_1).resolve("manifest.json")).contains("\"format\" : 1"));
        BackupManifest old = f.store().find(FORMAT_1).orElseThrow();
        assertEquals(Version.parse("0.1.0"), old.appVersion());
        assertEquals(List.of(old), f.store().list());

        BackupManifest kept = f.store().restore(FORMAT_1, V1_10_0).orElseThrow();

        assertEquals(Optional.of("hello"), f.live().get("greeting"));
        assertEquals(
                Optional.of("waiaas 0.1.0, backup manifest format 1"), f.live().get("made.by"));
        assertEquals("[update]\ncheck = false\n", Files.readString(dataDir.resolve("config.toml")));
        assertEquals("ok", single(databaseFile(), "PRAGMA integrity_check"));
        f.clock().advance(Duration.ofMinutes(1));
        f.store().restore(kept.id(), V1_10_0);
        assertEquals(Optional.of("replaced"), f.live().get("greeting"));
    }

    @Test
    void refusesABackupOfTheFirstManifestFormatWhoseDatabaseNoLongerMatchesItsSha256() throws IOException {
        BackupFixture f = newFixture();
        f.live().putAll(Map.of("greeting", "live"));
        installFormat1Backup();
        flipAByte(FORMAT_1);

        SqliteStorageException e = refusedRestore(f, FORMAT_1);

        assertEquals(
                "backup " + FORMAT_1 + " is damaged: waiaas.db does not match its SHA-256 in the manifest;"
                        + " nothing was restored",
                e.getMessage());
        assertEquals(Optional.of("live"), f.live().get("greeting"));
        assertEquals(
                List.of(FORMAT_1),
                f.store().list().stream().map(BackupManifest::id).toList());
    }

    /**
     * Backups already on disk are in format 1 and restore as they are: a backup written today has the same fields,
     * in the same order, per backup and per file, with one SHA-256 per whole file. A new format needs a new version
     * number, and this test and the fixture's stay to prove the old one still restores.
     */
    @Test
    void writesTheManifestFormatOfTheBackupsAlreadyOnDisk() throws IOException {
        BackupFixture f = newFixture();
        Files.writeString(dataDir.resolve("config.toml"), "[update]\ncheck = false\n");
        BackupManifest backup = f.store().create(BackupReason.MANUAL, V1_9_0);

        ObjectMapper json = new ObjectMapper();
        JsonNode written =
                json.readTree(backupDir(backup.id()).resolve("manifest.json").toFile());
        JsonNode format1 =
                json.readTree(FORMAT_1_FIXTURE.resolve("manifest.json").toFile());

        assertEquals(1, written.get("format").asInt());
        assertEquals(fieldNames(format1), fieldNames(written));
        assertEquals(format1.get("files").size(), written.get("files").size());
        for (int i = 0; i < format1.get("files").size(); i++) {
            assertEquals(
                    fieldNames(format1.get("files").get(i)),
                    fieldNames(written.get("files").get(i)));
            assertEquals(
                    format1.get("files").get(i).get("name"),
                    written.get("files").get(i).get("name"));
            assertTrue(written.get("files").get(i).get("sha256").asText().matches("[0-9a-f]{64}"));
        }
        assertEquals(
                sha256(backupDir(backup.id()).resolve("waiaas.db")),
                written.get("files").get(0).get("sha256").asText());
    }

    private static List<String> fieldNames(JsonNode object) {
        List<String> names = new ArrayList<>();
        object.fieldNames().forEachRemaining(names::add);
        return names;
    }

    @Test
    void keepsTheFiveNewestOfSevenByCreationTimeOnDisk() throws IOException {
        BackupFixture f = newFixture();
        // Created out of name order: 1.10.0 sorts before 1.9.0 by name but is the newest.
        String[] versions = {"1.5.0", "1.6.0", "1.7.0", "1.8.0", "1.9.0", "1.10.0", "1.11.0"};
        for (String version : versions) {
            f.store().create(BackupReason.PRE_UPGRADE, Version.parse(version));
            f.clock().advance(Duration.ofHours(1));
        }
        f.store().prune(BackupPolicy.keepNewest(5));
        try (Stream<Path> left = Files.list(dataDir.resolve("backups"))) {
            assertEquals(
                    List.of(
                            "pre-upgrade-1.10.0-20261126110000",
                            "pre-upgrade-1.11.0-20261126120000",
                            "pre-upgrade-1.7.0-20261126080000",
                            "pre-upgrade-1.8.0-20261126090000",
                            "pre-upgrade-1.9.0-20261126100000"),
                    left.map(p -> p.getFileName().toString()).sorted().toList());
        }
    }

    @Test
    void keepsBackupsForTheOwnerOnly() throws IOException {
        BackupFixture f = newFixture();
        Files.writeString(dataDir.resolve("config.toml"), "[daemon]\nport = 3200\n");
        BackupManifest backup = f.store().create(BackupReason.MANUAL, V1_9_0);
        assertEquals("rwx------", permissions(dataDir.resolve("backups")));
        Path dir = backupDir(backup.id());
        assertEquals("rwx------", permissions(dir));
        try (Stream<Path> files = Files.list(dir)) {
            List<Path> all = files.toList();
            assertEquals(3, all.size());
            for (Path file : all) {
                assertEquals("rw-------", permissions(file), file.toString());
            }
        }
    }

    @Test
    void writesAManifestWithVersionsTimeReasonAndTheChecksumOfEveryFile() throws IOException {
        BackupFixture f = newFixture();
        Files.writeString(dataDir.resolve("config.toml"), "[daemon]\nport = 3200\n");
        clock.set(Instant.parse("2026-11-26T06:07:08.123Z"));
        BackupManifest backup = f.store().create(BackupReason.PRE_UPGRADE, V1_9_0);
        Path dir = backupDir(backup.id());
        JsonNode json = new ObjectMapper().readTree(dir.resolve("manifest.json").toFile());
        assertEquals("pre-upgrade-1.9.0-20261126060708", json.get("id").asText());
        assertEquals("1.9.0", json.get("appVersion").asText());
        assertEquals(Migrations.LATEST.value(), json.get("schemaVersion").asInt());
        assertEquals("2026-11-26T06:07:08.123Z", json.get("createdAt").asText());
        assertEquals("pre-upgrade", json.get("reason").asText());
        List<String> names = new ArrayList<>();
        for (JsonNode file : json.get("files")) {
            Path path = dir.resolve(file.get("name").asText());
            names.add(file.get("name").asText());
            assertEquals(Files.size(path), file.get("size").asLong());
            assertEquals(sha256(path), file.get("sha256").asText());
        }
        assertEquals(List.of("waiaas.db", "config.toml"), names);
        assertEquals(
                List.of(new BackupFile(
                        "config.toml", Files.size(dir.resolve("config.toml")), sha256(dir.resolve("config.toml")))),
                backup.files().subList(1, 2));
    }

    @Test
    void restoresTheConfigAndRemovesOneThatDidNotExistAtBackupTime() throws IOException {
        BackupFixture f = newFixture();
        Path config = dataDir.resolve("config.toml");
        BackupManifest withoutConfig = f.store().create(BackupReason.MANUAL, V1_9_0);
        Files.writeString(config, "[daemon]\nport = 3200\n");
        f.clock().advance(Duration.ofMinutes(1));
        BackupManifest withConfig = f.store().create(BackupReason.MANUAL, V1_9_0);
        Files.writeString(config, "[daemon]\nport = 3300\n");

        f.store().restore(withConfig.id(), V1_9_0);
        assertEquals("[daemon]\nport = 3200\n", Files.readString(config));
        f.store().restore(withoutConfig.id(), V1_9_0);
        assertFalse(Files.exists(config));
    }

    /**
     * The database is put back before the config: when the config cannot be (here a directory stands where
     * config.toml was, which no rename can replace), the restored database must not stay either (issue 24: a restore
     * failing part-way left the database of the backup with the config of the present).
     */
    @Test
    void aRestoreThatCannotPutBackEveryFileChangesNothing() throws IOException {
        BackupFixture f = newFixture();
        Path config = dataDir.resolve("config.toml");
        Files.writeString(config, "[daemon]\nport = 3200\n");
        f.live().putAll(Map.of("k", "backed up"));
        BackupManifest backup = f.store().create(BackupReason.MANUAL, V1_9_0);
        f.live().putAll(Map.of("k", "live"));
        Files.delete(config);
        Files.createDirectories(config.resolve("in-the-way"));
        f.clock().advance(Duration.ofMinutes(1));

        SqliteStorageException e =
                assertThrows(SqliteStorageException.class, () -> f.store().restore(backup.id(), V1_9_0));

        assertTrue(e.getMessage().contains("nothing was changed"), e.getMessage());
        assertEquals(Optional.of("live"), f.live().get("k"), "the database was restored without its config");
        assertTrue(Files.isDirectory(config.resolve("in-the-way")));
        assertEquals(List.of(), hidden(databaseFile().getParent()), "staged or kept files were left");
        assertEquals(List.of(), hidden(dataDir), "staged or kept files were left");
    }

    /** Return the hidden entries of {@code dir}: what a restore stages and keeps while it runs. */
    private static List<String> hidden(Path dir) throws IOException {
        try (Stream<Path> entries = Files.list(dir)) {
            return entries.map(p -> p.getFileName().toString())
                    .filter(name -> name.startsWith("."))
                    .toList();
        }
    }

    @Test
    void restoreDiscardsAStaleWriteAheadLogLeftByACrash() throws SQLException, IOException {
        BackupFixture f = newFixture();
        f.live().putAll(Map.of("k", "backed up"));
        BackupManifest backup = f.store().create(BackupReason.MANUAL, V1_9_0);
        Path wal = Path.of(databaseFile() + "-wal");
        Path staleWal = dataDir.resolve("stale-wal");
        try (Connection holder = storage.database().openWritable()) {
            f.live().putAll(Map.of("k", "stale"));
            Files.copy(wal, staleWal);
        }
        // As if the process had died with its log still beside the database.
        Files.copy(staleWal, wal, StandardCopyOption.REPLACE_EXISTING);

        f.store().restore(backup.id(), V1_9_0);
        assertFalse(Files.exists(wal) && Files.size(wal) > 0, "the stale log is gone");
        assertEquals(Optional.of("backed up"), f.live().get("k"));
        assertEquals("ok", single(databaseFile(), "PRAGMA integrity_check"));
    }

    @Test
    void restoresOverACorruptDatabaseAndKeepsItsBytesAsAPreRollbackBackup() throws IOException {
        BackupFixture f = newFixture();
        f.live().putAll(Map.of("k", "backed up"));
        BackupManifest backup = f.store().create(BackupReason.MANUAL, V1_9_0);
        byte[] corrupt = Files.readAllBytes(databaseFile());
        for (int i = 100; i < corrupt.length; i++) {
            corrupt[i] = (byte) 0x5A;
        }
        Files.write(databaseFile(), corrupt);
        f.clock().advance(Duration.ofMinutes(1));

        BackupManifest kept = f.store().restore(backup.id(), V1_10_0).orElseThrow();
        assertEquals(Optional.of("backed up"), f.live().get("k"));
        assertEquals(BackupReason.PRE_ROLLBACK, kept.reason());
        assertEquals(Optional.empty(), kept.schemaVersion());
        assertArrayEquals(corrupt, Files.readAllBytes(backupDir(kept.id()).resolve("waiaas.db")));

        f.clock().advance(Duration.ofMinutes(1));
        f.store().restore(kept.id(), V1_9_0);
        assertArrayEquals(corrupt, Files.readAllBytes(databaseFile()));
    }

    @Test
    void showsNoHalfWrittenOrForeignDirectoryAsABackup() throws IOException {
        BackupFixture f = newFixture();
        Path backups = dataDir.resolve("backups");
        Files.createDirectories(backups.resolve(".tmp-123"));
        Files.writeString(backups.resolve(".tmp-123").resolve("manifest.json"), "{}");
        Files.createDirectories(backups.resolve("manual-1.0.0-20200101000000"));
        Files.createDirectories(backups.resolve("garbage"));
        Files.writeString(backups.resolve("garbage").resolve("manifest.json"), "not json");
        assertEquals(List.of(), f.store().list());
        BackupManifest real = f.store().create(BackupReason.MANUAL, V1_9_0);
        assertEquals(List.of(real), f.store().list());
    }

    @Test
    void removesWhatABackupKilledHalfWayLeftButNeverALiveProcesssWork() throws Exception {
        BackupFixture f = newFixture();
        Path backups = dataDir.resolve("backups");
        Process gone = new ProcessBuilder("true").start();
        assertEquals(0, gone.waitFor());
        Path abandoned = Files.createDirectories(backups.resolve(".tmp-" + gone.pid() + "-1"));
        Files.writeString(abandoned.resolve("waiaas.db"), "half a copy");
        Path live = Files.createDirectories(
                backups.resolve(".tmp-" + ProcessHandle.current().pid() + "-2"));
        Path foreign = Files.createDirectories(backups.resolve(".tmp-123"));

        BackupManifest real = f.store().create(BackupReason.MANUAL, V1_9_0);

        assertFalse(Files.exists(abandoned), "the staging directory of a process that is gone");
        assertTrue(Files.exists(live), "the staging directory of a live process");
        assertTrue(Files.exists(foreign), "a directory whose owner is not known");
        assertEquals(List.of(real), f.store().list());
    }

    @Test
    void backsUpADataDirWithoutDatabaseAsItsConfigAlone() throws IOException {
        Files.createDirectories(dataDir);
        Files.writeString(dataDir.resolve("config.toml"), "[daemon]\nport = 3200\n");
        storage = SqliteStorage.open(databaseFile(), clock);
        BackupManifest backup = storage.backupStore(dataDir).create(BackupReason.PRE_UPDATE, V1_9_0);
        assertEquals(Optional.empty(), backup.schemaVersion());
        assertEquals(
                List.of("config.toml"),
                backup.files().stream().map(BackupFile::name).toList());
        assertFalse(Files.exists(databaseFile()));
        assertTrue(backup.id().value().startsWith("pre-update-1.9.0-"));
    }

    @Test
    void backsUpCommitsThatAreStillOnlyInTheWriteAheadLogAsOneSelfContainedFile() throws Exception {
        storage = migrated();
        try (Connection writer = DriverManager.getConnection("jdbc:sqlite:" + databaseFile());
                Statement s = writer.createStatement()) {
            // No automatic checkpoint, and this connection stays open: the rows live in the -wal file only.
            s.execute("PRAGMA wal_autocheckpoint = 0");
            for (int i = 1; i <= 20; i++) {
                s.execute("INSERT INTO audit_events (occurred_at, type, detail) VALUES (0, 'ROW', '" + i + "')");
            }
            assertTrue(Files.size(databaseFile().resolveSibling("waiaas.db-wal")) > 0);

            BackupManifest backup = storage.backupStore(dataDir).create(BackupReason.MANUAL, V1_9_0);

            Path copy = backupDir(backup.id()).resolve("waiaas.db");
            byte[] header = Arrays.copyOf(Files.readAllBytes(copy), 20);
            assertEquals(1, header[18], "rollback-journal format: opening the copy needs no log");
            assertEquals(1, header[19]);
            assertEquals(IntStream.rangeClosed(1, 20).boxed().toList(), rows(copy));
            assertEquals("ok", single(copy, "PRAGMA integrity_check"));
        }
        try (Stream<Path> files =
                Files.list(backupDir(storage.backupStore(dataDir).list().get(0).id()))) {
            assertEquals(
                    List.of("manifest.json", "waiaas.db"),
                    files.map(f -> f.getFileName().toString()).sorted().toList(),
                    "no -wal or -shm beside the copy");
        }
    }

    @Test
    void aReaderHoldingAnOlderSnapshotNeverLeavesTheBackupBehindTheLatestCommit() throws Exception {
        storage = migrated();
        try (Connection writer = DriverManager.getConnection("jdbc:sqlite:" + databaseFile());
                Statement w = writer.createStatement();
                Connection oldReader = DriverManager.getConnection("jdbc:sqlite:" + databaseFile())) {
            w.execute("PRAGMA wal_autocheckpoint = 0");
            for (int i = 1; i <= 10; i++) {
                w.execute("INSERT INTO audit_events (occurred_at, type, detail) VALUES (0, 'ROW', '" + i + "')");
            }
            oldReader.setAutoCommit(false);
            try (Statement r = oldReader.createStatement();
                    ResultSet rs = r.executeQuery("SELECT count(*) FROM audit_events")) {
                assertTrue(rs.next());
                assertEquals(10, rs.getInt(1));
            }
            // Committed after the old reader's snapshot: no checkpoint may move them into the database file while
            // it reads, so a byte copy of that file would miss them.
            for (int i = 11; i <= 20; i++) {
                w.execute("INSERT INTO audit_events (occurred_at, type, detail) VALUES (0, 'ROW', '" + i + "')");
            }

            BackupManifest backup = storage.backupStore(dataDir).create(BackupReason.MANUAL, V1_9_0);

            assertEquals(
                    IntStream.rangeClosed(1, 20).boxed().toList(),
                    rows(backupDir(backup.id()).resolve("waiaas.db")));
            oldReader.rollback();
        }
    }

    /** The SHA-256 of {@code file}, computed here independently of the store's own hashing. */
    private static String sha256(Path file) throws IOException {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(file)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Return the names of the hidden entries of {@code dir}: what a backup or restore stages before renaming. */
    private static List<String> hiddenFiles(Path dir) throws IOException {
        try (Stream<Path> entries = Files.list(dir)) {
            return entries.map(p -> p.getFileName().toString())
                    .filter(name -> name.startsWith("."))
                    .toList();
        }
    }

    private static String permissions(Path path) throws IOException {
        return PosixFilePermissions.toString(Files.getPosixFilePermissions(path));
    }

    private static List<Integer> rows(Path db) throws SQLException {
        List<Integer> rows = new ArrayList<>();
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db);
                Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT detail FROM audit_events WHERE type = 'ROW' ORDER BY id")) {
            while (rs.next()) {
                rows.add(Integer.parseInt(rs.getString(1)));
            }
        }
        return rows;
    }

    private static String single(Path db, String sql) throws SQLException {
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db);
                Statement s = c.createStatement();
                ResultSet rs = s.executeQuery(sql)) {
            assertTrue(rs.next());
            return rs.getString(1);
        }
    }
}
