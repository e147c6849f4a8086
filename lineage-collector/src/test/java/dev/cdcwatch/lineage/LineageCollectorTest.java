package dev.cdcwatch.lineage;

import dev.cdcwatch.catalog.metrics.MetricCatalog;
import dev.cdcwatch.catalog.wire.WireSample;
import dev.cdcwatch.lineage.config.LineageConfig;
import dev.cdcwatch.lineage.graph.EdgeKind;
import dev.cdcwatch.lineage.graph.Impact;
import dev.cdcwatch.lineage.graph.LineageEdge;
import dev.cdcwatch.lineage.graph.LineageGraph;
import dev.cdcwatch.lineage.graph.LineageNode;
import dev.cdcwatch.lineage.lag.GroupLag;
import dev.cdcwatch.lineage.lag.GroupStatus;
import dev.cdcwatch.lineage.lag.PartitionLag;
import dev.cdcwatch.testkit.junit.SharedInfrastructure;
import dev.cdcwatch.testkit.kafka.KafkaBroker;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;
import static org.awaitility.Awaitility.await;

/** The collector against a real KRaft broker with real consumer groups. */
@ExtendWith(SharedInfrastructure.class)
class LineageCollectorTest {

    private final String id = UUID.randomUUID().toString().substring(0, 8);
    private final TestDatabase database = new TestDatabase();
    private final Deque<AutoCloseable> resources = new ArrayDeque<>();

    @AfterEach
    void closeAll() throws Exception {
        while (!resources.isEmpty()) {
            resources.pop().close();
        }
        database.close();
    }

    private <T extends AutoCloseable> T track(T resource) {
        resources.push(resource);
        return resource;
    }

    private LineageCollector startCollector(KafkaBroker kafka, List<LineageConfig.DeclaredEdge> declared) {
        LineageCollector collector = track(new LineageCollector(TestConfigs.config(
                List.of(TestConfigs.cluster("main", kafka.bootstrapServers(), 250, 5_000, id + "-")), declared), database.dataSource()));
        collector.start();
        return collector;
    }

    private static Optional<GroupLag> group(LineageCollector collector, String group) {
        return collector.latestPoll("main").flatMap(poll -> poll.groups().stream().filter(g -> g.group().equals(group)).findFirst());
    }

    private static GroupStatus status(LineageCollector collector, String group) {
        return group(collector, group).map(GroupLag::status).orElse(null);
    }

