package io.waiaas.adapters.host;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * Read the end of a log that {@link RotatingLogHandler} rotates ({@code daemon.log}, then {@code daemon.log.1}, …), and
 * follow it as it grows, across rotations: what {@code waiaas logs [-f] [-n N]} shows (LOGS-02).
 */
public final class LogTail {
    private static final int CHUNK = 8192;

    private final Path file;

    /** Read {@code file} and its rotated predecessors. */
    public LogTail(Path file) {
        this.file = Objects.requireNonNull(file, "file");
    }

    /** Return the log's file, {@code daemon.log}. */
    public Path file() {
        return file;
    }

    /** Tell whether there is a log to read: the file or a rotated one. */
    public boolean exists() {
        return Files.isRegularFile(file) || Files.isRegularFile(RotatingLogHandler.rotated(file, 1));
    }

    /**
     * Return the last {@code n} lines of the log, oldest first, reading the rotated files when the current one holds
     * fewer; a last line without its line break yet is left out (it is still being written).
     */
    public List<String> last(int n) throws IOException {
        return last(n, Long.MAX_VALUE);
    }

    /** Return the last {@code n} lines as {@link #last(int)} does, reading the current file up to {@code limit}. */
    private List<String> last(int n, long limit) throws IOException {
        Deque<String> lines = new ArrayDeque<>();
        if (n <= 0) {
            return List.of();
        }
        for (int i = 0; lines.size() < n; i++) {
            Path part = i == 0 ? file : RotatingLogHandler.rotated(file, i);
            if (!Files.isRegularFile(part)) {
                if (i == 0) {
                    continue;
                }
                break;
            }
            List<String> tail = lastLines(part, n - lines.size(), i == 0 ? limit : -1);
            for (int j = tail.size() - 1; j >= 0; j--) {
                lines.addFirst(tail.get(j));
            }
        }
        return List.copyOf(lines);
    }

    /**
     * Read at most {@code n} lines from the end of {@code part}, reading backwards chunk by chunk; with a {@code limit}
     * of 0 or more (the current file), only complete lines up to it.
     */
    private static List<String> lastLines(Path part, int n, long limit) throws IOException {
        try (FileChannel channel = FileChannel.open(part, StandardOpenOption.READ)) {
            long end = channel.size();
            if (limit >= 0) {
                end = completeLinesEnd(channel, Math.min(end, limit));
            }
            long from = end;
            int breaks = 0;
            ByteBuffer buffer = ByteBuffer.allocate(CHUNK);
            // Find the start of the n-th line from the end: n + 1 line breaks back, the last one ending the file.
            outer:
            while (from > 0) {
                int length = (int) Math.min(CHUNK, from);
                buffer.clear().limit(length);
                channel.read(buffer, from - length);
                for (int k = length - 1; k >= 0; k--) {
                    if (buffer.get(k) == '\n' && from - length + k != end - 1) {
                        breaks++;
                        if (breaks == n) {
                            from = from - length + k + 1;
                            break outer;
                        }
                    }
                }
                from -= length;
            }
            return split(read(channel, from, end));
        } catch (NoSuchFileException e) {
            return List.of(); // rotated away while being read
        }
    }

    /** Return where the last complete line of a file of {@code size} bytes ends. */
    private static long completeLinesEnd(FileChannel channel, long size) throws IOException {
        long end = size;
        ByteBuffer one = ByteBuffer.allocate(1);
        while (end > 0) {
            one.clear();
            channel.read(one, end - 1);
            if (one.get(0) == '\n') {
                return end;
            }
            end--;
        }
        return 0;
    }

    private static byte[] read(FileChannel channel, long from, long to) throws IOException {
        ByteBuffer bytes = ByteBuffer.allocate((int) Math.max(0, to - from));
        while (bytes.hasRemaining()) {
            if (channel.read(bytes, from + bytes.position()) < 0) {
                break;
            }
        }
        return bytes.array();
    }

    private static List<String> split(byte[] bytes) {
        List<String> lines = new ArrayList<>();
        String text = new String(bytes, StandardCharsets.UTF_8);
        int start = 0;
        for (int i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', start)) {
            lines.add(text.substring(start, i));
            start = i + 1;
        }
        if (start < text.length()) {
            lines.add(text.substring(start)); // a rotated file's last line, cut short by a crash
        }
        return lines;
    }

