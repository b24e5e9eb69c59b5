package io.waiaas.adapters.host;

import io.waiaas.platform.PrivateFiles;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Objects;
import java.util.logging.ErrorManager;
import java.util.logging.Formatter;
import java.util.logging.Handler;
import java.util.logging.LogRecord;

/**
 * Write log records to one file, {@code daemon.log}, and rotate it by size: once a record would take it past
 * {@code maxBytes}, {@code daemon.log} becomes {@code daemon.log.1}, the one before {@code daemon.log.2}, and so on;
 * the oldest beyond {@code keep} is deleted (LOGS-01). Every record is written and flushed at once, so the last line
 * before an exit is never lost.
 *
 * <p>Not {@code java.util.logging.FileHandler}: with more than one file it writes {@code daemon.log.0}, never
 * {@code daemon.log} itself, and it leaves {@code .lck} files beside it. The file the operator and the other tools read
 * is {@code daemon.log}, with the numbered names {@code logrotate} also uses for the older ones.
 */
public final class RotatingLogHandler extends Handler {
    private final Path file;
    private final long maxBytes;
    private final int keep;
    private OutputStream out;
    private long size;

    /**
     * Open {@code file} for appending (created for its owner alone, with its folder).
     *
     * @param maxBytes the size after which the file is rotated, at least 1
     * @param keep how many rotated files to keep besides the current one, at least 1
     * @throws IOException when the file cannot be opened
     */
    public RotatingLogHandler(Path file, long maxBytes, int keep, Formatter formatter) throws IOException {
        if (maxBytes < 1 || keep < 1) {
            throw new IllegalArgumentException("maxBytes and keep must be at least 1: " + maxBytes + ", " + keep);
        }
        this.file = Objects.requireNonNull(file, "file");
        this.maxBytes = maxBytes;
        this.keep = keep;
        setFormatter(Objects.requireNonNull(formatter, "formatter"));
        open();
    }

    /** Return the file written to. */
    public Path file() {
        return file;
    }

    /** Return the name of the {@code n}-th rotated file of {@code file}: {@code daemon.log.1} is the newest. */
    public static Path rotated(Path file, int n) {
        return file.resolveSibling(file.getFileName() + "." + n);
    }

    private void open() throws IOException {
        PrivateFiles.ensureDirectory(file.getParent());
        PrivateFiles.ensureFile(file);
        out = Files.newOutputStream(file, StandardOpenOption.APPEND, StandardOpenOption.CREATE);
        size = Files.size(file);
    }

    @Override
    public synchronized void publish(LogRecord record) {
        if (!isLoggable(record) || out == null) {
            return;
        }
        byte[] line;
        try {
            line = getFormatter().format(record).getBytes(StandardCharsets.UTF_8);
        } catch (RuntimeException e) {
            reportError("cannot format a log record", e, ErrorManager.FORMAT_FAILURE);
            return;
        }
        try {
            if (size > 0 && size + line.length > maxBytes) {
                rotate();
            }
            out.write(line);
            out.flush();
            size += line.length;
        } catch (IOException e) {
            reportError("cannot write to " + file, e, ErrorManager.WRITE_FAILURE);
        }
    }

    /** Shift the rotated files up by one, dropping the oldest, and start {@code file} afresh. */
    private void rotate() throws IOException {
        out.close();
        out = null;
        Files.deleteIfExists(rotated(file, keep));
        for (int n = keep - 1; n >= 1; n--) {
            Path older = rotated(file, n);
            if (Files.exists(older)) {
                Files.move(older, rotated(file, n + 1), StandardCopyOption.REPLACE_EXISTING);
            }
        }
        Files.move(file, rotated(file, 1), StandardCopyOption.REPLACE_EXISTING);
        open();
    }

    @Override
    public synchronized void flush() {
        if (out != null) {
            try {
                out.flush();
            } catch (IOException e) {
                reportError("cannot flush " + file, e, ErrorManager.FLUSH_FAILURE);
            }
        }
    }

    @Override
    public synchronized void close() {
        if (out != null) {
            try {
                out.close();
            } catch (IOException e) {
                reportError("cannot close " + file, e, ErrorManager.CLOSE_FAILURE);
            }
            out = null;
        }
    }
}
