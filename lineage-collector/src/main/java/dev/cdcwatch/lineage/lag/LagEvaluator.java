package dev.cdcwatch.lineage.lag;

import dev.cdcwatch.lineage.kafka.ClusterOffsets;
import dev.cdcwatch.lineage.kafka.GroupOffsets;
import org.apache.kafka.common.TopicPartition;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Turns one cluster's successive polls into lag and status. It owns the per-partition offset tables
 * and the per-group commit windows, and forgets those of partitions and groups that disappear.
 * Not thread-safe: one cluster's poll loop calls it.
 */
public final class LagEvaluator {

    private final int window;
    private final int tableSize;
    private final Map<TopicPartition, EndOffsetTable> tables = new HashMap<>();
    private final Map<String, Map<TopicPartition, CommitWindow>> windows = new HashMap<>();

    public LagEvaluator(int window, int tableSize) {
        this.window = window;
        this.tableSize = tableSize;
    }

    public List<GroupLag> evaluate(ClusterOffsets poll) {
        long now = poll.timeMillis();
        poll.endOffsets().forEach((partition, end) -> tables.computeIfAbsent(partition, p -> new EndOffsetTable(tableSize)).observe(end, now));
        tables.keySet().retainAll(poll.endOffsets().keySet());

        Map<String, Map<TopicPartition, CommitWindow>> current = new HashMap<>();
        List<GroupLag> groups = new ArrayList<>(poll.groups().size());
        for (GroupOffsets group : poll.groups()) {
            Map<TopicPartition, CommitWindow> previous = windows.getOrDefault(group.group(), Map.of());
            Map<TopicPartition, CommitWindow> kept = new HashMap<>();
            List<PartitionLag> partitions = new ArrayList<>(group.committed().size());
            GroupStatus status = GroupStatus.OK;
            for (Map.Entry<TopicPartition, Long> commit : group.committed().entrySet()) {
                TopicPartition partition = commit.getKey();
                Long end = poll.endOffsets().get(partition);
                if (end == null) {
                    continue;
                }
                CommitWindow window = previous.get(partition);
                if (window == null) {
                    window = new CommitWindow(this.window);
                }
                kept.put(partition, window);
                PartitionLag lag = lag(tables.get(partition), window, partition, commit.getValue(), end, now, group.owned().contains(partition));
                status = status.worse(lag.status());
                partitions.add(lag);
            }
            partitions.sort(Comparator.comparing(PartitionLag::topic).thenComparingInt(PartitionLag::partition));
            groups.add(new GroupLag(poll.cluster(), group.group(), group.state(), group.members(), status, partitions));
            current.put(group.group(), kept);
        }
        // Windows of groups and partitions not seen in this poll are dropped.
        windows.clear();
        windows.putAll(current);
        return groups;
    }

    private static PartitionLag lag(EndOffsetTable table, CommitWindow window, TopicPartition partition, long committed, long end,
                                    long now, boolean owned) {
        long records = Math.max(0, end - committed);
        window.add(committed, records);
        double seconds = 0;
        boolean atLeast = false;
        if (records > 0) {
            EndOffsetTable.AppendTime appended = table.appendTimeOf(committed);
            if (appended.kind() != EndOffsetTable.AppendTime.Kind.NOT_YET) {
                seconds = Math.max(0, now - appended.millis()) / 1000.0;
                atLeast = appended.kind() == EndOffsetTable.AppendTime.Kind.BEFORE;
            }
        }
        return new PartitionLag(partition.topic(), partition.partition(), committed, end, records, seconds, atLeast,
                window.evaluate(owned));
    }
}
