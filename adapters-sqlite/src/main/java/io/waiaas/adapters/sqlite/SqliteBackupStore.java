package io.waiaas.adapters.sqlite;

import io.waiaas.application.port.out.BackupStore;
import io.waiaas.domain.BackupFile;
import io.waiaas.domain.BackupId;
import io.waiaas.domain.BackupManifest;
import io.waiaas.domain.BackupPolicy;
import io.waiaas.domain.BackupReason;
import io.waiaas.domain.SchemaVersion;
import io.waiaas.domain.Version;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.DirectoryIteratorException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Keep backups under {@code {dataDir}/backups/}: one 0700 directory per backup holding a consistent snapshot of the
 * database (a byte copy pinned by a read transaction, else {@code VACUUM INTO}), a copy of {@code config.toml} and
 * {@code manifest.json}, all files 0600.
 */
final class SqliteBackupStore implements BackupStore {
    static final String DATABASE = "waiaas.db";
    static final String CONFIG = "config.toml";
    private static final String TEMPORARY_PREFIX = ".";
    /** A backup being built: {@code .tmp-{pid of the process building it}-{random}}. */
    private static final String STAGING_PREFIX = TEMPORARY_PREFIX + "tmp-";

    /** A backup being deleted by a prune: {@code .del-{id}}. */
    private static final String DELETING_PREFIX = TEMPORARY_PREFIX + "del-";

    private static final Pattern STAGING_NAME = Pattern.compile(Pattern.quote(STAGING_PREFIX) + "([0-9]{1,18})-.*");
    private static final int MAX_SAME_SECOND = 1000;
    /** How often the fast path tries to pin a snapshot that the database file alone holds. */
    private static final int PIN_ATTEMPTS = 3;
    /** Where the SQLite header keeps the file format's write and read versions: 1 rollback journal, 2 WAL. */
    private static final long FILE_FORMAT_OFFSET = 18;

    private static final byte LEGACY_FORMAT = 1;
    private static final byte WAL_FORMAT = 2;
    /** The database file and the logs SQLite may keep beside it. */
    private static final List<String> SQLITE_SUFFIXES = List.of("", "-wal", "-shm", "-journal");

    private final SqliteDatabase database;
    private final Path dataDir;
    private final Path backupsDir;
    private final InstantSource clock;

