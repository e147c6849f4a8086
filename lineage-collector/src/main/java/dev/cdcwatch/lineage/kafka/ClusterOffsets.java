package dev.cdcwatch.lineage.kafka;

import org.apache.kafka.common.TopicPartition;

import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * What one poll of a cluster read: its watched groups and the log end offset of every partition they
 * commit to or own. Partitions of deleted topics are left out.
 */
public record ClusterOffsets(String cluster, long timeMillis, List<GroupOffsets> groups, Map<TopicPartition, Long> endOffsets) {

    public ClusterOffsets {
        // Not Map.copyOf: TopicPartition hashes cluster, and the immutable map's linear probing then degrades.
        groups = List.copyOf(groups);
        endOffsets = Collections.unmodifiableMap(new HashMap<>(endOffsets));
    }
}
