package io.waiaas.adapters.host;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.waiaas.application.ApplicationException;
import io.waiaas.application.port.out.UpgradeHistory;
import io.waiaas.domain.Reason;
import io.waiaas.domain.UpgradeRecord;
import io.waiaas.domain.Version;
import io.waiaas.platform.IoErrors;
import io.waiaas.platform.Layout;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Keep the upgrade history in {@code {dataDir}/upgrade-history.jsonl}: one JSON object per line, appended and forced
 * to disk. A line torn by a power cut is ended before the next one is appended, and left out when read.
 */
public final class FileUpgradeHistory implements UpgradeHistory {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Path file;

    /** Create the history of the data dir {@code dataDir}. */
    public FileUpgradeHistory(Path dataDir) {
        this.file = Layout.upgradeHistory(dataDir);
    }

    @Override
    public synchronized void record(UpgradeRecord entry) {
        byte[] line = (format(entry) + "\n").getBytes(StandardCharsets.UTF_8);
        try (FileChannel channel =
                FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
            long at = channel.size();
            if (at > 0 && !endsWithNewline(channel, at)) {
                channel.write(ByteBuffer.wrap(new byte[] {'\n'}), at++);
            }
            ByteBuffer buffer = ByteBuffer.wrap(line);
            while (buffer.hasRemaining()) {
                at += channel.write(buffer, at);
            }
            channel.force(true);
        } catch (IOException e) {
            throw ApplicationException.failed("cannot write the upgrade history: " + IoErrors.describe(e, file));
        }
    }

    @Override
    public synchronized List<UpgradeRecord> all() {
        if (!Files.isRegularFile(file)) {
            return List.of();
        }
        List<String> lines;
        try {
            lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw ApplicationException.failed("cannot read the upgrade history: " + IoErrors.describe(e, file));
        }
        List<UpgradeRecord> entries = new ArrayList<>();
        for (String line : lines) {
            parse(line).ifPresent(entries::add);
        }
        return List.copyOf(entries);
    }

    private static boolean endsWithNewline(FileChannel channel, long size) throws IOException {
        ByteBuffer last = ByteBuffer.allocate(1);
        channel.read(last, size - 1);
        return last.get(0) == '\n';
    }

    private static String format(UpgradeRecord entry) {
        ObjectNode node = JSON.createObjectNode();
        node.put("at", entry.at().truncatedTo(ChronoUnit.MILLIS).toString());
        node.put("action", entry.action().code());
        node.put("result", entry.result().code());
        entry.from().ifPresent(v -> node.put("from", v.toString()));
        entry.to().ifPresent(v -> node.put("to", v.toString()));
        entry.reason().ifPresent(r -> node.put("reason", r.code()));
        return node.toString();
    }

    private static Optional<UpgradeRecord> parse(String line) {
        if (line.isBlank()) {
            return Optional.empty();
        }
        try {
            JsonNode node = JSON.readTree(line);
            return Optional.of(new UpgradeRecord(
                    Instant.parse(node.get("at").textValue()),
                    UpgradeRecord.Action.fromCode(node.get("action").textValue())
                            .orElseThrow(),
                    UpgradeRecord.Result.fromCode(node.get("result").textValue())
                            .orElseThrow(),
                    text(node, "from").map(Version::parse),
                    text(node, "to").map(Version::parse),
                    text(node, "reason").map(code -> Reason.fromCode(code).orElseThrow())));
        } catch (IOException | RuntimeException e) {
            return Optional.empty(); // a torn or damaged line
        }
    }

    private static Optional<String> text(JsonNode node, String field) {
        return Optional.ofNullable(node.get(field)).map(JsonNode::textValue);
    }
}
