package dev.cdcwatch.lineage.config;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class LineageConfigLoaderTest {

    private final LineageConfigLoader loader = new LineageConfigLoader(Map.of("KAFKA_PASSWORD", "s3cret")::get);

    @Test
    void minimalFileGetsDocumentedDefaults() {
        StandaloneConfig config = loader.parseStandalone("""
                clusters:
                  - name: main
                    bootstrap-servers: 127.0.0.1:9092
                """);

        LineageConfig.Cluster cluster = config.lineage().clusters().get(0);
        assertThat(cluster.pollInterval()).isEqualTo(LineageConfigLoader.DEFAULT_POLL_INTERVAL);
        assertThat(cluster.requestTimeout()).isEqualTo(LineageConfigLoader.DEFAULT_REQUEST_TIMEOUT);
        assertThat(cluster.watches("anything")).isTrue();
        assertThat(config.lineage().graph().staleAfter()).isEqualTo(Duration.ofDays(7));
        assertThat(config.lineage().status().window()).isEqualTo(10);
        assertThat(config.database().url()).isEqualTo(LineageConfigLoader.DEFAULT_DATABASE_URL);
        assertThat(config.database().password()).isEmpty();
        assertThat(config.metricsPort()).isEmpty();
        assertThat(config.push()).isEmpty();
    }

    @Test
    void defaultDatabaseIsTheEnginesDefaultFileSharedThroughAutoServer() {
        assertThat(LineageConfigLoader.DEFAULT_DATABASE_URL).isEqualTo("jdbc:h2:file:./data/cdcwatch-engine;AUTO_SERVER=TRUE");
    }

    @Test
    void pushSectionNamesTheEnginesIngestAndToken() {
        StandaloneConfig config = loader.parseStandalone("""
                push:
                  url: http://127.0.0.1:8080/api/v1/push
                  token: ${KAFKA_PASSWORD}
                """);

        assertThat(config.push()).hasValueSatisfying(push -> {
            assertThat(push.url()).hasToString("http://127.0.0.1:8080/api/v1/push");
            assertThat(push.token()).hasValue("s3cret");
            assertThat(push.timeout()).isEqualTo(LineageConfigLoader.DEFAULT_PUSH_TIMEOUT);
        });
        assertThatThrownBy(() -> loader.parseStandalone("push:\n  url: localhost:8080/api/v1/push\n"))
                .hasMessageContaining("'push.url' must be an http(s) URL");
    }

    @Test
    void fullFileIsReadIntoTypedSettings() {
        StandaloneConfig config = loader.parseStandalone("""
                database:
                  url: jdbc:h2:mem:x
                  username: lineage
                  password: ""
                metrics:
                  port: 9404
                clusters:
                  - name: main
                    bootstrap-servers: k1:9092,k2:9092
                    poll-interval: 5s
                    request-timeout: 2s
                    groups:
                      include: "app-.*"
                      exclude: "app-test-.*"
                    properties:
                      security.protocol: SASL_SSL
                      sasl.jaas.config: "pw=${KAFKA_PASSWORD}"
                declared-edges:
                  - table: legacy.customers
                    topic: legacy-customers
                    job: old-canal
                graph:
                  stale-after: 2h
                  persist-interval: 1s
                status:
                  window: 20
                  offset-table-size: 300
                """);

        LineageConfig.Cluster cluster = config.lineage().clusters().get(0);
        assertThat(cluster.pollInterval()).isEqualTo(Duration.ofSeconds(5));
        assertThat(cluster.watches("app-orders")).isTrue();
        assertThat(cluster.watches("app-test-orders")).isFalse();
        assertThat(cluster.watches("other")).isFalse();
        assertThat(cluster.properties()).containsEntry("sasl.jaas.config", "pw=s3cret");
        assertThat(config.lineage().declaredEdges())
                .containsExactly(new LineageConfig.DeclaredEdge("old-canal", "legacy", "customers", "legacy-customers"));
        assertThat(config.lineage().graph()).isEqualTo(new LineageConfig.Graph(Duration.ofHours(2), Duration.ofSeconds(1)));
        assertThat(config.lineage().status()).isEqualTo(new LineageConfig.Status(20, 300));
        assertThat(config.metricsPort()).hasValue(9404);
    }

    @Test
    void errorsNameTheKey() {
        assertThatThrownBy(() -> loader.parseStandalone("""
                clusters:
                  - name: main
                    bootstrap-servers: 127.0.0.1:9092
                    poll-intervall: 5s
                """)).isInstanceOf(ConfigException.class).hasMessageContaining("'clusters[0].poll-intervall' is not a known key");
        assertThatThrownBy(() -> loader.parseStandalone("""
                clusters:
                  - name: main
                    bootstrap-servers: 127.0.0.1:9092
                    poll-interval: often
                """)).hasMessageContaining("'clusters[0].poll-interval' must be a duration");
        assertThatThrownBy(() -> loader.parseStandalone("""
                clusters:
                  - name: main
                    bootstrap-servers: kafka
                """)).hasMessageContaining("'clusters[0].bootstrap-servers' must be host:port");
        assertThatThrownBy(() -> loader.parseStandalone("""
                clusters:
                  - {name: a, bootstrap-servers: "k:1"}
                  - {name: a, bootstrap-servers: "k:2"}
                """)).hasMessageContaining("'clusters[1].name' repeats cluster name 'a'");
        assertThatThrownBy(() -> loader.parseStandalone("""
                declared-edges:
                  - {table: orders, topic: t}
                """)).hasMessageContaining("'declared-edges[0].table' must be database.table");
        assertThatThrownBy(() -> loader.parseStandalone("""
                database:
                  url: jdbc:postgresql://x/y
                """)).hasMessageContaining("'database.url' must be an H2 URL");
        assertThatThrownBy(() -> loader.parseStandalone("""
                status:
                  window: 1
                """)).hasMessageContaining("'status.window' must be between 3 and 1000");
        assertThatThrownBy(() -> loader.parseStandalone("""
                clusters:
                  - name: main
                    bootstrap-servers: k:1
                    groups: {include: "("}
                """)).hasMessageContaining("'clusters[0].groups.include' is not a valid regular expression");
    }

    @Test
    void embeddedSectionNamesKeysWithItsPath() {
        assertThatThrownBy(() -> LineageConfigLoader.parseLineage(
                new com.fasterxml.jackson.databind.ObjectMapper().createObjectNode().put("clusterz", 1), "lineage"))
                .hasMessageContaining("'lineage.clusterz' is not a known key");
    }
}
