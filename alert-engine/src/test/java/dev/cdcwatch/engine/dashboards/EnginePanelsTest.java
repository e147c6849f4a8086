package dev.cdcwatch.engine.dashboards;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.cdcwatch.catalog.wire.WireSample;
import dev.cdcwatch.dashboards.Dashboards;
import dev.cdcwatch.dashboards.EngineQuery;
import dev.cdcwatch.dashboards.VariableInterpolator;
import dev.cdcwatch.engine.TestEngine;
import dev.cdcwatch.testkit.junit.SharedInfrastructure;
import dev.cdcwatch.testkit.kafka.KafkaBroker;
import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.client.HttpResponse;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import static dev.cdcwatch.engine.TestEngine.batch;
import static dev.cdcwatch.engine.TestEngine.sample;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Every panel and annotation query the dashboards send to the engine through Grafana's Infinity data
 * source, run against a running engine that has learned a lineage from routes and a real consumer
 * group and holds a firing and a resolved alert: each must get rows, and each row the fields its
 * columns select, with the types they declare.
 */
@ExtendWith(SharedInfrastructure.class)
class EnginePanelsTest {

    private static final String TOPIC = "cdc.dash.orders";
    private static final String GROUP = "dash-analytics";
    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void everyEnginePanelOfTheDashboardsGetsRowsWithItsColumnsFromARunningEngine(KafkaBroker kafka) throws Exception {
        kafka.createTopics(1, TOPIC);
        consumeAndCommit(kafka);
        // Series stay fresh between the two pushes however slow the machine is.
        try (TestEngine engine = TestEngine.startWith(Map.of("CDCWATCH_INGEST_MIN_STALE_AFTER", "1m"), """
                lineage:
                  clusters:
                    - name: local
                      bootstrap-servers: %s
                      poll-interval: 300ms
                """.formatted(kafka.bootstrapServers()))) {
            push(engine, 5, 0);
            await().atMost(Duration.ofSeconds(20)).until(() -> episodes(engine).contains("BinlogDisconnected/firing"));
            push(engine, 6, 1);
            await().atMost(Duration.ofSeconds(20)).until(() -> episodes(engine).containsAll(
                    List.of("BinlogDisconnected/resolved", "EmitLagHigh/firing")));
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(engine.getJson("/api/v1/lineage/impact?table=dash.orders")
                    .getJsonArray("groups").encode()).contains(GROUP));

            long now = System.currentTimeMillis();
            Map<String, String> variables = Map.of("__from", Long.toString(now - Duration.ofHours(6).toMillis()), "__to", Long.toString(now),
                    "job", "dash-cdc", "database", "dash", "table", "orders", "topic", TOPIC, "group", GROUP, "cluster", "local", "subtask", "0");
            List<EngineQuery> queries = Dashboards.all().stream().flatMap(dashboard -> dashboard.engineQueries().stream()).toList();
            assertThat(queries).isNotEmpty();
            for (EngineQuery query : queries) {
                String uri = uri(query, variables);
                HttpResponse<Buffer> response = engine.get(uri);
                assertThat(response.statusCode()).as("%s: GET %s", query.location(), uri).isEqualTo(200);
                List<JsonNode> rows = InfinityRows.rows(JSON.readTree(response.bodyAsString()), query.rootSelector());
                assertThat(rows).as("%s: rows of GET %s with root selector '%s'", query.location(), uri, query.rootSelector()).isNotEmpty();
                assertThat(query.columns()).as(query.location()).isNotEmpty();
                for (JsonNode row : rows) {
                    for (EngineQuery.Column column : query.columns()) {
                        assertThat(InfinityRows.field(row, column.selector()))
                                .as("%s: column '%s' in row %s", query.location(), column.selector(), row)
                                .hasValueSatisfying(value -> assertThat(hasType(value, column.type()))
                                        .as("%s: column '%s' of type %s is %s", query.location(), column.selector(), column.type(), value)
                                        .isTrue());
                    }
                }
            }
        }
    }

    /** The request Infinity sends: the URL with its parameters appended, variables filled in. */
    private static String uri(EngineQuery query, Map<String, String> variables) {
        String url = VariableInterpolator.interpolate(query.url(), variables);
        if (query.params().isEmpty()) {
            return url;
        }
        return url + "?" + query.params().entrySet().stream()
                .map(param -> encode(param.getKey()) + "=" + encode(VariableInterpolator.interpolate(param.getValue(), variables)))
                .collect(Collectors.joining("&"));
    }

    private static String encode(String text) {
        return URLEncoder.encode(text, StandardCharsets.UTF_8);
    }

    /** Infinity reads a timestamp from an RFC 3339 string or epoch milliseconds; a null one is an open end. */
    private static boolean hasType(JsonNode value, String type) {
        return switch (type) {
            case "string" -> value.isTextual();
            case "number" -> value.isNumber();
            case "timestamp" -> value.isNull() || value.isNumber() || value.isTextual() && isInstant(value.asText());
            default -> throw new IllegalArgumentException("column type " + type + " is not checked by this test");
        };
    }

    private static boolean isInstant(String text) {
        try {
            Instant.parse(text);
            return true;
        } catch (DateTimeParseException e) {
            return false;
        }
    }

    /** alertname/state of every episode the alert history endpoint returns. */
    private static List<String> episodes(TestEngine engine) throws Exception {
        JsonNode episodes = JSON.readTree(engine.get("/api/v1/grafana/alerts").bodyAsString());
        return InfinityRows.rows(episodes, "").stream()
                .map(episode -> episode.path("alertname").asText() + "/" + episode.path("state").asText()).toList();
    }

    /** Routes orders to the topic, keeps the emit lag above the test rule's threshold and sets the binlog connection. */
    private static void push(TestEngine engine, double routed, double connected) {
        WireSample[] samples = {
                sample("cdc_route_records_total", routed, "job", "dash-cdc", "database", "dash", "table", "orders", "topic", TOPIC),
                sample("cdc_debezium_connected", connected, "job", "dash-cdc"),
                sample("cdc_source_emit_event_time_lag_milliseconds", 5000, "job", "dash-cdc")};
        assertThat(engine.push(batch("tm-dash:9250", samples)).statusCode()).isEqualTo(200);
    }

    /** A consumer group that has read the topic, so Kafka knows topic -> group. */
    private static void consumeAndCommit(KafkaBroker kafka) {
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers()), new StringSerializer(), new StringSerializer())) {
            producer.send(new ProducerRecord<>(TOPIC, "k", "v"));
        }
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers(),
                ConsumerConfig.GROUP_ID_CONFIG, GROUP,
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest"), new StringDeserializer(), new StringDeserializer())) {
            consumer.subscribe(List.of(TOPIC));
            await().atMost(Duration.ofSeconds(30)).until(() -> !consumer.poll(Duration.ofMillis(200)).isEmpty());
            consumer.commitSync();
        }
    }
}
