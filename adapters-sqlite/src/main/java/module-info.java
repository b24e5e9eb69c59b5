/** SQLite storage for waiaas: Helidon DbClient over SQLite JDBC, Flyway migrations, backups. */
module io.waiaas.adapters.sqlite {
    requires io.waiaas.application;
    requires io.waiaas.platform;
    requires io.helidon.dbclient;
    requires io.helidon.dbclient.jdbc;
    requires org.xerial.sqlitejdbc;
    requires flyway.core;
    requires java.sql;
    requires com.fasterxml.jackson.databind;

    exports io.waiaas.adapters.sqlite;
}
