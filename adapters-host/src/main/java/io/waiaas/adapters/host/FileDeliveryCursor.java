package io.waiaas.adapters.host;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.waiaas.application.ApplicationException;
import io.waiaas.application.port.out.DeliveryCursor;
import io.waiaas.application.port.out.DeliveryState;
import io.waiaas.domain.Version;
import io.waiaas.domain.WebhookDelivery;
import io.waiaas.platform.Fsync;
import io.waiaas.platform.HeldLocks;
import io.waiaas.platform.IoErrors;
import io.waiaas.platform.Layout;
import io.waiaas.platform.PrivateFiles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Optional;

/**
 * Keep the webhook cursor in {@code {dataDir}/webhook.cursor} (one JSON object, owner-only, written to a sibling,
 * forced to disk and renamed over it) and let one process at a time deliver, by an OS lock on
 * {@code {dataDir}/webhook.lock}. A cursor that cannot be read counts as none: delivery starts again from the
 * first-use window, at least once rather than never.
 */
public final class FileDeliveryCursor implements DeliveryCursor {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int FORMAT = 1;

    private final Path dataDir;
    private final Path file;
    private final Path lock;

    /** Create the cursor of the data dir {@code dataDir}. */
    public FileDeliveryCursor(Path dataDir) {
        this.dataDir = dataDir;
        this.file = Layout.webhookCursor(dataDir);
        this.lock = Layout.webhookLock(dataDir);
    }

    @Override
    public Optional<Lease> tryAcquire() {
        try {
            return HeldLocks.tryLock(lock).map(held -> held::close);
        } catch (IOException e) {
            throw ApplicationException.failed("cannot lock " + lock + ": " + IoErrors.describe(e, lock));
        }
    }

    @Override
    public Optional<DeliveryState> read() {
        try {
            return Optional.of(decode(JSON.readTree(Files.readString(file))));
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (IOException | RuntimeException e) {
            return Optional.empty(); // torn or foreign: delivering again is better than never (at least once)
        }
    }

    @Override
    public void write(DeliveryState state) {
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        try {
            PrivateFiles.createDirectories(dataDir);
            Files.deleteIfExists(tmp);
            Files.writeString(
                    Files.createFile(tmp, PrivateFiles.fileAttributes()),
                    encode(state).toString() + "\n");
            Fsync.force(tmp);
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            Fsync.force(dataDir);
        } catch (IOException e) {
            throw ApplicationException.failed("cannot write the webhook cursor: " + IoErrors.describe(e, file));
        }
    }

    private static ObjectNode encode(DeliveryState state) {
        ObjectNode node = JSON.createObjectNode();
        node.put("format", FORMAT);
        node.put("since", millis(state.since()));
        node.put("historyDone", state.historyDone());
        node.put("updateDone", state.updateDone().map(Version::toString).orElse(null));
        state.retry()
                .ifPresentOrElse(
                        retry -> node.putObject("retry")
                                .put("id", retry.id())
                                .put("attempts", retry.attempts())
                                .put("next", millis(retry.next())),
                        () -> node.putNull("retry"));
        state.last()
                .ifPresentOrElse(
                        last -> node.putObject("last")
                                .put("at", millis(last.at()))
                                .put("event", last.event())
                                .put("id", last.id())
                                .put("outcome", last.outcome().code())
                                .put("detail", last.detail()),
                        () -> node.putNull("last"));
        return node;
    }

    private static DeliveryState decode(JsonNode node) {
        if (node.path("format").asInt() != FORMAT) {
            throw new IllegalArgumentException("unknown cursor format");
        }
        JsonNode retry = node.path("retry");
        JsonNode last = node.path("last");
        return new DeliveryState(
                Instant.parse(text(node, "since")),
                node.path("historyDone").intValue(),
                node.path("updateDone").isTextual()
                        ? Optional.of(Version.parse(node.get("updateDone").textValue()))
                        : Optional.empty(),
                retry.isObject()
                        ? Optional.of(new DeliveryState.Retry(
                                text(retry, "id"),
                                retry.path("attempts").intValue(),
                                Instant.parse(text(retry, "next"))))
                        : Optional.empty(),
                last.isObject()
                        ? Optional.of(new WebhookDelivery(
                                Instant.parse(text(last, "at")),
                                text(last, "event"),
                                text(last, "id"),
                                WebhookDelivery.Outcome.fromCode(text(last, "outcome"))
                                        .orElseThrow(),
                                text(last, "detail")))
                        : Optional.empty());
    }

    private static String text(JsonNode node, String field) {
        JsonNode value = node.get(field);
        if (value == null || !value.isTextual()) {
            throw new IllegalArgumentException("missing " + field);
        }
        return value.textValue();
    }

    private static String millis(Instant at) {
        return at.truncatedTo(ChronoUnit.MILLIS).toString();
    }
}
