package dev.cdcwatch.lineage;

import dev.cdcwatch.lineage.config.LineageConfigLoader;
import dev.cdcwatch.lineage.config.StandaloneConfig;
import dev.cdcwatch.lineage.graph.LineageEdge;
import dev.cdcwatch.lineage.graph.LineageStore;
import dev.cdcwatch.testkit.FreePorts;
import dev.cdcwatch.testkit.TempDirs;
import dev.cdcwatch.testkit.junit.SharedInfrastructure;
import dev.cdcwatch.testkit.kafka.KafkaBroker;
import org.apache.kafka.common.TopicPartition;
import org.h2.jdbcx.JdbcConnectionPool;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** The standalone collector: YAML file in, graph in a shared H2 file database and samples on /metrics out. */
@ExtendWith(SharedInfrastructure.class)
class LineageCollectorMainTest {

    @Test
    void standaloneCollectorWritesTheSharedDatabaseAndServesMetrics(KafkaBroker kafka) throws IOException {
        String id = UUID.randomUUID().toString().substring(0, 8);
        String topic = id + "-invoices";
        kafka.createTopics(1, topic);
        Path dir = TempDirs.create("cdcwatch-lineage-main-");
        int port = FreePorts.find();
        String url = "jdbc:h2:file:" + dir.resolve("cdcwatch") + ";AUTO_SERVER=TRUE";
        try (TestProducer producer = new TestProducer(kafka.bootstrapServers());
             TestConsumer committer = TestConsumer.committer(kafka.bootstrapServers(), id + "-accounting")) {
            producer.send(topic, 5);
            committer.commit(new TopicPartition(topic, 0), 2);
            Path file = dir.resolve("lineage.yaml");
            Files.writeString(file, """
                    database:
                      url: "%s"
                    metrics:
                      port: %d
                    clusters:
                      - name: main
                        bootstrap-servers: %s
                        poll-interval: 250ms
                        request-timeout: 5s
                        groups:
                          include: "%s-.*"
                    declared-edges:
                      - table: erp.invoices
                        topic: %s
                        job: nightly-sync
                    graph:
                      persist-interval: 200ms
                    """.formatted(url, port, kafka.bootstrapServers(), id, topic));
            StandaloneConfig config = LineageConfigLoader.loadStandalone(file);

            try (LineageCollectorMain.Running running = LineageCollectorMain.start(config)) {
                await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertThat(scrape(port))
                        .contains("cdc_consumer_group_lag_records{cluster=\"main\",group=\"" + id + "-accounting\",partition=\"0\",topic=\""
                                + topic + "\",} 3.0")
                        .contains("cdc_lineage_cluster_up{cluster=\"main\",} 1.0")
                        .contains("# TYPE cdc_lineage_poll_errors_total counter"));
                assertThat(running.collector().latestPoll("main")).hasValueSatisfying(poll -> assertThat(poll.up()).isTrue());

                // What the engine sees when it opens the same database.
                JdbcConnectionPool enginePool = JdbcConnectionPool.create(url, "sa", "");
                try {
                    LineageStore engineView = LineageStore.open(enginePool);
                    await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertThat(engineView.load().edges())
                            .extracting(LineageEdge::id)
                            .containsExactlyInAnyOrder("table:erp.invoices->topic:" + topic, "topic:" + topic + "->group:main/" + id + "-accounting"));
                } finally {
                    enginePool.dispose();
                }
            }
        } finally {
            TempDirs.delete(dir);
        }
    }

    private static String scrape(int port) throws IOException, InterruptedException {
        HttpResponse<String> response = HttpClient.newHttpClient().send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/metrics")).timeout(Duration.ofSeconds(5)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).isEqualTo(200);
        return response.body();
    }
}
