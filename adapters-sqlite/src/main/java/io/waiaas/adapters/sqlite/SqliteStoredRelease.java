package io.waiaas.adapters.sqlite;

import io.waiaas.application.port.out.StoredRelease;
import io.waiaas.domain.CheckFailure;
import io.waiaas.domain.Version;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Read the daemon's last stored version check over a read-only connection; a missing database, table or row is
 * simply "nothing known", so the CLI's update notice never creates or changes anything.
 */
final class SqliteStoredRelease implements StoredRelease {
    private static final String SELECT = "SELECT value FROM key_value_store WHERE key = ?";

    private final SqliteDatabase database;

    SqliteStoredRelease(SqliteDatabase database) {
        this.database = Objects.requireNonNull(database, "database");
    }

    @Override
    public Optional<Version> latest() {
        return read(StoredRelease.LATEST_KEY).flatMap(Version::tryParse);
    }

    @Override
    public Optional<CheckFailure> lastFailure() {
        Optional<String> error = read(StoredRelease.ERROR_KEY);
        if (error.isEmpty()) {
            return Optional.empty();
        }
        return CheckFailure.fromRows(error, read(StoredRelease.FAILED_AT_KEY), read(StoredRelease.CHECKED_AT_KEY));
    }

    @Override
    public List<String> warnings() {
        return StoredRelease.warningsOf(read(StoredRelease.WARNINGS_KEY));
    }

    private Optional<String> read(String key) {
        try {
            Optional<Connection> opened = database.openReadOnly();
            if (opened.isEmpty()) {
                return Optional.empty();
            }
            try (Connection connection = opened.get();
                    PreparedStatement statement = connection.prepareStatement(SELECT)) {
                statement.setString(1, key);
                try (ResultSet rs = statement.executeQuery()) {
                    return rs.next() ? Optional.ofNullable(rs.getString(1)) : Optional.empty();
                }
            }
        } catch (SQLException | RuntimeException e) {
            return Optional.empty();
        }
    }
}
