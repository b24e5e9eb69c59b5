package io.waiaas.adapters.host;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.waiaas.adapters.host.testkit.LockHolder;
import io.waiaas.application.port.out.DeliveryCursor;
import io.waiaas.application.testkit.DeliveryCursorContract;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Runs the {@link DeliveryCursorContract} against real cursor and lock files, and another JVM delivering. */
class FileDeliveryCursorIT implements DeliveryCursorContract {
    @TempDir
    Path dir;

    private Path dataDir;
    private int dataDirs;

    @Override
    public DeliveryCursor newCursor() {
        dataDir = dir.resolve("data-dir-" + ++dataDirs);
        return new FileDeliveryCursor(dataDir);
    }

    @Override
    public DeliveryCursor sameDataDir() {
        return new FileDeliveryCursor(dataDir);
    }

    @Test
    void theCursorFileIsTheOwnersAloneAndNoTemporaryIsLeft() throws IOException {
        newCursor().write(DeliveryCursorContract.fullState());
        Path file = dataDir.resolve("webhook.cursor");
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));
        try (var listing = Files.list(dataDir)) {
            assertEquals(0, listing.filter(p -> p.toString().endsWith(".tmp")).count(), "a temporary file was left");
        }
    }

    @Test
    void aTornOrForeignCursorReadsAsNone() throws IOException {
        DeliveryCursor cursor = newCursor();
        cursor.write(DeliveryCursorContract.fullState());
        Path file = dataDir.resolve("webhook.cursor");
        String whole = Files.readString(file);
        Files.writeString(file, whole.substring(0, whole.length() / 2));
        assertEquals(Optional.empty(), cursor.read());
        Files.writeString(file, "{\"format\":99}");
        assertEquals(Optional.empty(), cursor.read());
    }

    @Test
    void anotherProcessDeliveringKeepsThisOneOut() {
        DeliveryCursor cursor = newCursor();
        LockHolder other = LockHolder.holdWebhookLock(dataDir).orElseThrow();
        try {
            assertEquals(Optional.empty(), cursor.tryAcquire().map(l -> "taken"));
        } finally {
            other.crash();
        }
        try (DeliveryCursor.Lease lease = cursor.tryAcquire().orElseThrow()) {
            assertTrue(LockHolder.holdWebhookLock(dataDir).isEmpty(), "a second deliverer got in");
        }
    }
}
