package dev.cdcwatch.job.probe;

import org.apache.flink.cdc.connectors.mysql.debezium.DebeziumUtils;
import org.apache.flink.cdc.connectors.mysql.debezium.reader.SnapshotSplitReader;
import org.apache.flink.cdc.connectors.mysql.debezium.task.context.StatefulTaskContext;
import org.apache.flink.cdc.connectors.mysql.source.config.MySqlSourceConfig;
import org.apache.flink.cdc.connectors.mysql.source.config.MySqlSourceConfigFactory;
import org.junit.jupiter.api.Test;

import java.io.InputStream;
import java.util.Properties;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

/**
 * Fails loudly when a connector upgrade moves what the probes hook; the failure names the field
 * and class. The end-to-end hooks are exercised by {@code DebeziumProbeTest}, the connection guard's
 * by {@code BinlogConnectionCutTest} and {@code DisconnectCountTest}.
 */
class ConnectorInternalsTest {

    @Test
    void connectorIsTheVersionTheProbesWereWrittenFor() throws Exception {
        Properties pom = new Properties();
        try (InputStream in = getClass().getClassLoader()
                .getResourceAsStream("META-INF/maven/org.apache.flink/flink-sql-connector-mysql-cdc/pom.properties")) {
            assertThat(in).as("pom.properties of flink-sql-connector-mysql-cdc on the class path").isNotNull();
            pom.load(in);
        }
        assertThat(pom.getProperty("version"))
                .as("the Debezium probes reach into Flink CDC internals; re-check ConnectorInternals before moving off 3.5.0")
                .isEqualTo("3.5.0");
    }

    @Test
    void everyHookedConnectorFieldStillExists() {
        assertThatCode(ConnectorInternals::verify).doesNotThrowAnyException();
    }

    @Test
    void backfillConnectionIsWantedUntilTheSnapshotReaderStopsIt() {
        // Nothing here connects: the reader is built as the connector builds it, then closed.
        MySqlSourceConfig config = new MySqlSourceConfigFactory().hostname("127.0.0.1").port(3306).username("cdc").password("cdc")
                .databaseList("shop").tableList("shop.orders").serverId("5400").createConfig(0);
        StatefulTaskContext context = new StatefulTaskContext(config, DebeziumUtils.createBinaryClient(config.getDbzConfiguration()),
                DebeziumUtils.createMySqlConnection(config));
        SnapshotSplitReader reader = new SnapshotSplitReader(context, 0);

        ConnectorInternals.BinlogConnection backfill = ConnectorInternals.backfill(reader).orElseThrow();
        assertThat(backfill.context()).as("the snapshot reader's context").isSameAs(context);
        assertThat(backfill.context().getBinaryLogClient()).as("the backfill's binlog client").isNotNull();
        assertThat(backfill.wanted().getAsBoolean()).as("wanted while the reader may read a backfill").isTrue();

        reader.close();
        assertThat(backfill.wanted().getAsBoolean()).as("wanted once the reader stopped before closing the connection").isFalse();
    }
}
