package dev.cdcwatch.lineage.kafka;

import org.apache.kafka.common.TopicPartition;

import java.util.Map;
import java.util.Set;

/**
 * One consumer group as the Admin API showed it in one poll.
 *
 * @param group     the group id
 * @param state     Kafka's group state, e.g. {@code Stable}, {@code Empty}
 * @param members   active members
 * @param owned     partitions assigned to active members
 * @param committed committed offset per partition (partitions without a commit are absent)
 */
public record GroupOffsets(String group, String state, int members, Set<TopicPartition> owned, Map<TopicPartition, Long> committed) {

    public GroupOffsets {
        owned = Set.copyOf(owned);
        committed = Map.copyOf(committed);
    }
}
