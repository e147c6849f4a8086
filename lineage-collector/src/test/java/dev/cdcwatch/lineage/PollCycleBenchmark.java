package dev.cdcwatch.lineage;

import dev.cdcwatch.catalog.wire.WireSample;
import dev.cdcwatch.lineage.graph.LineageStore;
import dev.cdcwatch.lineage.kafka.ClusterOffsetReader;
import dev.cdcwatch.lineage.kafka.ClusterOffsets;
import dev.cdcwatch.lineage.lag.ClusterLag;
import dev.cdcwatch.lineage.lag.GroupLag;
import dev.cdcwatch.lineage.lag.LagEvaluator;
import dev.cdcwatch.lineage.metrics.LagSamples;
import dev.cdcwatch.testkit.junit.SharedInfrastructure;
import dev.cdcwatch.testkit.kafka.KafkaBroker;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Not a test (Surefire skips it by name): the time of one poll cycle, Admin reads, lag evaluation,
 * graph write and sample conversion, on a local broker. Run with
 * {@code mvn -o -pl lineage-collector test -Dtest=PollCycleBenchmark -Dbench.partitions=2000 -Dbench.groups=200}.
 */
@ExtendWith(SharedInfrastructure.class)
class PollCycleBenchmark {

    private static final int PARTITIONS_PER_TOPIC = 20;
    private static final int TOPICS_PER_GROUP = 10;
    private static final int CYCLES = 12;
    private static final int WARM_UP = 4;

    @Test
    void onePollCycle(KafkaBroker kafka) throws Exception {
        int partitions = Integer.getInteger("bench.partitions", 2000);
        int groups = Integer.getInteger("bench.groups", 200);
        int topics = partitions / PARTITIONS_PER_TOPIC;
        String prefix = "bench-";
        List<String> topicNames = new ArrayList<>();
        for (int t = 0; t < topics; t++) {
            topicNames.add(prefix + "topic-" + t);
        }
        long setupStart = System.nanoTime();
        try (Admin admin = kafka.admin()) {
            admin.createTopics(topicNames.stream().map(name -> new NewTopic(name, PARTITIONS_PER_TOPIC, (short) 1)).toList())
                    .all().get(5, TimeUnit.MINUTES);
            produceToEveryPartition(kafka, topicNames);
            for (int g = 0; g < groups; g++) {
                Map<TopicPartition, OffsetAndMetadata> offsets = new HashMap<>();
                for (int k = 0; k < TOPICS_PER_GROUP; k++) {
                    String topic = topicNames.get((g * TOPICS_PER_GROUP + k) % topics);
                    for (int p = 0; p < PARTITIONS_PER_TOPIC; p++) {
                        offsets.put(new TopicPartition(topic, p), new OffsetAndMetadata(g % 5));
                    }
                }
                admin.alterConsumerGroupOffsets(prefix + "group-" + g, offsets).all().get(1, TimeUnit.MINUTES);
            }
        }
        System.out.printf(Locale.ROOT, "setup: %d topics, %d partitions, %d groups x %d partitions in %.1f s%n",
                topics, partitions, groups, TOPICS_PER_GROUP * PARTITIONS_PER_TOPIC, (System.nanoTime() - setupStart) / 1e9);

        try (TestDatabase database = new TestDatabase();
             ClusterOffsetReader reader = new ClusterOffsetReader(TestConfigs.cluster("bench", kafka.bootstrapServers(), 1000, 60_000, prefix))) {
            LineageStore store = LineageStore.open(database.dataSource());
            LagEvaluator evaluator = new LagEvaluator(10, 120);
            ThreadMXBean threads = ManagementFactory.getThreadMXBean();
            long[][] phases = new long[CYCLES][4];
            long[] evaluationCpu = new long[CYCLES];
            int pairs = 0;
            for (int cycle = 0; cycle < CYCLES; cycle++) {
                long t0 = System.nanoTime();
                ClusterOffsets offsets = reader.read(System.currentTimeMillis());
                long t1 = System.nanoTime();
                long cpu = threads.getCurrentThreadCpuTime();
                List<GroupLag> lags = evaluator.evaluate(offsets);
                evaluationCpu[cycle] = threads.getCurrentThreadCpuTime() - cpu;
                long t2 = System.nanoTime();
                store.recordConsumption("bench", offsets.timeMillis(), lags);
                long t3 = System.nanoTime();
                List<WireSample> samples = LagSamples.of(new ClusterLag("bench", offsets.timeMillis(), true, Optional.empty(), 0, lags));
                long t4 = System.nanoTime();
                phases[cycle] = new long[] {t1 - t0, t2 - t1, t3 - t2, t4 - t3};
                pairs = lags.stream().mapToInt(lag -> lag.partitions().size()).sum();
                assertThat(lags).hasSize(groups);
                assertThat(offsets.endOffsets()).hasSize(partitions);
                assertThat(samples).hasSize(2 + groups + 2 * pairs);
            }
            report(phases, partitions, groups, pairs);
            long[] cpuSorted = Arrays.stream(evaluationCpu).skip(WARM_UP).sorted().toArray();
            System.out.printf(Locale.ROOT, "  lag evaluation CPU time (this thread): %.1f ms median%n", cpuSorted[cpuSorted.length / 2] / 1e6);
        }
    }

    private static void produceToEveryPartition(KafkaBroker kafka, List<String> topics) {
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers(),
                ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class,
                ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class))) {
            for (String topic : topics) {
                for (int p = 0; p < PARTITIONS_PER_TOPIC; p++) {
                    for (int r = 0; r < 5; r++) {
                        producer.send(new ProducerRecord<>(topic, p, null, "r" + r));
                    }
                }
            }
            producer.flush();
        }
    }

    private static void report(long[][] phases, int partitions, int groups, int pairs) {
        String[] names = {"admin reads", "lag evaluation", "graph write*", "samples"};
        System.out.printf(Locale.ROOT, "%d partitions, %d groups, %d group-partitions; median wall time of %d cycles after %d warm-up cycles:%n",
                partitions, groups, pairs, CYCLES - WARM_UP, WARM_UP);
        long total = 0;
        for (int phase = 0; phase < names.length; phase++) {
            long median = median(phases, phase);
            total += median;
            System.out.printf(Locale.ROOT, "  %-15s %8.1f ms%n", names[phase], median / 1e6);
        }
        System.out.printf(Locale.ROOT, "  %-15s %8.1f ms  (%.2f us per group-partition, %.1f us per partition)%n",
                "cycle", total / 1e6, total / 1e3 / pairs, total / 1e3 / partitions);
    }

    private static long median(long[][] phases, int phase) {
        long[] values = Arrays.stream(phases).skip(WARM_UP).mapToLong(cycle -> cycle[phase]).sorted().toArray();
        return values[values.length / 2];
    }
}
