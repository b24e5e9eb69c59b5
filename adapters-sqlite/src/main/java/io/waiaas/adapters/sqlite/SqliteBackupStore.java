package io.waiaas.adapters.sqlite;

import io.waiaas.application.port.out.BackupStore;
import io.waiaas.domain.BackupFile;
import io.waiaas.domain.BackupId;
import io.waiaas.domain.BackupManifest;
import io.waiaas.domain.BackupPolicy;
import io.waiaas.domain.BackupReason;
import io.waiaas.domain.SchemaVersion;
import io.waiaas.domain.Version;
import io.waiaas.platform.FileTrees;
import io.waiaas.platform.Fsync;
import io.waiaas.platform.IoErrors;
import io.waiaas.platform.Layout;
import io.waiaas.platform.PrivateFiles;
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
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Keep backups under {@code {dataDir}/backups/}: one 0700 directory per backup holding a consistent snapshot of the
 * database (a byte copy pinned by a read transaction, else {@code VACUUM INTO}), a copy of {@code config.toml} and
 * {@code manifest.json}, all files 0600.
 *
 * <p>Each file is read once: hashed as it is copied, then integrity-checked and forced to disk side by side. With
 * {@code waiaas --verbose} each backup and restore logs the time of its phases at DEBUG.
 */
final class SqliteBackupStore implements BackupStore {
    static final String DATABASE = "waiaas.db";
    static final String CONFIG = Layout.CONFIG;
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

    /** The log a byte-for-byte pre-rollback backup keeps beside its database. */
    private static final String WAL = DATABASE + "-wal";

    private static final System.Logger LOG = System.getLogger(SqliteBackupStore.class.getName());

    private final SqliteDatabase database;
    private final Path dataDir;
    private final Path backupsDir;
    private final InstantSource clock;

    SqliteBackupStore(SqliteDatabase database, Path dataDir, InstantSource clock) {
        this.database = Objects.requireNonNull(database, "database");
        this.dataDir =
                Objects.requireNonNull(dataDir, "dataDir").toAbsolutePath().normalize();
        this.backupsDir = Layout.backups(this.dataDir);
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    @Override
    public synchronized BackupManifest create(BackupReason reason, Version fromVersion) {
        Objects.requireNonNull(reason, "reason");
        Objects.requireNonNull(fromVersion, "fromVersion");
        return publish(build(reason, fromVersion, false));
    }

    /**
     * Write a backup to a hidden staging directory, complete but for its manifest and its name; {@code raw} copies the
     * database files byte for byte instead of snapshotting them, for keeping a live database that SQLite can no longer
     * read.
     */
    private Staged build(BackupReason reason, Version fromVersion, boolean raw) {
        PhaseTimes times = new PhaseTimes();
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
            try (ExecutorService workers = workers()) {
                if (raw) {
                    for (String suffix : SQLITE_SUFFIXES) {
                        Path live =
                                database.file().resolveSibling(database.file().getFileName() + suffix);
                        if (Files.isRegularFile(live)) {
                            files.add(seal(live, staging.resolve(DATABASE + suffix), workers, times));
                        }
                    }
                } else if (Files.isRegularFile(database.file())) {
                    Snapshot snapshot = snapshot(staging.resolve(DATABASE), workers, times);
                    schema = snapshot.schema();
                    files.add(snapshot.file());
                }
                Path config = dataDir.resolve(CONFIG);
                if (Files.isRegularFile(config)) {
                    files.add(seal(config, staging.resolve(CONFIG), workers, times));
                }
            }
            Staged staged = new Staged(staging, reason, fromVersion, createdAt, schema, files, times);
            staging = null;
            return staged;
        } catch (SqliteStorageException e) {
            throw e;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw SqliteStorageException.failed("back up", database.file(), e);
        } catch (IOException | SQLException | RuntimeException e) {
            throw SqliteStorageException.failed("back up", database.file(), e);
        } finally {
            if (staging != null) {
                FileTrees.deleteQuietly(staging);
            }
        }
    }

    /**
     * A backup written to its hidden staging directory {@code dir}, complete but for its manifest and its name, and
     * how long each phase of writing it took.
     */
    private record Staged(
            Path dir,
            BackupReason reason,
            Version fromVersion,
            Instant createdAt,
            Optional<SchemaVersion> schema,
            List<BackupFile> files,
            PhaseTimes times) {}

