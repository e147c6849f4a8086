package dev.cdcwatch.job.source;

import dev.cdcwatch.job.config.JobConfig;
import dev.cdcwatch.job.event.ChangeEvent;
import org.apache.flink.cdc.connectors.mysql.source.MySqlSource;
import org.apache.flink.cdc.connectors.mysql.table.StartupOptions;

import java.util.List;
import java.util.Properties;

/** Builds Flink CDC's {@link MySqlSource} from the job config. */
public final class MySqlSourceFactory {

    private MySqlSourceFactory() {
    }

    public static MySqlSource<ChangeEvent> create(JobConfig.Source config) {
        List<String> tables = config.tables().isEmpty()
                // Grouped, so that an alternation in a database pattern (shop|billing) applies to the name as a whole.
                ? config.databases().stream().map(database -> "(?:" + database + ")\\..*").toList()
                : config.tables();
        Properties debezium = new Properties();
        // Decimals as plain numbers in the JSON we emit, not Connect's base64 bytes.
        debezium.setProperty("decimal.handling.mode", "precise");
        // Sets the server heartbeat period (0.8 x this), which keeps heartbeats flowing on an idle database.
        debezium.setProperty("connect.keep.alive.interval.ms", Long.toString(config.keepAliveInterval().toMillis()));
        debezium.putAll(config.debezium());
        // The client's keep-alive would restore a connection it takes for lost (also one whose reader
        // merely waits on a full queue) at the last event delivered, possibly inside a transaction,
        // and the rest of that transaction would be dropped. ConnectionGuard fails the reader
        // instead, so it restarts from a checkpoint; not overridable for that reason.
        debezium.setProperty("connect.keep.alive", "false");
        return MySqlSource.<ChangeEvent>builder()
                .hostname(config.hostname())
                .port(config.port())
                .username(config.username())
                .password(config.password())
                .databaseList(config.databases().toArray(String[]::new))
                .tableList(tables.toArray(String[]::new))
                .serverId(config.serverId())
                .serverTimeZone(config.serverTimeZone())
                .startupOptions(startupOptions(config.startup()))
                .splitSize(config.snapshotChunkSize())
                .heartbeatInterval(config.heartbeatInterval())
                .debeziumProperties(debezium)
                .deserializer(new ChangeEventDeserializer())
                .build();
    }

    private static StartupOptions startupOptions(JobConfig.StartupMode mode) {
        return switch (mode) {
            case INITIAL -> StartupOptions.initial();
            case LATEST -> StartupOptions.latest();
            case EARLIEST -> StartupOptions.earliest();
        };
    }
}
