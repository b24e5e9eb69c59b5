package io.waiaas.bootstrap.upgrade;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.waiaas.application.ApplicationException;
import io.waiaas.application.port.out.UpgradeJournal;
import io.waiaas.domain.BackupId;
import io.waiaas.domain.JournalEntry;
import io.waiaas.domain.UpgradeStep;
import io.waiaas.domain.Version;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Optional;

/**
 * Keep the upgrade journal in {@code {dataDir}/upgrade.journal}: one JSON object per line, each forced to disk
 * before the step it announces acts. The last line that parses is the state; a line torn by a power cut is
 * ignored, which falls back to the step before it — always a safe place to recover from.
 */
public final class FileUpgradeJournal implements UpgradeJournal {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Path file;

    /** Create the journal of the data dir {@code dataDir}. */
    public FileUpgradeJournal(Path dataDir) {
        this.file = dataDir.resolve("upgrade.journal");
    }

    @Override
    public Optional<JournalEntry> read() {
        if (!Files.isRegularFile(file)) {
            return Optional.empty();
        }
        List<String> lines;
        try {
            lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw ApplicationException.failed("cannot read the upgrade journal " + file + ": " + e.getMessage());
        }
        Optional<JournalEntry> last = Optional.empty();
        for (String line : lines) {
            Optional<JournalEntry> entry = parse(line);
            if (entry.isPresent()) {
                last = entry;
            }
        }
        return last;
    }

    @Override
    public void record(JournalEntry entry) {
        String line = format(entry) + "\n";
        try (FileChannel channel =
                FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
            long end = channel.size();
            // After a torn write the file ends mid-line: start a line of our own, or this entry is torn too.
            ByteBuffer buffer =
                    ByteBuffer.wrap(((endsALine(channel, end) ? "" : "\n") + line).getBytes(StandardCharsets.UTF_8));
            while (buffer.hasRemaining()) {
                end += channel.write(buffer, end);
            }
            channel.force(true);
        } catch (IOException e) {
            throw ApplicationException.failed("cannot write the upgrade journal " + file + ": " + e.getMessage());
        }
    }

    @Override
    public void clear() {
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            throw ApplicationException.failed("cannot remove the upgrade journal " + file + ": " + e.getMessage());
        }
    }

    private static boolean endsALine(FileChannel channel, long end) throws IOException {
        if (end == 0) {
            return true;
        }
        ByteBuffer last = ByteBuffer.allocate(1);
        return channel.read(last, end - 1) == 1 && last.get(0) == '\n';
    }

    private static String format(JournalEntry entry) {
        ObjectNode node = JSON.createObjectNode();
        node.put("kind", entry.kind().name());
        node.put("step", entry.step().name());
        node.put("phase", entry.phase().name());
        node.put("from", entry.from().toString());
        node.put("to", entry.to().toString());
        entry.backup().ifPresent(b -> node.put("backup", b.value()));
        node.put("daemonWasRunning", entry.daemonWasRunning());
        node.put("switched", entry.switched());
        return node.toString();
    }

    private static Optional<JournalEntry> parse(String line) {
        try {
            JsonNode node = JSON.readTree(line);
            if (node == null || !node.isObject()) {
                return Optional.empty();
            }
            return Optional.of(new JournalEntry(
                    JournalEntry.Kind.valueOf(node.get("kind").textValue()),
                    UpgradeStep.valueOf(node.get("step").textValue()),
                    JournalEntry.Phase.valueOf(node.get("phase").textValue()),
                    Version.parse(node.get("from").textValue()),
                    Version.parse(node.get("to").textValue()),
                    Optional.ofNullable(node.get("backup"))
                            .map(JsonNode::textValue)
                            .map(BackupId::of),
                    node.get("daemonWasRunning").booleanValue(),
                    node.get("switched").booleanValue()));
        } catch (IOException | RuntimeException e) {
            return Optional.empty(); // a torn or damaged line
        }
    }
}
