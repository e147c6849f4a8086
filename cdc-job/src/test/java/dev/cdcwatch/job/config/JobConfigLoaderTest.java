package dev.cdcwatch.job.config;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class JobConfigLoaderTest {

    private static final String VALID = """
            source:
              hostname: 127.0.0.1
              username: cdc
              password: ${DB_PASSWORD}
              databases: [shop]
            sink:
              bootstrap-servers: 127.0.0.1:9092
            """;

    private final JobConfigLoader loader = new JobConfigLoader(Map.of("DB_PASSWORD", "s3cret")::get);

    @Test
    void minimalConfigGetsTheDocumentedDefaults() {
        JobConfig config = loader.parse(VALID);

        assertThat(config.source().password()).isEqualTo("s3cret");
        assertThat(config.source().port()).isEqualTo(3306);
        assertThat(config.source().tables()).isEmpty();
        assertThat(config.source().serverId()).isEqualTo("5400-5404");
        assertThat(config.source().startup()).isEqualTo(JobConfig.StartupMode.INITIAL);
        assertThat(config.source().snapshotChunkSize()).isEqualTo(8096);
        assertThat(config.source().heartbeatInterval()).isEqualTo(Duration.ofMillis(500));
        assertThat(config.source().keepAliveInterval()).isEqualTo(Duration.ofSeconds(1));
        assertThat(config.source().probes()).isTrue();
        assertThat(config.source().positionPollInterval()).isEqualTo(Duration.ofSeconds(1));
        assertThat(config.source().debezium()).isEmpty();
        assertThat(config.sink().format()).isEqualTo(JobConfig.SinkFormat.DEBEZIUM_JSON);
        assertThat(config.routing().topicPattern()).isEqualTo("cdc.{database}.{table}");
        assertThat(config.sink().deliveryGuarantee()).isEqualTo(JobConfig.DeliveryGuarantee.AT_LEAST_ONCE);
        assertThat(config.checkpointing().interval()).isEqualTo(Duration.ofSeconds(10));
        assertThat(config.job()).isEqualTo(new JobConfig.Job("cdc-watch-reference", 1));
    }

    @Test
    void routesAndDurationsAreRead() {
        JobConfig config = loader.parse(VALID + """
                routing:
                  topic-pattern: "mysql.{database}_{table}"
                  routes:
                    - table: 'shop\\.order_\\d+'
                      topic: shop.orders
                checkpointing:
                  interval: 500ms
                """);

        assertThat(config.routing().routes()).containsExactly(new JobConfig.Route("shop\\.order_\\d+", "shop.orders"));
        assertThat(config.checkpointing().interval()).isEqualTo(Duration.ofMillis(500));
    }

    @Test
    void probeFormatAndDebeziumOptionsAreRead() {
        JobConfig config = loader.parse(VALID.replace("sink:\n", """
                  probes: false
                  position-poll-interval: 250ms
                  snapshot-chunk-size: 1000
                  debezium:
                    max.queue.size: 256
                sink:
                  format: canal-json
                """));

        assertThat(config.source().probes()).isFalse();
        assertThat(config.source().positionPollInterval()).isEqualTo(Duration.ofMillis(250));
        assertThat(config.source().snapshotChunkSize()).isEqualTo(1000);
        assertThat(config.source().debezium()).containsEntry("max.queue.size", "256");
        assertThat(config.sink().format()).isEqualTo(JobConfig.SinkFormat.CANAL_JSON);
    }

    @ParameterizedTest(name = "startup: {0}")
    @CsvSource({"initial, INITIAL", "latest, LATEST", "earliest, EARLIEST"})
    void everyStartupModeIsRead(String yamlValue, JobConfig.StartupMode mode) {
        JobConfig config = loader.parse(VALID.replace("sink:\n", "  startup: " + yamlValue + "\nsink:\n"));

        assertThat(config.source().startup()).isEqualTo(mode);
    }

    @ParameterizedTest(name = "{2}: {3}")
    @CsvSource(delimiter = '|', textBlock = """
            source.hostnme          | x                   | source.hostnme          | is not a known key
            source.port             | abc                 | source.port             | must be a whole number
            source.port             | 70000               | source.port             | must be between 1 and 65535
            source.databases        | []                  | source.databases        | is required
            source.tables           | ['shop.(']          | source.tables           | is not a valid regular expression
            source.startup          | yesterday           | source.startup          | must be one of [initial, latest, earliest]
            source.server-id        | abc                 | source.server-id        | must be an id or a range
            source.server-id        | 5404-5400           | source.server-id        | must be a range from low to high
            source.snapshot-chunk-size | 0                | source.snapshot-chunk-size | must be between 1 and
            source                  | [a, b]              | source                  | must be a mapping
            sink.bootstrap-servers  | localhost           | sink.bootstrap-servers  | must be host:port
            sink.format             | avro                | sink.format             | must be one of [debezium-json, compact, canal-json]
            source.probes           | maybe               | source.probes           | must be true or false
            source.heartbeat-interval | 0s                | source.heartbeat-interval | must be longer than 0
            source.debezium         | [a]                 | source.debezium         | must be a mapping
            sink.delivery-guarantee | twice               | sink.delivery-guarantee | must be one of [none, at-least-once, exactly-once]
            checkpointing.interval  | 10 seconds          | checkpointing.interval  | must be a duration
            routing.topic-pattern   | 'x.{schema}'        | routing.topic-pattern   | unknown placeholder {schema}
            routing.routes          | [{table: a}]        | routing.routes[0].topic | is required
            routing.routes          | [{table: '(', topic: t}] | routing.routes[0].table | is not a valid regular expression
            sourse                  | {}                  | sourse                  | is not a known key
            """)
    void badValueFailsNamingTheKey(String path, String yamlValue, String key, String problem) throws Exception {
        String yaml = withValue(VALID, path, yamlValue);

        assertThatThrownBy(() -> loader.parse(yaml))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("'" + key + "'")
                .hasMessageContaining(problem)
                .satisfies(e -> assertThat(((ConfigException) e).key()).isEqualTo(key));
    }

    @Test
    void serverIdRangeSmallerThanTheParallelismFailsNamingTheKey() throws Exception {
        String yaml = withValue(withValue(VALID, "source.server-id", "5400-5401"), "job.parallelism", "4");

        assertThatThrownBy(() -> loader.parse(yaml))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("'source.server-id'")
                .hasMessageContaining("'5400-5401' has 2 ids, fewer than job.parallelism 4");
    }

    @Test
    void shippedExampleConfigIsValid() throws Exception {
        String example = java.nio.file.Files.readString(java.nio.file.Path.of("examples/job.yaml"));

        JobConfig config = new JobConfigLoader(Map.of("MYSQL_PASSWORD", "secret")::get).parse(example);

        assertThat(config.source().databases()).containsExactly("shop");
        assertThat(config.routing().routes()).hasSize(1);
        assertThat(config.sink().bootstrapServers()).isEqualTo("127.0.0.1:9092");
    }

    @Test
    void missingRequiredKeyIsNamed() {
        assertThatThrownBy(() -> loader.parse(VALID.replace("  hostname: 127.0.0.1\n", "")))
                .isInstanceOf(ConfigException.class)
                .hasMessage("invalid job config: 'source.hostname' is required");
    }

    @Test
    void unsetEnvironmentVariableIsNamed() {
        assertThatThrownBy(() -> new JobConfigLoader(name -> null).parse(VALID))
                .hasMessage("invalid job config: 'source.password' refers to environment variable DB_PASSWORD, which is not set");
    }

    @Test
    void brokenYamlSaysWhere() {
        assertThatThrownBy(() -> loader.parse("source: [unclosed\n"))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("is not valid YAML")
                .hasMessageContaining("line");
    }

    /** The YAML with the value at a dotted path replaced (or added). */
    private static String withValue(String yaml, String path, String yamlValue) throws Exception {
        ObjectMapper mapper = new ObjectMapper(new YAMLFactory());
        ObjectNode root = (ObjectNode) mapper.readTree(yaml);
        ObjectNode node = root;
        String[] keys = path.split("\\.");
        for (int i = 0; i < keys.length - 1; i++) {
            node = node.has(keys[i]) ? (ObjectNode) node.get(keys[i]) : node.putObject(keys[i]);
        }
        node.set(keys[keys.length - 1], mapper.readTree(yamlValue));
        return mapper.writeValueAsString(root);
    }
}
