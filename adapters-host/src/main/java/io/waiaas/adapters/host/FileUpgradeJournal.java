package io.waiaas.adapters.host;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.waiaas.application.ApplicationException;
import io.waiaas.application.port.out.UpgradeJournal;
import io.waiaas.domain.BackupId;
import io.waiaas.domain.JournalEntry;
import io.waiaas.domain.SchemaVersion;
import io.waiaas.domain.UpgradeStep;
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
import java.util.Optional;

/**
 * Keep the upgrade journal in {@code {dataDir}/upgrade.journal}: one JSON object per line, each forced to disk
 * before the step it announces acts. The last line that parses is the state; a line torn by a power cut is
 * ignored, which falls back to the step before it — always a safe place to recover from.
 *
 * <p>{@link #prepare} writes the file full of blank lines and forces it to disk: the records that follow overwrite
 * those blocks in place instead of growing the file, so a disk that fills up meanwhile cannot keep the next record
 * from being written. Blank lines are no entries, so a prepared journal reads as empty.
 */
public final class FileUpgradeJournal implements UpgradeJournal {
    /** Room for some 40 records; a journal that needs more grows, as it did before it was reserved. */
    static final int RESERVED_BYTES = 16 * 1024;

    private static final ObjectMapper JSON = new ObjectMapper();

    private final Path file;

    /** Create the journal of the data dir {@code dataDir}. */
    public FileUpgradeJournal(Path dataDir) {
        this.file = Layout.upgradeJournal(dataDir);
    }

    @Override
    public void prepare() {
        try (FileChannel channel = open()) {
            long end = contentEnd(channel);
            long size = channel.size();
            if (size - end < RESERVED_BYTES) {
                ByteBuffer blank = ByteBuffer.allocate((int) (end + RESERVED_BYTES - size));
                while (blank.hasRemaining()) {
                    blank.put((byte) '\n');
                }
                blank.flip();
                long at = size;
                while (blank.hasRemaining()) {
                    at += channel.write(blank, at);
                }
            }
            channel.force(true);
        } catch (IOException e) {
            throw ApplicationException.failed("cannot write the upgrade journal: " + IoErrors.describe(e, file));
        }
    }

    @Override
    public String location() {
        return file.toString();
    }

    @Override
    public Optional<JournalEntry> read() {
        if (!Files.isRegularFile(file)) {
            return Optional.empty();
        }
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw ApplicationException.failed("cannot read the upgrade journal: " + IoErrors.describe(e, file));
        }
        Optional<JournalEntry> last = Optional.empty();
        for (String line : text.split("\n")) {
            Optional<JournalEntry> entry = line.isBlank() ? Optional.empty() : parse(line);
            if (entry.isPresent()) {
                last = entry;
            }
        }
        return last;
    }

    @Override
    public void record(JournalEntry entry) {
        byte[] line = (format(entry) + "\n").getBytes(StandardCharsets.UTF_8);
        try (FileChannel channel = open()) {
            long end = contentEnd(channel);
            long at = end;
            if (end > 0) {
                // The last record ends with the newline at end (a blank one of the reserve, after a torn write).
                // Without one, the file ends in a torn record: end it, or this entry would be glued to it.
                if (end == channel.size()) {
                    channel.write(ByteBuffer.wrap(new byte[] {'\n'}), end);
                }
                at = end + 1;
            }
            ByteBuffer buffer = ByteBuffer.wrap(line);
            while (buffer.hasRemaining()) {
                at += channel.write(buffer, at);
            }
            channel.force(true);
        } catch (IOException e) {
            throw ApplicationException.failed("cannot write the upgrade journal: " + IoErrors.describe(e, file));
        }
    }

    @Override
    public void clear() {
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            throw ApplicationException.failed("cannot remove the upgrade journal: " + IoErrors.describe(e, file));
        }
    }

    private FileChannel open() throws IOException {
        return FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE);
    }

    /** Return where the written records end: after the last byte that is not a blank line's newline. */
    private static long contentEnd(FileChannel channel) throws IOException {
        long size = channel.size();
        ByteBuffer chunk = ByteBuffer.allocate(4096);
        for (long to = size; to > 0; ) {
            long from = Math.max(0, to - chunk.capacity());
            chunk.clear().limit((int) (to - from));
            channel.read(chunk, from);
            for (int i = (int) (to - from) - 1; i >= 0; i--) {
                if (chunk.get(i) != '\n') {
                    return from + i + 1;
                }
            }
            to = from;
        }
        return 0;
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
        entry.daemon().ifPresent(pid -> node.put("daemonPid", pid));
        entry.downTo().ifPresent(schema -> node.put("downToSchema", schema.value()));
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
                    node.get("switched").booleanValue(),
                    Optional.ofNullable(node.get("daemonPid"))
                            .filter(JsonNode::canConvertToLong)
                            .map(JsonNode::longValue),
                    Optional.ofNullable(node.get("downToSchema"))
                            .filter(JsonNode::canConvertToInt)
                            .map(n -> SchemaVersion.of(n.intValue()))));
        } catch (IOException | RuntimeException e) {
            return Optional.empty(); // a torn or damaged line
        }
    }
}
