package dev.cdcwatch.engine;

import dev.cdcwatch.testkit.dingtalk.DingTalkRobotServer;
import dev.cdcwatch.testkit.junit.SharedInfrastructure;
import dev.cdcwatch.testkit.kafka.KafkaBroker;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import static dev.cdcwatch.engine.TestEngine.batch;
import static dev.cdcwatch.engine.TestEngine.sample;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The engine with its optional parts configured as a user would: the lineage collector on a real
 * Kafka broker with a real consumer group, and a route to a DingTalk-compatible robot. A binlog
 * alert of a job must reach the robot with the job's tables, topics and consumer groups.
 */
@ExtendWith(SharedInfrastructure.class)
class EngineWiringTest {

    private static final String TOPIC = "cdc.wiring.orders";
    private static final String GROUP = "wiring-analytics";

    @Test
    void alertOfAJobReachesDingTalkWithTheLineageLearnedFromRoutesAndKafka(KafkaBroker kafka) {
        kafka.createTopics(1, TOPIC);
        consumeAndCommit(kafka);
        try (DingTalkRobotServer robot = DingTalkRobotServer.start().addRobot(new DingTalkRobotServer.Robot("wiring", "wiring-secret", null));
             // Two pushes only: the job's series must not go stale while lineage is learned and the robot is reached.
             TestEngine client = TestEngine.startWith(Map.of("CDCWATCH_INGEST_MIN_STALE_AFTER", "1m"), """
                     lineage:
                       clusters:
                         - name: local
                           bootstrap-servers: %s
                           poll-interval: 300ms
                     notify:
                       allowed_hosts: [127.0.0.1]
                     receivers:
                       - name: oncall
                         dingtalk_configs:
                           - webhook_url: %s
                             secret: wiring-secret
                     route:
                       receiver: oncall
                       group_wait: 0s
                     """.formatted(kafka.bootstrapServers(), robot.webhookUrl("wiring")))) {
            push(client, sample("cdc_route_records_total", 5, "job", "wiring-cdc", "database", "wiring", "table", "orders", "topic", TOPIC),
                    sample("cdc_debezium_connected", 1, "job", "wiring-cdc"),
                    sample("cdc_source_emit_event_time_lag_milliseconds", 5000, "job", "wiring-cdc"));
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(client.getJson("/api/v1/lineage/impact?table=wiring.orders")
                    .getJsonArray("groups").encode()).contains(GROUP));
            // Annotations are recomputed every evaluation: the pending lag alert shows when the engine knows the whole lineage.
            await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(client.alerts("?filter=alertname=\"EmitLagHigh\""))
                    .singleElement().satisfies(lag -> assertThat(lag.getJsonObject("annotations").getString("downstream_groups")).isEqualTo(GROUP)));

            push(client, sample("cdc_route_records_total", 6, "job", "wiring-cdc", "database", "wiring", "table", "orders", "topic", TOPIC),
                    sample("cdc_debezium_connected", 0, "job", "wiring-cdc"),
                    sample("cdc_source_emit_event_time_lag_milliseconds", 10, "job", "wiring-cdc"));

            await().atMost(Duration.ofSeconds(20)).until(() -> robot.accepted().stream().anyMatch(m -> m.text().contains("BinlogDisconnected")));
            assertThat(robot.accepted()).filteredOn(m -> m.text().contains("BinlogDisconnected")).singleElement()
                    .satisfies(message -> assertThat(message.text()).contains("wiring.orders", TOPIC, GROUP));
            JsonObject alert = client.getJson("/api/v1/alerts?filter=alertname=\"BinlogDisconnected\"").getJsonArray("alerts").getJsonObject(0);
            assertThat(alert.getJsonObject("annotations").getMap())
                    .containsEntry("upstream_tables", "wiring.orders")
                    .containsEntry("downstream_topics", TOPIC)
                    .containsEntry("downstream_groups", GROUP);
            JsonObject table = client.getJson("/api/v1/lineage").getJsonArray("nodes").stream().map(JsonObject.class::cast)
                    .filter(node -> node.getString("id").equals("table:wiring.orders")).findFirst().orElseThrow();
            assertThat(table.getJsonObject("firingAlerts").getJsonArray("names").getList()).contains("BinlogDisconnected");
            await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(client.getJson("/api/v1/notifications")
                    .getJsonArray("notifications").encode()).contains("\"status\":\"sent\""));
            assertThat(client.get("/metrics").bodyAsString()).contains("cdc_lineage_cluster_up{cluster=\"local\"", "cdc_consumer_group_lag_records");
            assertThat(new JsonArray(client.get("/dashboards").bodyAsString())).hasSize(4);
            assertThat(client.get("/dashboards/cdcwatch-overview.json").bodyAsJsonObject().getString("uid")).isEqualTo("cdcwatch-overview");
            assertThat(new JsonArray(client.get("/api/v1/grafana/alerts").bodyAsString()).encode()).contains("BinlogDisconnected");
        }
    }

    private static void push(TestEngine client, dev.cdcwatch.catalog.wire.WireSample... samples) {
        assertThat(client.push(batch("tm-wiring:9250", samples)).statusCode()).isEqualTo(200);
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
