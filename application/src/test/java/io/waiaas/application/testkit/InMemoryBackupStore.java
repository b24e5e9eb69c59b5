package io.waiaas.application.testkit;

import io.waiaas.application.ApplicationException;
import io.waiaas.application.port.out.BackupStore;
import io.waiaas.domain.BackupFile;
import io.waiaas.domain.BackupId;
import io.waiaas.domain.BackupManifest;
import io.waiaas.domain.BackupPolicy;
import io.waiaas.domain.BackupReason;
import io.waiaas.domain.SchemaVersion;
import io.waiaas.domain.Version;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.time.InstantSource;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Keep backups of an {@link InMemoryKeyValueStore} (and, when given, of the schema of an
 * {@link InMemorySchemaHistory}) in memory; the verified fake of {@link BackupStore}.
 *
 * <p>Its operations fail on demand through {@link #failures()}: {@code "create"}, {@code "list"}, {@code "restore"}, {@code "prune"}.
 */
public final class InMemoryBackupStore implements BackupStore {
    private static final String DATA = "waiaas.db";

    private final InMemoryKeyValueStore live;
    private final InstantSource clock;
    private final Optional<InMemorySchemaHistory> history;
    private final SchemaVersion schemaVersion;
    private final Map<BackupId, Stored> backups = new LinkedHashMap<>();
    private final Failures failures = new Failures();

    /** Back up {@code live}, stamping every manifest with the fixed {@code schemaVersion}. */
    public InMemoryBackupStore(InMemoryKeyValueStore live, InstantSource clock, SchemaVersion schemaVersion) {
        this.live = Objects.requireNonNull(live, "live");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.history = Optional.empty();
        this.schemaVersion = Objects.requireNonNull(schemaVersion, "schemaVersion");
    }

    /**
     * Back up {@code live} and the schema {@code history} is at, as the real store copies the whole database file:
     * a restore puts both back.
     */
    public InMemoryBackupStore(InMemoryKeyValueStore live, InMemorySchemaHistory history, InstantSource clock) {
        this.live = Objects.requireNonNull(live, "live");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.history = Optional.of(history);
        this.schemaVersion = SchemaVersion.of(1);
    }

    /** Return the failures this store's operations throw on demand. */
    public Failures failures() {
        return failures;
    }

    @Override
    public synchronized BackupManifest create(BackupReason reason, Version fromVersion) {
        failures.check("create");
        return take(reason, fromVersion);
    }

    private BackupManifest take(BackupReason reason, Version fromVersion) {
        Map<String, String> snapshot = live.snapshot();
        Optional<SchemaVersion> schema = history.isPresent() ? history.get().current() : Optional.of(schemaVersion);
        Instant createdAt = clock.instant();
        BackupId base = BackupId.of(reason, fromVersion, createdAt);
        BackupId id = base;
        for (int n = 2; backups.containsKey(id); n++) {
            id = base.withSequence(n);
        }
        byte[] content = serialize(snapshot);
        BackupManifest manifest = new BackupManifest(
                id,
                reason,
                fromVersion,
                schema,
                createdAt,
                List.of(new BackupFile(DATA, content.length, sha256(content))));
        backups.put(id, new Stored(manifest, snapshot, sha256(content)));
        return manifest;
    }

    @Override
    public synchronized List<BackupManifest> list() {
        failures.check("list");
        return backups.values().stream()
                .map(Stored::manifest)
                .sorted(BackupManifest.NEWEST_FIRST)
                .toList();
    }

    @Override
    public synchronized Optional<BackupManifest> find(BackupId id) {
        return Optional.ofNullable(backups.get(Objects.requireNonNull(id, "id")))
                .map(Stored::manifest);
    }

    @Override
    public synchronized Optional<BackupManifest> restore(BackupId id, Version replacedVersion) {
        failures.check("restore");
        Stored stored = backups.get(Objects.requireNonNull(id, "id"));
        if (stored == null) {
            throw ApplicationException.refused("no backup named " + id);
        }
        String expected = stored.manifest().file(DATA).orElseThrow().sha256();
        if (!expected.equals(stored.actualSha256())) {
            throw ApplicationException.refused("backup " + id + " is damaged: " + DATA + " fails its checksum");
        }
        BackupManifest kept = take(BackupReason.PRE_ROLLBACK, replacedVersion);
        live.replaceWith(stored.data());
        history.ifPresent(h -> stored.manifest().schemaVersion().ifPresentOrElse(h::moveTo, h::forget));
        return Optional.of(kept);
    }

    /** The table the live data stands for, as the real store names it. */
    public static final String TABLE = "key_value_store";

    @Override
    public synchronized Map<String, Long> rowsSince(BackupId id) {
        failures.check("rowsSince");
        Stored stored = backups.get(Objects.requireNonNull(id, "id"));
        if (stored == null) {
            throw ApplicationException.refused("no backup named " + id);
        }
        long rows = live.snapshot().entrySet().stream()
                .filter(e -> !e.getValue().equals(stored.data().get(e.getKey())))
                .count();
        return rows == 0 ? Map.of() : Map.of(TABLE, rows);
    }

    @Override
    public synchronized List<BackupId> prune(BackupPolicy policy) {
        failures.check("prune");
        List<BackupId> expired =
                policy.expired(list()).stream().map(BackupManifest::id).toList();
        expired.forEach(backups::remove);
        return expired;
    }

    /** Return what is wrong with backup {@code id}, as its checksums show: empty when it is whole. */
    public synchronized Optional<String> verify(BackupId id) {
        Stored stored = backups.get(Objects.requireNonNull(id, "id"));
        if (stored == null) {
            return Optional.of(DATA + " is missing");
        }
        String expected = stored.manifest().file(DATA).orElseThrow().sha256();
        return expected.equals(stored.actualSha256())
                ? Optional.empty()
                : Optional.of(DATA + " does not match its SHA-256 in the manifest");
    }

    /** Forget backup {@code id}, as if its folder were deleted behind waiaas's back. */
    public synchronized void delete(BackupId id) {
        backups.remove(Objects.requireNonNull(id, "id"));
    }

    /** Damage the stored content of backup {@code id}, as a flipped byte on disk would. */
    public synchronized void damage(BackupId id) {
        Stored stored = backups.get(id);
        backups.put(id, new Stored(stored.manifest(), stored.data(), sha256(new byte[] {1})));
    }

    private static byte[] serialize(Map<String, String> data) {
        return new TreeMap<>(data).toString().getBytes(StandardCharsets.UTF_8);
    }

    private static String sha256(byte[] content) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(content));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private record Stored(BackupManifest manifest, Map<String, String> data, String actualSha256) {}
}