    SqliteBackupStore(SqliteDatabase database, Path dataDir, InstantSource clock) {
        this.database = Objects.requireNonNull(database, "database");
        this.dataDir =
                Objects.requireNonNull(dataDir, "dataDir").toAbsolutePath().normalize();
        this.backupsDir = this.dataDir.resolve("backups");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    @Override
    public synchronized BackupManifest create(BackupReason reason, Version fromVersion) {
        Objects.requireNonNull(reason, "reason");
        Objects.requireNonNull(fromVersion, "fromVersion");
        return create(reason, fromVersion, false);
    }

    /**
     * Take a backup; {@code raw} copies the database files byte for byte instead of snapshotting them, for keeping
     * a live database that SQLite can no longer read.
     */
    private BackupManifest create(BackupReason reason, Version fromVersion, boolean raw) {
        Instant createdAt = clock.instant();
        Path staging = null;
        try {
            PrivateFiles.createDirectories(backupsDir);
            removeAbandonedStaging();
            // Built in a hidden sibling and renamed into place, so a crash never leaves a backup that looks whole.
            staging = Files.createTempDirectory(
                    backupsDir,
                    STAGING_PREFIX + ProcessHandle.current().pid() + "-",
                    PrivateFiles.directoryAttributes());
            Optional<SchemaVersion> schema = Optional.empty();
            List<BackupFile> files = new ArrayList<>();
            if (raw) {
                for (String suffix : SQLITE_SUFFIXES) {
                    Path live = database.file().resolveSibling(database.file().getFileName() + suffix);
                    if (Files.isRegularFile(live)) {
                        Path copy = staging.resolve(DATABASE + suffix);
                        IoErrors.copy(live, copy);
                        files.add(seal(copy));
                    }
                }
            } else if (Files.isRegularFile(database.file())) {
                Snapshot snapshot = snapshot(staging.resolve(DATABASE));
                schema = snapshot.schema();
                files.add(snapshot.file());
            }
            Path config = dataDir.resolve(CONFIG);
            if (Files.isRegularFile(config)) {
                Path copy = staging.resolve(CONFIG);
                IoErrors.copy(config, copy);
                files.add(seal(copy));
            }
            BackupManifest manifest = publish(staging, reason, fromVersion, createdAt, schema, files);
            staging = null;
            return manifest;
        } catch (SqliteStorageException e) {
            throw e;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw SqliteStorageException.failed("back up", database.file(), e);
        } catch (IOException | SQLException | RuntimeException e) {
            throw SqliteStorageException.failed("back up", database.file(), e);
        } finally {
            if (staging != null) {
                PrivateFiles.deleteQuietly(staging);
            }
        }
    }

    /**
     * Remove the staging directories of backups whose process is gone (killed half-way, e.g. by SIGKILL or a power
     * cut): list() never shows them, but each holds up to a whole copy of the database. A live process's staging
     * directory is left alone; so is one whose pid another process has taken since, until a later backup.
     */
    private void removeAbandonedStaging() throws IOException {
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(backupsDir, STAGING_PREFIX + "*")) {
            for (Path entry : entries) {
                Matcher staging = STAGING_NAME.matcher(entry.getFileName().toString());
                if (staging.matches()
                        && ProcessHandle.of(Long.parseLong(staging.group(1))).isEmpty()) {
                    PrivateFiles.deleteQuietly(entry);
                }
            }
        }
    }

    /**
     * Write a consistent snapshot of the live database to {@code copy} as one self-contained file, then check it,
     * hash it and force it to disk.
     */
    private Snapshot snapshot(Path copy) throws SQLException, IOException, InterruptedException {
        if (!tryCopyPinned(copy)) {
            vacuumInto(copy);
        }
        PrivateFiles.restrictFile(copy);
        // The three checks only read the finished copy, so they run side by side: SQLite's integrity check and the
        // SHA-256 are CPU-bound, the fsync waits for the disk.
        try (ExecutorService checks =
                Executors.newFixedThreadPool(2, Thread.ofPlatform().daemon().factory())) {
            Future<Optional<SchemaVersion>> checked = checks.submit(() -> check(copy));
            Future<String> sha256 = checks.submit(() -> PrivateFiles.sha256(copy));
            PrivateFiles.fsync(copy);
            return new Snapshot(result(checked), new BackupFile(DATABASE, Files.size(copy), result(sha256)));
        }
    }

    /**
     * Copy the live database file byte for byte while a read transaction pins a snapshot that the file alone holds;
     * tell whether it could. This is the fast path: the kernel copies the file, SQLite rewrites no page.
     *
     * <p>In WAL mode a checkpoint never writes a frame newer than the oldest open reader's snapshot into the database
     * file, and never writes at all while a reader reads the file without the log. So once a checkpoint, run while
     * our read transaction is open, has moved every frame of the log into the file, the file is exactly our snapshot
     * and stays so until the transaction ends. If a writer or an older reader got in the way, it is tried again and
     * then left to {@code VACUUM INTO}, which is consistent under any load.
     */
    private boolean tryCopyPinned(Path copy) throws IOException {
        try {
            return copyPinned(copy);
        } catch (SQLException e) {
            // The slow path reports what is really wrong with the database, if anything is.
            Files.deleteIfExists(copy);
            return false;
        }
    }

