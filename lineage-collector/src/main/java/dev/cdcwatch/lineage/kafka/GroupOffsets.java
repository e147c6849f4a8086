package dev.cdcwatch.lineage.kafka;

import org.apache.kafka.common.TopicPartition;

import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
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
        // Not Set.copyOf/Map.copyOf: TopicPartition hashes cluster, and the immutable collections' linear probing then degrades.
        owned = Collections.unmodifiableSet(new HashSet<>(owned));
        committed = Collections.unmodifiableMap(new HashMap<>(committed));
    }
}