    @Test
    void graphShowsTableToTopicToGroupWithCorrectLagOnEachEdge(KafkaBroker kafka) {
        String orders = id + "-orders";
        String items = id + "-items";
        kafka.createTopics(1, orders, items);
        TestProducer producer = track(new TestProducer(kafka.bootstrapServers()));
        producer.send(orders, 10);
        producer.send(items, 4);
        TestConsumer billing = track(TestConsumer.subscribed(kafka.bootstrapServers(), id + "-billing", orders));
        billing.catchUp();
        TestConsumer search = track(TestConsumer.committer(kafka.bootstrapServers(), id + "-search"));
        search.commit(new TopicPartition(items, 0), 1);
        TestConsumer warehouse = track(TestConsumer.committer(kafka.bootstrapServers(), id + "-warehouse"));
        warehouse.commit(new TopicPartition(orders, 0), 6);
        warehouse.commit(new TopicPartition(items, 0), 4);
        LineageCollector collector = startCollector(kafka,
                List.of(new LineageConfig.DeclaredEdge("legacy-job", "shop", "items", items)));

        collector.observeRoute("cdc-reference", "shop", "orders", orders, System.currentTimeMillis());

        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
            LineageGraph graph = collector.graph();
            assertThat(graph.edges()).filteredOn(edge -> edge.kind() == EdgeKind.ROUTE)
                    .extracting(LineageEdge::id, LineageEdge::via, LineageEdge::declared)
                    .containsExactlyInAnyOrder(
                            tuple("table:shop.orders->topic:" + orders, "cdc-reference", false),
                            tuple("table:shop.items->topic:" + items, "legacy-job", true));
            assertThat(graph.edges()).filteredOn(edge -> edge.kind() == EdgeKind.CONSUME)
                    .extracting(LineageEdge::id, edge -> edge.health().lagRecords())
                    .containsExactlyInAnyOrder(
                            tuple("topic:" + orders + "->group:main/" + id + "-billing", 0L),
                            tuple("topic:" + orders + "->group:main/" + id + "-warehouse", 4L),
                            tuple("topic:" + items + "->group:main/" + id + "-warehouse", 0L),
                            tuple("topic:" + items + "->group:main/" + id + "-search", 3L));
        });

        Impact ofOrders = collector.impactOfTable("shop.orders");
        assertThat(ofOrders.topics()).extracting(LineageNode::name).containsExactly(orders);
        assertThat(ofOrders.groups()).extracting(LineageNode::name).containsExactlyInAnyOrder(id + "-billing", id + "-warehouse");
        Impact ofWarehouse = collector.impactOfGroup(id + "-warehouse");
        assertThat(ofWarehouse.tables()).extracting(LineageNode::name).containsExactlyInAnyOrder("shop.orders", "shop.items");
        Impact ofSearch = collector.impactOfGroup("main/" + id + "-search");
        assertThat(ofSearch.tables()).extracting(LineageNode::name).containsExactly("shop.items");
        assertThat(ofSearch.topics()).extracting(LineageNode::name).containsExactly(items);
    }

    @Test
    void lagSamplesUseCatalogNamesAndReachListeners(KafkaBroker kafka) {
        String topic = id + "-events";
        kafka.createTopics(1, topic);
        TestProducer producer = track(new TestProducer(kafka.bootstrapServers()));
        producer.send(topic, 5);
        track(TestConsumer.committer(kafka.bootstrapServers(), id + "-reader")).commit(new TopicPartition(topic, 0), 2);
        List<List<WireSample>> received = new CopyOnWriteArrayList<>();
        LineageCollector collector = track(new LineageCollector(TestConfigs.config(
                List.of(TestConfigs.cluster("main", kafka.bootstrapServers(), 250, 5_000, id + "-")), List.of()), database.dataSource()));
        collector.addSampleListener(received::add);
        collector.start();

        await().atMost(Duration.ofSeconds(20)).until(() -> !received.isEmpty() && received.get(received.size() - 1).size() > 2);

        List<WireSample> samples = received.get(received.size() - 1);
        assertThat(samples).allSatisfy(sample -> assertThat(MetricCatalog.byName(sample.name())).isPresent()
                .get().satisfies(definition -> assertThat(sample.labels().keySet()).containsExactlyInAnyOrderElementsOf(definition.labels())));
        assertThat(samples).filteredOn(sample -> sample.name().equals(MetricCatalog.CONSUMER_LAG_RECORDS.name()))
                .singleElement().satisfies(sample -> {
                    assertThat(sample.value()).isEqualTo(3);
                    assertThat(sample.labels()).containsEntry("group", id + "-reader").containsEntry("topic", topic).containsEntry("partition", "0");
                });
        assertThat(samples).filteredOn(sample -> sample.name().equals(MetricCatalog.LINEAGE_CLUSTER_UP.name()))
                .singleElement().satisfies(sample -> assertThat(sample.value()).isEqualTo(1));
        assertThat(collector.samples()).extracting(WireSample::name).contains(MetricCatalog.CONSUMER_GROUP_STATUS.name());
    }

    @Test
    void pausedMemberGoesWarnThenStallAndBackToOkWhenItCatchesUp(KafkaBroker kafka) {
        String topic = id + "-payments";
        String group = id + "-ledger";
        kafka.createTopics(1, topic);
        TestProducer producer = track(new TestProducer(kafka.bootstrapServers()));
        producer.send(topic, 3);
        TestConsumer consumer = track(TestConsumer.subscribed(kafka.bootstrapServers(), group, topic));
        consumer.catchUp();
        LineageCollector collector = startCollector(kafka, List.of());
        await().atMost(Duration.ofSeconds(20)).until(() -> status(collector, group) == GroupStatus.OK);

        producer.startSteady(topic, 60);

        await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(50)).until(() -> status(collector, group) == GroupStatus.WARN);
        PartitionLag atWarn = group(collector, group).orElseThrow().partitions().get(0);
        await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(50)).until(() -> status(collector, group) == GroupStatus.STALL);
        PartitionLag atStall = group(collector, group).orElseThrow().partitions().get(0);
        assertThat(atStall.lagRecords()).isGreaterThan(atWarn.lagRecords()).isGreaterThan(0);
        assertThat(atStall.lagSeconds()).isGreaterThan(atWarn.lagSeconds()).isGreaterThan(0);
        assertThat(atStall.lagSecondsAtLeast()).isFalse();

        producer.stopSteady();
        consumer.catchUp();

        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
            GroupLag lag = group(collector, group).orElseThrow();
            assertThat(lag.status()).isEqualTo(GroupStatus.OK);
            assertThat(lag.lagRecords()).isZero();
            assertThat(lag.lagSeconds()).isZero();
        });
    }

    @Test
    void groupWithoutMembersWhoseLagGrowsGoesStop(KafkaBroker kafka) {
        String topic = id + "-shipments";
        String group = id + "-courier";
        kafka.createTopics(1, topic);
        TestProducer producer = track(new TestProducer(kafka.bootstrapServers()));
        producer.send(topic, 3);
        try (TestConsumer consumer = TestConsumer.subscribed(kafka.bootstrapServers(), group, topic)) {
            consumer.catchUp();
        }
        LineageCollector collector = startCollector(kafka, List.of());

        producer.startSteady(topic, 60);

        await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(50)).until(() -> status(collector, group) == GroupStatus.STOP);
        assertThat(group(collector, group).orElseThrow().members()).isZero();
    }

    @Test
    void offsetMovedBackIsRewind(KafkaBroker kafka) {
        String topic = id + "-replay";
        String group = id + "-replayer";
        kafka.createTopics(1, topic);
        track(new TestProducer(kafka.bootstrapServers())).send(topic, 20);
        TestConsumer committer = track(TestConsumer.committer(kafka.bootstrapServers(), group));
        committer.commit(new TopicPartition(topic, 0), 20);
        LineageCollector collector = startCollector(kafka, List.of());
        await().atMost(Duration.ofSeconds(20)).until(() -> status(collector, group) == GroupStatus.OK);

        committer.commit(new TopicPartition(topic, 0), 5);

        await().atMost(Duration.ofSeconds(20)).until(() -> status(collector, group) == GroupStatus.REWIND);
    }

    @Test
    void idleFullyConsumedTopicReportsZeroLagSeconds(KafkaBroker kafka) {
        String topic = id + "-quiet";
        String group = id + "-archiver";
        kafka.createTopics(1, topic);
        track(new TestProducer(kafka.bootstrapServers())).send(topic, 5);
        TestConsumer consumer = track(TestConsumer.subscribed(kafka.bootstrapServers(), group, topic));
        consumer.catchUp();
        LineageCollector collector = startCollector(kafka, List.of());
        long firstPoll = await().atMost(Duration.ofSeconds(20)).until(() -> collector.latestPoll("main").map(p -> p.timeMillis()).orElse(null),
                time -> time != null && group(collector, group).isPresent());

        // Idle for several polls: the last record grows old, the group's lag must not.
        await().atMost(Duration.ofSeconds(20)).until(() -> collector.latestPoll("main").orElseThrow().timeMillis() > firstPoll + 2_000);

        GroupLag lag = group(collector, group).orElseThrow();
        assertThat(lag.status()).isEqualTo(GroupStatus.OK);
        assertThat(lag.partitions()).singleElement().satisfies(partition -> {
            assertThat(partition.lagRecords()).isZero();
            assertThat(partition.lagSeconds()).isZero();
        });
    }
}