    private boolean copyPinned(Path copy) throws SQLException, IOException {
        try (Connection checkpointer = database.openWritable();
                Connection reader = database.openReadOnly()
                        .orElseThrow(() -> new IOException("the database disappeared while being backed up"))) {
            for (int attempt = 0; attempt < PIN_ATTEMPTS; attempt++) {
                // Never waits: a checkpoint now moves what it can, so an idle log is empty when the reader starts.
                checkpoint(checkpointer, "PASSIVE");
                reader.setAutoCommit(false);
                try {
                    try (Statement statement = reader.createStatement();
                            ResultSet rs = statement.executeQuery("SELECT count(*) FROM sqlite_master")) {
                        rs.next(); // the first read starts the transaction and fixes its snapshot
                    }
                    long[] progress = checkpoint(checkpointer, "PASSIVE");
                    if (progress[1] == progress[2]) {
                        IoErrors.copy(database.file(), copy);
                        leaveWalMode(copy);
                        return true;
                    }
                } finally {
                    reader.rollback();
                    reader.setAutoCommit(true);
                }
            }
            return false;
        }
    }

    /** Run {@code PRAGMA wal_checkpoint(mode)} and return its busy flag, log frames and checkpointed frames. */
    private static long[] checkpoint(Connection connection, String mode) throws SQLException {
        try (Statement statement = connection.createStatement();
                ResultSet rs = statement.executeQuery("PRAGMA wal_checkpoint(" + mode + ")")) {
            return rs.next() ? new long[] {rs.getLong(1), rs.getLong(2), rs.getLong(3)} : new long[] {1, 0, -1};
        }
    }

    /**
     * Mark a byte copy of a WAL-mode database as a rollback-journal database (header bytes 18 and 19 from 2 to 1), as
     * {@code PRAGMA journal_mode = DELETE} would: the copy has no log, and opening it must not create one beside it.
     */
    private static void leaveWalMode(Path copy) throws IOException {
        IoErrors.at(copy, () -> {
            markRollbackJournal(copy);
            return copy;
        });
    }

    private static void markRollbackJournal(Path copy) throws IOException {
        try (FileChannel channel = FileChannel.open(copy, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
            ByteBuffer versions = ByteBuffer.allocate(2);
            channel.read(versions, FILE_FORMAT_OFFSET);
            if (versions.get(0) == WAL_FORMAT || versions.get(1) == WAL_FORMAT) {
                channel.write(ByteBuffer.wrap(new byte[] {LEGACY_FORMAT, LEGACY_FORMAT}), FILE_FORMAT_OFFSET);
            }
        }
    }

    /** Write a snapshot with {@code VACUUM INTO}, which reads one transaction's view whatever else is going on. */
    private void vacuumInto(Path copy) throws SQLException, IOException {
        try (Connection live = database.openReadOnly()
                        .orElseThrow(() -> new IOException("the database disappeared while being backed up"));
                PreparedStatement vacuum = live.prepareStatement("VACUUM INTO ?")) {
            vacuum.setString(1, copy.toString());
            vacuum.execute();
        }
        try (Connection connection = SqliteDatabase.openCopy(copy);
                Statement statement = connection.createStatement()) {
            // A copy in rollback-journal mode is one self-contained file: no -wal or -shm beside it.
            statement.execute("PRAGMA journal_mode = DELETE");
        }
    }

    /** Run {@code PRAGMA integrity_check} on the copy, read-only, and return its schema version. */
    private Optional<SchemaVersion> check(Path copy) throws SQLException {
        try (Connection connection = SqliteDatabase.openCopyReadOnly(copy);
                Statement statement = connection.createStatement()) {
            try (ResultSet rs = statement.executeQuery("PRAGMA integrity_check")) {
                String first = rs.next() ? rs.getString(1) : "no answer";
                if (!"ok".equals(first)) {
                    throw SqliteStorageException.failed(
                            "the backup copy of " + database.file() + " failed the integrity check: " + first);
                }
            }
            return SqliteSchemaHistory.versionIn(connection);
        }
    }

    /** Return what a check computed, rethrowing its failure as it was thrown. */
    private static <T> T result(Future<T> future) throws SQLException, IOException, InterruptedException {
        try {
            return future.get();
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof SQLException sql) {
                throw sql;
            }
            if (cause instanceof IOException io) {
                throw io;
            }
            if (cause instanceof RuntimeException runtime) {
                throw runtime;
            }
            throw new IOException(cause);
        }
    }

