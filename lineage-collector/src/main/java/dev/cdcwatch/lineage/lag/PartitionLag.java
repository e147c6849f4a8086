package dev.cdcwatch.lineage.lag;

/**
 * Lag of one group on one partition.
 *
 * @param committedOffset    the group's committed offset (the next record it will read)
 * @param endOffset          the partition's log end offset
 * @param lagRecords         {@code endOffset - committedOffset}, never below 0
 * @param lagSeconds         estimated age of the record at the committed offset; 0 when caught up
 * @param lagSecondsAtLeast  true when that record is older than the offset table reaches, so
 *                           {@code lagSeconds} is a lower bound (the table's age) rather than an estimate
 * @param status             the partition's status over the window
 */
public record PartitionLag(String topic, int partition, long committedOffset, long endOffset, long lagRecords,
                           double lagSeconds, boolean lagSecondsAtLeast, GroupStatus status) {
}
