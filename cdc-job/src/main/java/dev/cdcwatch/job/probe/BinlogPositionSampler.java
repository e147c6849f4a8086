package dev.cdcwatch.job.probe;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Properties;

/**
 * Reads the server's current binlog position with its own JDBC connection and measures how many
 * bytes of binlog lie between it and a reading position. Runs on the probe's thread, never on the
 * path records take.
 */
final class BinlogPositionSampler implements AutoCloseable {

    private final String url;
    private final Properties credentials = new Properties();
    private Connection connection;

    BinlogPositionSampler(ProbeSettings settings) {
        this.url = "jdbc:mysql://" + settings.hostname() + ":" + settings.port()
                + "/?useSSL=false&allowPublicKeyRetrieval=true&connectTimeout=5000&socketTimeout=5000";
        credentials.setProperty("user", settings.username());
        credentials.setProperty("password", settings.password());
    }

    /** Bytes of binlog the server has written beyond {@code reading}; 0 when caught up. */
    long lagBytes(BinlogPosition reading) throws SQLException {
        try {
            return measure(reading);
        } catch (SQLException e) {
            close();
            throw e;
        }
    }

    private long measure(BinlogPosition reading) throws SQLException {
        try (Statement statement = connection().createStatement()) {
            BinlogPosition server;
            try (ResultSet status = statement.executeQuery("SHOW MASTER STATUS")) {
                if (!status.next()) {
                    throw new SQLException("SHOW MASTER STATUS returned no row: binary logging is off on the server");
                }
                server = new BinlogPosition(status.getString(1), status.getLong(2));
            }
            if (server.file().equals(reading.file())) {
                return Math.max(0, server.position() - reading.position());
            }
            // The reader is in an older file: the rest of it, every file in between, and the server's part of its file.
            long bytes = 0;
            boolean between = false;
            try (ResultSet logs = statement.executeQuery("SHOW BINARY LOGS")) {
                while (logs.next()) {
                    String file = logs.getString(1);
                    long size = logs.getLong(2);
                    if (file.equals(reading.file())) {
                        bytes += Math.max(0, size - reading.position());
                        between = true;
                    } else if (file.equals(server.file())) {
                        bytes += server.position();
                        between = false;
                    } else if (between) {
                        bytes += size;
                    }
                }
            }
            return bytes;
        }
    }

    private Connection connection() throws SQLException {
        if (connection == null) {
            connection = DriverManager.getConnection(url, credentials);
        }
        return connection;
    }

    @Override
    public void close() {
        if (connection != null) {
            try {
                connection.close();
            } catch (SQLException ignored) {
                // The connection is being dropped either way.
            }
            connection = null;
        }
    }
}