    /** The database file of a backup and the schema version it holds. */
    private record Snapshot(Optional<SchemaVersion> schema, BackupFile file) {}

    private static BackupFile seal(Path file) throws IOException {
        PrivateFiles.restrictFile(file);
        PrivateFiles.fsync(file);
        return new BackupFile(file.getFileName().toString(), Files.size(file), PrivateFiles.sha256(file));
    }

    /** Write the manifest and rename the staging directory to a free id. */
    private BackupManifest publish(
            Path staging,
            BackupReason reason,
            Version fromVersion,
            Instant createdAt,
            Optional<SchemaVersion> schema,
            List<BackupFile> files)
            throws IOException {
        BackupId base = BackupId.of(reason, fromVersion, createdAt);
        for (int n = 1; n <= MAX_SAME_SECOND; n++) {
            BackupId id = n == 1 ? base : base.withSequence(n);
            Path target = backupsDir.resolve(id.value());
            if (Files.exists(target)) {
                continue;
            }
            BackupManifest manifest = new BackupManifest(id, reason, fromVersion, schema, createdAt, files);
            Path manifestFile = staging.resolve(ManifestJson.FILE_NAME);
            Files.deleteIfExists(manifestFile);
            IoErrors.at(manifestFile, () -> Files.write(manifestFile, ManifestJson.write(manifest)));
            PrivateFiles.restrictFile(manifestFile);
            PrivateFiles.fsync(manifestFile);
            PrivateFiles.fsync(staging);
            try {
                Files.move(staging, target, StandardCopyOption.ATOMIC_MOVE);
            } catch (FileAlreadyExistsException | DirectoryNotEmptyException raced) {
                continue;
            }
            try {
                PrivateFiles.fsync(backupsDir);
            } catch (IOException notDurable) {
                // The rename may not survive a power cut: no backup is promised. Hide it again, for the caller to
                // remove with the staging directory.
                try {
                    Files.move(target, staging, StandardCopyOption.ATOMIC_MOVE);
                } catch (IOException undo) {
                    notDurable.addSuppressed(undo);
                }
                throw notDurable;
            }
            return manifest;
        }
        throw new IOException("more than " + MAX_SAME_SECOND + " backups named " + base + " in one second");
    }

