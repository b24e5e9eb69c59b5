package io.waiaas.adapters.sqlite;

import io.waiaas.application.port.out.SchemaHistory;
import io.waiaas.domain.SchemaVersion;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Objects;
import java.util.Optional;

/**
 * Read the schema version from Flyway's history table with plain SQL over a read-only connection, so that
 * asking never migrates, never writes and never creates a missing database.
 */
final class SqliteSchemaHistory implements SchemaHistory {
    static final String TABLE = "flyway_schema_history";
    private static final String HAS_TABLE = "SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = ?";
    private static final String MAX_VERSION = "SELECT max(CAST(version AS INTEGER)) FROM " + TABLE
            + " WHERE success = 1 AND version IS NOT NULL AND type <> 'DELETE'";

    private final SqliteDatabase database;

    SqliteSchemaHistory(SqliteDatabase database) {
        this.database = Objects.requireNonNull(database, "database");
    }

    @Override
    public Optional<SchemaVersion> current() {
        return database.call("read the schema version of", () -> {
            Optional<Connection> opened = database.openReadOnly();
            if (opened.isEmpty()) {
                return Optional.empty();
            }
            try (Connection connection = opened.get()) {
                return versionIn(connection);
            }
        });
    }

    /** Return the schema version of the database behind {@code connection}, reading only. */
    static Optional<SchemaVersion> versionIn(Connection connection) throws SQLException {
        return hasHistory(connection) ? maxVersion(connection) : Optional.empty();
    }

    private static boolean hasHistory(Connection connection) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(HAS_TABLE)) {
            statement.setString(1, TABLE);
            try (ResultSet rs = statement.executeQuery()) {
                return rs.next() && rs.getInt(1) > 0;
            }
        }
    }

    private static Optional<SchemaVersion> maxVersion(Connection connection) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(MAX_VERSION);
                ResultSet rs = statement.executeQuery()) {
            if (!rs.next()) {
                return Optional.empty();
            }
            int version = rs.getInt(1);
            return rs.wasNull() || version < 1 ? Optional.empty() : Optional.of(SchemaVersion.of(version));
        }
    }
}
