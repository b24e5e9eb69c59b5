package io.waiaas.adapters.sqlite;

import io.waiaas.domain.ErrorCode;
import io.waiaas.domain.IoFailure;
import io.waiaas.domain.WaiaasException;
import io.waiaas.platform.IoErrors;
import java.io.IOException;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.Locale;
import java.util.Optional;
import org.flywaydb.core.api.FlywayException;
import org.sqlite.SQLiteErrorCode;
import org.sqlite.SQLiteException;

/**
 * Report an expected storage failure (locked, corrupt or foreign database file, full disk, bad backup) in one line
 * that names the file and the cause.
 */
public final class SqliteStorageException extends WaiaasException {
    private static final long serialVersionUID = 1L;

    SqliteStorageException(ErrorCode code, String message) {
        super(code, oneLine(message));
    }

    SqliteStorageException(ErrorCode code, String message, Throwable cause) {
        super(code, oneLine(message), cause);
    }

    /**
     * Create a failure (exit 1) for {@code action} on {@code file}, e.g. "cannot back up /x/data/waiaas.db: disk full at
     * /x/backups/.tmp-1-2/waiaas.db".
     */
    static SqliteStorageException failed(String action, Path file, Throwable cause) {
        return new SqliteStorageException(
                ErrorCode.FAILED, "cannot " + action + " " + file + ": " + reason(cause, file), cause);
    }

    /** Create a refusal (exit 5) that changed nothing. */
    static SqliteStorageException refused(String message) {
        return new SqliteStorageException(ErrorCode.REFUSED, message);
    }

    /** Create a failure (exit 1) with {@code message}. */
    static SqliteStorageException failed(String message) {
        return new SqliteStorageException(ErrorCode.FAILED, message);
    }

    /**
     * Describe {@code cause} for an operator, never with a stack trace or a class name: the SQLite condition where there
     * is one, else the I/O failure and the file it happened at ({@code context} when the error names no file).
     */
    static String reason(Throwable cause, Path context) {
        for (Throwable t = cause; t != null; t = t.getCause()) {
            if (t instanceof SQLiteException sqlite) {
                return describe(sqlite.getResultCode(), sqlite.getMessage(), context);
            }
            if (t instanceof SqliteStorageException storage && t != cause) {
                return storage.getMessage();
            }
        }
        Optional<IOException> io = IoErrors.find(cause);
        if (io.isPresent()) {
            return IoErrors.describe(io.get(), context);
        }
        for (Throwable t = cause; t != null; t = t.getCause()) {
            if (t instanceof SQLException || t instanceof FlywayException) {
                return messageOf(t);
            }
        }
        return messageOf(cause);
    }

    private static String describe(SQLiteErrorCode code, String message, Path context) {
        String name = code == null ? "" : code.name();
        if (name.startsWith("SQLITE_FULL")) {
            return new IoFailure.DiskFull(context.toString()).describe();
        }
        if (name.startsWith("SQLITE_IOERR")) {
            return new IoFailure.InputOutput(context.toString()).describe();
        }
        if (name.startsWith("SQLITE_BUSY") || name.startsWith("SQLITE_LOCKED")) {
            return "the database is locked by another process (is waiaas running?)";
        }
        if (name.startsWith("SQLITE_NOTADB")) {
            return "the file is not a SQLite database";
        }
        if (name.startsWith("SQLITE_CORRUPT")) {
            return "the database file is corrupt";
        }
        if (name.startsWith("SQLITE_CANTOPEN")) {
            return "the file cannot be opened (missing directory or no permission)";
        }
        if (name.startsWith("SQLITE_READONLY") || name.startsWith("SQLITE_PERM")) {
            return "the database is read-only (check file permissions)";
        }
        return sqliteText(message);
    }

    /** Strip sqlite-jdbc's "[SQLITE_X] Long text (detail)" decoration down to the detail. */
    private static String sqliteText(String message) {
        if (message == null) {
            return "SQLite error";
        }
        int open = message.lastIndexOf('(');
        if (message.startsWith("[") && open > 0 && message.endsWith(")")) {
            return message.substring(open + 1, message.length() - 1);
        }
        return message;
    }

    private static String messageOf(Throwable t) {
        String message = t.getMessage();
        if (message == null || message.isBlank()) {
            return t.getClass().getSimpleName().replace("Exception", "").toLowerCase(Locale.ROOT) + " error";
        }
        if (t instanceof SqliteStorageException) {
            return message;
        }
        return message;
    }

    private static String oneLine(String message) {
        String trimmed = message.strip();
        int newline = trimmed.indexOf('\n');
        return (newline < 0 ? trimmed : trimmed.substring(0, newline)).strip();
    }
}
