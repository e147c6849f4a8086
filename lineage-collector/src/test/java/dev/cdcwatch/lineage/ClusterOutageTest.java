package dev.cdcwatch.lineage;

import dev.cdcwatch.catalog.metrics.MetricCatalog;
import dev.cdcwatch.catalog.wire.WireSample;
import dev.cdcwatch.lineage.lag.ClusterLag;
import dev.cdcwatch.testkit.FreePorts;
import dev.cdcwatch.testkit.junit.SharedInfrastructure;
import dev.cdcwatch.testkit.kafka.KafkaBroker;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.awaitility.Awaitility.await;

/** A cluster that cannot be reached is reported, delays no one, and is picked up again when it returns. */
@ExtendWith(SharedInfrastructure.class)
class ClusterOutageTest {

    private final String id = UUID.randomUUID().toString().substring(0, 8);
    private final TestDatabase database = new TestDatabase();
    private LineageCollector collector;

    @AfterEach
    void closeAll() throws Exception {
        if (collector != null) {
            collector.close();
        }
        database.close();
    }

    private static double sample(LineageCollector collector, String name, String cluster) {
        return collector.samples().stream()
                .filter(s -> s.name().equals(name) && s.labels().get("cluster").equals(cluster))
                .mapToDouble(WireSample::value).findFirst().orElse(Double.NaN);
    }

    @Test
    void unreachableClusterIsReportedWithoutHangingTheCallerOrOtherClusters(KafkaBroker kafka) {
        String nowhere = "127.0.0.1:" + FreePorts.find();
        collector = new LineageCollector(TestConfigs.config(List.of(
                TestConfigs.cluster("gone", nowhere, 200, 500, id + "-"),
                TestConfigs.cluster("main", kafka.bootstrapServers(), 200, 5_000, id + "-")), List.of()), database.dataSource());
        collector.start();

        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
            assertThat(sample(collector, MetricCatalog.LINEAGE_CLUSTER_UP.name(), "gone")).isZero();
            assertThat(sample(collector, MetricCatalog.LINEAGE_POLL_ERRORS.name(), "gone")).isGreaterThanOrEqualTo(2);
            assertThat(sample(collector, MetricCatalog.LINEAGE_CLUSTER_UP.name(), "main")).isEqualTo(1);
        });
        ClusterLag failed = collector.latestPoll("gone").orElseThrow();
        assertThat(failed.error()).hasValueSatisfying(error -> assertThat(error).startsWith("cluster 'gone': listing consumer groups failed"));
        // Polls of the healthy cluster keep coming while the other one times out.
        long mainPoll = collector.latestPoll("main").orElseThrow().timeMillis();
        await().atMost(Duration.ofSeconds(10)).until(() -> collector.latestPoll("main").orElseThrow().timeMillis() > mainPoll);

        assertThatCode(() -> collector.graph()).doesNotThrowAnyException();
        long closing = System.nanoTime();
        collector.close();
        collector = null;
        assertThat(Duration.ofNanos(System.nanoTime() - closing)).isLessThan(Duration.ofSeconds(10));
    }

    @Test
    void pollingRecoversByItselfWhenTheBrokerReturns() {
        try (RestartableBroker broker = new RestartableBroker()) {
            broker.start();
            String topic = id + "-orders";
            try (TestConsumer committer = TestConsumer.committer(broker.bootstrapServers(), id + "-billing");
                 TestProducer producer = new TestProducer(broker.bootstrapServers())) {
                producer.send(topic, 3);
                committer.commit(new TopicPartition(topic, 0), 1);
            }
            collector = new LineageCollector(TestConfigs.config(List.of(
                    TestConfigs.cluster("private", broker.bootstrapServers(), 200, 500, id + "-")), List.of()), database.dataSource());
            collector.start();
            await().atMost(Duration.ofSeconds(20)).until(() -> lagOf(collector).orElse(-1L) == 2L);

            broker.stop();

            await().atMost(Duration.ofSeconds(20)).until(() -> sample(collector, MetricCatalog.LINEAGE_CLUSTER_UP.name(), "private") == 0);
            double errors = sample(collector, MetricCatalog.LINEAGE_POLL_ERRORS.name(), "private");
            assertThat(errors).isPositive();

            broker.start();

            await().atMost(Duration.ofSeconds(30)).until(() -> sample(collector, MetricCatalog.LINEAGE_CLUSTER_UP.name(), "private") == 1);
            // The restarted broker's group coordinator may still be loading offsets at the first good poll.
            await().atMost(Duration.ofSeconds(30)).until(() -> lagOf(collector).orElse(-1L) == 2L);
            assertThat(sample(collector, MetricCatalog.LINEAGE_POLL_ERRORS.name(), "private")).isGreaterThanOrEqualTo(errors);
            collector.close();
            collector = null;
        }
    }

    private static Optional<Long> lagOf(LineageCollector collector) {
        return collector.latestPoll("private").flatMap(poll -> poll.groups().stream().findFirst())
                .map(group -> group.lagRecords());
    }
}
