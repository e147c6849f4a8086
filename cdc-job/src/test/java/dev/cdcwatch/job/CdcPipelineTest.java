package dev.cdcwatch.job;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.cdcwatch.job.config.JobConfig;
import dev.cdcwatch.job.config.JobConfigLoader;
import dev.cdcwatch.testkit.flink.FlinkCluster;
import dev.cdcwatch.testkit.junit.SharedInfrastructure;
import dev.cdcwatch.testkit.kafka.KafkaBroker;
import dev.cdcwatch.testkit.kafka.RecordCollector;
import dev.cdcwatch.testkit.mariadb.MariaDbServer;
import org.apache.flink.api.common.JobID;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.utils.Utils;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

@ExtendWith(SharedInfrastructure.class)
class CdcPipelineTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String ORDERS = "cdc.pipeline_shop.orders";
    private static final String CUSTOMERS = "crm.customers";

    @Test
    void snapshotAndBinlogChangesReachRoutedTopicsKeyedAndOrderedByPrimaryKey(MariaDbServer db, KafkaBroker kafka) throws Exception {
        db.execute(
                "CREATE DATABASE pipeline_shop",
                "CREATE TABLE pipeline_shop.orders (id INT PRIMARY KEY, customer VARCHAR(40), amount DECIMAL(10,2))",
                "CREATE TABLE pipeline_shop.customers (id BIGINT PRIMARY KEY, name VARCHAR(40))",
                "INSERT INTO pipeline_shop.orders VALUES (1, 'ada', 10.50), (2, 'bob', 20.00), (3, 'cy', 30.25)",
                "INSERT INTO pipeline_shop.customers VALUES (100, 'Ada Lovelace'), (101, 'Bob Barker')");
        kafka.createTopics(3, ORDERS, CUSTOMERS);
        JobConfig config = new JobConfigLoader(name -> null).parse("""
                job:
                  name: pipeline-test
                  parallelism: 2
                source:
                %s
                  # A pattern with an alternation: every table of each database it matches is captured.
                  databases: ['pipeline_sho.|pipeline_nothing']
                  server-id: 5500-5503
                routing:
                  routes:
                    - table: 'pipeline_shop\\.customers'
                      topic: crm.customers
                sink:
                  bootstrap-servers: %s
                checkpointing:
                  interval: 1s
                """.formatted(db.sourceConnectionYaml(), kafka.bootstrapServers()));

        try (FlinkCluster flink = FlinkCluster.start(new Configuration(), 2);
             RecordCollector topics = new RecordCollector(kafka, List.of(ORDERS, CUSTOMERS))) {
            StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
            CdcPipeline.define(env, config);
            JobID job = flink.submit(env);

            await().atMost(Duration.ofSeconds(90)).until(() -> topics.poll().size() >= 5);
            assertThat(topics.records()).filteredOn(r -> r.topic().equals(ORDERS))
                    .extracting(r -> value(r).path("after").path("customer").asText())
                    .containsExactlyInAnyOrder("ada", "bob", "cy");
            assertThat(topics.records()).filteredOn(r -> r.topic().equals(CUSTOMERS))
                    .extracting(ConsumerRecord::key)
                    .containsExactlyInAnyOrder("{\"id\":100}", "{\"id\":101}");
            assertThat(topics.records()).allSatisfy(r -> assertThat(value(r).path("op").asText()).isEqualTo("r"));

            db.execute(
                    "INSERT INTO pipeline_shop.orders VALUES (4, 'dee', 40.00)",
                    "UPDATE pipeline_shop.orders SET amount = 11.00 WHERE id = 1",
                    "UPDATE pipeline_shop.orders SET amount = 12.00 WHERE id = 1",
                    "UPDATE pipeline_shop.orders SET amount = 13.00 WHERE id = 1",
                    "DELETE FROM pipeline_shop.orders WHERE id = 2",
                    "UPDATE pipeline_shop.customers SET name = 'Ada King' WHERE id = 100");

            await().atMost(Duration.ofSeconds(60)).until(() -> topics.poll().size() >= 11);
            Map<String, List<JsonNode>> byKey = topics.records().stream()
                    .filter(r -> value(r).path("op").asText().matches("[cud]"))
                    .collect(Collectors.groupingBy(ConsumerRecord::key, Collectors.mapping(CdcPipelineTest::value, Collectors.toList())));

            assertThat(byKey.get("{\"id\":4}")).singleElement().satisfies(insert -> {
                assertThat(insert.path("op").asText()).isEqualTo("c");
                assertThat(insert.path("before").isNull()).isTrue();
                assertThat(insert.path("after").path("amount").decimalValue()).isEqualByComparingTo("40.00");
                assertThat(insert.path("source").path("db").asText()).isEqualTo("pipeline_shop");
                assertThat(insert.path("source").path("table").asText()).isEqualTo("orders");
                assertThat(insert.path("source").path("file").asText()).startsWith("mysql-bin.");
            });
            assertThat(byKey.get("{\"id\":1}"))
                    .as("every change of one row arrives in binlog order")
                    .extracting(update -> update.path("before").path("amount").asText() + "->" + update.path("after").path("amount").asText())
                    .containsExactly("10.5->11.0", "11.0->12.0", "12.0->13.0");
            assertThat(byKey.get("{\"id\":2}")).singleElement().satisfies(delete -> {
                assertThat(delete.path("op").asText()).isEqualTo("d");
                assertThat(delete.path("before").path("customer").asText()).isEqualTo("bob");
                assertThat(delete.path("after").isNull()).isTrue();
            });
            assertThat(byKey.get("{\"id\":100}")).singleElement()
                    .satisfies(update -> assertThat(update.path("after").path("name").asText()).isEqualTo("Ada King"));

            assertThat(topics.records()).as("partition = murmur2(primary key) mod partitions")
                    .allSatisfy(r -> assertThat(r.partition())
                            .isEqualTo(Utils.toPositive(Utils.murmur2(r.key().getBytes(StandardCharsets.UTF_8))) % 3));
            flink.cancel(job);
        }
    }

    @Test
    void earliestStartupReplaysChangesMadeBeforeTheJobFromTheBinlogWithoutASnapshot(MariaDbServer db, KafkaBroker kafka) {
        String topic = "cdc.earliest_shop.orders";
        db.execute(
                "CREATE DATABASE earliest_shop",
                "CREATE TABLE earliest_shop.orders (id INT PRIMARY KEY, customer VARCHAR(40))",
                "INSERT INTO earliest_shop.orders VALUES (1, 'ada'), (2, 'bob')",
                "UPDATE earliest_shop.orders SET customer = 'ada king' WHERE id = 1",
                "DELETE FROM earliest_shop.orders WHERE id = 2");
        kafka.createTopics(1, topic);
        JobConfig config = new JobConfigLoader(name -> null).parse("""
                source:
                %s
                  databases: [earliest_shop]
                  server-id: 5510
                  startup: earliest
                sink:
                  bootstrap-servers: %s
                """.formatted(db.sourceConnectionYaml(), kafka.bootstrapServers()));

        try (FlinkCluster flink = FlinkCluster.start(new Configuration(), 1);
             RecordCollector records = new RecordCollector(kafka, List.of(topic))) {
            StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
            CdcPipeline.define(env, config);
            JobID job = flink.submit(env);

            // The shared server's whole binlog is read, including what earlier test classes wrote: allow for it.
            await().atMost(Duration.ofSeconds(180)).until(() -> records.poll().size() >= 4);
            // A snapshot would have given one read ('r') of row 1 as it is now.
            assertThat(records.records()).extracting(r -> value(r).path("op").asText() + " " + r.key())
                    .containsExactly("c {\"id\":1}", "c {\"id\":2}", "u {\"id\":1}", "d {\"id\":2}");
            flink.cancel(job);
        }
    }

    private static JsonNode value(ConsumerRecord<String, String> record) {
        try {
            return JSON.readTree(record.value());
        } catch (Exception e) {
            throw new AssertionError("not JSON: " + record.value(), e);
        }
    }
}