    /** Threads for the work of one backup or restore that overlaps: hashing, checking and syncing. */
    private static ExecutorService workers() {
        return Executors.newThreadPerTaskExecutor(
                Thread.ofPlatform().daemon().name("waiaas-backup-", 1).factory());
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
                    FileTrees.deleteQuietly(entry);
                }
            }
        }
    }

    /**
     * Write a consistent snapshot of the live database to {@code copy} as one self-contained file, hashed as it is
     * written, then check it and force it to disk.
     */
    private Snapshot snapshot(Path copy, ExecutorService workers, PhaseTimes times)
            throws SQLException, IOException, InterruptedException {
        long mark = PhaseTimes.mark();
        Optional<HashingCopy.Copy> pinned = tryCopyPinned(copy, workers, times);
        HashingCopy.Copy copied;
        if (pinned.isPresent()) {
            times.done("copy", mark);
            copied = pinned.get();
        } else {
            vacuumInto(copy);
            times.done("vacuum_into", mark);
            copied = new HashingCopy.Copy(Files.size(copy), HashingCopy.hash(copy, workers, times));
        }
        PrivateFiles.restrictFile(copy);
        // The hash, SQLite's integrity check and the fsync only read the finished copy, so they run side by side:
        // the first two are CPU-bound, on both cores, the fsync waits for the disk.
        Future<Optional<SchemaVersion>> checked = workers.submit(() -> {
            long started = PhaseTimes.mark();
            Optional<SchemaVersion> schema = check(copy);
            times.done("integrity_check", started);
            return schema;
        });
        fsync(copy, times);
        return new Snapshot(result(checked), new BackupFile(DATABASE, copied.size(), result(copied.sha256())));
    }

    /**
     * Copy the live database file byte for byte while a read transaction pins a snapshot that the file alone holds;
     * return the copy, or empty when it could not. This is the fast path: the kernel copies the file, SQLite rewrites
     * no page.
     *
     * <p>In WAL mode a checkpoint never writes a frame newer than the oldest open reader's snapshot into the database
     * file, and never writes at all while a reader reads the file without the log. So once a checkpoint, run while
     * our read transaction is open, has moved every frame of the log into the file, the file is exactly our snapshot
     * and stays so until the transaction ends. If a writer or an older reader got in the way, it is tried again and
     * then left to {@code VACUUM INTO}, which is consistent under any load.
     */
    private Optional<HashingCopy.Copy> tryCopyPinned(Path copy, ExecutorService workers, PhaseTimes times)
            throws IOException {
        AtomicReference<HashingCopy.Copy> copied = new AtomicReference<>();
        try {
            return copyPinned(copy, workers, times, copied) ? Optional.of(copied.get()) : Optional.empty();
        } catch (SQLException e) {
            // The slow path reports what is really wrong with the database, if anything is.
            HashingCopy.Copy abandoned = copied.get();
            if (abandoned != null) {
                abandoned.sha256().cancel(true);
            }
            Files.deleteIfExists(copy);
            return Optional.empty();
        }
    }

    private boolean copyPinned(
            Path copy, ExecutorService workers, PhaseTimes times, AtomicReference<HashingCopy.Copy> copied)
            throws SQLException, IOException {
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
                        copied.set(HashingCopy.copy(
                                database.file(), copy, SqliteBackupStore::leaveWalMode, workers, times));
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
    private static void leaveWalMode(FileChannel copy) throws IOException {
        ByteBuffer versions = ByteBuffer.allocate(2);
        copy.read(versions, FILE_FORMAT_OFFSET);
        if (versions.get(0) == WAL_FORMAT || versions.get(1) == WAL_FORMAT) {
            copy.write(ByteBuffer.wrap(new byte[] {LEGACY_FORMAT, LEGACY_FORMAT}), FILE_FORMAT_OFFSET);
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

    /** Return what a task computed, rethrowing its failure as it was thrown. */
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

    /** Copy {@code source} byte for byte to {@code copy} (0600), hashed as it is written, and force it to disk. */
    private static BackupFile seal(Path source, Path copy, ExecutorService workers, PhaseTimes times)
            throws IOException, SQLException, InterruptedException {
        long mark = PhaseTimes.mark();
        HashingCopy.Copy copied = HashingCopy.copy(source, copy, HashingCopy.Patch.NONE, workers, times);
        times.done("copy", mark);
        PrivateFiles.restrictFile(copy);
        fsync(copy, times);
        return new BackupFile(copy.getFileName().toString(), copied.size(), result(copied.sha256()));
    }

    private static void fsync(Path file, PhaseTimes times) throws IOException {
        long mark = PhaseTimes.mark();
        Fsync.force(file);
        times.done("fsync", mark);
    }

    /** Write the manifest of {@code staged} and rename it to a free id; remove it if it cannot be published. */
    private BackupManifest publish(Staged staged) {
        try {
            long mark = PhaseTimes.mark();
            BackupManifest manifest = moveIntoPlace(staged);
            PhaseTimes times = staged.times();
            times.done("publish", mark);
            LOG.log(System.Logger.Level.DEBUG, () -> "backup " + manifest.id() + " phases (ms): " + times.summary());
            return manifest;
        } catch (IOException | RuntimeException e) {
            FileTrees.deleteQuietly(staged.dir());
            throw e instanceof SqliteStorageException storage
                    ? storage
                    : SqliteStorageException.failed("back up", database.file(), e);
        }
    }

    private BackupManifest moveIntoPlace(Staged staged) throws IOException {
        Path staging = staged.dir();
        BackupId base = BackupId.of(staged.reason(), staged.fromVersion(), staged.createdAt());
        for (int n = 1; n <= MAX_SAME_SECOND; n++) {
            BackupId id = n == 1 ? base : base.withSequence(n);
            Path target = backupsDir.resolve(id.value());
            if (Files.exists(target)) {
                continue;
            }
            BackupManifest manifest = new BackupManifest(
                    id, staged.reason(), staged.fromVersion(), staged.schema(), staged.createdAt(), staged.files());
            Path manifestFile = staging.resolve(ManifestJson.FILE_NAME);
            Files.deleteIfExists(manifestFile);
            IoErrors.at(manifestFile, () -> Files.write(manifestFile, ManifestJson.write(manifest)));
            PrivateFiles.restrictFile(manifestFile);
            Fsync.force(manifestFile);
            Fsync.force(staging);
            try {
                Files.move(staging, target, StandardCopyOption.ATOMIC_MOVE);
            } catch (FileAlreadyExistsException | DirectoryNotEmptyException raced) {
                continue;
            }
            try {
                Fsync.force(backupsDir);
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
    public Map<String, Long> rowsSince(BackupId id) {
        Objects.requireNonNull(id, "id");
        find(id).orElseThrow(() -> SqliteStorageException.refused(
                "no backup named " + id + " in " + backupsDir + "; see: waiaas backup list"));
        Path copy = backupsDir.resolve(id.value()).resolve(DATABASE);
        return database.call("compare with backup " + id, () -> {
            Optional<Connection> opened = database.openReadOnly();
            if (opened.isEmpty()) {
                return Map.of();
            }
            try (Connection connection = opened.get()) {
                Map<String, List<String>> live = DownMigrations.columns(connection);
                try (Statement attach = connection.createStatement()) {
                    // Immutable: nothing is written beside the backup's copy, which no one changes.
                    attach.execute("ATTACH DATABASE '" + copy.toUri().toString().replace("'", "''")
                            + "?immutable=1' AS backup");
                }
                try {
                    return countRowsSince(connection, live);
                } finally {
                    try (Statement detach = connection.createStatement()) {
                        detach.execute("DETACH DATABASE backup");
                    }
                }
            }
        });
    }

    /** Count, per table of {@code live}, its rows that the attached {@code backup} does not hold, by their columns in common. */
    private static Map<String, Long> countRowsSince(Connection connection, Map<String, List<String>> live)
            throws SQLException {
        Map<String, Long> since = new TreeMap<>();
        for (Map.Entry<String, List<String>> table : live.entrySet()) {
            List<String> inBackup = new ArrayList<>();
            try (PreparedStatement info =
                    connection.prepareStatement("SELECT name FROM pragma_table_info(?, 'backup')")) {
                info.setString(1, table.getKey());
                try (ResultSet rs = info.executeQuery()) {
                    while (rs.next()) {
                        inBackup.add(rs.getString(1));
                    }
                }
            }
            String name = DownMigrations.quote(table.getKey());
            String sql;
            if (inBackup.isEmpty()) {
                sql = "SELECT count(*) FROM main." + name;
            } else {
                String common = table.getValue().stream()
                        .filter(inBackup::contains)
                        .map(DownMigrations::quote)
                        .collect(Collectors.joining(", "));
                sql = "SELECT count(*) FROM (SELECT " + common + " FROM main." + name + " EXCEPT SELECT " + common
                        + " FROM backup." + name + ")";
            }
            try (Statement count = connection.createStatement();
                    ResultSet rs = count.executeQuery(sql)) {
                rs.next();
                if (rs.getLong(1) > 0) {
                    since.put(table.getKey(), rs.getLong(1));
                }
            }
        }
        return since;
    }

    @Override
    public synchronized Optional<BackupManifest> restore(BackupId id, Version replacedVersion) {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(replacedVersion, "replacedVersion");
        BackupManifest manifest = find(id).orElseThrow(() -> SqliteStorageException.refused(
                "no backup named " + id + " in " + backupsDir + "; see: waiaas backup list"));
        Path dir = backupsDir.resolve(id.value());
        requirePresent(dir, manifest);
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
        PhaseTimes times = new PhaseTimes();
        boolean keep = Files.exists(database.file()) || Files.exists(config);
        Map<String, Path> live = liveFiles(manifest, config);
        // All of the backup's files or none: stage every copy, then put each in place, undoing all on a failure. The
        // workers are closed first, so no hash or fsync still reads a copy that closing the swap removes.
        try (FileSwap swap = new FileSwap();
                ExecutorService workers = workers()) {
            // The data the restore replaces is backed up while the backup's files are copied beside the live ones and
            // verified, the two passes sharing the cores; neither is published nor put in place before both are done.
            Future<Optional<Staged>> keeping = keep
                    ? workers.submit(() -> Optional.of(keepReplaced(replacedVersion, times)))
                    : CompletableFuture.completedFuture(Optional.empty());
            Map<Path, Path> copies;
            try {
                copies = stage(dir, manifest, live, swap, workers, times);
            } catch (RuntimeException refused) {
                discard(keeping);
                throw refused;
            }
            Optional<BackupManifest> kept = keptReplaced(keeping).map(k -> publishKept(k, times));
            long mark = PhaseTimes.mark();
            putInPlace(id, live, copies, swap, kept);
            times.done("swap", mark);
            LOG.log(System.Logger.Level.DEBUG, () -> "restore " + id + " phases (ms): " + times.summary());
            return kept;
        }
    }

    /**
     * Put every verified copy in place with one atomic rename each, and remove the live files the backup has none of
     * (they did not exist when it was taken); on a failure, put every file back as it was.
     */
    private void putInPlace(
            BackupId id, Map<String, Path> live, Map<Path, Path> copies, FileSwap swap, Optional<BackupManifest> kept) {
        try {
            // A leftover log belongs to the replaced database; SQLite would replay it into the restored one.
            for (String suffix : SQLITE_SUFFIXES.subList(1, SQLITE_SUFFIXES.size())) {
                Path log = database.file().resolveSibling(database.file().getFileName() + suffix);
                if (!copies.containsKey(log)) {
                    swap.remove(log);
                }
            }
            for (Path file : live.values()) {
                Path copy = copies.get(file);
                if (copy != null) {
                    swap.put(copy, file);
                } else {
                    swap.remove(file); // it did not exist when the backup was taken
                }
            }
            swap.sync();
        } catch (IOException | RuntimeException e) {
            List<String> notUndone = swap.undo();
            String why = SqliteStorageException.reason(e, database.file());
            if (notUndone.isEmpty()) {
                throw SqliteStorageException.failed("cannot restore backup " + id + ": " + why + "; nothing was changed"
                        + kept.map(k -> "; the replaced data is also in backup " + k.id())
                                .orElse(""));
            }
            throw SqliteStorageException.failed("restoring backup " + id + " failed (" + why
                    + ") and could not be undone for " + String.join(", ", notUndone)
                    + kept.map(k -> "; put the replaced data back with: waiaas backup restore " + k.id())
                            .orElse(""));
        }
    }

    /** Return the backup's file names and where each goes live: the database, its log if it has one, the config. */
    private Map<String, Path> liveFiles(BackupManifest manifest, Path config) {
        Map<String, Path> files = new LinkedHashMap<>();
        files.put(DATABASE, database.file());
        if (manifest.file(WAL).isPresent()) {
            // Only a byte-for-byte pre-rollback backup holds a log; it belongs to the database put back with it.
            files.put(WAL, database.file().resolveSibling(database.file().getFileName() + "-wal"));
        }
        files.put(CONFIG, config);
        return files;
    }

    /**
     * Back up the data a restore replaces, unpublished; a database too broken to snapshot is kept byte for byte.
     * Its phases count as one, {@code keep}, of the restore's.
     */
    private Staged keepReplaced(Version replacedVersion, PhaseTimes restore) {
        long mark = PhaseTimes.mark();
        try {
            return build(BackupReason.PRE_ROLLBACK, replacedVersion, false);
        } catch (SqliteStorageException unreadable) {
            try {
                return build(BackupReason.PRE_ROLLBACK, replacedVersion, true);
            } catch (SqliteStorageException e) {
                e.addSuppressed(unreadable);
                throw SqliteStorageException.failed("cannot keep the data of " + database.file() + " before restoring ("
                        + SqliteStorageException.reason(e, database.file()) + "); nothing was restored");
            }
        } finally {
            restore.done("keep", mark);
        }
    }

    /** Return the unpublished backup of the replaced data, or rethrow why it could not be taken. */
    private static Optional<Staged> keptReplaced(Future<Optional<Staged>> keeping) {
        try {
            return keeping.get();
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException failed) {
                throw failed;
            }
            throw new IllegalStateException(e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw SqliteStorageException.failed("the restore was interrupted; nothing was restored");
        }
    }

    /** Wait for the backup of the replaced data and delete it unpublished: the restore is refused. */
    private static void discard(Future<Optional<Staged>> keeping) {
        try {
            keeping.get().ifPresent(k -> FileTrees.deleteQuietly(k.dir()));
        } catch (ExecutionException failed) {
            // What it left is removed by build(); the refusal is what the operator needs to see.
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private BackupManifest publishKept(Staged kept, PhaseTimes times) {
        long mark = PhaseTimes.mark();
        try {
            return publish(kept);
        } catch (SqliteStorageException e) {
            throw SqliteStorageException.failed("cannot keep the data of " + database.file() + " before restoring ("
                    + SqliteStorageException.reason(e, database.file()) + "); nothing was restored");
        } finally {
            times.done("publish_kept", mark);
        }
    }

    /** Refuse, touching nothing, unless every file of the backup is there with its recorded size. */
    private void requirePresent(Path dir, BackupManifest manifest) {
        for (BackupFile file : manifest.files()) {
            Path path = dir.resolve(file.name());
            try {
                if (!Files.isRegularFile(path)) {
                    throw damaged(manifest, file.name() + " is missing");
                }
                if (Files.size(path) != file.size()) {
                    throw damaged(manifest, file.name() + " does not match its size in the manifest");
                }
            } catch (IOException e) {
                throw damaged(
                        manifest, file.name() + " cannot be read (" + SqliteStorageException.reason(e, path) + ")");
            }
        }
    }

    /**
     * Copy every file of the backup that a restore puts back to a hidden file beside its live path, each hashed as it
     * is written and forced to disk; return each live path's copy, or refuse unless each copy has its recorded size and
     * SHA-256 (closing {@code swap} removes the copies). The copy verified is the very file later renamed into place, so
     * one pass over the bytes checks both the backup and what is restored.
     */
    private Map<Path, Path> stage(
            Path dir,
            BackupManifest manifest,
            Map<String, Path> live,
            FileSwap swap,
            ExecutorService workers,
            PhaseTimes times) {
        Map<String, HashingCopy.Copy> copies = new LinkedHashMap<>();
        Map<String, Future<?>> syncs = new LinkedHashMap<>();
        Map<Path, Path> staged = new LinkedHashMap<>();
        Path failedAt = database.file();
        try {
            for (Map.Entry<String, Path> file : live.entrySet()) {
                if (manifest.file(file.getKey()).isEmpty()) {
                    continue;
                }
                failedAt = file.getValue();
                long mark = PhaseTimes.mark();
                Path copy = swap.newCopy(file.getValue());
                copies.put(
                        file.getKey(),
                        HashingCopy.copy(dir.resolve(file.getKey()), copy, HashingCopy.Patch.NONE, workers, times));
                times.done("copy", mark);
                staged.put(file.getValue(), copy);
                syncs.put(file.getKey(), workers.submit(() -> {
                    fsync(copy, times);
                    return null;
                }));
            }
            for (Map.Entry<String, HashingCopy.Copy> copy : copies.entrySet()) {
                String name = copy.getKey();
                failedAt = live.get(name);
                BackupFile expected = manifest.file(name).orElseThrow();
                if (copy.getValue().size() != expected.size()
                        || !result(copy.getValue().sha256()).equals(expected.sha256())) {
                    throw damaged(manifest, name + " does not match its SHA-256 in the manifest");
                }
                result(syncs.get(name));
            }
            return staged;
        } catch (SqliteStorageException e) {
            throw e;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw SqliteStorageException.failed(
                    "cannot restore backup " + manifest.id() + ": it was interrupted; nothing was changed");
        } catch (IOException | SQLException | RuntimeException e) {
            throw SqliteStorageException.failed("cannot restore backup " + manifest.id() + ": "
                    + SqliteStorageException.reason(e, failedAt) + "; nothing was changed");
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
                FileTrees.deleteRecursively(hidden);
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
                FileTrees.deleteRecursively(entry);
            }
        }
    }
}