    /**
     * Print the log's first {@code n} last lines to {@code sink}, then each line written after them as it comes,
     * including those written to a file rotated away meanwhile, until the thread is interrupted.
     *
     * @param poll how often to look for new lines
     */
    public void follow(int n, Consumer<String> sink, Duration poll) throws IOException, InterruptedException {
        Follower follower = new Follower(sink);
        // Open first, then read the tail up to where the follower starts: no line is missed or shown twice.
        follower.open();
        last(n, follower.position).forEach(sink);
        try {
            while (!Thread.currentThread().isInterrupted()) {
                follower.poll();
                Thread.sleep(poll.toMillis());
            }
            throw new InterruptedException();
        } finally {
            follower.close();
        }
    }

    /** Reads one file from a position, and moves on to the new file when the log is rotated. */
    private final class Follower {
        private final Consumer<String> sink;
        private final ByteArrayOutputStream partial = new ByteArrayOutputStream();
        private FileChannel channel;
        private Object key;
        private long position;

        Follower(Consumer<String> sink) {
            this.sink = sink;
        }

        /** Open the current file at the end of its last complete line. */
        void open() throws IOException {
            if (!Files.isRegularFile(file)) {
                return;
            }
            channel = FileChannel.open(file, StandardOpenOption.READ);
            key = Files.readAttributes(file, BasicFileAttributes.class).fileKey();
            position = completeLinesEnd(channel, channel.size());
        }

        void poll() throws IOException {
            if (channel == null) {
                openFromStart();
                if (channel == null) {
                    return;
                }
            }
            drain();
            Object now = currentKey();
            if (now != null && !now.equals(key)) {
                // Rotated: the old file was read to its end above (it is complete once renamed). The files rotated
                // after it, if the log was rotated more than once since the last poll, are read whole; then the new
                // one from its start.
                drain();
                flushPartial();
                channel.close();
                channel = null;
                for (int k = indexOf(key) - 1; k >= 1; k--) {
                    readWhole(RotatingLogHandler.rotated(file, k));
                }
                openFromStart();
                if (channel != null) {
                    drain();
                }
            } else if (channel.size() < position) {
                position = 0; // truncated in place
            }
        }

        /** Return the number of the rotated file that is {@code fileKey}, or one past the oldest when it is gone. */
        private int indexOf(Object fileKey) throws IOException {
            int k = 1;
            for (; Files.isRegularFile(RotatingLogHandler.rotated(file, k)); k++) {
                Object rotatedKey = Files.readAttributes(RotatingLogHandler.rotated(file, k), BasicFileAttributes.class)
                        .fileKey();
                if (fileKey.equals(rotatedKey)) {
                    return k;
                }
            }
            return k;
        }

        private void readWhole(Path part) throws IOException {
            try (FileChannel whole = FileChannel.open(part, StandardOpenOption.READ)) {
                channel = whole;
                position = 0;
                drain();
                flushPartial();
            } catch (NoSuchFileException e) {
                // rotated away meanwhile
            } finally {
                channel = null;
            }
        }

        private void openFromStart() throws IOException {
            try {
                channel = FileChannel.open(file, StandardOpenOption.READ);
                key = Files.readAttributes(file, BasicFileAttributes.class).fileKey();
                position = 0;
            } catch (NoSuchFileException e) {
                channel = null;
            }
        }

        private Object currentKey() throws IOException {
            try {
                return Files.readAttributes(file, BasicFileAttributes.class).fileKey();
            } catch (NoSuchFileException e) {
                return null;
            }
        }

        /** Read what was appended since the last read and pass on each complete line. */
        private void drain() throws IOException {
            ByteBuffer buffer = ByteBuffer.allocate(CHUNK);
            int read;
            while ((read = channel.read(buffer.clear(), position)) > 0) {
                position += read;
                for (int i = 0; i < read; i++) {
                    byte b = buffer.get(i);
                    if (b == '\n') {
                        sink.accept(partial.toString(StandardCharsets.UTF_8));
                        partial.reset();
                    } else {
                        partial.write(b);
                    }
                }
            }
        }

        private void flushPartial() {
            if (partial.size() > 0) {
                sink.accept(partial.toString(StandardCharsets.UTF_8));
                partial.reset();
            }
        }

        void close() throws IOException {
            if (channel != null) {
                channel.close();
            }
        }
    }
}