    @Override
    public List<BackupManifest> list() {
        if (!Files.isDirectory(backupsDir)) {
            return List.of();
        }
        List<BackupManifest> found = new ArrayList<>();
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(backupsDir)) {
            for (Path entry : entries) {
                read(entry).ifPresent(found::add);
            }
        } catch (IOException | DirectoryIteratorException e) {
            // A listing that fails part-way throws DirectoryIteratorException, an unchecked wrapper of the IOException.
            throw SqliteStorageException.failed("list the backups in", backupsDir, e);
        }
        found.sort(BackupManifest.NEWEST_FIRST);
        return List.copyOf(found);
    }

    @Override
    public Optional<BackupManifest> find(BackupId id) {
        Objects.requireNonNull(id, "id");
        return read(backupsDir.resolve(id.value()));
    }

    /**
     * Read the manifest of the backup in {@code dir}; hidden, partial or foreign directories are not backups. A
     * manifest that is there but cannot be read (an I/O error, no permission) is a failure, not "no backup": a restore
     * of "latest" must not quietly take an older one, nor say there is none.
     */
    private static Optional<BackupManifest> read(Path dir) {
        String name = dir.getFileName().toString();
        Path manifestFile = dir.resolve(ManifestJson.FILE_NAME);
        if (name.startsWith(TEMPORARY_PREFIX) || !Files.isDirectory(dir) || !Files.isRegularFile(manifestFile)) {
            return Optional.empty();
        }
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(manifestFile);
        } catch (NoSuchFileException gone) {
            return Optional.empty(); // removed since it was listed (a prune)
        } catch (IOException e) {
            throw SqliteStorageException.failed("cannot read the manifest of backup " + name + ": "
                    + SqliteStorageException.reason(e, manifestFile));
        }
        try {
            BackupManifest manifest = ManifestJson.read(bytes);
            return manifest.id().value().equals(name) ? Optional.of(manifest) : Optional.empty();
        } catch (IOException | RuntimeException foreign) {
            return Optional.empty(); // not JSON, or not a manifest
        }
    }

    @Override
    public synchronized Optional<BackupManifest> restore(BackupId id, Version replacedVersion) {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(replacedVersion, "replacedVersion");
        BackupManifest manifest = find(id).orElseThrow(() -> SqliteStorageException.refused(
                "no backup named " + id + " in " + backupsDir + "; see: waiaas backup list"));
        Path dir = backupsDir.resolve(id.value());
        verify(dir, manifest);
        Path config = dataDir.resolve(CONFIG);
        Path databaseDir = database.file().toAbsolutePath().getParent();
        try {
            // What an interrupted restore left: the live files are whole (each was put in place by one rename).
            FileSwap.removeLeftovers(databaseDir);
            FileSwap.removeLeftovers(dataDir);
        } catch (IOException | RuntimeException e) {
            throw SqliteStorageException.refused("cannot restore backup " + id + ": "
                    + SqliteStorageException.reason(e, databaseDir) + "; nothing was changed");
        }
        Optional<BackupManifest> kept = Files.exists(database.file()) || Files.exists(config)
                ? Optional.of(keepReplaced(replacedVersion))
                : Optional.empty();
        String keptNote =
                kept.map(k -> "; the replaced data is also in backup " + k.id()).orElse("");
        // All of the backup's files or none: stage every copy, then put each in place, undoing all on a failure.
        try (FileSwap swap = new FileSwap()) {
            try {
                Map<Path, Path> copies = new LinkedHashMap<>();
                for (Map.Entry<String, Path> file : liveFiles(manifest, config).entrySet()) {
                    Optional<BackupFile> recorded = manifest.file(file.getKey());
                    if (recorded.isPresent()) {
                        copies.put(
                                file.getValue(),
                                swap.stage(
                                        dir.resolve(file.getKey()),
                                        file.getValue(),
                                        recorded.get().sha256()));
                    }
                }
                // A leftover log belongs to the replaced database; SQLite would replay it into the restored one.
                for (String suffix : SQLITE_SUFFIXES.subList(1, SQLITE_SUFFIXES.size())) {
                    Path log = database.file().resolveSibling(database.file().getFileName() + suffix);
                    if (!copies.containsKey(log)) {
                        swap.remove(log);
                    }
                }
                for (Path live : liveFiles(manifest, config).values()) {
                    Path copy = copies.get(live);
                    if (copy != null) {
                        swap.put(copy, live);
                    } else {
                        swap.remove(live); // it did not exist when the backup was taken
                    }
                }
                swap.sync();
            } catch (IOException | RuntimeException e) {
                List<String> notUndone = swap.undo();
                String why = SqliteStorageException.reason(e, database.file());
                if (notUndone.isEmpty()) {
                    throw SqliteStorageException.failed(
                            "cannot restore backup " + id + ": " + why + "; nothing was changed" + keptNote);
                }
                throw SqliteStorageException.failed("restoring backup " + id + " failed (" + why
                        + ") and could not be undone for " + String.join(", ", notUndone)
                        + kept.map(k -> "; put the replaced data back with: waiaas backup restore " + k.id())
                                .orElse(""));
            }
        }
        return kept;
    }

    /** Return the backup's file names and where each goes live: the database, its log if it has one, the config. */
    private Map<String, Path> liveFiles(BackupManifest manifest, Path config) {
        Map<String, Path> files = new LinkedHashMap<>();
        files.put(DATABASE, database.file());
        String wal = DATABASE + "-wal";
        if (manifest.file(wal).isPresent()) {
            // Only a byte-for-byte pre-rollback backup holds a log; it belongs to the database put back with it.
            files.put(wal, database.file().resolveSibling(database.file().getFileName() + "-wal"));
        }
        files.put(CONFIG, config);
        return files;
    }

    /** Back up the data a restore replaces; a database too broken to snapshot is kept byte for byte. */
    private BackupManifest keepReplaced(Version replacedVersion) {
        try {
            return create(BackupReason.PRE_ROLLBACK, replacedVersion, false);
        } catch (SqliteStorageException unreadable) {
            try {
                return create(BackupReason.PRE_ROLLBACK, replacedVersion, true);
            } catch (SqliteStorageException e) {
                e.addSuppressed(unreadable);
                throw SqliteStorageException.failed("cannot keep the data of " + database.file() + " before restoring ("
                        + SqliteStorageException.reason(e, database.file()) + "); nothing was restored");
            }
        }
    }

    /** Refuse, touching nothing, unless every file of the backup has its recorded size and SHA-256. */
    private void verify(Path dir, BackupManifest manifest) {
        for (BackupFile file : manifest.files()) {
            Path path = dir.resolve(file.name());
            try {
                if (!Files.isRegularFile(path)) {
                    throw damaged(manifest, file.name() + " is missing");
                }
                if (Files.size(path) != file.size()
                        || !PrivateFiles.sha256(path).equals(file.sha256())) {
                    throw damaged(manifest, file.name() + " does not match its SHA-256 in the manifest");
                }
            } catch (IOException e) {
                throw damaged(
                        manifest, file.name() + " cannot be read (" + SqliteStorageException.reason(e, path) + ")");
            }
        }
    }

    private SqliteStorageException damaged(BackupManifest manifest, String why) {
        return SqliteStorageException.refused(
                "backup " + manifest.id() + " is damaged: " + why + "; nothing was restored");
    }

    /**
     * Delete the backups {@code policy} no longer keeps. Pruning is housekeeping after a backup or a restore that is
     * already done: an I/O error stops it quietly (what is left is pruned next time) instead of failing that work.
     */
    @Override
    public synchronized List<BackupId> prune(BackupPolicy policy) {
        Objects.requireNonNull(policy, "policy");
        List<BackupId> deleted = new ArrayList<>();
        try {
            removeDeletionsLeftBehind();
            for (BackupManifest expired : policy.expired(list())) {
                Path dir = backupsDir.resolve(expired.id().value());
                // Hide it first with one rename, so a crash halfway through deleting never leaves a broken backup.
                Path hidden = backupsDir.resolve(DELETING_PREFIX + expired.id().value());
                Files.move(dir, hidden, StandardCopyOption.ATOMIC_MOVE);
                deleted.add(expired.id());
                PrivateFiles.deleteRecursively(hidden);
            }
        } catch (IOException | RuntimeException stopped) {
            // Left for the next prune, which also removes what a deletion stopped half-way left hidden.
        }
        return List.copyOf(deleted);
    }

    /** Remove backups a prune hid but did not finish deleting (stopped by an I/O error or a crash). */
    private void removeDeletionsLeftBehind() throws IOException {
        if (!Files.isDirectory(backupsDir)) {
            return;
        }
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(backupsDir, DELETING_PREFIX + "*")) {
            for (Path entry : entries) {
                PrivateFiles.deleteRecursively(entry);
            }
        }
    }
}
