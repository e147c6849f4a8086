package dev.cdcwatch.lineage.lag;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Lag and status of one consumer group in one poll.
 *
 * @param state      Kafka's group state, e.g. {@code Stable} or {@code Empty}
 * @param members    active members
 * @param status     the worst status of its partitions
 * @param partitions one entry per partition with a committed offset
 */
public record GroupLag(String cluster, String group, String state, int members, GroupStatus status, List<PartitionLag> partitions) {

    public GroupLag {
        partitions = List.copyOf(partitions);
    }

    /** Lag per topic: records summed, seconds and status the worst of the topic's partitions. */
    public Map<String, TopicLag> byTopic() {
        Map<String, TopicLag> topics = new TreeMap<>();
        for (PartitionLag p : partitions) {
            topics.merge(p.topic(), new TopicLag(p.topic(), p.lagRecords(), p.lagSeconds(), p.status()), TopicLag::plus);
        }
        return topics;
    }

    public long lagRecords() {
        return partitions.stream().mapToLong(PartitionLag::lagRecords).sum();
    }

    public double lagSeconds() {
        return partitions.stream().mapToDouble(PartitionLag::lagSeconds).max().orElse(0);
    }

    /** One group's lag on one topic. */
    public record TopicLag(String topic, long lagRecords, double lagSeconds, GroupStatus status) {

        TopicLag plus(TopicLag other) {
            return new TopicLag(topic, lagRecords + other.lagRecords, Math.max(lagSeconds, other.lagSeconds), status.worse(other.status));
        }
    }
}
