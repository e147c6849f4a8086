package dev.cdcwatch.engine;

import dev.cdcwatch.lineage.LineageCollectorMain;
import dev.cdcwatch.testkit.junit.SharedInfrastructure;
import dev.cdcwatch.testkit.kafka.KafkaBroker;
import io.vertx.core.json.JsonObject;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.io.IOException;
import java.io.Reader;
import java.net.ConnectException;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.NetworkInterface;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import static dev.cdcwatch.engine.TestEngine.batch;
import static dev.cdcwatch.engine.TestEngine.sample;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * An engine with {@code lineage.mode: external} and a standalone lineage collector, each in its own
 * JVM started as operators start them, from the same working directory and with default database
 * settings: they share the engine's H2 file through AUTO_SERVER, the engine serves the graph the
 * collector writes, and alerts on the lag samples the collector pushes.
 */
@ExtendWith(SharedInfrastructure.class)
class StandaloneLineageTest {

    @RegisterExtension
    final EngineProcesses processes = new EngineProcesses();

    @Test
    void engineServesTheStandaloneCollectorsGraphAndAlertsOnItsPushedLag(KafkaBroker kafka) throws Exception {
        String id = UUID.randomUUID().toString().substring(0, 8);
        String topic = "cdc.shop" + id + ".orders";
        String group = id + "-billing";
        kafka.createTopics(1, topic);
        produce(kafka, topic, 5);
        commit(kafka, group, new TopicPartition(topic, 0), 1);

        processes.configure("engine-rules/lineage-lag-rules.yml", """
                lineage:
                  mode: external
                  graph:
                    persist-interval: 200ms
                """);
        processes.start("engine");
        // The reference job's route counter, as its reporter pushes it: the engine learns table -> topic from it.
        processes.reportEvery(Duration.ofMillis(500), () -> batch("tm-shop:9250",
                sample("cdc_route_records_total", 5, "job", "shop-cdc", "database", "shop" + id, "table", "orders", "topic", topic)));
        Process collector = startCollector(kafka, id);
        try {
            await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
                JsonObject lineage = processes.getJson("/api/v1/lineage");
                assertThat(lineage.getJsonArray("edges").stream().map(edge -> ((JsonObject) edge).getString("id")))
                        .contains("table:shop" + id + ".orders->topic:" + topic, "topic:" + topic + "->group:main/" + group);
                JsonObject groupNode = element(lineage, "nodes", "group:main/" + group);
                assertThat(groupNode.getJsonObject("health").getLong("lagRecords")).isEqualTo(4);
                assertThat(groupNode.getJsonObject("firingAlerts").getJsonArray("names").getList())
                        .containsExactly("KafkaConsumerGroupLagRecordsHigh");
                assertThat(element(lineage, "edges", "topic:" + topic + "->group:main/" + group)
                        .getJsonObject("firingAlerts").getInteger("count")).isEqualTo(1);
            });
            // Annotations are recomputed every evaluation from a graph read at most a second before.
            await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
                JsonObject alert = processes.getJson("/api/v1/alerts?filter=alertname=\"KafkaConsumerGroupLagRecordsHigh\"")
                        .getJsonArray("alerts").getJsonObject(0);
                assertThat(alert.getJsonObject("labels").getMap()).containsEntry("group", group).containsEntry("cluster", "main");
                assertThat(alert.getJsonObject("annotations").getString("upstream_tables")).isEqualTo("shop" + id + ".orders");
                assertThat(alert.getString("state")).isEqualTo("firing");
            });
            assertServedOnLoopbackOnly(processes.dir().resolve("data/cdcwatch-engine.lock.db"));
        } finally {
            collector.destroy();
            if (!collector.waitFor(15, TimeUnit.SECONDS)) {
                collector.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        }
    }

    /** The engine opened the file first, so it serves it to the collector: its AUTO_SERVER port answers on loopback only. */
    private static void assertServedOnLoopbackOnly(Path lockFile) throws IOException {
        Properties lock = new Properties();
        try (Reader reader = Files.newBufferedReader(lockFile)) {
            lock.load(reader);
        }
        String server = lock.getProperty("server");
        int port = Integer.parseInt(server.substring(server.lastIndexOf(':') + 1));
        try (Socket loopback = new Socket(InetAddress.getLoopbackAddress(), port)) {
            assertThat(loopback.isConnected()).isTrue();
        }
        List<InetAddress> otherAddresses = NetworkInterface.networkInterfaces().flatMap(NetworkInterface::inetAddresses)
                .filter(address -> address instanceof Inet4Address && !address.isLoopbackAddress()).toList();
        for (InetAddress address : otherAddresses) {
            assertThatThrownBy(() -> new Socket(address, port).close()).as("AUTO_SERVER port on " + address)
                    .isInstanceOf(ConnectException.class);
        }
    }

    /** The collector's file names no database: its default is the engine's default file under the same working directory. */
    private Process startCollector(KafkaBroker kafka, String id) throws IOException {
        Path dir = processes.dir();
        Path config = Files.writeString(dir.resolve("lineage.yaml"), """
                clusters:
                  - name: main
                    bootstrap-servers: %s
                    poll-interval: 300ms
                    request-timeout: 5s
                    groups:
                      include: "%s-.*"
                graph:
                  persist-interval: 200ms
                push:
                  url: http://127.0.0.1:%d/api/v1/push
                  token: %s
                """.formatted(kafka.bootstrapServers(), id, processes.port(), TestEngine.INGEST_TOKEN));
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        return new ProcessBuilder(java, "-Xmx256m", "-cp", System.getProperty("java.class.path"), LineageCollectorMain.class.getName(),
                config.toString())
                .directory(dir.toFile())
                .redirectErrorStream(true)
                .redirectOutput(processes.log("collector").toFile())
                .start();
    }

    private static JsonObject element(JsonObject lineage, String array, String id) {
        return lineage.getJsonArray(array).stream().map(JsonObject.class::cast).filter(element -> element.getString("id").equals(id))
                .findFirst().orElseThrow(() -> new AssertionError(id + " not in " + array + ": " + lineage.encode()));
    }

    private static void produce(KafkaBroker kafka, String topic, int records) {
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers()), new StringSerializer(), new StringSerializer())) {
            for (int i = 0; i < records; i++) {
                producer.send(new ProducerRecord<>(topic, "k" + i, "v" + i));
            }
        }
    }

    /** A group that committed {@code offset} and read no further: it lags by the records after it. */
    private static void commit(KafkaBroker kafka, String group, TopicPartition partition, long offset) {
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers(),
                ConsumerConfig.GROUP_ID_CONFIG, group), new StringDeserializer(), new StringDeserializer())) {
            consumer.assign(List.of(partition));
            consumer.commitSync(Map.of(partition, new OffsetAndMetadata(offset)));
        }
    }
}
