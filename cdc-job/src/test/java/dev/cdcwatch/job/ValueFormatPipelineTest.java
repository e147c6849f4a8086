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
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The same snapshot and binlog changes through three jobs, one per {@code sink.format}, side by
 * side on one MiniCluster: each format carries every change, keyed by primary key, with all
 * changes of one key in one partition and in binlog order.
 */
@ExtendWith(SharedInfrastructure.class)
class ValueFormatPipelineTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final List<String> FORMATS = List.of("debezium-json", "compact", "canal-json");

    @Test
    void snapshotAndBinlogChangesArriveInOrderPerKeyInEveryFormat(MariaDbServer db, KafkaBroker kafka) throws Exception {
        List<String> topics = new ArrayList<>();
        for (String format : FORMATS) {
            String database = database(format);
            db.execute("CREATE DATABASE " + database,
                    "CREATE TABLE " + database + ".orders (id INT PRIMARY KEY, amount DECIMAL(10,2))",
                    "INSERT INTO " + database + ".orders VALUES (1, 10.50), (2, 20.00), (3, 30.25)");
            topics.add("fmt." + database + ".orders");
        }
        kafka.createTopics(3, topics.toArray(String[]::new));

        try (FlinkCluster flink = FlinkCluster.start(new Configuration(), FORMATS.size());
             RecordCollector collector = new RecordCollector(kafka, topics)) {
            List<JobID> jobs = new ArrayList<>();
            for (int i = 0; i < FORMATS.size(); i++) {
                StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
                CdcPipeline.define(env, config(db, kafka, FORMATS.get(i), 5700 + i));
                jobs.add(flink.submit(env));
            }
            await().atMost(Duration.ofSeconds(90)).until(() -> collector.poll().size() >= 9);
            for (String format : FORMATS) {
                String database = database(format);
                db.execute("INSERT INTO " + database + ".orders VALUES (4, 40.00)",
                        "UPDATE " + database + ".orders SET amount = 11.00 WHERE id = 1",
                        "UPDATE " + database + ".orders SET amount = 12.00 WHERE id = 1",
                        "DELETE FROM " + database + ".orders WHERE id = 2");
            }
            await().atMost(Duration.ofSeconds(60)).until(() -> collector.poll().size() >= 21);

            for (String format : FORMATS) {
                Map<String, List<ConsumerRecord<String, String>>> byKey = collector.records().stream()
                        .filter(r -> r.topic().equals("fmt." + database(format) + ".orders"))
                        .collect(Collectors.groupingBy(ConsumerRecord::key));
                assertThat(byKey.get("{\"id\":1}")).as(format + ": every change of key 1, in order")
                        .extracting(r -> change(format, r.value()))
                        .containsExactly("insert ->10.5", "update 10.5->11", "update 11->12");
                assertThat(byKey.get("{\"id\":2}")).as(format + ": key 2").extracting(r -> change(format, r.value()))
                        .containsExactly("insert ->20", "delete 20->");
                assertThat(byKey.get("{\"id\":4}")).as(format + ": key 4").extracting(r -> change(format, r.value()))
                        .containsExactly("insert ->40");
                byKey.forEach((key, records) -> assertThat(records).extracting(ConsumerRecord::partition)
                        .as(format + ": one partition for key " + key).containsOnly(records.get(0).partition()));
            }
            jobs.forEach(flink::cancel);
        }
    }

    private static String database(String format) {
        return "fmt_" + format.replace("-", "_");
    }

    private static JobConfig config(MariaDbServer db, KafkaBroker kafka, String format, int serverId) {
        return new JobConfigLoader(name -> null).parse("""
                source:
                %s
                  databases: [%s]
                  server-id: %d
                routing:
                  topic-pattern: 'fmt.{database}.{table}'
                sink:
                  bootstrap-servers: %s
                  format: %s
                checkpointing:
                  interval: 1s
                """.formatted(db.sourceConnectionYaml(), database(format), serverId,
                kafka.bootstrapServers(), format));
    }

    /** The change as "operation before->after" of the amount column, whatever the format. */
    private static String change(String format, String value) {
        try {
            JsonNode json = JSON.readTree(value);
            if (format.equals("canal-json")) {
                String type = json.path("type").asText().toLowerCase();
                JsonNode data = json.path("data").get(0);
                JsonNode old = json.path("old").isArray() ? json.path("old").get(0) : null;
                return switch (type) {
                    case "delete" -> "delete " + amount(data) + "->";
                    case "update" -> "update " + amount(old) + "->" + amount(data);
                    default -> "insert ->" + amount(data);
                };
            }
            String op = json.path("op").asText();
            return switch (op) {
                case "u" -> "update " + amount(json.path("before")) + "->" + amount(json.path("after"));
                case "d" -> "delete " + amount(json.path("before")) + "->";
                default -> "insert ->" + amount(json.path("after"));
            };
        } catch (Exception e) {
            throw new AssertionError(format + " value is not JSON: " + value, e);
        }
    }

    private static String amount(JsonNode row) {
        return new BigDecimal(row.path("amount").asText()).stripTrailingZeros().toPlainString();
    }
}
