package dev.cdcwatch.job.probe;

import org.junit.jupiter.api.Test;

import java.io.InputStream;
import java.util.Properties;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

/**
 * Fails loudly when a connector upgrade moves what the probes hook; the failure names the field
 * and class. The end-to-end hooks are exercised by {@code DebeziumProbeTest}.
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
}
