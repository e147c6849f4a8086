package dev.cdcwatch.testkit;

import dev.cdcwatch.testkit.http.HttpReceiver;
import dev.cdcwatch.testkit.junit.SharedInfrastructure;
import dev.cdcwatch.testkit.kafka.KafkaBroker;
import dev.cdcwatch.testkit.kafka.RecordCollector;
import dev.cdcwatch.testkit.mariadb.MariaDbServer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

@ExtendWith(SharedInfrastructure.class)
class SharedInfrastructureTest {

    @Test
    void mariaDbRunsWithRowBinlogAndACdcUserThatCanReadIt(MariaDbServer db) throws Exception {
        Map<String, String> variables = new HashMap<>();
        try (Connection connection = DriverManager.getConnection(db.jdbcUrl(null), MariaDbServer.CDC_USER, MariaDbServer.CDC_PASSWORD);
             Statement statement = connection.createStatement()) {
            try (ResultSet rs = statement.executeQuery(
                    "SHOW GLOBAL VARIABLES WHERE Variable_name IN ('log_bin', 'binlog_format', 'binlog_row_image', 'server_id')")) {
                while (rs.next()) {
                    variables.put(rs.getString(1), rs.getString(2));
                }
            }
            try (ResultSet rs = statement.executeQuery("SHOW MASTER STATUS")) {
                assertThat(rs.next()).as("CDC user can read the binlog position").isTrue();
                assertThat(rs.getString("File")).startsWith("mysql-bin.");
            }
        }
        assertThat(variables).containsEntry("log_bin", "ON")
                .containsEntry("binlog_format", "ROW")
                .containsEntry("binlog_row_image", "FULL")
                .containsEntry("server_id", "1");
        assertThat(db.host()).isEqualTo("127.0.0.1");
    }

    @Test
    void kafkaBrokerDeliversWhatIsProducedInOrderPerKey(KafkaBroker kafka) {
        kafka.createTopics(3, "kit.roundtrip");
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers()), new StringSerializer(), new StringSerializer())) {
            for (int i = 0; i < 10; i++) {
                producer.send(new ProducerRecord<>("kit.roundtrip", "k" + (i % 2), "v" + i));
            }
        }
        try (RecordCollector collector = new RecordCollector(kafka, List.of("kit.roundtrip"))) {
            org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(30))
                    .until(() -> collector.poll().size() == 10);
            assertThat(collector.records()).filteredOn(r -> r.key().equals("k0")).extracting(r -> r.value())
                    .containsExactly("v0", "v2", "v4", "v6", "v8");
        }
    }

    @Test
    void httpReceiverRecordsRequestsAndAnswersWithTheConfiguredResponse() throws Exception {
        try (HttpReceiver receiver = HttpReceiver.start()) {
            receiver.respondWith(request -> HttpReceiver.Response.json(202, "{\"ok\":true}"));
            HttpResponse<String> response = HttpClient.newHttpClient().send(
                    HttpRequest.newBuilder(URI.create(receiver.url("/hook?x=1")))
                            .header("X-Token", "abc")
                            .POST(HttpRequest.BodyPublishers.ofString("hello")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(response.statusCode()).isEqualTo(202);
            assertThat(response.body()).isEqualTo("{\"ok\":true}");
            assertThat(receiver.requests()).singleElement().satisfies(request -> {
                assertThat(request.method()).isEqualTo("POST");
                assertThat(request.uri().getPath()).isEqualTo("/hook");
                assertThat(request.header("x-token")).isEqualTo("abc");
                assertThat(request.bodyText()).isEqualTo("hello");
            });
        }
    }
}
